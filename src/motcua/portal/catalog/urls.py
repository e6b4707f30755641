# SPDX-License-Identifier: EUPL-1.2
"""URLs of the public catalog (namespace ``portal``): browse and one procedure. The search API
is the REST API's ``GET /api/v1/procedures`` (``motcua.api``)."""

from django.urls import URLPattern, URLResolver, path

from motcua.portal.catalog import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("thu-tuc/", views.procedures, name="procedures"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
]
