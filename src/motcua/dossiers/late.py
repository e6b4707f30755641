# SPDX-License-Identifier: EUPL-1.2
"""The periodic late-dossier check: dossiers at risk (due within 1 working day) and overdue.

Run by the worker every ``MOTCUA_LATE_CHECK_MINUTES`` and by ``manage.py late_check``. It only
raises ``DeadlineAlert`` rows (idempotent); the unit at fault then apologises and asks for a new
date (form 04, ``dossier_extend_deadline``), and notifications come with their own issue.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from motcua.calendar.selectors import calendar_for_unit
from motcua.core import clock
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import DeadlineAlert, Dossier
from motcua.orgunits.models import OrgUnit

#: Statuses in which the clock runs (paused ones wait for the applicant).
RUNNING = (Status.RECEIVED, Status.IN_PROGRESS, Status.WITHDRAW_REQUESTED)
#: Longer than any run of days off (Tết), so every at-risk dossier is among the candidates.
LOOK_AHEAD = timedelta(days=15)


@dataclass(frozen=True)
class LateCheck:
    at_risk: int
    overdue: int


def at_risk_boundary(unit: OrgUnit, now: datetime) -> datetime:
    """End of the next working day of ``unit``'s calendar: due before it means at risk."""
    calendar = calendar_for_unit(unit)
    return calendar.end_of_working_hours(
        calendar.add_working_days(timezone.localtime(now).date(), 1)
    )


def dossiers_flag_late(now: datetime | None = None) -> LateCheck:
    """Raise an alert for every running dossier that is overdue or due within 1 working day."""
    now = now or clock.now()
    running = Dossier.objects.filter(status__in=RUNNING, due_at__isnull=False)
    alerts: list[DeadlineAlert] = []
    boundaries: dict[int, datetime] = {}
    candidates = running.filter(due_at__lte=now + LOOK_AHEAD).select_related("receiving_unit")
    for dossier in candidates.iterator(chunk_size=2000):
        assert dossier.due_at is not None
        unit_id = dossier.receiving_unit_id
        if unit_id not in boundaries:
            boundaries[unit_id] = at_risk_boundary(dossier.receiving_unit, now)
        if dossier.due_at < now:
            kind = DeadlineAlert.Kind.OVERDUE
        elif dossier.due_at <= boundaries[unit_id]:
            kind = DeadlineAlert.Kind.AT_RISK
        else:
            continue
        alerts.append(
            DeadlineAlert(
                dossier=dossier, kind=kind, due_at=dossier.due_at, unit_id=dossier.current_unit_id,
                step=dossier.current_step, raised_at=now,
            )
        )  # fmt: skip
    DeadlineAlert.objects.bulk_create(alerts, ignore_conflicts=True, batch_size=1000)
    return LateCheck(
        at_risk=sum(a.kind == DeadlineAlert.Kind.AT_RISK for a in alerts),
        overdue=sum(a.kind == DeadlineAlert.Kind.OVERDUE for a in alerts),
    )
