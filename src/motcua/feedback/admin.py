# SPDX-License-Identifier: EUPL-1.2
"""Ratings in the admin, read-only: they are written only by the citizen's rating form."""

from typing import Any

from django.contrib import admin

from motcua.catalog.admin import ReadOnlyAdmin
from motcua.feedback.models import Rating, RatingOfficial, RatingUnit


class _ReadOnlyInline(admin.TabularInline[Any, Any]):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class RatingUnitInline(_ReadOnlyInline):
    model = RatingUnit


class RatingOfficialInline(_ReadOnlyInline):
    model = RatingOfficial


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "score", "created_at"]
    list_filter = ["score"]
    search_fields = ["=dossier__code"]
    fields = ["dossier", "score", "reasons", "comment", "notice_version", "created_at"]
    inlines = [RatingUnitInline, RatingOfficialInline]
    show_full_result_count = False
