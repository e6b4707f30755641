# SPDX-License-Identifier: EUPL-1.2
"""Public tracking: the page (the receipt's QR code points here) and the JSON API."""

from django.urls import URLPattern, URLResolver, path

from motcua.portal.track import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("tra-cuu/", views.track, name="track"),
    path("api/v1/track/<str:code>", views.api_track, name="api_track"),
]
