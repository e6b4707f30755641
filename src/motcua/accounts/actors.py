# SPDX-License-Identifier: EUPL-1.2
"""Who is acting: a user in one capacity (role) for one unit. Every service takes an Actor."""

from dataclasses import dataclass

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.core.errors import PermissionDenied
from motcua.orgunits.models import OrgUnit


@dataclass(frozen=True)
class Actor:
    user: User | None
    role: str
    unit: OrgUnit | None

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    @property
    def unit_id(self) -> int | None:
        return self.unit.pk if self.unit is not None else None

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)

    @property
    def display(self) -> str:
        return str(self.user) if self.user is not None else str(Role(self.role).label)


def actor_as_official(user: User, role: str, unit: OrgUnit) -> Actor:
    """The official ``user`` acting as ``role`` in ``unit``; refused without that assignment."""
    if role not in Role.official_roles():
        raise PermissionDenied()
    if not RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
        raise PermissionDenied()
    return Actor(user=user, role=role, unit=unit)


def actor_as_applicant(user: User) -> Actor:
    return Actor(user=user, role=Role.APPLICANT, unit=None)


def actor_as_agent(user: User, unit: OrgUnit | None = None) -> Actor:
    if not RoleAssignment.objects.filter(user=user, role=Role.AGENT).exists():
        raise PermissionDenied()
    return Actor(user=user, role=Role.AGENT, unit=unit)


def actor_as_integration(user: User, unit: OrgUnit) -> Actor:
    """A connected system (API client, national-portal import) acting for a unit it serves."""
    if not RoleAssignment.objects.filter(user=user, role=Role.INTEGRATION, unit=unit).exists():
        raise PermissionDenied()
    return Actor(user=user, role=Role.INTEGRATION, unit=unit)


SYSTEM_ACTOR = Actor(user=None, role=Role.SYSTEM, unit=None)
