# SPDX-License-Identifier: EUPL-1.2
"""Working-day calendar and deadline engine (pure Python, no Django).

Rules and sources (see ``docs/calendar.md``):

* Working days exclude weekends, public holidays and announced days off, and include announced
  make-up working days. Holidays, weekends and the substituted days off / make-up days the
  ``holidays`` package knows come from the library; announced overrides take precedence.
* Working hours default to 07:30-11:30 and 13:00-17:00; 1 working day = 8 working hours
  (provincial internal procedures, e.g. Nghệ An QĐ 3857/QĐ-UBND).
* The clock starts when a complete, valid dossier is received; a dossier received outside working
  hours counts from the start of the next working hours (LAW-NOTES §1.3).
* Periods in days: the day of reception is not counted and the period ends at the end of working
  hours of the last working day (Civil Code 2015 Art. 147-148). Periods in hours run in working
  hours. Same-day limits: received after the 15:00 cut-off, due the next working day (Decree
  23/2015 Art. 7).
* Pauses (supplement, financial obligation) stop the clock; an apology and extension (form 04,
  Circular 03/2025) sets a later due date, at least 1 working day before the due date, once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, get_args
from zoneinfo import ZoneInfo

import holidays

ShiftCode = Literal[
    "clock_start",
    "after_hours",
    "non_working_day",
    "time_limit",
    "holiday_skipped",
    "override",
    "pause",
    "extension",
    "cutoff",
]
LimitUnit = Literal["working_days", "working_hours", "same_day"]
Timeliness = Literal["early", "on_time", "late"]

DEFAULT_TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_SAME_DAY_CUTOFF = time(15, 0)
#: Longest run of non-working days tolerated before a search gives up (a misconfiguration).
_MAX_NON_WORKING_RUN = 3660


def _require_aware(value: datetime, name: str) -> None:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")


def _require_date(value: date) -> None:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"expected a date, got {type(value).__name__}")


def _span(first: date, last: date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"


def _format_duration(value: timedelta) -> str:
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


@dataclass(frozen=True)
class Override:
    """An announced extra day off or make-up working day; takes precedence over the library."""

    day: date
    is_working_day: bool
    reason: str
    legal_reference: str = ""

    def __post_init__(self) -> None:
        _require_date(self.day)

    def describe(self) -> str:
        """The reason, followed by the legal reference when there is one."""
        return f"{self.reason} ({self.legal_reference})" if self.legal_reference else self.reason


@dataclass(frozen=True)
class WorkingHours:
    """Daily working intervals in local wall-clock time (default 07:30-11:30, 13:00-17:00)."""

    intervals: tuple[tuple[time, time], ...] = (
        (time(7, 30), time(11, 30)),
        (time(13, 0), time(17, 0)),
    )

    def __post_init__(self) -> None:
        if not self.intervals:
            raise ValueError("working hours need at least one interval")
        previous_end: time | None = None
        for start, end in self.intervals:
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError("working hours are local wall-clock times without a time zone")
            if not start < end:
                raise ValueError(f"working interval {start}-{end} must start before it ends")
            if previous_end is not None and start < previous_end:
                raise ValueError("working intervals must be sorted and must not overlap")
            previous_end = end

    @classmethod
    def from_strings(cls, intervals: Iterable[Sequence[str]]) -> WorkingHours:
        """Build from ``[["07:30", "11:30"], ["13:00", "17:00"]]``."""
        parsed: list[tuple[time, time]] = []
        for pair in intervals:
            if isinstance(pair, str) or len(pair) != 2:
                raise ValueError(f"expected a [start, end] pair, got {pair!r}")
            parsed.append((time.fromisoformat(pair[0]), time.fromisoformat(pair[1])))
        return cls(tuple(parsed))

    @property
    def day_length(self) -> timedelta:
        """Total working time of one working day."""
        anchor = date(2000, 1, 1)
        return sum(
            (
                datetime.combine(anchor, end) - datetime.combine(anchor, start)
                for start, end in self.intervals
            ),
            timedelta(0),
        )


DEFAULT_WORKING_HOURS = WorkingHours()


def _when(moment: datetime) -> str:
    return moment.strftime("%a %Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Shift:
    """One move of a date (or a note about it), with a human-readable reason."""

    at: datetime | None
    before: datetime | None
    after: datetime
    reason: str
    code: ShiftCode

    def __post_init__(self) -> None:
        if self.code not in get_args(ShiftCode):
            raise ValueError(f"unknown shift code {self.code!r}")


class WorkingCalendar:
    """Working days and hours of one country (or unit): library holidays plus overrides."""

    def __init__(
        self,
        *,
        country: str = "VN",
        tz: ZoneInfo = DEFAULT_TIMEZONE,
        hours: WorkingHours = DEFAULT_WORKING_HOURS,
        overrides: Iterable[Override] = (),
        same_day_cutoff: time = DEFAULT_SAME_DAY_CUTOFF,
        hours_per_day: int = 8,
    ) -> None:
        try:
            template = holidays.country_holidays(country)
        except NotImplementedError as error:
            raise ValueError(f"unknown country code {country!r}") from error
        if hours_per_day <= 0:
            raise ValueError("hours_per_day must be positive")
        self.country = country
        self.tz = tz
        self.hours = hours
        self.same_day_cutoff = same_day_cutoff
        self.hours_per_day = hours_per_day
        self._weekend = frozenset(template.weekend)
        self._language = "en_US" if "en_US" in template.supported_languages else None
        self._overrides: dict[date, Override] = {}
        for override in overrides:
            known = self._overrides.setdefault(override.day, override)
            if known != override:
                raise ValueError(f"conflicting overrides for {override.day.isoformat()}")
        self._holiday_names: dict[date, str] = {}
        self._makeup_days: set[date] = set()
        self._loaded_years: set[int] = set()
        self._working: dict[date, bool] = {}

    # -- days ---------------------------------------------------------------------------------

    def _load_year(self, year: int) -> None:
        if year in self._loaded_years:
            return
        self._loaded_years.add(year)
        table = holidays.country_holidays(self.country, years=year, language=self._language)
        for day, name in table.items():
            self._holiday_names.setdefault(day, name)
        self._makeup_days.update(table.weekend_workdays)

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day (override, then holiday, make-up day, weekend)."""
        cached = self._working.get(d)
        if cached is not None:
            return cached
        _require_date(d)
        # A make-up day can belong to the next year's announcement (e.g. Tết in early January).
        self._load_year(d.year)
        self._load_year(d.year + 1)
        override = self._overrides.get(d)
        if override is not None:
            working = override.is_working_day
        elif d in self._holiday_names:
            working = False
        elif d.weekday() in self._weekend:
            working = d in self._makeup_days
        else:
            working = True
        self._working[d] = working
        return working

    def why_not_working(self, d: date) -> str | None:
        """Why ``d`` is not a working day (holiday name, "weekend", override); None if it is."""
        if self.is_working_day(d):
            return None
        override = self._overrides.get(d)
        if override is not None:
            return override.describe()
        return self._holiday_names.get(d, "weekend")

    def _label(self, d: date) -> tuple[str, ShiftCode | None]:
        """Grouping label of a non-working day and its shift code (None for a plain weekend)."""
        override = self._overrides.get(d)
        if override is not None:
            return override.describe(), "override"
        name = self._holiday_names.get(d)
        if name is None:
            return "weekend", None
        if "Lunar New Year" in name:
            name = "Lunar New Year (Tết)" if self.country == "VN" else "Lunar New Year"
        return name.removesuffix(" (observed)"), "holiday_skipped"

    def _makeup_reason(self, d: date) -> str:
        override = self._overrides.get(d)
        if override is not None:
            return override.describe()
        marker = d.strftime("%m/%d/%Y")
        for day_off, name in self._holiday_names.items():
            if marker in name:
                return f"make-up working day for the day off on {day_off.isoformat()}"
        return "make-up working day"

    def _step(self, d: date, direction: int) -> date:
        for _ in range(_MAX_NON_WORKING_RUN):
            d += timedelta(days=direction)
            if self.is_working_day(d):
                return d
        raise ValueError(f"no working day within {_MAX_NON_WORKING_RUN} days of {d.isoformat()}")

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self._step(d, 1)

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before ``d``."""
        return self._step(d, -1)

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (before it when ``n`` < 0); ``d`` is not counted."""
        direction = 1 if n >= 0 else -1
        for _ in range(abs(n)):
            d = self._step(d, direction)
        return d

    # -- hours --------------------------------------------------------------------------------

    def _intervals(self, d: date) -> list[tuple[datetime, datetime]]:
        """Working intervals of ``d`` in UTC (empty on a non-working day)."""
        if not self.is_working_day(d):
            return []
        return [
            (
                datetime.combine(d, start, self.tz).astimezone(UTC),
                datetime.combine(d, end, self.tz).astimezone(UTC),
            )
            for start, end in self.hours.intervals
        ]

    def _local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def start_of_working_hours(self, d: date) -> datetime:
        """Opening time of day ``d`` in the calendar's time zone."""
        return datetime.combine(d, self.hours.intervals[0][0], self.tz)

    def end_of_working_hours(self, d: date) -> datetime:
        """Closing time of day ``d`` in the calendar's time zone."""
        return datetime.combine(d, self.hours.intervals[-1][1], self.tz)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time in ``[start, end]``: only working hours on working days count."""
        _require_aware(start, "start")
        _require_aware(end, "end")
        if end < start:
            raise ValueError("end must not be before start")
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        total = timedelta(0)
        day, last = self._local_date(start), self._local_date(end)
        while day <= last:
            for opening, closing in self._intervals(day):
                low, high = max(opening, start), min(closing, end)
                if high > low:
                    total += high - low
            day += timedelta(days=1)
        return total

    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        """The earliest moment with ``duration`` of working time since ``start``.

        A zero duration gives the clock start of ``start`` (the next working moment).
        """
        _require_aware(start, "start")
        if duration < timedelta(0):
            raise ValueError("duration must not be negative")
        if not duration:
            return self.clock_start(start)[0]
        cursor, remaining = start.astimezone(UTC), duration
        day, idle_days = self._local_date(start), 0
        while idle_days < _MAX_NON_WORKING_RUN:
            intervals = self._intervals(day)
            idle_days = 0 if intervals else idle_days + 1
            for opening, closing in intervals:
                if closing <= cursor:
                    continue
                low = max(opening, cursor)
                if remaining <= closing - low:
                    return (low + remaining).astimezone(self.tz)
                remaining -= closing - low
            day += timedelta(days=1)
        raise ValueError(f"no working day within {_MAX_NON_WORKING_RUN} days of {day.isoformat()}")

    def clock_start(self, received: datetime) -> tuple[datetime, list[Shift]]:
        """When the clock starts for a dossier received at ``received``, with the shift made.

        Received outside working hours or on a non-working day, the clock starts at the start
        of the next working hours (LAW-NOTES §1.3; e.g. QĐ 3142/QĐ-BGDĐT 2025 Art. 11).
        """
        _require_aware(received, "received")
        local = received.astimezone(self.tz)
        day = local.date()
        moment = local.astimezone(UTC)
        intervals = self._intervals(day)
        for index, (opening, closing) in enumerate(intervals):
            if opening <= moment < closing:
                reason = f"Clock starts at reception, {_when(local)}, within working hours."
                return local, [Shift(local, None, local, reason, "clock_start")]
            if moment < opening:
                start = opening.astimezone(self.tz)
                where = "before opening time" if index == 0 else "during the break"
                reason = f"Received {_when(local)}, {where}; the clock starts at {_when(start)}."
                return start, [Shift(local, local, start, reason, "after_hours")]
        next_day = self.next_working_day(day)
        start = self.start_of_working_hours(next_day)
        skipped = self.describe_non_working(day + timedelta(days=1), next_day - timedelta(days=1))
        tail = f"; skipped: {skipped}" if skipped else ""
        if intervals:
            code: ShiftCode = "after_hours"
            what = "after working hours"
        else:
            code = "non_working_day"
            what = f"on a non-working day ({self.why_not_working(day)})"
        reason = (
            f"Received {_when(local)}, {what}; the clock starts at the start of the next "
            f"working hours, {_when(start)}{tail}."
        )
        return start, [Shift(local, local, start, reason, code)]

    # -- explanations -------------------------------------------------------------------------

    def _runs(self, first: date, last: date) -> list[tuple[str, ShiftCode | None, date, date]]:
        """Consecutive non-working days in ``[first, last]`` grouped by label."""
        runs: list[tuple[str, ShiftCode | None, date, date]] = []
        day = first
        while day <= last:
            if not self.is_working_day(day):
                label, code = self._label(day)
                if runs and runs[-1][0] == label and runs[-1][3] == day - timedelta(days=1):
                    runs[-1] = (label, code, runs[-1][2], day)
                else:
                    runs.append((label, code, day, day))
            day += timedelta(days=1)
        return runs

    def describe_non_working(self, first: date, last: date) -> str:
        """Non-working days in ``[first, last]`` as text, e.g. "weekend 2026-02-14..2026-02-15"."""
        return ", ".join(f"{label} {_span(a, b)}" for label, _, a, b in self._runs(first, last))

    def calendar_notes(self, after: date, last: date) -> list[Shift]:
        """Holidays, days off and make-up working days in ``(after, last]`` (not plain weekends)."""
        notes: list[Shift] = []
        for label, code, first, end in self._runs(after + timedelta(days=1), last):
            if code is not None:
                resumed = self.start_of_working_hours(self.next_working_day(end))
                reason = f"{label} {_span(first, end)} skipped."
                notes.append(Shift(None, self.start_of_working_hours(first), resumed, reason, code))
        day = after + timedelta(days=1)
        while day <= last:
            usually_off = day.weekday() in self._weekend or day in self._holiday_names
            if usually_off and self.is_working_day(day):
                reason = f"{day:%a} {day.isoformat()} counted as a working day: "
                reason += f"{self._makeup_reason(day)}."
                notes.append(
                    Shift(None, None, self.start_of_working_hours(day), reason, "override")
                )
            day += timedelta(days=1)
        return sorted(notes, key=lambda shift: shift.before or shift.after)
