# SPDX-License-Identifier: EUPL-1.2
"""Deadlines over the working calendar: time limits, pauses, extensions, timeliness.

Pure Python (no Django). The rules and their sources are listed in ``motcua.calendar.workdays``
and ``docs/calendar.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import get_args

from motcua.calendar.workdays import (
    LimitUnit,
    Shift,
    Timeliness,
    WorkingCalendar,
    _format_duration,
    _ordinal,
    _require_aware,
    _when,
)


@dataclass(frozen=True)
class TimeLimit:
    """A legal time limit (thời hạn giải quyết); ``amount`` is ignored for ``same_day``."""

    amount: Decimal
    unit: LimitUnit

    def __post_init__(self) -> None:
        amount: object = self.amount
        if isinstance(amount, int) and not isinstance(amount, bool):
            object.__setattr__(self, "amount", Decimal(amount))
        elif not isinstance(amount, Decimal):
            raise TypeError("amount must be a Decimal or an int")
        if not self.amount.is_finite() or self.amount < 0:
            raise ValueError(f"amount must be a finite, non-negative number, got {self.amount}")
        if self.unit not in get_args(LimitUnit):
            raise ValueError(f"unknown time-limit unit {self.unit!r}")

    @classmethod
    def working_days(cls, amount: int | Decimal | str) -> TimeLimit:
        return cls(Decimal(amount), "working_days")

    @classmethod
    def working_hours(cls, amount: int | Decimal | str) -> TimeLimit:
        return cls(Decimal(amount), "working_hours")

    @classmethod
    def same_day(cls) -> TimeLimit:
        return cls(Decimal(0), "same_day")

    @property
    def is_day_based(self) -> bool:
        """Same-day and whole working days end at the end of working hours of a day."""
        whole = self.amount == self.amount.to_integral_value()
        return self.unit == "same_day" or (self.unit == "working_days" and whole)

    def describe(self) -> str:
        if self.unit == "same_day":
            return "same day"
        return f"{self.amount.normalize():f} {self.unit.replace('_', ' ')}"


@dataclass(frozen=True)
class Pause:
    """The clock stopped (supplement, financial obligation); ``end`` None: still stopped."""

    start: datetime
    end: datetime | None
    reason: str

    def __post_init__(self) -> None:
        _require_aware(self.start, "pause start")
        if self.end is not None:
            _require_aware(self.end, "pause end")
            if self.end < self.start:
                raise ValueError("a pause must not end before it starts")


@dataclass(frozen=True)
class Extension:
    """Apology and extension (form 04, Circular 03/2025): a later due date."""

    at: datetime
    new_due: datetime
    reason: str

    def __post_init__(self) -> None:
        _require_aware(self.at, "extension time")
        _require_aware(self.new_due, "extension new due date")


@dataclass(frozen=True)
class DueResult:
    """The promised date of a dossier and how it was reached."""

    received_at: datetime
    clock_started_at: datetime
    due_at: datetime
    paused: bool
    shifts: tuple[Shift, ...]

    def explain(self) -> list[str]:
        """One line per shift, framed by the reception and the result."""
        lines = [f"Received at {self.received_at.isoformat()}."]
        lines.extend(shift.reason for shift in self.shifts)
        if self.paused:
            lines.append(
                "The clock is stopped: the due date is unknown until it resumes "
                f"(due before the pause: {self.due_at.isoformat()})."
            )
        else:
            lines.append(f"Due at {self.due_at.isoformat()}.")
        return lines


def _apply_limit(
    calendar: WorkingCalendar, clock: datetime, limit: TimeLimit
) -> tuple[datetime, list[Shift]]:
    day = clock.date()
    if limit.unit == "same_day":
        cutoff = calendar.same_day_cutoff
        if clock.time() <= cutoff:
            due = calendar.end_of_working_hours(day)
            reason = (
                f"Same-day limit: the clock started at {clock:%H:%M}, not after the "
                f"{cutoff:%H:%M} cut-off; due at the end of working hours, {_when(due)}."
            )
            return due, [Shift(clock, clock, due, reason, "time_limit")]
        due = calendar.end_of_working_hours(calendar.next_working_day(day))
        reason = (
            f"Same-day limit: the clock started at {clock:%H:%M}, after the {cutoff:%H:%M} "
            f"cut-off; due at the end of the next working day, {_when(due)} "
            "(Decree 23/2015 Art. 7)."
        )
        shift = Shift(clock, calendar.end_of_working_hours(day), due, reason, "cutoff")
        return due, [shift, *calendar.calendar_notes(day, due.date())]
    if limit.is_day_based:
        days = int(limit.amount)
        due = calendar.end_of_working_hours(calendar.add_working_days(day, days))
        reason = (
            f"Time limit {limit.describe()}: the day the clock starts ({day.isoformat()}) is not "
            f"counted; the period ends at the end of working hours of the {_ordinal(days)} "
            f"working day, {_when(due)} (Civil Code 2015 Art. 147-148)."
        )
    else:
        hours = limit.amount
        if limit.unit == "working_days":
            hours = limit.amount * calendar.hours_per_day
        microseconds = int((hours * 3_600_000_000).to_integral_value())
        due = calendar.add_working_time(clock, timedelta(microseconds=microseconds))
        converted = ""
        if limit.unit == "working_days":
            converted = f" = {hours.normalize():f} working hours ({calendar.hours_per_day} h a day)"
        reason = (
            f"Time limit {limit.describe()}{converted}, counted in working hours from "
            f"{_when(clock)}: due {_when(due)}."
        )
    shifts = [Shift(clock, clock, due, reason, "time_limit")]
    return due, shifts + calendar.calendar_notes(day, due.date())


def _check_pauses(pauses: Sequence[Pause]) -> None:
    ordered = sorted(pauses, key=lambda pause: pause.start)
    for earlier, later in pairwise(ordered):
        if earlier.end is None or earlier.end > later.start:
            raise ValueError(
                f"pauses overlap: {earlier.start.isoformat()}, {later.start.isoformat()}"
            )


def compute_due(
    calendar: WorkingCalendar,
    *,
    received_at: datetime,
    limit: TimeLimit,
    pauses: Iterable[Pause] = (),
    extensions: Iterable[Extension] = (),
) -> DueResult:
    """The due date of a dossier: clock start, time limit, then pauses and extensions in order.

    A closed pause moves the due date by the working time elapsed during it (counted from the
    clock start); for day-based limits the result is rounded up to the end of working hours. A
    pause that starts at or after the due date changes nothing: the time had already run out.
    An open pause stops the clock: ``paused`` is True and ``due_at`` is the due before it.
    """
    pause_list, extension_list = list(pauses), list(extensions)
    _check_pauses(pause_list)
    clock, shifts = calendar.clock_start(received_at)
    due, limit_shifts = _apply_limit(calendar, clock, limit)
    shifts.extend(limit_shifts)
    events: list[Pause | Extension] = [*pause_list, *extension_list]
    # At the same instant the extension comes first: no extension is granted while paused.
    events.sort(key=lambda event: (event.start, 1) if isinstance(event, Pause) else (event.at, 0))
    paused, extension_count = False, 0
    for event in events:
        if paused:
            raise ValueError("the clock is stopped by an open pause: no later event is allowed")
        if isinstance(event, Extension):
            extension_count += 1
            shifts.extend(_extend(calendar, due, event, extension_count))
            due = event.new_due.astimezone(calendar.tz)
            continue
        start = event.start.astimezone(calendar.tz)
        if event.end is None:
            paused = True
            reason = f"Clock stopped since {_when(start)} ({event.reason}); not yet resumed."
            shifts.append(Shift(start, due, due, reason, "pause"))
            continue
        end = event.end.astimezone(calendar.tz)
        head = f"Clock stopped {_when(start)} to {_when(end)} ({event.reason})"
        elapsed = timedelta(0)
        if event.start < due and end > clock:
            elapsed = calendar.working_time_between(max(start, clock), end)
        if not elapsed:
            note = "outside working time"
            if event.start >= due or end <= clock:
                note = "after the due date" if event.start >= due else "before the clock started"
            shifts.append(Shift(start, due, due, f"{head}: {note}; due date unchanged.", "pause"))
            continue
        new_due = calendar.add_working_time(due, elapsed)
        rounded = ""
        if limit.is_day_based:
            new_due = calendar.end_of_working_hours(new_due.date())
            rounded = ", rounded up to the end of working hours"
        inside = calendar.describe_non_working(start.date(), end.date())
        not_counted = f"; not counted in the pause: {inside}" if inside else ""
        reason = (
            f"{head}: {_format_duration(elapsed)} of working time elapsed{not_counted}; due moves "
            f"from {_when(due)} to {_when(new_due)}{rounded}."
        )
        shifts.append(Shift(start, due, new_due, reason, "pause"))
        shifts.extend(calendar.calendar_notes(due.date(), new_due.date()))
        due = new_due
    return DueResult(
        received_at=received_at.astimezone(calendar.tz),
        clock_started_at=clock,
        due_at=due,
        paused=paused,
        shifts=tuple(shifts),
    )


def _extend(
    calendar: WorkingCalendar, due: datetime, extension: Extension, count: int
) -> list[Shift]:
    new_due = extension.new_due.astimezone(calendar.tz)
    if new_due < due:
        raise ValueError(
            f"an extension cannot bring the due date forward: {new_due.isoformat()} is before "
            f"the current due date {due.isoformat()}"
        )
    if not calendar.is_working_day(new_due.date()):
        raise ValueError(f"an extension must end on a working day, not {new_due.date()}")
    at = extension.at.astimezone(calendar.tz)
    notes = ""
    if at.date() > calendar.previous_working_day(due.date()):
        notes += " Note: made less than 1 working day before the due date."
    if count > 1:
        notes += " Note: the due date may be extended only once."
    reason = (
        f"Apology and extension (form 04) made {_when(at)} ({extension.reason}): due moves from "
        f"{_when(due)} to {_when(new_due)}.{notes}"
    )
    shift = Shift(at, due, new_due, reason, "extension")
    return [shift, *calendar.calendar_notes(due.date(), new_due.date())]


def timeliness(due_at: datetime, finished_at: datetime, calendar: WorkingCalendar) -> Timeliness:
    """Early, on time or late (Circular 03/2025 form 06; Decision 766/QĐ-TTg).

    Late after ``due_at``; early when finished on a working day before the due date's day (a
    finish on a non-working day counts as on the next working day); otherwise on time.
    """
    _require_aware(due_at, "due_at")
    _require_aware(finished_at, "finished_at")
    if finished_at > due_at:
        return "late"
    finished_day = finished_at.astimezone(calendar.tz).date()
    if not calendar.is_working_day(finished_day):
        finished_day = calendar.next_working_day(finished_day)
    return "early" if finished_day < due_at.astimezone(calendar.tz).date() else "on_time"
