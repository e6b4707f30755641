# SPDX-License-Identifier: EUPL-1.2
"""Every dossier service, allowed and denied, driven from ``lifecycle.RULES``.

A rule added to the table is picked up by the parametrised tests below; an action without a call
in ``CALLS`` fails ``test_every_action_has_a_call_and_a_rule``. Every denial is checked for side
effects: the dossier row, the number of events and the number of outbox messages stay as they were.

The organisation is built once per module inside a transaction that is rolled back at the end;
each test runs in its own savepoint (pytest-django ``db``) with the clock frozen on an ordinary
working Monday, 2026-03-09 09:00 in Hà Nội time, and English messages.
"""

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone, translation
from pytest_django import DjangoDbBlocker

from motcua.accounts.actors import SYSTEM_ACTOR, Actor, actor_as_agent, actor_as_applicant
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.calendar.selectors import calendar_for_unit
from motcua.catalog.models import ProcedureVersion, StepUnitKind, VersionStatus
from motcua.core import clock
from motcua.core.errors import (
    DomainError,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from motcua.core.models import OutboxMessage
from motcua.dossiers import services
from motcua.dossiers.lifecycle import (
    FINAL_STATUSES,
    NATIONAL_STATUS,
    RULES,
    SUBMIT_ROLES,
    Action,
    Rule,
    Scope,
    Status,
    roles_for,
    rule_for,
    rules_for,
)
from motcua.dossiers.models import Dossier, DossierEvent, DossierSequence
from motcua.dossiers.selectors import dossier_status_by_code, first_broken_link
from motcua.orgunits.models import OrgUnit, UnitKind
from motcua.testing.builders import (
    HEAD_DECIDES_STEPS,
    VALID_FORM,
    World,
    add_procedure,
    build_world,
    drive_to,
    internal_steps,
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


class _Rollback(Exception):
    """Raised into the module's outer transaction to undo everything it built."""


@pytest.fixture(scope="module")
def shared(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Shared]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            head_decides = add_procedure(
                "1.000101", internal_steps=internal_steps(HEAD_DECIDES_STEPS)
            )
            local_only = add_procedure("1.000102", boundary_free=False)
            agent = actor_as_agent(User.objects.get(username="agent.bidv"))
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    yield Shared(world, head_decides, local_only, agent)
    with django_db_blocker.unblock():
        outer.__exit__(_Rollback, _Rollback(), None)


@pytest.fixture
def s(shared: Shared, db: None) -> Iterator[Shared]:
    with clock.frozen_at(MONDAY), translation.override("en"):
        yield shared


# -- actors ---------------------------------------------------------------------------------------


def official_in(role: str, unit: OrgUnit) -> Actor | None:
    assignment = (
        RoleAssignment.objects.filter(role=role, unit=unit)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return Actor(assignment.user, role, unit) if assignment is not None else None


def home_actor(s: Shared, role: str) -> Actor:
    """The real account holding ``role`` where a dossier of commune 1 is normally handled."""
    w = s.world
    if role == Role.APPLICANT:
        return w.applicant()
    if role == Role.AGENT:
        return s.agent
    if role == Role.SYSTEM:
        return SYSTEM_ACTOR
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
}
ACTIONS = [action for action in Action if action != Action.SUBMIT]
DECIDING = (Action.APPROVE, Action.REJECT)


# -- dossiers ready for a rule --------------------------------------------------------------------


def fresh(d: Dossier) -> Dossier:
    return Dossier.objects.get(pk=d.pk)


def decision_order(version: ProcedureVersion) -> int:
    """The decision step: the last internal step of a role that may approve."""
    deciders = roles_for(Action.APPROVE)
    return max(step.order for step in version.steps.all() if step.role in deciders)


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
    if rule.action == Action.PROCESS_STEP or rule.action in DECIDING:
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


# -- the table itself -----------------------------------------------------------------------------


def test_every_action_has_a_call_and_a_rule() -> None:
    assert set(CALLS) == set(ACTIONS)
    assert {action for action in ACTIONS if not rules_for(action)} == set()


def test_every_rule_actor_is_a_known_role() -> None:
    roles = {role for rule in RULES for role, _ in rule.actors} | set(SUBMIT_ROLES)
    assert roles <= {role.value for role in Role}


def test_final_statuses_have_no_way_out() -> None:
    assert {rule.action for rule in RULES if rule.sources & FINAL_STATUSES} == set()


def test_no_two_rules_of_an_action_share_a_source() -> None:
    for action in ACTIONS:
        sources = [source for rule in rules_for(action) for source in rule.sources]
        assert len(sources) == len(set(sources)), action


NATIONAL = {
    Status.SUBMITTED: 1,
    Status.RECEIVED: 2,
    Status.NOT_ACCEPTED: 3,
    Status.CANCELLED: 3,
    Status.IN_PROGRESS: 4,
    Status.AWAITING_COMPLETION: 5,
    Status.AWAITING_SUPPLEMENT: 5,
    Status.AWAITING_PAYMENT: 6,
    Status.WITHDRAW_REQUESTED: 7,
    Status.STOPPED: 8,
    Status.WITHDRAWN: 8,
    Status.PROCESSED: 9,
    Status.RESULT_READY: 9,
    Status.RETURNED: 10,
}


def test_national_status_covers_every_status() -> None:
    assert set(NATIONAL_STATUS) == set(Status)
    assert set(NATIONAL_STATUS.values()) == set(range(1, 11))


@pytest.mark.parametrize("status", list(Status))
def test_national_status_code(s: Shared, status: Status) -> None:
    # given a dossier driven to the status
    d = s.world.dossier_in(status)
    # then the table, the status lookup and the last outbox message agree with DOMAIN.md
    view = dossier_status_by_code(d.code)
    assert view is not None
    assert NATIONAL_STATUS[status] == NATIONAL[status] == view.national_status
    message = OutboxMessage.objects.get(aggregate_id=str(d.pk), sequence=d.version)
    assert message.data["national_status"] == NATIONAL[status]


# -- allowed paths --------------------------------------------------------------------------------


@pytest.mark.parametrize(("index", "role", "source"), ALLOWED)
def test_allowed_path(s: Shared, index: int, role: str, source: Status) -> None:
    rule = RULES[index]
    # given a dossier in the source status and an actor of the role in the rule's scope
    d = prepare(s, rule, role, source)
    scope = rule.scope_for(role)
    assert scope is not None
    actor = scope_actor(s, d, role, scope)
    assert actor is not None
    before = snapshot(d)
    # when the actor does the action
    d = CALLS[rule.action](s, d, actor, REASON)
    # then exactly one transition to the rule's target is recorded
    event = assert_one_transition(before, d, rule.action, actor, source, rule.target)
    if rule.needs_reason:
        assert event.reason == REASON


@pytest.mark.parametrize("role", sorted(SUBMIT_ROLES))
def test_submit_allowed(s: Shared, role: str) -> None:
    w = s.world
    # given a submitter of the role at a centre where they may submit
    actor = home_actor(s, role)
    centre = w.org.province_centre if role == Role.POSTAL_OFFICER else w.centre
    counts = (DossierEvent.objects.count(), OutboxMessage.objects.count())
    # when they submit
    d = submit_dossier(w, actor=actor, receiving_unit=centre)
    # then a submitted dossier with the first code of the day exists, with one event and message
    d = fresh(d)
    assert (d.status, d.version, d.code) == (Status.SUBMITTED, 1, f"{centre.code}-260309-0001")
    assert (d.receiving_unit, d.current_unit, d.competent_unit) == (centre, centre, w.commune)
    assert d.submitted_by_id == actor.user_id
    assert d.owner_id == (w.citizen_a.pk if role == Role.APPLICANT else None)
    assert (d.submitted_at, d.received_at, d.due_at) == (MONDAY, None, None)
    assert d.applicant_data == VALID_FORM
    assert (DossierEvent.objects.count(), OutboxMessage.objects.count()) == (
        counts[0] + 1,
        counts[1] + 1,
    )
    event = DossierEvent.objects.get(dossier=d)
    assert (event.sequence, event.action, event.role, event.unit_id) == (
        1,
        Action.SUBMIT,
        role,
        actor.unit_id,
    )
    assert (event.status_before, event.status_after, event.data) == (
        "",
        Status.SUBMITTED,
        {"channel": d.channel},
    )
    message = OutboxMessage.objects.get(aggregate_id=str(d.pk))
    assert (message.type, message.sequence) == ("vn.motcua.dossier.submit", 1)
    assert first_broken_link() is None


# -- denied: wrong status -------------------------------------------------------------------------


@pytest.mark.parametrize("status", list(Status))
def test_wrong_status_is_refused(s: Shared, status: Status) -> None:
    # given a dossier of citizen A in the status
    d = s.world.dossier_in(status)
    before = snapshot(d)
    expected: dict[str, str] = {}
    outcomes: dict[str, str] = {}
    # when every actor of every action that is not legal in this status tries it
    for action in ACTIONS:
        if rule_for(action, status) is not None:
            continue
        for role in sorted(roles_for(action)):
            actor = home_actor(s, role)
            scopes = [scope for r in rules_for(action) if (scope := r.scope_for(role))]
            visible = any(in_scope(d, actor, scope) for scope in scopes)
            key = f"{action}/{role}"
            # then those with a relation to the dossier hear "not now", outsiders "not allowed"
            expected[key] = "TransitionNotAllowed" if visible else "PermissionDenied"
            outcomes[key] = outcome(lambda: CALLS[action](s, fresh(d), actor, REASON))  # noqa: B023
    assert outcomes == expected
    assert snapshot(d) == before


@pytest.mark.parametrize("status", [s for s in Status if s in FINAL_STATUSES])
def test_final_status_refuses_every_action_to_everyone(s: Shared, status: Status) -> None:
    d = s.world.dossier_in(status)
    for action in ACTIONS:
        for role in roles_for(action):
            scope = next(r.scope_for(role) for r in rules_for(action) if r.scope_for(role))
            actor = scope_actor(s, d, role, scope)  # type: ignore[arg-type]
            if actor is not None:
                denied(lambda: CALLS[action](s, fresh(d), actor, REASON), d, TransitionNotAllowed)  # noqa: B023


# -- denied: wrong role, forged role, wrong unit, another citizen ---------------------------------


@pytest.mark.parametrize(("index", "source"), BY_SOURCE)
def test_wrong_role_is_refused(s: Shared, index: int, source: Status) -> None:
    rule = RULES[index]
    # given a dossier where the rule applies
    d = s.world.dossier_in(source)
    before = snapshot(d)
    allowed = roles_for(rule.action)
    # when every real account of another role tries it
    outcomes = {
        role.value: outcome(lambda: CALLS[rule.action](s, fresh(d), home_actor(s, role), REASON))  # noqa: B023
        for role in Role
        if role not in allowed
    }
    # then each is refused and nothing changes
    assert outcomes == {role.value: "PermissionDenied" for role in Role if role not in allowed}
    assert snapshot(d) == before


@pytest.mark.parametrize(("index", "source"), BY_SOURCE)
def test_outsiders_are_refused(s: Shared, index: int, source: Status) -> None:
    rule = RULES[index]
    d = prepare(s, rule, rule.actors[0][0], source)
    before = snapshot(d)
    outcomes, expected = {}, {}
    for role, scope in rule.actors:
        if scope == Scope.ANY:
            continue  # the system itself: no unit, no owner
        # when the same role of another unit, another citizen or an agent who did not submit it
        expected[f"other:{role}"] = "PermissionDenied"
        other = outsider(s, d, role, scope)
        outcomes[f"other:{role}"] = outcome(lambda: CALLS[rule.action](s, fresh(d), other, REASON))  # noqa: B023
        if scope in (Scope.RECEIVING_UNIT, Scope.HOLDING_UNIT):
            # or an official of the right unit claiming a role they do not hold there
            unit = d.receiving_unit if scope == Scope.RECEIVING_UNIT else d.current_unit
            holder = RoleAssignment.objects.filter(unit=unit).exclude(role=role).first()
            assert holder is not None
            assert not RoleAssignment.objects.filter(user=holder.user, role=role, unit=unit)
            forged = Actor(holder.user, role, unit)
            expected[f"forged:{role}"] = "PermissionDenied"
            outcomes[f"forged:{role}"] = outcome(
                lambda: CALLS[rule.action](s, fresh(d), forged, REASON)  # noqa: B023
            )
    # then every one of them is refused, and nothing changes
    assert outcomes == expected
    assert snapshot(d) == before


def test_citizen_b_cannot_touch_citizen_a_dossier(s: Shared) -> None:
    # given citizen A's dossiers in every status, and citizen B
    b = actor_as_applicant(s.world.citizen_b)
    for status in Status:
        d = s.world.dossier_in(status)
        # when B tries every action, then B is refused before learning the status
        for action in ACTIONS:
            denied(lambda: CALLS[action](s, fresh(d), b, REASON), d, PermissionDenied)  # noqa: B023


# -- denied: missing reason -----------------------------------------------------------------------


@pytest.mark.parametrize(("index", "role", "source"), NEEDS_REASON)
def test_missing_reason_is_refused(s: Shared, index: int, role: str, source: Status) -> None:
    rule = RULES[index]
    d = prepare(s, rule, role, source)
    actor = scope_actor(s, d, role, rule.scope_for(role))  # type: ignore[arg-type]
    assert actor is not None
    for reason in ("", "  \n "):
        error = denied(lambda: CALLS[rule.action](s, fresh(d), actor, reason), d, ValidationFailed)  # noqa: B023
        assert error.details == {"errors": {"reason": ["A reason is required."]}}


# -- submission -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    dossiers: int
    events: int
    outbox: int
    sequences: int


def counts() -> Counts:
    return Counts(
        Dossier.objects.count(),
        DossierEvent.objects.count(),
        OutboxMessage.objects.count(),
        DossierSequence.objects.count(),
    )


def submit_denied(error: type[DomainError], **kwargs: Any) -> DomainError:
    before = counts()
    with pytest.raises(DomainError) as info:
        submit_dossier(**kwargs)
    assert type(info.value) is error, f"{type(info.value).__name__}: {info.value}"
    assert counts() == before
    return info.value


@pytest.mark.parametrize("role", sorted(set(Role) - SUBMIT_ROLES))
def test_submit_wrong_role(s: Shared, role: str) -> None:
    submit_denied(PermissionDenied, world=s.world, actor=home_actor(s, role), channel="counter")


def test_submit_desk_of_another_centre(s: Shared) -> None:
    other_desk = s.world.desk(s.world.org.commune_centres[1])
    submit_denied(PermissionDenied, world=s.world, actor=other_desk)


def test_submit_forged_desk_without_assignment(s: Shared) -> None:
    manager = home_actor(s, Role.CENTRE_MANAGER)
    forged = Actor(manager.user, Role.RECEPTION_OFFICER, s.world.centre)
    submit_denied(PermissionDenied, world=s.world, actor=forged)


def test_submit_level_1_citizen_cannot_use_a_level_2_procedure(s: Shared) -> None:
    # given a citizen with a level-1 e-ID account and a procedure needing level 2
    user = User.objects.create(username="citizen.l1", full_name="Lê Thị Một", eid_level=1)
    assert s.world.version.min_eid_level == 2
    # when they submit, then they are refused with the level named
    error = submit_denied(PermissionDenied, world=s.world, actor=actor_as_applicant(user))
    assert str(error.message) == "This procedure needs a level 2 electronic identity account."


def test_submit_level_1_citizen_may_use_a_level_1_procedure(s: Shared) -> None:
    user = User.objects.create(username="citizen.l1", full_name="Lê Thị Một", eid_level=1)
    version = add_procedure("1.000103", min_eid_level=1)
    d = submit_dossier(s.world, version=version, actor=actor_as_applicant(user))
    assert (d.status, d.owner_id) == (Status.SUBMITTED, user.pk)


@pytest.mark.parametrize(
    ("channel", "role", "message"),
    [
        ("fax", Role.APPLICANT, "Unknown channel."),
        ("counter", Role.APPLICANT, "This channel cannot be used here."),
        ("online", Role.RECEPTION_OFFICER, "This channel cannot be used here."),
        ("postal", Role.AGENT, "This channel cannot be used here."),
    ],
)
def test_submit_wrong_channel(s: Shared, channel: str, role: str, message: str) -> None:
    error = submit_denied(
        ValidationFailed, world=s.world, actor=home_actor(s, role), channel=channel
    )
    assert error.details == {"errors": {"channel": [message]}}


def test_submit_channel_the_procedure_does_not_offer(s: Shared) -> None:
    version = add_procedure("1.000104", channels=["in_person", "postal"], online_level="none")
    error = submit_denied(ValidationFailed, world=s.world, version=version)
    assert error.details == {
        "errors": {"channel": ["This procedure cannot be submitted through this channel."]}
    }


NOT_IN_FORCE = {"errors": {"procedure": ["This version of the procedure is not in force."]}}


def test_submit_version_not_yet_in_force(s: Shared) -> None:
    version = add_procedure("1.000105", effective_from="2026-04-01")
    error = submit_denied(ValidationFailed, world=s.world, version=version)
    assert error.details == NOT_IN_FORCE


def test_submit_superseded_version(s: Shared) -> None:
    # given the procedure re-published with a version in force since 1 March 2026
    add_procedure(s.world.version.procedure.national_code, effective_from="2026-03-01", sets=2)
    old, new = ProcedureVersion.objects.filter(procedure=s.world.version.procedure).order_by(
        "number"
    )
    assert (old.effective_to, new.effective_to) == (date(2026, 3, 1), None)
    # when a dossier is submitted under the old version, then it is refused; the new one works
    error = submit_denied(ValidationFailed, world=s.world, version=old)
    assert error.details == NOT_IN_FORCE
    assert submit_dossier(s.world, version=new).status == Status.SUBMITTED


def test_submit_draft_version(s: Shared) -> None:
    ProcedureVersion.objects.filter(pk=s.local_only.pk).update(status=VersionStatus.DRAFT)
    version = ProcedureVersion.objects.get(pk=s.local_only.pk)
    error = submit_denied(ValidationFailed, world=s.world, version=version)
    assert error.details == NOT_IN_FORCE


def test_submit_non_boundary_free_at_another_communes_centre(s: Shared) -> None:
    # given a procedure that is not boundary-free, for commune 1
    w = s.world
    other_centre = w.org.commune_centres[1]
    # when submitted at commune 2's centre, then refused
    error = submit_denied(
        ValidationFailed,
        world=w,
        version=s.local_only,
        actor=w.desk(other_centre),
        receiving_unit=other_centre,
    )
    assert error.details == {
        "errors": {
            "receiving_unit": [
                "This procedure must be submitted at the centre of the competent unit."
            ]
        }
    }
    # and at commune 1's own centre it is accepted
    assert submit_dossier(w, version=s.local_only).status == Status.SUBMITTED


def test_submit_boundary_free_at_any_centre_of_the_province(s: Shared) -> None:
    w = s.world
    for centre in w.org.centres:
        d = submit_dossier(w, receiving_unit=centre)
        assert (d.receiving_unit, d.competent_unit, d.current_unit) == (centre, w.commune, centre)


def test_submit_to_a_competent_unit_that_is_not_a_commune(s: Shared) -> None:
    error = submit_denied(
        ValidationFailed, world=s.world, competent_unit=s.world.org.departments["STP"]
    )
    assert error.details == {
        "errors": {"competent_unit": ["Choose a commune or ward of this province."]}
    }


def desk_submits_for(s: Shared, owner: User) -> Dossier:
    w = s.world
    return services.dossier_submit(
        procedure_version=w.version,
        receiving_unit=w.centre,
        channel="counter",
        applicant=services.Applicant(name="Trần Văn An", id_number="079088001234"),
        applicant_data=dict(VALID_FORM),
        actor=w.desk(),
        competent_unit=w.commune,
        owner=owner,
    )


def test_desk_links_the_dossier_to_the_applicants_account(s: Shared) -> None:
    # given citizen A at the counter, whose ID number is the applicant's
    d = desk_submits_for(s, s.world.citizen_a)
    # then citizen A owns it and may follow it up (withdraw)
    assert (d.owner_id, d.submitted_by_id) == (s.world.citizen_a.pk, s.world.desk().user_id)
    d = services.dossier_withdraw(d, actor=s.world.applicant(), reason="Nộp nhầm")
    assert d.status == Status.WITHDRAWN


def test_desk_cannot_link_the_dossier_to_another_citizens_account(s: Shared) -> None:
    before = counts()
    with pytest.raises(ValidationFailed) as info:
        desk_submits_for(s, s.world.citizen_b)
    assert info.value.details == {
        "errors": {"owner": ["The account does not belong to the applicant."]}
    }
    assert counts() == before


def test_submit_blank_applicant_name(s: Shared) -> None:
    w = s.world
    before = counts()
    with pytest.raises(ValidationFailed) as info:
        services.dossier_submit(
            procedure_version=w.version,
            receiving_unit=w.centre,
            channel="online",
            applicant=services.Applicant(name="   "),
            applicant_data=dict(VALID_FORM),
            actor=w.applicant(),
            competent_unit=w.commune,
        )
    assert info.value.details == {"errors": {"applicant_name": ["This field is required."]}}
    assert counts() == before


FORM_ERRORS = [
    pytest.param(
        {"full_name": "Trần Văn An", "id_number": "079088001234"},
        {"birth_date": ["This field is required."]},
        id="missing-required",
    ),
    pytest.param(
        {**VALID_FORM, "id_number": "07908800123A"},
        {"id_number": ["The format is not valid."]},
        id="bad-pattern",
    ),
    pytest.param(
        {**VALID_FORM, "birth_date": "1988-02-30"},
        {"birth_date": ["Enter a valid date (YYYY-MM-DD)."]},
        id="bad-date",
    ),
    pytest.param(
        {**VALID_FORM, "birth_date": "02/05/1988"},
        {"birth_date": ["Enter a valid date (YYYY-MM-DD)."]},
        id="date-not-iso",
    ),
    pytest.param(
        {**VALID_FORM, "purpose": "travel"},
        {"purpose": ["Choose one of the allowed values."]},
        id="not-in-enum",
    ),
    pytest.param(
        {**VALID_FORM, "full_name": 42}, {"full_name": ["The value has the wrong type."]}, id="type"
    ),
    pytest.param(
        {**VALID_FORM, "full_name": ""}, {"full_name": ["This field is required."]}, id="empty"
    ),
    pytest.param(
        {**VALID_FORM, "full_name": "A" * 101},
        {"full_name": ["Enter at most 100 characters."]},
        id="too-long",
    ),
    pytest.param(
        {"id_number": "123", "birth_date": "x"},
        {
            "full_name": ["This field is required."],
            "id_number": ["The format is not valid."],
            "birth_date": ["Enter a valid date (YYYY-MM-DD)."],
        },
        id="several",
    ),
    pytest.param(["full_name"], {"__all__": ["The form must be a set of fields."]}, id="list"),
]


@pytest.mark.parametrize(("form", "errors"), FORM_ERRORS)
def test_submit_invalid_form(s: Shared, form: Any, errors: dict[str, list[str]]) -> None:
    error = submit_denied(ValidationFailed, world=s.world, applicant_data=form)
    assert error.details == {"errors": errors}


def test_submit_unknown_form_field_is_keyed_by_its_name(s: Shared) -> None:
    error = submit_denied(
        ValidationFailed, world=s.world, applicant_data={**VALID_FORM, "nickname": "An"}
    )
    assert error.details == {"errors": {"nickname": ["This field is not part of the form."]}}


def test_submit_unknown_form_field_is_refused(s: Shared) -> None:
    error = submit_denied(
        ValidationFailed, world=s.world, applicant_data={**VALID_FORM, "nickname": "An"}
    )
    assert list(error.details["errors"].values()) == [["This field is not part of the form."]]


def test_form_messages_are_translated(s: Shared) -> None:
    # given Vietnamese as the active language
    with translation.override("vi"):
        error = submit_denied(
            ValidationFailed, world=s.world, applicant_data={"full_name": "An", "birth_date": "x"}
        )
        required = translation.gettext("This field is required.")
    # then the messages are the Vietnamese ones
    assert required != "This field is required."
    assert error.details["errors"]["id_number"] == [required]


def test_supplement_with_an_invalid_form_changes_nothing(s: Shared) -> None:
    d = s.world.dossier_in(Status.AWAITING_COMPLETION)
    error = denied(
        lambda: services.dossier_supplement(
            d, actor=s.world.applicant(), applicant_data={**VALID_FORM, "id_number": "1"}
        ),
        d,
        ValidationFailed,
    )
    assert error.details == {"errors": {"id_number": ["The format is not valid."]}}


def test_supplement_replaces_the_form(s: Shared) -> None:
    d = s.world.dossier_in(Status.AWAITING_COMPLETION)
    form = {**VALID_FORM, "purpose": "marriage"}
    d = services.dossier_supplement(d, actor=s.world.applicant(), applicant_data=form)
    assert (fresh(d).status, fresh(d).applicant_data) == (Status.SUBMITTED, form)


# -- the desk -------------------------------------------------------------------------------------


def test_receive_starts_the_clock(s: Shared) -> None:
    # given a dossier submitted and received on Monday 09:00 (limit 3 working days)
    d = s.world.dossier_in(Status.SUBMITTED)
    d = fresh(services.dossier_receive(d, actor=s.world.desk()))
    # then the clock starts at once and the due date is the end of Thursday
    thursday = at(12, 17)
    assert (d.received_at, d.clock_started_at, d.due_at, d.original_due_at) == (
        MONDAY,
        MONDAY,
        thursday,
        thursday,
    )
    assert (d.time_limit_amount, d.time_limit_unit) == (Decimal(3), "working_days")
    event = d.events.get(sequence=2)
    assert event.data == {"due_at": "2026-03-12T10:00:00+00:00", "limit": "3.00 working_days"}


@pytest.mark.parametrize(
    ("received", "clock_start", "due"),
    [
        (at(9, 18), at(10, 7, 30), at(13, 17)),  # after hours: counts from Tuesday 07:30
        (at(9, 12), at(9, 13), at(12, 17)),  # in the lunch break: counts from 13:00
        (at(14, 10), at(16, 7, 30), at(19, 17)),  # on Saturday: counts from Monday
    ],
)
def test_receive_outside_working_hours(
    s: Shared, received: datetime, clock_start: datetime, due: datetime
) -> None:
    d = s.world.dossier_in(Status.SUBMITTED)
    with clock.frozen_at(received):
        d = fresh(services.dossier_receive(d, actor=s.world.desk()))
    assert (d.received_at, d.clock_started_at, d.due_at) == (received, clock_start, due)


def test_receive_with_the_longer_limit_needs_a_reason(s: Shared) -> None:
    d = s.world.dossier_in(Status.SUBMITTED)
    error = denied(
        lambda: services.dossier_receive(d, actor=s.world.desk(), extended_limit=True),
        d,
        ValidationFailed,
    )
    assert error.details == {"errors": {"reason": ["A reason is required."]}}
    d = services.dossier_receive(
        fresh(d), actor=s.world.desk(), extended_limit=True, reason="Cần xác minh"
    )
    assert (fresh(d).time_limit_amount, fresh(d).due_at) == (Decimal(5), at(16, 17))


def test_receive_longer_limit_when_the_procedure_has_none(s: Shared) -> None:
    version = add_procedure(
        "1.000106",
        time_limits=[{"channel": "", "amount": "3", "unit": "working_days"}],
    )
    d = submit_dossier(s.world, version=version)
    error = denied(
        lambda: services.dossier_receive(
            d, actor=s.world.desk(), extended_limit=True, reason="Cần xác minh"
        ),
        d,
        ValidationFailed,
    )
    assert error.details == {
        "errors": {"extended_limit": ["This procedure has no longer time limit."]}
    }


def test_desk_asks_for_completion_only_once(s: Shared) -> None:
    # given a dossier the desk already sent back once, now completed
    d = s.world.dossier_in(Status.AWAITING_COMPLETION)
    d = services.dossier_supplement(d, actor=s.world.applicant())
    assert (d.status, d.desk_completion_requests) == (Status.SUBMITTED, 1)
    # when the desk asks again, then it is refused: it must receive or refuse
    error = denied(
        lambda: CALLS[Action.REQUEST_SUPPLEMENT](s, fresh(d), s.world.desk(), REASON),
        d,
        TransitionNotAllowed,
    )
    assert str(error.message) == (
        "The desk may ask for completion only once; refuse the dossier instead."
    )


def test_request_supplement_needs_the_missing_items(s: Shared) -> None:
    d = s.world.dossier_in(Status.SUBMITTED)
    error = denied(
        lambda: services.dossier_request_supplement(
            d, actor=s.world.desk(), missing=["", "  "], reason=REASON
        ),
        d,
        ValidationFailed,
    )
    assert error.details == {"errors": {"missing": ["List every missing or incorrect item."]}}


def test_request_supplement_records_the_items(s: Shared) -> None:
    d = s.world.dossier_in(Status.SUBMITTED)
    d = services.dossier_request_supplement(
        d, actor=s.world.desk(), missing=[" Tờ khai ", "", "Ảnh 4x6"], reason=REASON
    )
    event = d.events.get(sequence=2)
    assert event.data == {"missing": ["Tờ khai", "Ảnh 4x6"], "form": "supplement_request"}
    assert fresh(d).desk_completion_requests == 1


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.SUBMITTED, Action.REFUSE),
        (Status.SUBMITTED, Action.CANCEL),
        (Status.AWAITING_COMPLETION, Action.WITHDRAW),
        (Status.RECEIVED, Action.WITHDRAW),
    ],
)
def test_finishing_sets_finished_at_only_when_final(
    s: Shared, status: Status, action: Action
) -> None:
    d = s.world.dossier_in(status)
    rule = rule_for(action, status)
    assert rule is not None
    actor = scope_actor(s, d, rule.actors[0][0], rule.actors[0][1])
    assert actor is not None
    d = fresh(CALLS[action](s, d, actor, REASON))
    assert d.finished_at == (MONDAY if d.status in FINAL_STATUSES else None)


# -- processing -----------------------------------------------------------------------------------


def test_forward_desk_to_competent_unit(s: Shared) -> None:
    w = s.world
    d = w.dossier_in(Status.RECEIVED)
    d = fresh(services.dossier_forward(d, actor=w.desk()))
    assert (d.current_unit, d.current_step) == (w.commune, 2)
    assert d.events.get(sequence=3).data == {
        "from_unit": w.centre.code,
        "to_unit": w.commune.code,
        "form": "control_sheet",
    }


def test_desk_forwards_a_received_dossier_only_to_its_competent_unit(s: Shared) -> None:
    # given a received dossier of commune 1
    w = s.world
    d = w.dossier_in(Status.RECEIVED)
    before = snapshot(d)
    # when the desk forwards it naming a department instead
    try:
        d = services.dossier_forward(d, actor=w.desk(), to_unit=w.org.departments["STP"])
    except DomainError as error:
        # then it is refused and nothing changes
        assert type(error) is ValidationFailed
        assert snapshot(d) == before
        return
    # or it still goes to the competent unit's first processing step
    assert (fresh(d).current_unit, fresh(d).current_step) == (w.commune, 2)


def test_forward_between_units_hands_over_the_dossier(s: Shared) -> None:
    # given a dossier at commune 1, step 2
    w = s.world
    d = w.dossier_in(Status.IN_PROGRESS)
    department = w.org.departments["STP"]
    # when the head forwards it to a department
    d = fresh(
        services.dossier_forward(
            d, actor=w.processing(Role.DEPARTMENT_HEAD), to_unit=department, reason="Phối hợp"
        )
    )
    # then the department holds it, at the same step, and commune 1 can no longer act on it
    assert (d.status, d.current_unit, d.current_step) == (Status.IN_PROGRESS, department, 2)
    assert d.events.get(sequence=d.version).data == {
        "from_unit": w.commune.code,
        "to_unit": department.code,
        "form": "control_sheet",
    }
    denied(
        lambda: services.dossier_process_step(d, actor=w.processing(Role.DEPARTMENT_HEAD)),
        d,
        PermissionDenied,
    )
    head = w.official(Role.DEPARTMENT_HEAD, department)
    assert services.dossier_process_step(fresh(d), actor=head).current_step == 3


def test_forward_between_units_needs_another_active_unit_of_the_province(s: Shared) -> None:
    w = s.world
    d = w.dossier_in(Status.IN_PROGRESS)
    head = w.processing(Role.DEPARTMENT_HEAD)
    OrgUnit.objects.filter(pk=w.org.communes[2].pk).update(is_active=False)
    inactive = OrgUnit.objects.get(pk=w.org.communes[2].pk)
    other_province = OrgUnit.objects.create(kind=UnitKind.PROVINCE, code="H98", name="Tỉnh khác")
    expected = {
        None: "Choose another active unit.",
        w.commune: "Choose another active unit.",
        inactive: "Choose another active unit.",
        other_province: "Choose a unit of this province.",
    }
    for unit, message in expected.items():
        error = denied(
            lambda: services.dossier_forward(fresh(d), actor=head, to_unit=unit, reason="x"),  # noqa: B023
            d,
            ValidationFailed,
        )
        assert error.details == {"errors": {"to_unit": [message]}}


def test_process_step_only_by_the_role_of_the_current_step(s: Shared) -> None:
    # given a dossier at step 2 (the head assigns)
    d = s.world.dossier_in(Status.IN_PROGRESS)
    # when the specialist tries to finish it, then it is refused naming the step
    error = denied(
        lambda: services.dossier_process_step(d, actor=s.world.processing(Role.SPECIALIST)),
        d,
        TransitionNotAllowed,
    )
    assert error.details == {"step": 2}
    # and the head's step moves it to the specialist's
    d = services.dossier_process_step(fresh(d), actor=s.world.processing(Role.DEPARTMENT_HEAD))
    assert d.events.get(sequence=d.version).data == {"step": 2, "next_step": 3, "note": ""}


def test_signing_leader_cannot_decide_before_the_signing_step(s: Shared) -> None:
    d = s.world.dossier_in(Status.IN_PROGRESS)
    denied(
        lambda: services.dossier_approve(d, actor=s.world.processing(Role.SIGNING_LEADER)),
        d,
        TransitionNotAllowed,
    )


def test_head_cannot_decide_at_the_assignment_step(s: Shared) -> None:
    # given a dossier at step 2, the head's assignment step (the leader signs at step 4)
    d = s.world.dossier_in(Status.IN_PROGRESS)
    assert d.procedure_version.steps.get(order=2).role == Role.DEPARTMENT_HEAD
    # when the head approves or rejects right away, then it is refused
    head = s.world.processing(Role.DEPARTMENT_HEAD)
    for action in DECIDING:
        denied(lambda: CALLS[action](s, fresh(d), head, REASON), d, TransitionNotAllowed)  # noqa: B023


@pytest.mark.parametrize(("decide", "outcome_"), [("approve", "approved"), ("reject", "rejected")])
def test_decision(s: Shared, decide: str, outcome_: str) -> None:
    d = advance_to(s.world.dossier_in(Status.IN_PROGRESS), 4)
    leader = s.world.processing(Role.SIGNING_LEADER)
    d = fresh(CALLS[Action(decide)](s, d, leader, REASON))
    assert (d.status, d.outcome, d.decided_at, d.finished_at, d.current_step) == (
        Status.PROCESSED,
        outcome_,
        MONDAY,
        MONDAY,
        5,
    )
    assert d.events.get(sequence=d.version).data == {"step": 4, "outcome": outcome_}


def test_issue_result_sends_it_back_to_the_desk(s: Shared) -> None:
    d = s.world.dossier_in(Status.PROCESSED)
    d = fresh(services.dossier_issue_result(d, actor=s.world.processing(Role.CLERK)))
    assert (d.current_unit, d.current_step, d.result_issued_at) == (s.world.centre, 6, MONDAY)


def test_return_result_records_how(s: Shared) -> None:
    d = s.world.dossier_in(Status.RESULT_READY)
    desk = s.world.desk()
    error = denied(
        lambda: services.dossier_return_result(d, actor=desk, method="pigeon"), d, ValidationFailed
    )
    assert error.details == {"errors": {"method": ["Choose how the result is returned."]}}
    error = denied(
        lambda: services.dossier_return_result(d, actor=desk, method="counter", receiver_name="A"),
        d,
        ValidationFailed,
    )
    assert error.details == {
        "errors": {"receiver": ["Record who received the result and their ID number."]}
    }
    d = fresh(services.dossier_return_result(fresh(d), actor=desk, method="postal"))
    assert (d.status, d.returned_at, d.return_method) == (Status.RETURNED, MONDAY, "postal")


def test_request_payment_needs_a_positive_amount(s: Shared) -> None:
    d = s.world.dossier_in(Status.IN_PROGRESS)
    specialist = s.world.processing(Role.SPECIALIST)
    for amount in (0, -5):
        error = denied(
            lambda: services.dossier_request_payment(
                fresh(d),
                actor=specialist,
                amount_vnd=amount,  # noqa: B023
                reason=REASON,
            ),
            d,
            ValidationFailed,
        )
        assert error.details == {"errors": {"amount_vnd": ["Enter an amount greater than zero."]}}


def test_confirm_payment_needs_a_reference(s: Shared) -> None:
    d = s.world.dossier_in(Status.AWAITING_PAYMENT)
    error = denied(
        lambda: services.dossier_confirm_payment(d, actor=SYSTEM_ACTOR, reference=" "),
        d,
        ValidationFailed,
    )
    assert error.details == {"errors": {"reference": ["This field is required."]}}


def test_withdraw_before_forwarding_can_be_stopped_by_the_desk(s: Shared) -> None:
    # given a received dossier (still at the desk) whose applicant asks to withdraw
    d = s.world.dossier_in(Status.RECEIVED)
    d = services.dossier_withdraw(d, actor=s.world.applicant(), reason="Không cần nữa")
    assert (d.status, d.current_unit) == (Status.WITHDRAW_REQUESTED, s.world.centre)
    # when every official of the province tries to stop it
    stoppers = {
        f"{a.role}@{a.unit.code}"
        for a in RoleAssignment.objects.select_related("user", "unit")
        if outcome(
            lambda: services.dossier_stop(
                fresh(d),
                actor=Actor(a.user, a.role, a.unit),  # noqa: B023
                reason=REASON,
            )
        )
        == "allowed"
    }
    # then only the desk that holds it can (it is no dead end), and it stops once
    assert stoppers == {f"reception_officer@{s.world.centre.code}"}


# -- the clock ------------------------------------------------------------------------------------


def in_progress_at_step_3(s: Shared) -> Dossier:
    """Received and forwarded Monday 09:00 (due Thursday 17:00), assigned to the specialist."""
    d = advance_to(s.world.dossier_in(Status.IN_PROGRESS), 3)
    assert d.due_at == at(12, 17)
    return d


def test_supplement_pauses_and_resumes_the_clock(s: Shared) -> None:
    w = s.world
    d = in_progress_at_step_3(s)
    # when the specialist asks for a supplement on Tuesday 14:00
    with clock.frozen_at(at(10, 14)):
        d = services.dossier_request_supplement(
            d, actor=w.processing(Role.SPECIALIST), missing=["Bản sao"], reason=REASON
        )
    # then the clock is paused and the promised date does not move yet
    d = fresh(d)
    assert (d.status, d.is_paused, d.due_at, d.supplement_requests) == (
        Status.AWAITING_SUPPLEMENT,
        True,
        at(12, 17),
        1,
    )
    assert d.clock_pauses == [
        {"start": "2026-03-10T07:00:00+00:00", "end": None, "reason": "supplement"}
    ]
    # when the applicant answers on Wednesday 08:30 (3 h on Tuesday + 1 h on Wednesday paused)
    with clock.frozen_at(at(11, 8, 30)):
        d = services.dossier_supplement(d, actor=w.applicant(), note="Đã bổ sung")
    # then the due moves by 4 working hours (Friday 11:30), rounded up to the end of Friday
    d = fresh(d)
    assert (d.status, d.is_paused, d.due_at, d.original_due_at) == (
        Status.IN_PROGRESS,
        False,
        at(13, 17),
        at(12, 17),
    )
    assert d.clock_pauses[0]["end"] == "2026-03-11T01:30:00+00:00"
    assert d.events.get(sequence=d.version).data == {
        "note": "Đã bổ sung",
        "due_before": "2026-03-12T10:00:00+00:00",
        "due_after": "2026-03-13T10:00:00+00:00",
    }


def test_pause_over_a_weekend_counts_working_time_only(s: Shared) -> None:
    w = s.world
    d = in_progress_at_step_3(s)
    # paused Thursday 10:00 to Monday 10:00: 5.5 h + 8 h + 2.5 h = 16 working hours
    with clock.frozen_at(at(12, 10)):
        d = CALLS[Action.REQUEST_SUPPLEMENT](s, d, w.processing(Role.SPECIALIST), REASON)
    with clock.frozen_at(at(16, 10)):
        d = services.dossier_supplement(d, actor=w.desk())
    # the due moves two working days, over the weekend: Thursday 17:00 → Monday 17:00
    assert (fresh(d).due_at, fresh(d).is_paused) == (at(16, 17), False)


def test_payment_pauses_and_resumes_the_clock(s: Shared) -> None:
    w = s.world
    d = in_progress_at_step_3(s)
    with clock.frozen_at(at(10, 9)):
        d = CALLS[Action.REQUEST_PAYMENT](s, d, w.processing(Role.SPECIALIST), REASON)
    assert (fresh(d).is_paused, fresh(d).clock_pauses[0]["reason"]) == (True, "payment")
    assert d.events.get(sequence=d.version).data == {"amount_vnd": 1_200_000}
    # paid Tuesday 15:00: 2.5 h + 2 h paused → Friday 13:30, rounded up to Friday 17:00
    with clock.frozen_at(at(10, 15)):
        d = services.dossier_confirm_payment(d, actor=SYSTEM_ACTOR, reference="FT26069")
    assert (fresh(d).status, fresh(d).due_at, fresh(d).is_paused) == (
        Status.IN_PROGRESS,
        at(13, 17),
        False,
    )
    assert d.events.get(sequence=d.version).data == {
        "reference": "FT26069",
        "due_before": "2026-03-12T10:00:00+00:00",
        "due_after": "2026-03-13T10:00:00+00:00",
    }


def test_pause_within_the_same_working_hour_keeps_the_day(s: Shared) -> None:
    w = s.world
    d = in_progress_at_step_3(s)
    with clock.frozen_at(at(10, 9)):
        d = CALLS[Action.REQUEST_SUPPLEMENT](s, d, w.processing(Role.SPECIALIST), REASON)
    with clock.frozen_at(at(10, 9, 30)):
        d = services.dossier_supplement(d, actor=w.applicant())
    # 30 min paused: Thursday 17:00 → Friday 08:00, rounded up to Friday 17:00
    assert fresh(d).due_at == at(13, 17)


# -- apology and extension ------------------------------------------------------------------------


def test_extend_deadline_once(s: Shared) -> None:
    w = s.world
    d = in_progress_at_step_3(s)
    head = w.processing(Role.DEPARTMENT_HEAD)
    # when the head extends on Wednesday (one working day before Thursday's due) to Monday 17:00
    with clock.frozen_at(at(11, 10)):
        d = services.dossier_extend_deadline(d, actor=head, new_due=at(16, 17), reason=REASON)
    # then the promised date moves and the first one is kept
    d = fresh(d)
    assert (d.due_at, d.original_due_at) == (at(16, 17), at(12, 17))
    assert d.extensions == [
        {
            "at": "2026-03-11T03:00:00+00:00",
            "new_due": "2026-03-16T10:00:00+00:00",
            "reason": REASON,
        }
    ]
    assert d.events.get(sequence=d.version).data == {
        "due_before": "2026-03-12T10:00:00+00:00",
        "due_after": "2026-03-16T10:00:00+00:00",
        "form": "apology_extension",
    }
    # when asked a second time, then refused
    with clock.frozen_at(at(11, 11)):
        error = denied(
            lambda: services.dossier_extend_deadline(
                fresh(d), actor=head, new_due=at(18, 17), reason=REASON
            ),
            d,
            TransitionNotAllowed,
        )
    assert str(error.message) == "The promised date can be extended only once."


@pytest.mark.parametrize("when", [at(12, 9), at(12, 16, 59), at(13, 9)])
def test_extend_deadline_too_late(s: Shared, when: datetime) -> None:
    # given a due date of Thursday 17:00, asked on Thursday itself or after it
    d = in_progress_at_step_3(s)
    with clock.frozen_at(when):
        error = denied(
            lambda: services.dossier_extend_deadline(
                d, actor=s.world.processing(Role.DEPARTMENT_HEAD), new_due=at(20, 17), reason="x"
            ),
            d,
            TransitionNotAllowed,
        )
    assert str(error.message) == (
        "An extension must be asked at least one working day before the promised date."
    )


@pytest.mark.parametrize(
    "new_due",
    [at(12, 17), at(12, 16), at(10, 17), datetime(2026, 3, 16, 17)],
    ids=["same", "earlier-same-day", "earlier-day", "naive"],
)
def test_extend_deadline_needs_a_later_aware_date(s: Shared, new_due: datetime) -> None:
    d = in_progress_at_step_3(s)
    error = denied(
        lambda: services.dossier_extend_deadline(
            d, actor=s.world.processing(Role.DEPARTMENT_HEAD), new_due=new_due, reason=REASON
        ),
        d,
        ValidationFailed,
    )
    assert error.details == {"errors": {"new_due": ["Choose a date after the promised date."]}}


@pytest.mark.parametrize("new_due", [at(14, 17), at(15, 17)], ids=["saturday", "sunday"])
def test_extend_deadline_to_a_non_working_day(s: Shared, new_due: datetime) -> None:
    d = in_progress_at_step_3(s)
    error = denied(
        lambda: services.dossier_extend_deadline(
            d, actor=s.world.processing(Role.DEPARTMENT_HEAD), new_due=new_due, reason=REASON
        ),
        d,
        ValidationFailed,
    )
    assert error.details == {"errors": {"new_due": ["Choose a working day."]}}


def test_extension_then_pause_never_moves_the_due_date_earlier(s: Shared) -> None:
    w = s.world
    d = in_progress_at_step_3(s)
    with clock.frozen_at(at(10, 10)):
        d = CALLS[Action.EXTEND_DEADLINE](s, d, w.processing(Role.DEPARTMENT_HEAD), REASON)
    assert fresh(d).due_at == at(16, 17)
    with clock.frozen_at(at(11, 10)):
        d = CALLS[Action.REQUEST_SUPPLEMENT](s, d, w.processing(Role.SPECIALIST), REASON)
    with clock.frozen_at(at(11, 15)):
        d = services.dossier_supplement(d, actor=w.applicant())
    # 3.5 working hours paused after the extension: Monday 17:00 → Tuesday, end of day
    assert fresh(d).due_at == at(17, 17)


def test_extension_and_pause_at_the_same_instant(s: Shared) -> None:
    # given an extension to Friday and a supplement request at the very same instant (a frozen
    # clock, as when the demo history is replayed)
    w = s.world
    d = in_progress_at_step_3(s)
    with clock.frozen_at(at(10, 9)):
        d = services.dossier_extend_deadline(
            d, actor=w.processing(Role.DEPARTMENT_HEAD), new_due=at(13, 17), reason=REASON
        )
        d = CALLS[Action.REQUEST_SUPPLEMENT](s, d, w.processing(Role.SPECIALIST), REASON)
    # when the applicant answers the next Monday 09:00 (32 working hours later)
    with clock.frozen_at(at(16, 9)):
        d = services.dossier_supplement(d, actor=w.applicant())
    # then the extended date moves by the paused time: Friday 17:00 → Thursday 19 17:00
    assert fresh(d).due_at == at(19, 17)
