# SPDX-License-Identifier: EUPL-1.2
"""Public tracking: the page (the receipt's QR code points here). The JSON form is the REST
API's ``GET /api/v1/track/<code>`` (``motcua.api``)."""

from django.urls import URLPattern, URLResolver, path

from motcua.portal.track import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("tra-cuu/", views.track, name="track"),
]
