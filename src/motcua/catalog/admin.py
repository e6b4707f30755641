# SPDX-License-Identifier: EUPL-1.2
"""Read-only catalog views; editing versions through the admin comes with the back office."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.catalog.models import Field, ProcedureVersion


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Field)
class FieldAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "name_en"]


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(ReadOnlyAdmin):
    list_display = [
        "procedure",
        "number",
        "name",
        "level",
        "online_level",
        "status",
        "effective_from",
    ]
    list_filter = ["status", "level", "online_level", "field"]
    search_fields = ["search_text"]
