# SPDX-License-Identifier: EUPL-1.2
"""Read-only dossier views for operators: every change goes through the services."""

from django.contrib import admin

from motcua.catalog.admin import ReadOnlyAdmin
from motcua.dossiers.models import Dossier, DossierEvent


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ["code", "status", "channel", "receiving_unit", "submitted_at", "due_at"]
    list_filter = ["status", "channel"]
    search_fields = ["=code"]
    show_full_result_count = False


@admin.register(DossierEvent)
class DossierEventAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "sequence", "action", "role", "status_after", "at"]
    list_filter = ["action"]
    show_full_result_count = False
