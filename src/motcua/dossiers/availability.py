# SPDX-License-Identifier: EUPL-1.2
"""Which actions an official may offer on a dossier now (the services still decide).

Mirrors the services' guards closely enough to hide buttons that would only be refused; a
shown button can still be refused (e.g. someone else acted first).
"""

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role
from motcua.dossiers.lifecycle import Action, Scope, roles_for, rule_for
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.assignment import current_step, unit_steps

STEP_BOUND = (Action.PROCESS_STEP, Action.APPROVE, Action.REJECT)


def _in_scope(dossier: Dossier, actor: Actor, scope: Scope) -> bool:
    if scope == Scope.RECEIVING_UNIT:
        return actor.unit_id == dossier.receiving_unit_id
    if scope == Scope.HOLDING_UNIT:
        return actor.unit_id == dossier.current_unit_id
    return False  # owners and the system do not use the back office


def _decision_order(dossier: Dossier) -> int | None:
    deciders = roles_for(Action.APPROVE)
    orders = [s.order for s in dossier.procedure_version.steps.all() if s.role in deciders]
    return max(orders) if orders else None


def _step_allows(dossier: Dossier, action: Action, actor: Actor) -> bool:
    step = current_step(dossier)
    own_step = step is not None and step.role == actor.role
    if action == Action.PROCESS_STEP:
        later = [s for s in dossier.procedure_version.steps.all() if s.order > dossier.current_step]
        return own_step and bool(later) and dossier.current_step != _decision_order(dossier)
    if action in (Action.APPROVE, Action.REJECT):
        return own_step and dossier.current_step == _decision_order(dossier)
    if action == Action.ASSIGN:
        return step is not None and (own_step or actor.role == Role.DEPARTMENT_HEAD)
    if action == Action.SEND_BACK:
        first = min((s.order for s in unit_steps(dossier)), default=dossier.current_step)
        may = own_step or actor.role == Role.DEPARTMENT_HEAD
        return may and dossier.current_step > first
    if action == Action.EXTEND_DEADLINE:
        return not dossier.extensions and dossier.due_at is not None and not dossier.is_paused
    return True


def actions_for(dossier: Dossier, actor: Actor) -> list[Action]:
    """The actions ``actor`` may try on ``dossier`` in its current status and step."""
    allowed = []
    for action in Action:
        rule = rule_for(action, dossier.status_enum)
        scope = rule.scope_for(actor.role) if rule is not None else None
        if scope is None or not _in_scope(dossier, actor, scope):
            continue
        if _step_allows(dossier, action, actor):
            allowed.append(action)
    return allowed
