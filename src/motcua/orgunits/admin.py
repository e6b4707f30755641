# SPDX-License-Identifier: EUPL-1.2
from django.contrib import admin

from motcua.orgunits.models import AgencyCode, Counter, OrgUnit


class AgencyCodeInline(admin.TabularInline[AgencyCode, OrgUnit]):
    model = AgencyCode
    extra = 0


class CounterInline(admin.TabularInline[Counter, OrgUnit]):
    model = Counter
    extra = 0


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin[OrgUnit]):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "name_en"]
    inlines = [AgencyCodeInline, CounterInline]
