# SPDX-License-Identifier: EUPL-1.2
"""The one write path of dossier status changes: permission, legal guard, CAS, audit, outbox."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role, RoleAssignment
from motcua.core import clock
from motcua.core.errors import (
    ConcurrentUpdate,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from motcua.core.hashchain import GENESIS, link_hash
from motcua.core.outbox import outbox_record
from motcua.dossiers.lifecycle import (
    Action,
    Rule,
    Scope,
    rule_for,
    rules_for,
)
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.snapshot import dossier_snapshot, iso


def _in_scope(dossier: Dossier, actor: Actor, scope: Scope) -> bool:
    if scope == Scope.ANY:
        return actor.role == Role.SYSTEM
    if scope == Scope.OWNER:
        if actor.user_id is None:
            return False
        if actor.role == Role.AGENT:
            return dossier.submitted_by_id == actor.user_id
        return dossier.owner_id == actor.user_id
    if scope == Scope.RECEIVING_UNIT:
        return actor.unit_id is not None and actor.unit_id == dossier.receiving_unit_id
    return actor.unit_id is not None and actor.unit_id == dossier.current_unit_id


def check_official(actor: Actor) -> None:
    """Officials act only through a role they hold in the unit they act for."""
    if actor.role not in Role.official_roles():
        return
    if actor.user_id is None or actor.unit_id is None:
        raise PermissionDenied()
    if not RoleAssignment.objects.filter(
        user_id=actor.user_id, role=actor.role, unit_id=actor.unit_id
    ).exists():
        raise PermissionDenied()


def authorize(dossier: Dossier, action: Action, actor: Actor, reason: str = "") -> Rule:
    """The rule that allows ``actor`` to do ``action`` now, or the reason why not.

    Permission comes before the status guard, so an outsider learns nothing about the status.
    """
    scopes = [scope for r in rules_for(action) if (scope := r.scope_for(actor.role)) is not None]
    if not any(_in_scope(dossier, actor, scope) for scope in scopes):
        raise PermissionDenied()
    check_official(actor)
    rule = rule_for(action, dossier.status_enum)
    scope = rule.scope_for(actor.role) if rule is not None else None
    if rule is None or scope is None or not _in_scope(dossier, actor, scope):
        raise TransitionNotAllowed(status=dossier.status)
    if rule.needs_reason and not reason.strip():
        raise ValidationFailed(errors={"reason": [_("A reason is required.")]})
    return rule


def step_role(dossier: Dossier, order: int) -> str:
    """The role of internal step ``order`` (kept on the dossier so worklists can index it)."""
    steps = dossier.procedure_version.steps.all()
    return next((step.role for step in steps if step.order == order), "")


def append_event(
    dossier: Dossier,
    *,
    action: Action,
    actor: Actor,
    at: datetime,
    status_before: str,
    reason: str,
    data: dict[str, Any],
) -> DossierEvent:
    """Write the next link of the dossier's chain and its outbox message (same transaction)."""
    previous = (
        None
        if dossier.version == 1
        else DossierEvent.objects.filter(dossier_id=dossier.pk, sequence=dossier.version - 1)
        .values_list("hash", flat=True)
        .first()
    )
    event = DossierEvent(
        dossier=dossier,
        sequence=dossier.version,
        action=action,
        at=at,
        actor=actor.user,
        actor_name=actor.display,
        role=actor.role,
        unit=actor.unit,
        status_before=status_before,
        status_after=dossier.status,
        reason=reason,
        data=data,
        previous_hash=previous or GENESIS,
    )
    event.hash = link_hash(event.previous_hash, event.chain_content())
    event.save()
    outbox_record(
        event_type=f"dossier.{action}",
        aggregate_type="dossier",
        aggregate_id=str(dossier.pk),
        sequence=event.sequence,
        subject=dossier.code,
        time=at,
        data={**dossier_snapshot(dossier), "event": _event_summary(event)},
    )
    return event


def _event_summary(event: DossierEvent) -> dict[str, Any]:
    return {
        "sequence": event.sequence,
        "action": event.action,
        "at": iso(event.at),
        "role": event.role,
        "unit": event.unit.code if event.unit is not None else None,
        "status_before": event.status_before,
        "reason": event.reason,
        "data": event.data,
    }


def commit_transition(
    dossier: Dossier,
    rule: Rule,
    actor: Actor,
    *,
    reason: str = "",
    changes: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> Dossier:
    """Compare-and-set the dossier to ``rule.target`` plus ``changes``; one event, one message.

    Raises ``ConcurrentUpdate`` naming the current status when someone else changed it first.
    """
    changes = changes or {}
    if "current_step" in changes:
        changes["current_role"] = step_role(dossier, changes["current_step"])
    at = at or clock.now()
    status_before = dossier.status
    new_version = dossier.version + 1
    with transaction.atomic():
        updated = Dossier.objects.filter(pk=dossier.pk, version=dossier.version).update(
            status=rule.target, version=new_version, updated_at=at, **changes
        )
        if updated != 1:
            current = Dossier.objects.filter(pk=dossier.pk).values_list("status", flat=True).first()
            raise ConcurrentUpdate(current_status=current)
        for name, value in changes.items():
            setattr(dossier, name, value)
        dossier.status = rule.target
        dossier.version = new_version
        dossier.updated_at = at
        append_event(
            dossier,
            action=rule.action,
            actor=actor,
            at=at,
            status_before=status_before,
            reason=reason,
            data=data or {},
        )
    return dossier
