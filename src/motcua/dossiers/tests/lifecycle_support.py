# SPDX-License-Identifier: EUPL-1.2
"""Shared support of the lifecycle tests: actors, service calls, dossiers ready for a rule,
side-effect snapshots."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from motcua.accounts.actors import SYSTEM_ACTOR, Actor, actor_as_applicant
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.calendar.selectors import calendar_for_unit
from motcua.catalog.models import ProcedureVersion, StepUnitKind
from motcua.core import clock
from motcua.core.errors import (
    DomainError,
)
from motcua.core.models import OutboxMessage
from motcua.dossiers import services
from motcua.dossiers.lifecycle import (
    NATIONAL_STATUS,
    RULES,
    Action,
    Rule,
    Scope,
    Status,
    roles_for,
)
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import first_broken_link
from motcua.orgunits.models import OrgUnit
from motcua.testing.builders import (
    World,
    drive_to,
    submit_dossier,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """A moment of 2026 in Vietnamese time."""
    return datetime(2026, month, day, hour, minute, tzinfo=VN)


MONDAY = at(9, 9)  # Mon 2026-03-09 09:00: no holiday that week or the next
REASON = "Hồ sơ chưa đủ điều kiện theo quy định"
TRACKED = (
    "status",
    "version",
    "current_unit_id",
    "current_step",
    "due_at",
    "original_due_at",
    "clock_pauses",
    "extensions",
    "applicant_data",
    "desk_completion_requests",
    "supplement_requests",
    "outcome",
    "finished_at",
    "updated_at",
)


# -- a world built once per module ----------------------------------------------------------------


@dataclass
class Shared:
    world: World
    head_decides: ProcedureVersion  # clerk registers first, then the head assigns and decides
    local_only: ProcedureVersion  # not boundary-free
    agent: Actor

    @property
    def versions(self) -> tuple[ProcedureVersion, ...]:
        return (self.world.version, self.head_decides)


# -- actors ---------------------------------------------------------------------------------------


def official_in(role: str, unit: OrgUnit) -> Actor | None:
    assignment = (
        RoleAssignment.objects.filter(role=role, unit=unit)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return Actor(assignment.user, role, unit) if assignment is not None else None


def integration_actor(unit: OrgUnit) -> Actor:
    """A connected system (e.g. the national portal import) assigned to ``unit``."""
    user, _ = User.objects.get_or_create(username=f"integration.{unit.code}")
    RoleAssignment.objects.get_or_create(user=user, role=Role.INTEGRATION, unit=unit)
    return Actor(user, Role.INTEGRATION, unit)


def home_actor(s: Shared, role: str) -> Actor:
    """The real account holding ``role`` where a dossier of commune 1 is normally handled."""
    w = s.world
    if role == Role.APPLICANT:
        return w.applicant()
    if role == Role.AGENT:
        return s.agent
    if role == Role.SYSTEM:
        return SYSTEM_ACTOR
    if role == Role.INTEGRATION:
        return integration_actor(w.centre)
    unit = {
        Role.RECEPTION_OFFICER: w.centre,
        Role.CENTRE_MANAGER: w.centre,
        Role.POSTAL_OFFICER: w.org.province_centre,
        Role.UNIT_ADMIN: w.org.province,
        Role.SYSTEM_ADMIN: w.org.province,
    }.get(Role(role), w.commune)
    actor = official_in(role, unit)
    assert actor is not None, f"no {role} in {unit.code}"
    return actor


def in_scope(d: Dossier, actor: Actor, scope: Scope) -> bool:
    """An independent statement of the scopes documented in ``lifecycle.Scope``."""
    if scope == Scope.ANY:
        return actor.role == Role.SYSTEM
    if scope == Scope.OWNER:
        if actor.role == Role.AGENT:
            return actor.user_id is not None and d.submitted_by_id == actor.user_id
        return actor.user_id is not None and d.owner_id == actor.user_id
    unit_id = d.receiving_unit_id if scope == Scope.RECEIVING_UNIT else d.current_unit_id
    return actor.unit_id == unit_id


def scope_actor(s: Shared, d: Dossier, role: str, scope: Scope) -> Actor | None:
    """The actor of ``role`` who is in ``scope`` for ``d``, if the world has one."""
    if scope == Scope.ANY:
        return SYSTEM_ACTOR if role == Role.SYSTEM else None
    if scope == Scope.OWNER:
        actor = home_actor(s, role)
        return actor if in_scope(d, actor, scope) else None
    unit = d.receiving_unit if scope == Scope.RECEIVING_UNIT else d.current_unit
    return official_in(role, unit)


def outsider(s: Shared, d: Dossier, role: str, scope: Scope) -> Actor:
    """Someone with the same role who has no business with ``d``."""
    if scope == Scope.OWNER:
        return actor_as_applicant(s.world.citizen_b) if role == Role.APPLICANT else s.agent
    assignment = (
        RoleAssignment.objects.filter(role=role)
        .exclude(unit__in=[d.receiving_unit_id, d.current_unit_id])
        .select_related("user", "unit")
        .order_by("pk")
        .first()
    )
    assert assignment is not None, f"no {role} outside the dossier's units"
    return Actor(assignment.user, role, assignment.unit)


# -- calls ----------------------------------------------------------------------------------------


def later_due(d: Dossier, working_days: int = 2) -> datetime:
    """End of working hours ``working_days`` after the promised date (a valid new date)."""
    if d.due_at is None:
        return MONDAY + timedelta(days=30)
    calendar = calendar_for_unit(d.receiving_unit)
    day = calendar.add_working_days(timezone.localtime(d.due_at).date(), working_days)
    return calendar.end_of_working_hours(day)


def _forward(s: Shared, d: Dossier, a: Actor, r: str) -> Dossier:
    to_unit = None if d.current_unit_id == d.receiving_unit_id else s.world.org.departments["STP"]
    return services.dossier_forward(d, actor=a, to_unit=to_unit, reason=r)


Call = Callable[[Shared, Dossier, Actor, str], Dossier]
CALLS: dict[Action, Call] = {
    Action.RECEIVE: lambda s, d, a, r: services.dossier_receive(d, actor=a),
    Action.REQUEST_SUPPLEMENT: lambda s, d, a, r: services.dossier_request_supplement(
        d, actor=a, missing=["Bản sao Giấy khai sinh"], reason=r
    ),
    Action.SUPPLEMENT: lambda s, d, a, r: services.dossier_supplement(d, actor=a, note="Đã nộp"),
    Action.REFUSE: lambda s, d, a, r: services.dossier_refuse(d, actor=a, reason=r),
    Action.FORWARD: _forward,
    Action.PROCESS_STEP: lambda s, d, a, r: services.dossier_process_step(d, actor=a, note="Xong"),
    Action.REQUEST_PAYMENT: lambda s, d, a, r: services.dossier_request_payment(
        d, actor=a, amount_vnd=1_200_000, reason=r
    ),
    Action.CONFIRM_PAYMENT: lambda s, d, a, r: services.dossier_confirm_payment(
        d, actor=a, reference="BL-2026-000123"
    ),
    Action.EXTEND_DEADLINE: lambda s, d, a, r: services.dossier_extend_deadline(
        d, actor=a, new_due=later_due(d), reason=r
    ),
    Action.APPROVE: lambda s, d, a, r: services.dossier_approve(d, actor=a),
    Action.REJECT: lambda s, d, a, r: services.dossier_reject(d, actor=a, reason=r),
    Action.ISSUE_RESULT: lambda s, d, a, r: services.dossier_issue_result(
        d, actor=a, result_number="15/GXN"
    ),
    Action.RETURN_RESULT: lambda s, d, a, r: services.dossier_return_result(
        d, actor=a, method="counter", receiver_name="Trần Văn An", receiver_id_number="0790880"
    ),
    Action.WITHDRAW: lambda s, d, a, r: services.dossier_withdraw(d, actor=a, reason=r),
    Action.STOP: lambda s, d, a, r: services.dossier_stop(d, actor=a, reason=r),
    Action.CANCEL: lambda s, d, a, r: services.dossier_cancel(d, actor=a, reason=r),
    Action.ASSIGN: lambda s, d, a, r: services.dossier_assign(d, actor=a),
    Action.SEND_BACK: lambda s, d, a, r: services.dossier_send_back(d, actor=a, reason=r),
}
ACTIONS = [action for action in Action if action != Action.SUBMIT]
DECIDING = (Action.APPROVE, Action.REJECT)
AT_OWN_STEP = (Action.ASSIGN, Action.SEND_BACK)


# -- dossiers ready for a rule --------------------------------------------------------------------


def fresh(d: Dossier) -> Dossier:
    return Dossier.objects.get(pk=d.pk)


def decision_order(version: ProcedureVersion) -> int:
    """The decision step: the last internal step of a role that may approve."""
    deciders = roles_for(Action.APPROVE)
    return max(step.order for step in version.steps.all() if step.role in deciders)


def first_unit_step(version: ProcedureVersion) -> int:
    return min(
        step.order for step in version.steps.all() if step.unit_kind != StepUnitKind.ONE_STOP_CENTRE
    )


def step_for(s: Shared, action: Action, role: str) -> tuple[ProcedureVersion, int]:
    """A procedure and the internal step at which ``role`` does ``action``."""
    for version in s.versions:
        decision = decision_order(version)
        for step in version.steps.order_by("order"):
            if step.unit_kind == StepUnitKind.ONE_STOP_CENTRE or step.role != role:
                continue
            if action in DECIDING and step.order == decision:
                return version, step.order
            if action == Action.PROCESS_STEP and step.order < decision:
                return version, step.order
            if step.order > decision:
                continue
            if action == Action.ASSIGN:
                return version, step.order
            if action == Action.SEND_BACK and step.order > first_unit_step(version):
                return version, step.order
    raise LookupError(f"no test procedure has a step where {role} can {action}")


def advance_to(d: Dossier, order: int) -> Dossier:
    """Finish internal steps, each by its own role in the holding unit, until ``order``."""
    while d.current_step != order:
        role = d.procedure_version.steps.get(order=d.current_step).role
        actor = official_in(role, d.current_unit)
        assert actor is not None
        d = services.dossier_process_step(d, actor=actor, note="")
    return d


def held_by_the_centre(s: Shared, status: Status) -> Dossier:
    """A dossier in ``status`` that its receiving centre holds, for the desk's holder rules."""
    w = s.world
    if status == Status.WITHDRAW_REQUESTED:  # withdrawn after reception, before forwarding
        return w.apply(w.dossier_in(Status.RECEIVED), "withdraw")
    if status == Status.IN_PROGRESS:  # handed back to the centre by the competent unit's head
        d = w.dossier_in(Status.IN_PROGRESS)
        head = w.processing(Role.DEPARTMENT_HEAD)
        return services.dossier_forward(d, actor=head, to_unit=w.centre, reason="Trả lại")
    raise LookupError(f"no path where the centre holds a dossier in {status}")


def prepare(s: Shared, rule: Rule, role: str, source: Status) -> Dossier:
    """A dossier in ``source`` where an in-scope actor of ``role`` may apply ``rule``."""
    w = s.world
    if role == Role.AGENT:
        return drive_to(w, submit_dossier(w, actor=s.agent), source)
    if rule.action == Action.PROCESS_STEP or rule.action in (*DECIDING, *AT_OWN_STEP):
        version, order = step_for(s, rule.action, role)
        d = drive_to(w, submit_dossier(w, version=version), Status.IN_PROGRESS)
        return advance_to(d, order)
    d = w.dossier_in(source)
    scope = rule.scope_for(role)
    if scope == Scope.HOLDING_UNIT and scope_actor(s, d, role, scope) is None:
        d = held_by_the_centre(s, source)
    return d


ALLOWED = [
    pytest.param(index, role, source, id=f"{rule.action}:{source}:{role}")
    for index, rule in enumerate(RULES)
    for role, _ in rule.actors
    for source in sorted(rule.sources)
]
NEEDS_REASON = [p for p in ALLOWED if RULES[p.values[0]].needs_reason]  # type: ignore[index]
BY_SOURCE = [
    pytest.param(index, source, id=f"{rule.action}:{source}")
    for index, rule in enumerate(RULES)
    for source in sorted(rule.sources)
]


# -- side-effect checks ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    row: dict[str, Any]
    events: int
    outbox: int


def snapshot(d: Dossier) -> Snapshot:
    row = Dossier.objects.filter(pk=d.pk).values(*TRACKED).get()
    return Snapshot(row, DossierEvent.objects.count(), OutboxMessage.objects.count())


def denied(call: Callable[[], Any], d: Dossier, error: type[DomainError]) -> DomainError:
    """Run a call that must fail with exactly ``error`` and change nothing."""
    before = snapshot(d)
    with pytest.raises(DomainError) as info:
        call()
    assert type(info.value) is error, f"{type(info.value).__name__}: {info.value}"
    assert snapshot(d) == before
    return info.value


def outcome(call: Callable[[], Any]) -> str:
    try:
        call()
    except DomainError as error:
        return type(error).__name__
    return "allowed"


def assert_one_transition(
    before: Snapshot, d: Dossier, action: Action, actor: Actor, source: str, target: Status
) -> DossierEvent:
    """One status change: version + 1, one chained event, one CloudEvents outbox message."""
    row = fresh(d)
    assert (row.status, row.version) == (target, before.row["version"] + 1)
    assert (d.status, d.version) == (row.status, row.version)
    assert DossierEvent.objects.count() == before.events + 1
    assert OutboxMessage.objects.count() == before.outbox + 1
    event = DossierEvent.objects.get(dossier=row, sequence=row.version)
    assert (
        event.action,
        event.role,
        event.unit_id,
        event.actor_id,
        event.status_before,
        event.status_after,
        event.at,
    ) == (action, actor.role, actor.unit_id, actor.user_id, source, target, clock.now())
    message = OutboxMessage.objects.get(
        aggregate_type="dossier", aggregate_id=str(row.pk), sequence=row.version
    )
    assert message.type == f"vn.motcua.dossier.{action}"
    assert message.sequence == row.version
    assert (message.envelope["type"], message.envelope["subject"]) == (message.type, row.code)
    assert (message.data["status"], message.data["national_status"]) == (
        target,
        NATIONAL_STATUS[target],
    )
    assert message.data["event"]["sequence"] == row.version
    assert message.data["event"]["status_before"] == source
    assert first_broken_link() is None
    return event
