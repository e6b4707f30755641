# SPDX-License-Identifier: EUPL-1.2
"""Time left until a dossier's promised date, in the working days and hours of a calendar.

The promised date (``Dossier.due_at``) is an instant, already computed with the receiving unit's
calendar (``motcua.dossiers.deadlines``). What is left until it is counted here in working time
only (``WorkingCalendar.working_time_between``): weekends, holidays, announced days off and the
hours outside the working intervals do not count, and 1 working day = ``hours_per_day`` working
hours (8; DOMAIN.md "A procedure record"). Hours are rounded down.

A paused clock (supplement, financial obligation) has no time left to show: the promised date
is recomputed when the clock resumes. Lists compute every row with one calendar per unit,
loaded once per request (``UnitCalendars``).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.calendar.selectors import calendar_for_unit
from motcua.calendar.workdays import WorkingCalendar
from motcua.dossiers.lifecycle import FINAL_STATUSES, Status
from motcua.dossiers.models import Dossier
from motcua.orgunits.models import OrgUnit

State = Literal["left", "overdue", "paused", "not_started", "decided", "closed"]

#: Statuses in which the legal clock runs (it starts at reception and stops at the decision).
RUNNING_STATUSES = frozenset({Status.RECEIVED, Status.IN_PROGRESS, Status.WITHDRAW_REQUESTED})
#: Statuses with the clock stopped by a pause (supplement, financial obligation).
PAUSED_STATUSES = frozenset({Status.AWAITING_SUPPLEMENT, Status.AWAITING_PAYMENT})
_DECIDED_STATUSES = frozenset({Status.PROCESSED, Status.RESULT_READY, Status.RETURNED})


@dataclass(frozen=True)
class TimeLeft:
    """What is left (or how late it is): whole working days and hours, and a translated label."""

    state: State
    label: str
    days: int = 0
    hours: int = 0

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"

    @property
    def paused(self) -> bool:
        return self.state == "paused"


def _amount(days: int, hours: int) -> str:
    if days and hours:
        return _("%(days)s %(hours)s") % {
            "days": ngettext("%(count)d working day", "%(count)d working days", days)
            % {"count": days},
            "hours": _("%(count)d h") % {"count": hours},
        }
    if days:
        return ngettext("%(count)d working day", "%(count)d working days", days) % {"count": days}
    if hours:
        return ngettext("%(count)d working hour", "%(count)d working hours", hours) % {
            "count": hours
        }
    return _("less than 1 working hour")


def split_working_time(working: timedelta, hours_per_day: int) -> tuple[int, int]:
    """Whole working days and the whole hours beyond them (rounded down)."""
    whole_hours = int(working.total_seconds() // 3600)
    days, hours = divmod(whole_hours, hours_per_day)
    return days, hours


def time_left(due_at: datetime, now: datetime, calendar: WorkingCalendar) -> TimeLeft:
    """Working time from ``now`` to ``due_at``; past it, how late in working time."""
    if now <= due_at:
        days, hours = split_working_time(
            calendar.working_time_between(now, due_at), calendar.hours_per_day
        )
        return TimeLeft(
            "left", _("%(amount)s left") % {"amount": _amount(days, hours)}, days, hours
        )
    days, hours = split_working_time(
        calendar.working_time_between(due_at, now), calendar.hours_per_day
    )
    label = _("overdue by %(amount)s") % {"amount": _amount(days, hours)}
    return TimeLeft("overdue", label, days, hours)


def dossier_time_left(dossier: Dossier, now: datetime, calendar: WorkingCalendar) -> TimeLeft:
    """The time left of a dossier in any status (paused, not yet received, decided...)."""
    status = dossier.status
    if status in _DECIDED_STATUSES:
        return TimeLeft("decided", _("Decided"))
    if status in FINAL_STATUSES:
        return TimeLeft("closed", _("Closed"))
    if status in PAUSED_STATUSES or dossier.is_paused:
        return TimeLeft("paused", _("Clock paused"))
    if dossier.due_at is None:
        return TimeLeft("not_started", _("Not received yet"))
    return time_left(dossier.due_at, now, calendar)


def due_soon_boundary(calendar: WorkingCalendar, now: datetime) -> datetime:
    """The end of working hours of the next working day: "due within 1 working day" ends there."""
    today = timezone.localtime(now, calendar.tz).date()
    return calendar.end_of_working_hours(calendar.add_working_days(today, 1))


@dataclass
class UnitCalendars:
    """Working calendars by unit, each loaded at most once (one per request)."""

    _loaded: dict[int | None, WorkingCalendar] = field(default_factory=dict)

    def for_unit(self, unit: OrgUnit | None) -> WorkingCalendar:
        key = unit.pk if unit is not None else None
        calendar = self._loaded.get(key)
        if calendar is None:
            calendar = self._loaded[key] = calendar_for_unit(unit)
        return calendar
