# SPDX-License-Identifier: EUPL-1.2
"""The desk records a supplement: application form, documents and scans, on one page."""

from django.urls import URLPattern, URLResolver, path

from motcua.backoffice.supplement import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("dossiers/<int:pk>/supplement/", views.dossier_supplement, name="dossier_supplement"),
]
