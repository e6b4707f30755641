# SPDX-License-Identifier: EUPL-1.2
"""Time left until the promised date, in working days and hours, and the due-soon boundary."""

from collections.abc import Iterator
from datetime import date

import pytest
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from motcua.calendar.models import CalendarOverride
from motcua.calendar.workdays import Override, WorkingCalendar
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.lifecycle_support import at
from motcua.dossiers.time_left import (
    TimeLeft,
    UnitCalendars,
    dossier_time_left,
    due_soon_boundary,
    time_left,
)
from motcua.orgunits.models import OrgUnit, UnitKind

CALENDAR = WorkingCalendar()
THURSDAY_END = at(12, 17)  # a promised date: Thu 2026-03-12 17:00


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Mon 09:00: 2.5 h + 4 h on Monday, then 8 h Tue, Wed, Thu = 30.5 h
        (at(9, 9), TimeLeft("left", "3 working days 6 h left", 3, 6)),
        # Wed 17:00 (closing time): only Thursday is left
        (at(11, 17), TimeLeft("left", "1 working day left", 1, 0)),
        # Thu 13:00: 4 h
        (at(12, 13), TimeLeft("left", "4 working hours left", 0, 4)),
        (at(12, 16, 0), TimeLeft("left", "1 working hour left", 0, 1)),
        (at(12, 16, 30), TimeLeft("left", "less than 1 working hour left", 0, 0)),
        (THURSDAY_END, TimeLeft("left", "less than 1 working hour left", 0, 0)),
        # after closing time on the due day: late, but no working time has passed yet
        (at(12, 18), TimeLeft("overdue", "overdue by less than 1 working hour", 0, 0)),
        # the whole of Friday: one working day late
        (at(13, 17), TimeLeft("overdue", "overdue by 1 working day", 1, 0)),
        # the weekend does not count: Fri 8 h + Mon 07:30-10:00 = 10.5 h
        (at(16, 10), TimeLeft("overdue", "overdue by 1 working day 2 h", 1, 2)),
        (at(20, 17), TimeLeft("overdue", "overdue by 6 working days", 6, 0)),
    ],
)
def test_time_left_counts_working_time_only(now: object, expected: TimeLeft) -> None:
    result = time_left(THURSDAY_END, now, CALENDAR)  # type: ignore[arg-type]
    assert result == expected
    assert result.overdue is (expected.state == "overdue")
    assert result.paused is False


def test_weekends_and_announced_days_off_are_not_counted() -> None:
    # Friday 16:00 to Monday 17:00: 1 h on Friday and the 8 h of Monday
    assert time_left(at(16, 17), at(13, 16), CALENDAR).label == "1 working day 1 h left"
    day_off = Override(date(2026, 3, 16), is_working_day=False, reason="Announced day off")
    with_day_off = WorkingCalendar(overrides=[day_off])
    assert time_left(at(17, 17), at(13, 16), with_day_off) == TimeLeft(
        "left", "1 working day 1 h left", 1, 1
    )


def test_the_unit_day_length_and_hours_per_day_are_used() -> None:
    short_day = WorkingCalendar(hours_per_day=4)
    assert time_left(THURSDAY_END, at(11, 17), short_day) == TimeLeft(
        "left", "2 working days left", 2, 0
    )


def _dossier(status: Status, **fields: object) -> Dossier:
    return Dossier(status=status, clock_pauses=[], **fields)


@pytest.mark.parametrize(
    ("status", "fields", "state", "label"),
    [
        (Status.SUBMITTED, {}, "not_started", "Not received yet"),
        (Status.AWAITING_COMPLETION, {}, "not_started", "Not received yet"),
        (Status.RECEIVED, {"due_at": THURSDAY_END}, "left", "3 working days 6 h left"),
        (Status.IN_PROGRESS, {"due_at": at(9, 17)}, "left", "6 working hours left"),
        (Status.AWAITING_SUPPLEMENT, {"due_at": at(9, 10)}, "paused", "Clock paused"),
        (Status.AWAITING_PAYMENT, {"due_at": at(9, 10)}, "paused", "Clock paused"),
        # due the Friday before: 07:30-09:00 on Monday is 1.5 working hours late
        (Status.WITHDRAW_REQUESTED, {"due_at": at(6, 17)}, "overdue", "overdue by 1 working hour"),
        (Status.PROCESSED, {"due_at": at(6, 17)}, "decided", "Decided"),
        (Status.RESULT_READY, {"due_at": at(6, 17)}, "decided", "Decided"),
        (Status.STOPPED, {"due_at": at(6, 17)}, "closed", "Closed"),
    ],
)
def test_dossier_time_left_by_status(
    status: Status, fields: dict[str, object], state: str, label: str
) -> None:
    result = dossier_time_left(_dossier(status, **fields), at(9, 9), CALENDAR)
    assert (result.state, result.label) == (state, label)


def test_an_open_pause_shows_paused_whatever_the_status() -> None:
    dossier = _dossier(Status.IN_PROGRESS, due_at=THURSDAY_END)
    dossier.clock_pauses = [{"start": "2026-03-09T02:00:00+00:00", "end": None, "reason": "x"}]
    assert dossier_time_left(dossier, at(9, 9), CALENDAR) == TimeLeft("paused", "Clock paused")


def test_the_time_left_label_is_translated() -> None:
    with translation.override("vi"):
        label = time_left(THURSDAY_END, at(12, 18), CALENDAR).label
    assert label  # the catalogue decides the words; never empty, never an error


@pytest.mark.parametrize(
    ("now", "boundary"),
    [
        (at(9, 9), at(10, 17)),  # Monday → end of Tuesday
        (at(9, 18), at(10, 17)),  # after hours too
        (at(13, 9), at(16, 17)),  # Friday → end of Monday
        (at(14, 11), at(16, 17)),  # Saturday → end of Monday
    ],
)
def test_due_soon_ends_with_the_next_working_day(now: object, boundary: object) -> None:
    assert due_soon_boundary(CALENDAR, now) == boundary  # type: ignore[arg-type]


@pytest.mark.django_db
def test_unit_calendars_load_each_unit_once(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    unit = OrgUnit.objects.create(code="T1", kind=UnitKind.COMMUNE, name="Test commune")
    CalendarOverride.objects.create(
        unit=unit, day=date(2026, 3, 11), is_working_day=False, reason="Local day off",
        legal_reference="QĐ 1/2026",
    )  # fmt: skip
    calendars = UnitCalendars()
    with django_assert_num_queries(2):  # country overrides, unit overrides
        first = calendars.for_unit(unit)
    with django_assert_num_queries(0):
        assert calendars.for_unit(unit) is first
    assert first.is_working_day(date(2026, 3, 11)) is False
    # Mon 09:00 to Thu 17:00 without Wednesday: 6.5 + 8 + 8 h
    assert time_left(THURSDAY_END, at(9, 9), first).label == "2 working days 6 h left"
