# SPDX-License-Identifier: EUPL-1.2
"""Destinations are configured here; deliveries, reports and imports are read-only records.

Retrying and re-sending go through the operators' page (``operations.py``), never the admin.
"""

from django.contrib import admin

from motcua.catalog.admin import ReadOnlyAdmin
from motcua.sync.models import (
    Delivery,
    Destination,
    InboundFailure,
    InboundRecord,
    OperatorAction,
    ReconciliationRun,
)


@admin.register(Destination)
class DestinationAdmin(admin.ModelAdmin[Destination]):
    list_display = ["name", "kind", "url", "active", "batch_size"]
    list_filter = ["kind", "active"]
    filter_horizontal = ["units"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["message", "destination", "sequence", "state", "attempts", "next_attempt_at"]
    list_filter = ["state", "destination"]
    search_fields = ["=aggregate_id"]
    show_full_result_count = False


@admin.register(ReconciliationRun)
class ReconciliationRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "destination", "dossiers_checked", "in_sync", "error"]


@admin.register(InboundRecord)
class InboundRecordAdmin(ReadOnlyAdmin):
    list_display = ["external_id", "source", "dossier", "received_at"]
    search_fields = ["=external_id"]


@admin.register(InboundFailure)
class InboundFailureAdmin(ReadOnlyAdmin):
    list_display = ["external_id", "source", "at"]


@admin.register(OperatorAction)
class OperatorActionAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "target", "count"]
