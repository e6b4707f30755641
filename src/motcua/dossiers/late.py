# SPDX-License-Identifier: EUPL-1.2
"""The periodic late-dossier check: dossiers at risk (due within 1 working day) and overdue.

Run by the worker every ``MOTCUA_LATE_CHECK_MINUTES`` and by ``manage.py late_check``. It only
raises ``DeadlineAlert`` rows, once per dossier, kind and promised date; the unit at fault then
apologises and asks for a new date (form 04, ``dossier_extend_deadline``), and notifications
come with their own issue.

Set-based: one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` for the overdue and one per
receiving centre for those at risk (each centre has its own calendar), skipping dossiers that
already have the alert, so a run over a large backlog costs a few index scans, not a loop.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from motcua.calendar.selectors import calendar_for_unit
from motcua.core import clock
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import DeadlineAlert, Dossier
from motcua.orgunits.models import OrgUnit

#: Statuses in which the clock runs (paused ones wait for the applicant).
RUNNING = (Status.RECEIVED, Status.IN_PROGRESS, Status.WITHDRAW_REQUESTED)


@dataclass(frozen=True)
class LateCheck:
    """Alerts raised by this run (not those raised before)."""

    at_risk: int
    overdue: int


def at_risk_boundary(unit: OrgUnit, now: datetime) -> datetime:
    """End of the next working day of ``unit``'s calendar: due before it means at risk."""
    calendar = calendar_for_unit(unit)
    return calendar.end_of_working_hours(
        calendar.add_working_days(timezone.localtime(now).date(), 1)
    )


def _raise(kind: str, condition: str, params: list[Any], now: datetime) -> int:
    alerts = DeadlineAlert._meta.db_table
    dossiers = Dossier._meta.db_table
    statuses = ", ".join(["%s"] * len(RUNNING))
    sql = (
        f"INSERT INTO {alerts} (dossier_id, kind, due_at, unit_id, step, raised_at) "  # noqa: S608
        f"SELECT d.id, %s, d.due_at, d.current_unit_id, d.current_step, %s FROM {dossiers} d "
        f"WHERE d.status IN ({statuses}) AND d.due_at IS NOT NULL AND {condition} "
        f"AND NOT EXISTS (SELECT 1 FROM {alerts} a WHERE a.dossier_id = d.id "
        "AND a.kind = %s AND a.due_at = d.due_at) "
        "ON CONFLICT (dossier_id, kind, due_at) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [kind, now, *RUNNING, *params, kind])
        return max(int(cursor.rowcount), 0)


def dossiers_flag_late(now: datetime | None = None) -> LateCheck:
    """Raise an alert for every running dossier that is overdue or due within 1 working day."""
    now = now or clock.now()
    with transaction.atomic():
        overdue = _raise(DeadlineAlert.Kind.OVERDUE, "d.due_at < %s", [now], now)
        at_risk = 0
        centres = Dossier.objects.filter(status__in=RUNNING, due_at__isnull=False).values_list(
            "receiving_unit", flat=True
        )
        for unit in OrgUnit.objects.filter(pk__in=centres.distinct()):
            boundary = at_risk_boundary(unit, now)
            at_risk += _raise(
                DeadlineAlert.Kind.AT_RISK,
                "d.receiving_unit_id = %s AND d.due_at >= %s AND d.due_at <= %s",
                [unit.pk, now, boundary],
                now,
            )
    return LateCheck(at_risk=at_risk, overdue=overdue)
