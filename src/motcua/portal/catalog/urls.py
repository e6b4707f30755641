# SPDX-License-Identifier: EUPL-1.2
"""URLs of the public catalog (namespace ``portal``): browse, one procedure, the search API."""

from django.urls import URLPattern, URLResolver, path

from motcua.portal.catalog import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("thu-tuc/", views.procedures, name="procedures"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
    path("api/v1/procedures", views.api_procedures, name="api_procedures"),
]
