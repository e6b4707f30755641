# SPDX-License-Identifier: EUPL-1.2
"""Deadline engine: exact values on the Vietnamese calendar (Tết 2026, overrides, pauses)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from motcua.calendar.deadlines import (
    DueResult,
    Extension,
    Pause,
    TimeLimit,
    compute_due,
    timeliness,
)
from motcua.calendar.workdays import Override, WorkingCalendar, WorkingHours

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


def due(
    calendar: WorkingCalendar,
    received: datetime,
    limit: TimeLimit,
    *,
    pauses: Sequence[Pause] = (),
    extensions: Sequence[Extension] = (),
) -> DueResult:
    return compute_due(
        calendar, received_at=received, limit=limit, pauses=pauses, extensions=extensions
    )


# -- working days -----------------------------------------------------------------------------


def test_tet_2026_days_are_not_working_days(calendar: WorkingCalendar) -> None:
    assert [calendar.is_working_day(date(2026, 2, d)) for d in range(13, 24)] == [
        True,  # Fri 13
        False,  # Sat
        False,  # Sun
        False,  # Mon 16 Lunar New Year's Eve
        False,
        False,
        False,
        False,  # Fri 20 Fourth Day
        False,  # Sat
        False,  # Sun
        True,  # Mon 23
    ]
    assert calendar.why_not_working(date(2026, 2, 17)) == "Lunar New Year"
    assert calendar.why_not_working(date(2026, 2, 14)) == "weekend"
    assert calendar.why_not_working(date(2026, 2, 13)) is None
    assert calendar.why_not_working(date(2026, 11, 24)) == "Vietnam Cultural Day"


def test_library_swap_days_2026(calendar: WorkingCalendar) -> None:
    # Sat 22 Aug 2026 is worked so that Mon 31 Aug joins the National Day holiday.
    assert calendar.is_working_day(date(2026, 8, 22))
    assert calendar.why_not_working(date(2026, 8, 31)) == "Day off (substituted from 08/22/2026)"


def test_next_previous_and_add_working_days_across_tet(calendar: WorkingCalendar) -> None:
    assert calendar.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert calendar.previous_working_day(date(2026, 2, 23)) == date(2026, 2, 13)
    assert calendar.add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 25)
    assert calendar.add_working_days(date(2026, 2, 25), -3) == date(2026, 2, 13)
    assert calendar.add_working_days(date(2026, 2, 14), 0) == date(2026, 2, 14)


def test_date_methods_reject_datetimes(calendar: WorkingCalendar) -> None:
    with pytest.raises(TypeError):
        calendar.is_working_day(at(2026, 2, 13, 10))


def test_unknown_country_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown country"):
        WorkingCalendar(country="XX")


def test_other_country_uses_its_own_holidays() -> None:
    new_york = ZoneInfo("America/New_York")
    us = WorkingCalendar(country="US", tz=new_york)
    assert us.why_not_working(date(2026, 7, 3)) == "Independence Day (observed)"
    result = compute_due(
        us, received_at=datetime(2026, 7, 2, 10, tzinfo=new_york), limit=TimeLimit.working_days(1)
    )
    assert result.due_at.isoformat() == "2026-07-06T17:00:00-04:00"


# -- overrides ----------------------------------------------------------------------------------


def test_make_up_saturday_override_counts(calendar: WorkingCalendar) -> None:
    received = at(2026, 3, 5, 10)  # Thursday
    assert due(calendar, received, TimeLimit.working_days(2)).due_at == at(2026, 3, 9, 17)

    saturday = Override(date(2026, 3, 7), True, "Make-up working day", "Decision 1/QĐ-UBND")
    with_override = WorkingCalendar(overrides=[saturday])
    result = due(with_override, received, TimeLimit.working_days(2))

    assert result.due_at == at(2026, 3, 7, 17)
    assert with_override.is_working_day(date(2026, 3, 7))
    assert (
        "Sat 2026-03-07 counted as a working day: Make-up working day (Decision 1/QĐ-UBND)."
        in result.explain()
    )
    assert [s.code for s in result.shifts] == ["clock_start", "time_limit", "override"]


def test_extra_day_off_override(calendar: WorkingCalendar) -> None:
    day_off = Override(date(2026, 3, 6), False, "Extra day off", "Notice 12/TB-VPCP")
    with_override = WorkingCalendar(overrides=[day_off])
    result = due(with_override, at(2026, 3, 5, 10), TimeLimit.working_days(2))

    assert result.due_at == at(2026, 3, 10, 17)
    assert with_override.why_not_working(date(2026, 3, 6)) == "Extra day off (Notice 12/TB-VPCP)"
    assert "Extra day off (Notice 12/TB-VPCP) 2026-03-06 skipped." in result.explain()
    assert result.shifts[-1].code == "override"


def test_override_beats_library_holiday() -> None:
    worked = WorkingCalendar(overrides=[Override(date(2026, 2, 20), True, "Worked during Tết")])
    result = due(worked, at(2026, 2, 12, 10), TimeLimit.working_days(2))

    assert worked.is_working_day(date(2026, 2, 20))
    assert result.due_at == at(2026, 2, 20, 17)
    assert result.explain()[3:5] == [
        "Lunar New Year (Tết) 2026-02-16..2026-02-19 skipped.",
        "Fri 2026-02-20 counted as a working day: Worked during Tết.",
    ]


def test_conflicting_overrides_are_rejected() -> None:
    day = date(2026, 3, 6)
    with pytest.raises(ValueError, match="conflicting"):
        WorkingCalendar(overrides=[Override(day, False, "off"), Override(day, True, "on")])


# -- clock start ------------------------------------------------------------------------------


def test_received_within_hours_starts_at_once(calendar: WorkingCalendar) -> None:
    start, shifts = calendar.clock_start(at(2026, 3, 6, 10))
    assert start == at(2026, 3, 6, 10)
    assert [s.code for s in shifts] == ["clock_start"]


def test_received_after_hours_on_friday_starts_monday(calendar: WorkingCalendar) -> None:
    start, shifts = calendar.clock_start(at(2026, 3, 6, 17, 30))
    assert start.isoformat() == "2026-03-09T07:30:00+07:00"
    assert shifts[0].code == "after_hours"
    assert shifts[0].before == at(2026, 3, 6, 17, 30)
    assert shifts[0].after == start


@pytest.mark.parametrize(
    ("received", "expected", "words"),
    [
        (at(2026, 3, 6, 17, 0), at(2026, 3, 9, 7, 30), "after working hours"),
        (at(2026, 3, 6, 7, 0), at(2026, 3, 6, 7, 30), "before opening time"),
        (at(2026, 3, 6, 12, 0), at(2026, 3, 6, 13, 0), "during the break"),
        (at(2026, 3, 6, 11, 30), at(2026, 3, 6, 13, 0), "during the break"),
    ],
)
def test_received_outside_hours(
    calendar: WorkingCalendar, received: datetime, expected: datetime, words: str
) -> None:
    start, shifts = calendar.clock_start(received)
    assert start == expected
    assert shifts[0].code == "after_hours"
    assert words in shifts[0].reason


def test_received_on_sunday(calendar: WorkingCalendar) -> None:
    result = due(calendar, at(2026, 3, 8, 10), TimeLimit.working_days(1))
    assert result.clock_started_at.isoformat() == "2026-03-09T07:30:00+07:00"
    assert result.due_at.isoformat() == "2026-03-10T17:00:00+07:00"
    assert result.shifts[0].code == "non_working_day"
    assert "on a non-working day (weekend)" in result.shifts[0].reason


def test_received_during_tet(calendar: WorkingCalendar) -> None:
    start, shifts = calendar.clock_start(at(2026, 2, 17, 9))
    assert start == at(2026, 2, 23, 7, 30)
    assert shifts[0].reason == (
        "Received Tue 2026-02-17 09:00, on a non-working day (Lunar New Year); the clock starts "
        "at the start of the next working hours, Mon 2026-02-23 07:30; skipped: Lunar New Year "
        "(Tết) 2026-02-18..2026-02-20, weekend 2026-02-21..2026-02-22."
    )


def test_received_in_another_offset_is_converted(calendar: WorkingCalendar) -> None:
    result = due(calendar, datetime(2026, 2, 13, 3, tzinfo=UTC), TimeLimit.working_days(3))
    assert result.received_at.isoformat() == "2026-02-13T10:00:00+07:00"
    assert result.due_at.isoformat() == "2026-02-25T17:00:00+07:00"


# -- working days limit -------------------------------------------------------------------------


def test_tet_2026_three_working_days(calendar: WorkingCalendar) -> None:
    result = due(calendar, at(2026, 2, 13, 10), TimeLimit.working_days(3))
    assert result.due_at.isoformat() == "2026-02-25T17:00:00+07:00"
    assert result.paused is False
    assert result.explain() == [
        "Received at 2026-02-13T10:00:00+07:00.",
        "Clock starts at reception, Fri 2026-02-13 10:00, within working hours.",
        "Time limit 3 working days: the day the clock starts (2026-02-13) is not counted; the "
        "period ends at the end of working hours of the 3rd working day, Wed 2026-02-25 17:00 "
        "(Civil Code 2015 Art. 147-148).",
        "Lunar New Year (Tết) 2026-02-16..2026-02-20 skipped.",
        "Due at 2026-02-25T17:00:00+07:00.",
    ]
    skipped = result.shifts[-1]
    assert (skipped.code, skipped.before, skipped.after) == (
        "holiday_skipped",
        at(2026, 2, 16, 7, 30),
        at(2026, 2, 23, 7, 30),
    )


def test_after_hours_receipt_counts_days_from_the_clock_start(calendar: WorkingCalendar) -> None:
    result = due(calendar, at(2026, 2, 13, 17, 30), TimeLimit.working_days(3))
    assert result.clock_started_at == at(2026, 2, 23, 7, 30)
    assert result.due_at == at(2026, 2, 26, 17)
    assert "Lunar New Year (Tết) 2026-02-16..2026-02-20" in result.explain()[1]


def test_tet_2024_spans_a_weekend_in_one_run(calendar: WorkingCalendar) -> None:
    result = due(calendar, at(2024, 2, 7, 9), TimeLimit.working_days(2))
    assert result.due_at == at(2024, 2, 16, 17)
    assert "Lunar New Year (Tết) 2024-02-08..2024-02-14 skipped." in result.explain()


def test_zero_working_days_ends_the_same_day(calendar: WorkingCalendar) -> None:
    assert due(calendar, at(2026, 3, 6, 9), TimeLimit.working_days(0)).due_at == at(2026, 3, 6, 17)


def test_integral_decimal_days_use_the_days_rule(calendar: WorkingCalendar) -> None:
    limit = TimeLimit(Decimal("2.0"), "working_days")
    assert due(calendar, at(2026, 3, 5, 10), limit).due_at == at(2026, 3, 9, 17)


# -- working hours and fractional days ----------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "hours", "expected"),
    [
        (at(2026, 3, 2, 15), "4", at(2026, 3, 3, 9, 30)),  # overnight
        (at(2026, 3, 2, 10), "3", at(2026, 3, 2, 14, 30)),  # over the lunch break
        (at(2026, 3, 2, 15), "2", at(2026, 3, 2, 17)),  # ends exactly at closing time
        (at(2026, 2, 13, 15), "8", at(2026, 2, 23, 15)),  # over Tết
        (at(2026, 3, 2, 10), "0.25", at(2026, 3, 2, 10, 15)),
        (at(2026, 3, 2, 18), "1", at(2026, 3, 3, 8, 30)),  # received after hours
    ],
)
def test_working_hours(
    calendar: WorkingCalendar, received: datetime, hours: str, expected: datetime
) -> None:
    assert due(calendar, received, TimeLimit.working_hours(hours)).due_at == expected


def test_fractional_days_become_working_hours(calendar: WorkingCalendar) -> None:
    result = due(calendar, at(2026, 2, 9, 9), TimeLimit.working_days(Decimal("1.5")))
    assert result.due_at.isoformat() == "2026-02-10T14:30:00+07:00"
    assert "1.5 working days = 12 working hours (8 h a day)" in result.explain()[2]
    half = due(calendar, at(2026, 3, 2, 15), TimeLimit.working_days(Decimal("0.5")))
    assert half.due_at == at(2026, 3, 3, 9, 30)


def test_hours_per_day_setting_drives_fractional_days() -> None:
    six_hour_days = WorkingCalendar(hours_per_day=6)
    result = due(six_hour_days, at(2026, 3, 2, 8), TimeLimit.working_days(Decimal("0.5")))
    assert result.due_at == at(2026, 3, 2, 11)


def test_custom_working_hours() -> None:
    hours = WorkingHours.from_strings([["08:00", "12:00"], ["13:30", "17:30"]])
    custom = WorkingCalendar(hours=hours)
    assert hours.day_length == timedelta(hours=8)
    assert due(custom, at(2026, 3, 2, 7, 45), TimeLimit.working_days(1)).due_at == at(
        2026, 3, 3, 17, 30
    )
    assert due(custom, at(2026, 3, 2, 11), TimeLimit.working_hours(2)).due_at == at(
        2026, 3, 2, 14, 30
    )


def test_working_time_between_and_add_working_time(calendar: WorkingCalendar) -> None:
    assert calendar.working_time_between(at(2026, 3, 2), at(2026, 3, 3)) == timedelta(hours=8)
    assert calendar.working_time_between(at(2026, 2, 13, 16), at(2026, 2, 23, 8)) == timedelta(
        hours=1, minutes=30
    )
    assert calendar.add_working_time(at(2026, 3, 7, 10), timedelta(0)) == at(2026, 3, 9, 7, 30)
    with pytest.raises(ValueError, match="before start"):
        calendar.working_time_between(at(2026, 3, 3), at(2026, 3, 2))
    with pytest.raises(ValueError, match="negative"):
        calendar.add_working_time(at(2026, 3, 3), timedelta(hours=-1))


# -- same day -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected", "code"),
    [
        (at(2026, 3, 5, 14, 59), at(2026, 3, 5, 17), "time_limit"),
        (at(2026, 3, 5, 15, 0), at(2026, 3, 5, 17), "time_limit"),  # not *after* 15:00
        (at(2026, 3, 5, 15, 1), at(2026, 3, 6, 17), "cutoff"),
        (at(2026, 3, 6, 16, 0), at(2026, 3, 9, 17), "cutoff"),  # Friday → Monday
        (at(2026, 3, 5, 17, 30), at(2026, 3, 6, 17), "time_limit"),  # clock starts Fri 07:30
        (at(2026, 2, 13, 15, 30), at(2026, 2, 23, 17), "cutoff"),  # over Tết
    ],
)
def test_same_day_cutoff(
    calendar: WorkingCalendar, received: datetime, expected: datetime, code: str
) -> None:
    result = due(calendar, received, TimeLimit.same_day())
    assert result.due_at == expected
    assert code in [s.code for s in result.shifts]


def test_same_day_cutoff_reason_cites_decree_23(calendar: WorkingCalendar) -> None:
    result = due(calendar, at(2026, 2, 13, 15, 30), TimeLimit.same_day())
    assert result.explain()[2] == (
        "Same-day limit: the clock started at 15:30, after the 15:00 cut-off; due at the end of "
        "the next working day, Mon 2026-02-23 17:00 (Decree 23/2015 Art. 7)."
    )
    assert result.explain()[3] == "Lunar New Year (Tết) 2026-02-16..2026-02-20 skipped."


def test_same_day_cutoff_is_configurable() -> None:
    early = WorkingCalendar(same_day_cutoff=time(11, 0))
    assert due(early, at(2026, 3, 5, 13), TimeLimit.same_day()).due_at == at(2026, 3, 6, 17)


# -- pauses -------------------------------------------------------------------------------------


def test_pause_spanning_tet(calendar: WorkingCalendar) -> None:
    pause = Pause(at(2026, 2, 11, 9), at(2026, 2, 24, 10), "supplement request")
    without = due(calendar, at(2026, 2, 9, 9), TimeLimit.working_days(10))
    result = due(calendar, at(2026, 2, 9, 9), TimeLimit.working_days(10), pauses=[pause])

    assert without.due_at == at(2026, 3, 2, 17)
    # 6.5 h + 8 h + 8 h (11-13 Feb), Tết not counted, 8 h + 2.5 h (23-24 Feb) = 33 h
    assert calendar.working_time_between(pause.start, pause.end or pause.start) == timedelta(
        hours=33
    )
    # 2 Mar 17:00 + 33 h → Mon 9 Mar 08:30, rounded up to the end of that day.
    assert result.due_at.isoformat() == "2026-03-09T17:00:00+07:00"
    shift = result.shifts[-1]
    assert (shift.code, shift.at, shift.before, shift.after) == (
        "pause",
        pause.start,
        at(2026, 3, 2, 17),
        at(2026, 3, 9, 17),
    )
    assert "33 h of working time elapsed" in shift.reason
    assert "Lunar New Year (Tết) 2026-02-16..2026-02-20" in shift.reason


def test_pause_on_hours_limit_is_not_rounded(calendar: WorkingCalendar) -> None:
    pause = Pause(at(2026, 3, 2, 10), at(2026, 3, 2, 14), "financial obligation")
    result = due(calendar, at(2026, 3, 2, 8), TimeLimit.working_hours(16), pauses=[pause])
    # Without the pause: Wed 4 Mar 08:00; the pause holds 2.5 working hours.
    assert result.due_at == at(2026, 3, 4, 10, 30)


def test_pause_outside_working_time_changes_nothing(calendar: WorkingCalendar) -> None:
    pause = Pause(at(2026, 3, 7, 8), at(2026, 3, 8, 20), "supplement request")
    result = due(calendar, at(2026, 3, 5, 10), TimeLimit.working_days(2), pauses=[pause])
    assert result.due_at == at(2026, 3, 9, 17)
    assert "outside working time; due date unchanged." in result.shifts[-1].reason


def test_pause_after_the_due_date_changes_nothing(calendar: WorkingCalendar) -> None:
    pause = Pause(at(2026, 3, 10, 8), at(2026, 3, 12, 8), "financial obligation")
    result = due(calendar, at(2026, 3, 5, 10), TimeLimit.working_days(2), pauses=[pause])
    assert result.due_at == at(2026, 3, 9, 17)
    assert "after the due date; due date unchanged." in result.shifts[-1].reason


def test_open_pause(calendar: WorkingCalendar) -> None:
    closed = Pause(at(2026, 3, 2, 8), at(2026, 3, 2, 9), "supplement request")
    still_open = Pause(at(2026, 3, 4, 8), None, "financial obligation")
    result = due(
        calendar, at(2026, 3, 2, 8), TimeLimit.working_days(5), pauses=[still_open, closed]
    )
    assert result.paused is True
    assert result.due_at == at(2026, 3, 10, 17)  # 9 Mar, plus one day for the first pause
    assert result.explain()[-1] == (
        "The clock is stopped: the due date is unknown until it resumes "
        "(due before the pause: 2026-03-10T17:00:00+07:00)."
    )


def test_nothing_may_follow_an_open_pause(calendar: WorkingCalendar) -> None:
    still_open = Pause(at(2026, 3, 3, 8), None, "supplement request")
    extension = Extension(at(2026, 3, 5, 8), at(2026, 3, 20, 17), "late")
    with pytest.raises(ValueError, match="open pause"):
        due(
            calendar,
            at(2026, 3, 2, 8),
            TimeLimit.working_days(5),
            pauses=[still_open],
            extensions=[extension],
        )


def test_overlapping_pauses_are_rejected(calendar: WorkingCalendar) -> None:
    pauses = [
        Pause(at(2026, 3, 2, 9), at(2026, 3, 3, 9), "a"),
        Pause(at(2026, 3, 3, 8), at(2026, 3, 4, 9), "b"),
    ]
    with pytest.raises(ValueError, match="overlap"):
        due(calendar, at(2026, 3, 2, 8), TimeLimit.working_days(5), pauses=pauses)


def test_pause_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="end before"):
        Pause(at(2026, 3, 3), at(2026, 3, 2), "x")


# -- extensions ---------------------------------------------------------------------------------


def test_extension_moves_the_due_date(calendar: WorkingCalendar) -> None:
    extension = Extension(at(2026, 3, 5, 9), at(2026, 3, 13, 17), "site visit needed")
    result = due(calendar, at(2026, 3, 2, 8), TimeLimit.working_days(5), extensions=[extension])
    assert result.due_at == at(2026, 3, 13, 17)
    assert result.shifts[-1].code == "extension"
    assert result.shifts[-1].before == at(2026, 3, 9, 17)
    assert result.explain()[-2] == (
        "Apology and extension (form 04) made Thu 2026-03-05 09:00 (site visit needed): due "
        "moves from Mon 2026-03-09 17:00 to Fri 2026-03-13 17:00."
    )


def test_extension_then_pause_applies_in_time_order(calendar: WorkingCalendar) -> None:
    extension = Extension(at(2026, 3, 5, 9), at(2026, 3, 13, 17), "site visit needed")
    pause = Pause(at(2026, 3, 10, 8), at(2026, 3, 11, 8), "supplement request")
    result = due(
        calendar,
        at(2026, 3, 2, 8),
        TimeLimit.working_days(5),
        pauses=[pause],
        extensions=[extension],
    )
    assert [s.code for s in result.shifts][-2:] == ["extension", "pause"]
    assert result.due_at == at(2026, 3, 16, 17)


def test_extension_earlier_than_due_is_rejected(calendar: WorkingCalendar) -> None:
    extension = Extension(at(2026, 3, 5, 9), at(2026, 3, 6, 17), "mistake")
    with pytest.raises(ValueError, match="cannot bring the due date forward"):
        due(calendar, at(2026, 3, 2, 8), TimeLimit.working_days(5), extensions=[extension])


def test_extension_to_a_non_working_day_is_rejected(calendar: WorkingCalendar) -> None:
    extension = Extension(at(2026, 3, 5, 9), at(2026, 3, 14, 17), "weekend")
    with pytest.raises(ValueError, match="working day"):
        due(calendar, at(2026, 3, 2, 8), TimeLimit.working_days(5), extensions=[extension])


def test_late_and_repeated_extensions_are_noted(calendar: WorkingCalendar) -> None:
    extensions = [
        Extension(at(2026, 3, 9, 9), at(2026, 3, 13, 17), "first"),
        Extension(at(2026, 3, 10, 9), at(2026, 3, 17, 17), "second"),
    ]
    result = due(calendar, at(2026, 3, 2, 8), TimeLimit.working_days(5), extensions=extensions)
    assert result.due_at == at(2026, 3, 17, 17)
    first, second = result.explain()[-3:-1]
    assert "Note: made less than 1 working day before the due date." in first
    assert "Note: the due date may be extended only once." in second


# -- timeliness ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        (at(2026, 2, 24, 10), "early"),
        (at(2026, 2, 13, 16), "early"),
        (at(2026, 2, 21, 10), "early"),  # Saturday: counts as Monday 23, still before the 25th
        (at(2026, 2, 25, 9), "on_time"),
        (at(2026, 2, 25, 17), "on_time"),
        (at(2026, 2, 25, 17, 1), "late"),
        (at(2026, 3, 2, 9), "late"),
    ],
)
def test_timeliness(calendar: WorkingCalendar, finished: datetime, expected: str) -> None:
    assert timeliness(at(2026, 2, 25, 17), finished, calendar) == expected


def test_finished_on_the_weekend_before_a_monday_due_is_on_time(
    calendar: WorkingCalendar,
) -> None:
    assert timeliness(at(2026, 3, 9, 17), at(2026, 3, 8, 10), calendar) == "on_time"


# -- validation ---------------------------------------------------------------------------------

NAIVE = datetime(2026, 2, 13, 10)


def test_naive_datetimes_are_rejected(calendar: WorkingCalendar) -> None:
    aware = at(2026, 2, 13, 10)
    with pytest.raises(ValueError, match="timezone-aware"):
        due(calendar, NAIVE, TimeLimit.working_days(3))
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar.clock_start(NAIVE)
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar.working_time_between(NAIVE, aware)
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar.add_working_time(NAIVE, timedelta(hours=1))
    with pytest.raises(ValueError, match="timezone-aware"):
        Pause(aware, NAIVE, "x")
    with pytest.raises(ValueError, match="timezone-aware"):
        Extension(NAIVE, aware, "x")
    with pytest.raises(ValueError, match="timezone-aware"):
        timeliness(aware, NAIVE, calendar)


@pytest.mark.parametrize(
    "intervals",
    [
        (),
        ((time(13), time(17)), (time(7, 30), time(11, 30))),
        ((time(7, 30), time(13)), (time(12), time(17))),
        ((time(9), time(9)),),
    ],
)
def test_invalid_working_hours(intervals: tuple[tuple[time, time], ...]) -> None:
    with pytest.raises(ValueError):
        WorkingHours(intervals)


def test_working_hours_from_strings_rejects_bad_pairs() -> None:
    with pytest.raises(ValueError):
        WorkingHours.from_strings([["07:30"]])
    with pytest.raises(ValueError):
        WorkingHours.from_strings([["7h30", "11h30"]])


def test_default_working_hours() -> None:
    assert WorkingHours() == WorkingHours.from_strings([["07:30", "11:30"], ["13:00", "17:00"]])
    assert WorkingHours().day_length == timedelta(hours=8)


def test_invalid_time_limits() -> None:
    with pytest.raises(ValueError):
        TimeLimit.working_days(-1)
    with pytest.raises(ValueError):
        TimeLimit(Decimal("NaN"), "working_hours")
    with pytest.raises(TypeError):
        TimeLimit(1.5, "working_days")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unit"):
        TimeLimit(Decimal(1), "weeks")  # type: ignore[arg-type]
    assert TimeLimit(3, "working_days").amount == Decimal(3)  # type: ignore[arg-type]
