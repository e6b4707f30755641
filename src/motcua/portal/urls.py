# SPDX-License-Identifier: EUPL-1.2
"""The citizens' portal, one URL module per part (mounted at the site root)."""

from django.urls import include, path

app_name = "portal"

urlpatterns = [
    path("", include("motcua.portal.catalog.urls")),
    path("", include("motcua.portal.eid.urls")),
    path("", include("motcua.portal.submission.urls")),
    path("", include("motcua.portal.mine.urls")),
    path("", include("motcua.portal.track.urls")),
    path("", include("motcua.portal.rating.urls")),
    path("", include("motcua.portal.tus.urls")),
]
