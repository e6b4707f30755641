# SPDX-License-Identifier: EUPL-1.2
"""Admin of fields (sectors) and procedures (the stable identity whose content is versioned)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.catalog import services
from motcua.catalog.admin.base import CatalogAdmin, admin_actor, folded_search
from motcua.catalog.models import Field, Procedure, ProcedureVersion, VersionStatus
from motcua.catalog.permissions import request_catalog_rights


@admin.register(Field)
class FieldAdmin(CatalogAdmin[Field]):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]

    def get_readonly_fields(self, request: HttpRequest, obj: Field | None = None) -> list[str]:
        return ["code"] if obj is not None else []  # the exchange format refers to it

    def deletable(self, obj: Field | None) -> bool:
        return obj is not None and not obj.versions.exists()

    def save_model(self, request: HttpRequest, obj: Field, form: Any, change: Any) -> None:
        services.field_save(field=obj, actor=admin_actor(request))


class ProcedureForm(forms.ModelForm[Procedure]):
    class Meta:
        model = Procedure
        fields = ["national_code", "local_code"]

    def clean_national_code(self) -> str:
        code: str = self.cleaned_data["national_code"].strip()
        if not services.NATIONAL_CODE.fullmatch(code):
            raise forms.ValidationError(_("Use the form d.dddddd, e.g. 1.001806."))
        return code


class VersionInline(admin.TabularInline[ProcedureVersion, Procedure]):
    """The versions of a procedure, read-only here: each opens in its own page."""

    model = ProcedureVersion
    fields = ("number", "name", "status", "effective_from", "effective_to")
    readonly_fields = fields
    show_change_link = True
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request_catalog_rights(request).view

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(CatalogAdmin[Procedure]):
    form = ProcedureForm
    list_display = ["national_code", "local_code", "latest_name"]
    search_fields = ["national_code"]
    search_help_text = _("Code or name; accents are ignored.")
    inlines = [VersionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Procedure]:
        newest = ProcedureVersion.objects.filter(procedure=OuterRef("pk")).order_by("-number")
        return (
            super().get_queryset(request).annotate(_latest_name=Subquery(newest.values("name")[:1]))
        )

    @admin.display(description=_("name"), ordering="_latest_name")
    def latest_name(self, obj: Procedure) -> str:
        return str(getattr(obj, "_latest_name", None) or "—")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Procedure], search_term: str
    ) -> tuple[QuerySet[Procedure], bool]:
        if not search_term.strip():
            return queryset, False
        versions = folded_search(ProcedureVersion.objects.all(), search_term, "search_text")
        by_code = Q(national_code__contains=search_term.strip())
        return queryset.filter(by_code | Q(pk__in=versions.values("procedure_id"))), False

    def get_readonly_fields(self, request: HttpRequest, obj: Procedure | None = None) -> list[str]:
        published = obj is not None and obj.versions.filter(status=VersionStatus.PUBLISHED)
        return ["national_code"] if published and published.exists() else []

    def deletable(self, obj: Procedure | None) -> bool:
        return obj is not None and not obj.versions.exists()

    def save_model(self, request: HttpRequest, obj: Procedure, form: Any, change: Any) -> None:
        services.procedure_save(procedure=obj, actor=admin_actor(request))
