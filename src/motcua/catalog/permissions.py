# SPDX-License-Identifier: EUPL-1.2
"""Who may administer the catalog: the role assignment grants it, not Django model permissions.

* System administrators (a ``system_admin`` assignment in any unit, or a superuser) view and edit
  the whole catalog.
* Unit administrators (``unit_admin``) of a **provincial** unit (the provincial People's
  Committee, the provincial centre, a department) view and edit the whole catalog: the province
  publishes one catalog for all its units, and the departments draft it, commune-level procedures
  included (e.g. the Justice Department drafts civil-status procedures that communes carry out).
* Unit administrators of a commune or a commune centre view it, read-only: a change they made
  would change the procedure for every commune of the province.

A user still needs ``is_staff`` to enter the Django admin.
"""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.core.errors import PermissionDenied
from motcua.orgunits.models import UnitKind

#: Unit kinds whose unit administrators edit the catalog.
PROVINCIAL_KINDS = frozenset({UnitKind.PROVINCE, UnitKind.PROVINCE_CENTRE, UnitKind.DEPARTMENT})
ADMIN_ROLES = (Role.SYSTEM_ADMIN, Role.UNIT_ADMIN)


@dataclass(frozen=True)
class CatalogRights:
    view: bool = False
    edit: bool = False


def _may_edit(role: str, unit_kind: str) -> bool:
    return role == Role.SYSTEM_ADMIN or (role == Role.UNIT_ADMIN and unit_kind in PROVINCIAL_KINDS)


def _admin_assignments(user: Any) -> list[tuple[str, str, int]]:
    """(role, unit kind, unit id) of the administrator assignments of ``user``."""
    rows = RoleAssignment.objects.filter(user_id=user.pk, role__in=ADMIN_ROLES).order_by("id")
    return list(rows.values_list("role", "unit__kind", "unit_id"))


def catalog_rights(user: Any) -> CatalogRights:
    """What ``user`` (any request user, anonymous included) may do with the catalog."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return CatalogRights()
    if getattr(user, "is_superuser", False):
        return CatalogRights(view=True, edit=True)
    rows = _admin_assignments(user)
    return CatalogRights(view=bool(rows), edit=any(_may_edit(role, kind) for role, kind, _ in rows))


def request_catalog_rights(request: HttpRequest) -> CatalogRights:
    """``catalog_rights`` of the request's user, computed once per request."""
    rights: CatalogRights | None = getattr(request, "_motcua_catalog_rights", None)
    if rights is None:
        rights = catalog_rights(request.user)
        request._motcua_catalog_rights = rights  # type: ignore[attr-defined]
    return rights


def catalog_actor(user: User) -> Actor:
    """The capacity in which ``user`` edits the catalog: their strongest editing assignment.

    A superuser without an assignment acts as a system administrator of no unit.
    """
    held = RoleAssignment.objects.filter(user=user, role__in=ADMIN_ROLES).select_related("unit")
    editing = [a for a in held.order_by("id") if _may_edit(a.role, a.unit.kind)]
    editing.sort(key=lambda assignment: assignment.role != Role.SYSTEM_ADMIN)
    if editing:
        return Actor(user=user, role=editing[0].role, unit=editing[0].unit)
    if user.is_superuser:
        return Actor(user=user, role=Role.SYSTEM_ADMIN, unit=None)
    raise PermissionDenied()


def require_catalog_editor(actor: Actor) -> None:
    """Refuse (``PermissionDenied``) unless ``actor`` may edit the catalog in its capacity.

    The system itself (imports) may; otherwise the actor's assignment must exist, so a forged
    actor is refused.
    """
    if actor.role == Role.SYSTEM and actor.user is None:
        return
    user = actor.user
    if user is None or not user.is_active or actor.role not in ADMIN_ROLES:
        raise PermissionDenied()
    if user.is_superuser and actor.role == Role.SYSTEM_ADMIN:
        return
    held = RoleAssignment.objects.filter(user=user, role=actor.role, unit_id=actor.unit_id)
    kind = held.values_list("unit__kind", flat=True).first()
    if kind is None or not _may_edit(actor.role, kind):
        raise PermissionDenied()
