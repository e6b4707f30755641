# SPDX-License-Identifier: EUPL-1.2
"""A dossier's history in words, read from its audit chain: each step, pause and date change."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from motcua.accounts.models import Role
from motcua.dossiers.labels import ACTION_LABELS, RETURN_METHOD_LABELS, STATUS_LABELS
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.orgunits.models import OrgUnit


@dataclass(frozen=True)
class TimelineEntry:
    sequence: int
    at: datetime
    title: str
    actor: str  # person (officials' view) or role and unit (citizens' view)
    status: str
    reason: str
    details: list[str] = field(default_factory=list)
    form: str = ""  # semantic type of the form this event produced, if any


def _when(value: str | None) -> str:
    if not value:
        return "—"
    moment = timezone.localtime(datetime.fromisoformat(value))
    return date_format(moment, "SHORT_DATETIME_FORMAT")


#: Actions whose notes and reasons are the officials' internal words: citizens do not see them
#: (they may name an official); the facts (dates, units, steps) stay.
INTERNAL_NOTES = frozenset({Action.ASSIGN, Action.PROCESS_STEP, Action.SEND_BACK, Action.FORWARD})


def _step_lines(event: DossierEvent, steps: dict[int, str]) -> list[str]:
    data: dict[str, Any] = event.data
    if event.action == Action.PROCESS_STEP and "next_step" in data:
        return [
            _("Step done: %(step)s; next: %(next)s")
            % {"step": steps.get(data["step"], data["step"]),
               "next": steps.get(data["next_step"], data["next_step"])}
        ]  # fmt: skip
    if event.action == Action.SEND_BACK and "to_step" in data:
        return [_("Back to the step: %(step)s") % {"step": steps.get(data["to_step"], "")}]
    if event.action == Action.ASSIGN and "step" in data:
        return [_("Step: %(step)s") % {"step": steps.get(data["step"], data["step"])}]
    return []


def _details(
    event: DossierEvent, units: dict[str, str], steps: dict[int, str], for_citizen: bool
) -> list[str]:
    data: dict[str, Any] = event.data
    lines: list[str] = _step_lines(event, steps)
    if "due_at" in data:
        lines.append(_("Promised date: %(date)s") % {"date": _when(data["due_at"])})
    if "due_before" in data and "due_after" in data:
        lines.append(
            _("Promised date moved from %(before)s to %(after)s")
            % {"before": _when(data["due_before"]), "after": _when(data["due_after"])}
        )
    if event.action == Action.REQUEST_SUPPLEMENT and event.status_before == "in_progress":
        lines.append(_("The clock is paused until the applicant answers."))
    if event.action == Action.REQUEST_PAYMENT:
        lines.append(
            _("Amount: %(amount)s VND; the clock is paused until it is paid.")
            % {"amount": f"{data.get('amount_vnd', 0):,}".replace(",", ".")}
        )
    for item in data.get("missing", []):
        lines.append(_("Missing: %(name)s") % {"name": item})
    if "to_unit" in data:
        lines.append(
            _("From %(from)s to %(to)s")
            % {
                "from": units.get(data.get("from_unit", ""), data.get("from_unit", "")),
                "to": units.get(data["to_unit"], data["to_unit"]),
            }
        )
    if data.get("share_days"):
        lines.append(_("Share of the time: %(days)s working days") % {"days": data["share_days"]})
    if data.get("assignee") and not for_citizen:
        lines.append(_("Handled by: %(name)s") % {"name": data["assignee"]})
    if data.get("note") and not (for_citizen and event.action in INTERNAL_NOTES):
        lines.append(_("Note: %(note)s") % {"note": data["note"]})
    if data.get("method"):
        method = RETURN_METHOD_LABELS.get(data["method"], data["method"])
        lines.append(_("Returned: %(method)s") % {"method": method})
    if data.get("receiver_name"):
        lines.append(
            _("Received by %(name)s (ID %(id)s)")
            % {"name": data["receiver_name"], "id": data.get("receiver_id_number", "")}
        )
    return lines


def dossier_timeline(dossier: Dossier, *, for_citizen: bool = False) -> list[TimelineEntry]:
    """Every event of ``dossier`` in order; citizens see roles and units, never names."""
    events = list(
        DossierEvent.objects.filter(dossier=dossier).select_related("unit").order_by("sequence")
    )
    codes = {code for e in events for code in (e.data.get("from_unit"), e.data.get("to_unit"))}
    units = dict(OrgUnit.objects.filter(code__in=codes - {None}).values_list("code", "name"))
    steps = {step.order: step.name for step in dossier.procedure_version.steps.all()}
    entries = []
    for event in events:
        role = str(Role(event.role).label) if event.role in Role.values else event.role
        where = event.unit.name if event.unit is not None else ""
        who = f"{role}, {where}" if where else role
        if not for_citizen:
            who = f"{event.actor_name} — {who}"
        entries.append(
            TimelineEntry(
                sequence=event.sequence,
                at=event.at,
                title=str(ACTION_LABELS.get(event.action, event.action)),
                actor=who,
                status=str(STATUS_LABELS.get(event.status_after, event.status_after)),
                reason="" if for_citizen and event.action in INTERNAL_NOTES else event.reason,
                details=_details(event, units, steps, for_citizen),
                form=str(event.data.get("form", "")),
            )
        )
    return entries
