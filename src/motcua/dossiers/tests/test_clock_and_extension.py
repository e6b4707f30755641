# SPDX-License-Identifier: EUPL-1.2
"""Clock pauses, resumptions and the apology-and-extension rule."""

from datetime import datetime

import pytest

from motcua.accounts.actors import SYSTEM_ACTOR
from motcua.accounts.models import Role
from motcua.core import clock
from motcua.core.errors import (
    TransitionNotAllowed,
    ValidationFailed,
)
from motcua.dossiers import services
from motcua.dossiers.lifecycle import (
    Action,
    Status,
)
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.lifecycle_support import (
    CALLS,
    REASON,
    Shared,
    advance_to,
    at,
    denied,
    fresh,
)

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
        "documents": 0,
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
