# SPDX-License-Identifier: EUPL-1.2
"""The officials' web application, one URL module per part."""

from django.urls import include, path

app_name = "backoffice"

urlpatterns = [
    path("", include("motcua.backoffice.auth.urls")),
    path("", include("motcua.backoffice.worklists.urls")),
    path("", include("motcua.backoffice.intake.urls")),
    path("", include("motcua.backoffice.dossier.urls")),
    path("", include("motcua.backoffice.supplement.urls")),
    path("", include("motcua.backoffice.records.urls")),
    path("", include("motcua.backoffice.sync.urls")),
]
