# SPDX-License-Identifier: EUPL-1.2
"""Counter intake: the procedure picker and the intake page of one procedure version."""

from django.urls import URLPattern, URLResolver, path

from motcua.backoffice.intake import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("intake/", views.intake_search, name="intake"),
    path("intake/<int:version_id>/", views.intake_form, name="intake_form"),
]
