# SPDX-License-Identifier: EUPL-1.2
"""Deadline engine invariants over 2024-2028 (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.calendar.deadlines import Pause, TimeLimit, compute_due
from motcua.calendar.workdays import WorkingCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CALENDAR = WorkingCalendar()
FAST = settings(max_examples=200, deadline=None)

moments = st.datetimes(
    min_value=datetime(2024, 1, 1),
    max_value=datetime(2028, 12, 31, 23, 59),
    timezones=st.sampled_from([VN, UTC]),
)
limits = st.one_of(
    st.integers(1, 60).map(TimeLimit.working_days),
    st.integers(1, 200).map(TimeLimit.working_hours),
    st.integers(1, 240).map(lambda quarters: TimeLimit.working_days(Decimal(quarters) / 4)),
    st.just(TimeLimit.same_day()),
)
# Gaps and lengths in minutes, so the pauses come out sorted and non-overlapping.
pause_steps = st.lists(
    st.tuples(st.integers(0, 20 * 24 * 60), st.integers(0, 15 * 24 * 60)), max_size=4
)


def make_pauses(received: datetime, steps: list[tuple[int, int]]) -> list[Pause]:
    pauses, cursor = [], received - timedelta(days=1)
    for gap, length in steps:
        start = cursor + timedelta(minutes=gap)
        cursor = start + timedelta(minutes=length)
        pauses.append(Pause(start, cursor, "supplement request"))
    return pauses


@FAST
@given(received=moments, limit=limits, steps=pause_steps)
def test_due_is_never_on_a_non_working_day(
    received: datetime, limit: TimeLimit, steps: list[tuple[int, int]]
) -> None:
    result = compute_due(
        CALENDAR, received_at=received, limit=limit, pauses=make_pauses(received, steps)
    )
    assert result.due_at.tzinfo is VN
    assert CALENDAR.is_working_day(result.due_at.date())
    assert result.clock_started_at >= received
    assert result.due_at > result.clock_started_at
    if limit.is_day_based:
        assert result.due_at == CALENDAR.end_of_working_hours(result.due_at.date())


@FAST
@given(received=moments, limit=limits, steps=pause_steps, dropped=st.integers(0, 3))
def test_adding_a_pause_never_makes_the_due_date_earlier(
    received: datetime, limit: TimeLimit, steps: list[tuple[int, int]], dropped: int
) -> None:
    pauses = make_pauses(received, steps)
    fewer = [p for i, p in enumerate(pauses) if i != dropped]
    with_all = compute_due(CALENDAR, received_at=received, limit=limit, pauses=pauses)
    with_fewer = compute_due(CALENDAR, received_at=received, limit=limit, pauses=fewer)
    assert with_all.due_at >= with_fewer.due_at


@FAST
@given(received=moments, limit=limits, steps=pause_steps)
def test_an_open_pause_keeps_the_previous_due_date(
    received: datetime, limit: TimeLimit, steps: list[tuple[int, int]]
) -> None:
    closed = make_pauses(received, steps)
    last_end = closed[-1].end if closed else received
    assert last_end is not None
    open_pause = Pause(last_end + timedelta(hours=1), None, "financial obligation")
    before = compute_due(CALENDAR, received_at=received, limit=limit, pauses=closed)
    during = compute_due(CALENDAR, received_at=received, limit=limit, pauses=[*closed, open_pause])
    assert during.paused and not before.paused
    assert during.due_at == before.due_at


@FAST
@given(start=moments, minutes=st.integers(0, 200 * 60))
def test_add_working_time_round_trips(start: datetime, minutes: int) -> None:
    duration = timedelta(minutes=minutes)
    end = CALENDAR.add_working_time(start, duration)
    assert end >= start
    assert CALENDAR.working_time_between(start, end) == duration
    assert CALENDAR.add_working_time(start, CALENDAR.working_time_between(start, end)) == end


@FAST
@given(start=moments, end=moments)
def test_working_time_between_round_trips(start: datetime, end: datetime) -> None:
    if end < start:
        start, end = end, start
    elapsed = CALENDAR.working_time_between(start, end)
    reached = CALENDAR.add_working_time(start, elapsed)
    assert CALENDAR.working_time_between(start, reached) == elapsed
    if elapsed:  # a zero duration gives the clock start, which may lie after ``end``
        assert reached <= end
        assert CALENDAR.working_time_between(reached, end) == timedelta(0)
