# SPDX-License-Identifier: EUPL-1.2
"""The one-stop desk and processing by the competent unit."""

from datetime import datetime
from decimal import Decimal

import pytest

from motcua.accounts.actors import SYSTEM_ACTOR, Actor
from motcua.accounts.models import Role, RoleAssignment
from motcua.core import clock
from motcua.core.errors import (
    DomainError,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from motcua.dossiers import services
from motcua.dossiers.lifecycle import (
    FINAL_STATUSES,
    Action,
    Status,
    rule_for,
)
from motcua.dossiers.tests.lifecycle_support import (
    CALLS,
    DECIDING,
    MONDAY,
    REASON,
    Shared,
    advance_to,
    at,
    denied,
    fresh,
    outcome,
    scope_actor,
    snapshot,
)
from motcua.orgunits.models import OrgUnit, UnitKind
from motcua.testing.builders import (
    add_procedure,
    submit_dossier,
)

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
    assert event.data == {
        "due_at": "2026-03-12T10:00:00+00:00",
        "limit": "3.00 working_days",
        "tracking_book_line": 1,
        "form": "receipt",
    }
    assert d.tracking_book_line == 1


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
    assert d.events.get(sequence=d.version).data == {
        "step": 2,
        "next_step": 3,
        "note": "",
        "assignee_id": None,
        "assignee": "",
    }


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
