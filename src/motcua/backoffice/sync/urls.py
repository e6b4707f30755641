# SPDX-License-Identifier: EUPL-1.2
"""Synchronisation pages for system administrators (đồng bộ = sync, đối soát = reconciliation)."""

from django.urls import URLPattern, URLResolver, path

from motcua.backoffice.sync import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("dong-bo/", views.sync_overview, name="sync"),
    path("dong-bo/<int:destination_id>/", views.sync_destination, name="sync_destination"),
    path(
        "dong-bo/<int:destination_id>/thu-lai-thu-chet/",
        views.sync_retry_dead,
        name="sync_retry_dead",
    ),
    path(
        "dong-bo/<int:destination_id>/thu-lai-ngay/",
        views.sync_retry_failing,
        name="sync_retry_failing",
    ),
    path("dong-bo/<int:destination_id>/doi-soat/", views.sync_reconcile, name="sync_reconcile"),
    path(
        "dong-bo/gui/<int:delivery_id>/thu-lai/",
        views.sync_retry_delivery,
        name="sync_retry_delivery",
    ),
    path("dong-bo/doi-soat/<uuid:run_id>/", views.sync_report, name="sync_report"),
    path("dong-bo/doi-soat/<uuid:run_id>/gui-lai/", views.sync_resend, name="sync_resend"),
]
