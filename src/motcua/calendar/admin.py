# SPDX-License-Identifier: EUPL-1.2
"""Calendar overrides in the Django admin: announced days off and make-up working days.

Rights come from role assignments, not Django model permissions (users still need
``is_staff``): a system administrator (``system_admin`` assignment, or a superuser) manages every
override, country-wide ones included; a unit administrator (``unit_admin``) manages the overrides
of the units they administer, and sees the country-wide ones read-only. Another unit's override
is out of sight in the list and refused (403) by address.
"""

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import ForeignKey, Q, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role, RoleAssignment
from motcua.calendar.models import CalendarOverride
from motcua.orgunits.models import OrgUnit

COUNTRY_CODE = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True)
class CalendarRights:
    system: bool = False
    unit_ids: frozenset[int] = frozenset()

    @property
    def any(self) -> bool:
        return self.system or bool(self.unit_ids)

    def may_edit(self, override: CalendarOverride | None) -> bool:
        if override is None:
            return self.any
        return self.system or (override.unit_id is not None and override.unit_id in self.unit_ids)


def calendar_rights(user: Any) -> CalendarRights:
    """What ``user`` may do with calendar overrides, from their role assignments."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return CalendarRights()
    rows = RoleAssignment.objects.filter(
        user_id=user.pk, role__in=(Role.SYSTEM_ADMIN, Role.UNIT_ADMIN)
    ).values_list("role", "unit_id")
    system = getattr(user, "is_superuser", False) or any(r == Role.SYSTEM_ADMIN for r, _ in rows)
    units = frozenset(unit for role, unit in rows if role == Role.UNIT_ADMIN)
    return CalendarRights(system=system, unit_ids=units)


def _rights(request: HttpRequest) -> CalendarRights:
    rights: CalendarRights | None = getattr(request, "_motcua_calendar_rights", None)
    if rights is None:
        rights = calendar_rights(request.user)
        request._motcua_calendar_rights = rights  # type: ignore[attr-defined]
    return rights


class CalendarOverrideForm(forms.ModelForm[CalendarOverride]):
    class Meta:
        model = CalendarOverride
        fields = ["day", "is_working_day", "reason", "legal_reference", "unit", "country"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "country" in self.fields:
            self.fields["country"].required = False
            self.fields["country"].help_text = _("Empty: this installation's country.")

    def clean_country(self) -> str:
        country = str(self.cleaned_data.get("country") or settings.MOTCUA_COUNTRY)
        country = country.strip().upper()
        if not COUNTRY_CODE.fullmatch(country):
            raise forms.ValidationError(_("Give a two-letter country code (ISO 3166), e.g. VN."))
        return country

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, unit = data.get("day"), data.get("unit")
        if day is not None:
            same = CalendarOverride.objects.filter(day=day).exclude(pk=self.instance.pk)
            if unit is not None:
                same = same.filter(unit=unit)
            else:
                country = data.get("country", self.instance.country)
                same = same.filter(unit__isnull=True, country=country)
            if same.exists():
                self.add_error("day", _("This day already has an override for this unit."))
        return data


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin[CalendarOverride]):
    form = CalendarOverrideForm
    list_display = ["day", "is_working_day", "reason", "legal_reference", "scope"]
    list_filter = ["is_working_day", ("unit", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "day"
    search_fields = ["reason", "legal_reference"]
    list_select_related = ["unit"]

    @admin.display(description=_("applies to"))
    def scope(self, obj: CalendarOverride) -> str:
        return (
            str(obj.unit)
            if obj.unit is not None
            else str(_("whole country (%(country)s)") % {"country": obj.country})
        )

    # -- rights ----------------------------------------------------------------------------------

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _rights(request).any

    def has_view_permission(
        self, request: HttpRequest, obj: CalendarOverride | None = None
    ) -> bool:
        rights = _rights(request)
        if obj is None or rights.system:
            return rights.any
        return obj.unit_id is None or obj.unit_id in rights.unit_ids

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _rights(request).any

    def has_change_permission(
        self, request: HttpRequest, obj: CalendarOverride | None = None
    ) -> bool:
        return _rights(request).may_edit(obj)

    def has_delete_permission(
        self, request: HttpRequest, obj: CalendarOverride | None = None
    ) -> bool:
        return _rights(request).may_edit(obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[CalendarOverride]:
        rows = super().get_queryset(request)
        rights = _rights(request)
        if rights.system:
            return rows
        country_wide = Q(unit__isnull=True, country=settings.MOTCUA_COUNTRY)
        return rows.filter(country_wide | Q(unit_id__in=rights.unit_ids))

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> CalendarOverride | None:
        found = super().get_object(request, object_id, from_field)
        hidden = found is None and from_field is None and object_id.isdigit()
        if hidden and CalendarOverride.objects.filter(pk=int(object_id)).exists():
            raise PermissionDenied  # another unit's override: refused, not "not found"
        return found

    # -- form ------------------------------------------------------------------------------------

    def get_fields(self, request: HttpRequest, obj: CalendarOverride | None = None) -> Any:
        fields = ["day", "is_working_day", "reason", "legal_reference", "unit"]
        return [*fields, "country"] if _rights(request).system else fields

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "unit":
            rights = _rights(request)
            if rights.system:
                kwargs["queryset"] = OrgUnit.objects.filter(is_active=True)
                kwargs["help_text"] = _("Leave empty for the whole country.")
            else:
                kwargs["queryset"] = OrgUnit.objects.filter(pk__in=rights.unit_ids)
                kwargs["required"] = True
                kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: CalendarOverride, form: Any, change: Any
    ) -> None:
        if not _rights(request).system:
            obj.country = settings.MOTCUA_COUNTRY
        super().save_model(request, obj, form, change)
