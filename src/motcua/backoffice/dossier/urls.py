# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from motcua.backoffice.dossier import views

urlpatterns = [
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/actions/<slug:action>/", views.dossier_act, name="dossier_act"),
    path(
        "dossiers/<int:pk>/documents/<int:document_id>/",
        views.dossier_document,
        name="dossier_document",
    ),
]
