# SPDX-License-Identifier: EUPL-1.2
"""The citizen's rating of a dossier whose result has been returned."""

from django.urls import URLPattern, URLResolver, path

from motcua.portal.rating import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("ho-so-cua-toi/<int:pk>/danh-gia/", views.rate, name="rate"),
]
