# SPDX-License-Identifier: EUPL-1.2
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from motcua.accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    extra = 0


@admin.register(User)
class MotcuaUserAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ["username", "full_name", "eid_level", "is_staff"]
    search_fields = ["username", "full_name", "national_id"]
    fieldsets = [
        *UserAdmin.fieldsets,  # type: ignore[misc]
        ("Motcua", {"fields": ["full_name", "national_id", "phone", "eid_level"]}),
    ]
    inlines = [RoleAssignmentInline]
