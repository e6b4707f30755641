# SPDX-License-Identifier: EUPL-1.2
"""Synchronisation pages for system administrators."""

from django.urls import URLPattern, URLResolver, path

from motcua.backoffice.sync import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("sync/", views.sync_overview, name="sync"),
    path("sync/<int:destination_id>/", views.sync_destination, name="sync_destination"),
    path(
        "sync/<int:destination_id>/retry-dead/",
        views.sync_retry_dead,
        name="sync_retry_dead",
    ),
    path(
        "sync/<int:destination_id>/retry-failing/",
        views.sync_retry_failing,
        name="sync_retry_failing",
    ),
    path("sync/<int:destination_id>/reconcile/", views.sync_reconcile, name="sync_reconcile"),
    path(
        "sync/deliveries/<int:delivery_id>/retry/",
        views.sync_retry_delivery,
        name="sync_retry_delivery",
    ),
    path("sync/reports/<uuid:run_id>/", views.sync_report, name="sync_report"),
    path("sync/reports/<uuid:run_id>/resend/", views.sync_resend, name="sync_resend"),
]
