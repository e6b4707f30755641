# SPDX-License-Identifier: EUPL-1.2
"""Building blocks of the catalog admin: role-based rights, error messages, folded search."""

from typing import Any, TypeVar, cast

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from motcua.accounts.actors import Actor
from motcua.accounts.models import User
from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.catalog.permissions import catalog_actor, request_catalog_rights
from motcua.core.errors import DomainError
from motcua.core.text import search_terms

_M = TypeVar("_M", bound=Model)
_C = TypeVar("_C", bound=Model)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Lists and views only (Django view permission); every change goes through services."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def admin_actor(request: HttpRequest) -> Actor:
    """The capacity in which the admin user edits the catalog."""
    return catalog_actor(cast(User, request.user))


def error_lines(error: DomainError) -> list[str]:
    """The message of a domain error followed by each of its detailed problems."""
    lines = [str(error.message)]
    errors = error.details.get("errors")
    if isinstance(errors, dict):
        lines.extend(str(item) for items in errors.values() for item in items)
    elif isinstance(errors, list):
        lines.extend(str(item) for item in errors)
    return lines


def report(model_admin: admin.ModelAdmin[Any], request: HttpRequest, error: DomainError) -> None:
    for line in error_lines(error):
        model_admin.message_user(request, line, messages.ERROR)


def folded_search(queryset: QuerySet[_M], query: str, path: str) -> QuerySet[_M]:
    """Rows whose folded ``path`` contains every word of ``query``, accents ignored."""
    for term in search_terms(query):
        queryset = queryset.filter(**{f"{path}__contains": term})
    return queryset


def is_draft(version: ProcedureVersion | None) -> bool:
    """A version not yet saved, or a draft: the only ones that may be edited."""
    return version is None or version.status == VersionStatus.DRAFT


class CatalogAdmin(admin.ModelAdmin[_M]):
    """Rights from ``catalog_rights`` (role assignments), not from Django model permissions.

    ``editable`` and ``deletable`` narrow the rights per object. A domain error raised by a
    service while saving becomes an error message, never a 500.
    """

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request_catalog_rights(request).view

    def has_view_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return request_catalog_rights(request).view

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request_catalog_rights(request).edit

    def has_change_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return request_catalog_rights(request).edit and self.editable(obj)

    def has_delete_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return request_catalog_rights(request).edit and self.deletable(obj)

    def editable(self, obj: _M | None) -> bool:
        return True

    def deletable(self, obj: _M | None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # deletion one object at a time, checked per object
        return actions

    def _changelist(self) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:  # a service refused: the transaction was rolled back
            report(self, request, error)
            return HttpResponseRedirect(self._changelist())

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as error:
            report(self, request, error)
            return HttpResponseRedirect(self._changelist())


class VersionPartInline(admin.TabularInline[_C, ProcedureVersion]):
    """A part of a version (requirements, limits, fees, steps): editable only in a draft."""

    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request_catalog_rights(request).view

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request_catalog_rights(request).edit and is_draft(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request_catalog_rights(request).edit and is_draft(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request_catalog_rights(request).edit and is_draft(obj)
