# SPDX-License-Identifier: EUPL-1.2
"""The control sheet (form 06, phiếu kiểm soát quá trình giải quyết hồ sơ) as a view of the chain.

One row per hand-over recorded in the dossier's audit events: reception, desk → competent unit,
each internal step handed to the next, send-backs, assignments to another official, the
decision, the issued result going back to the desk, and the return to the applicant. Each row
says who gave the dossier to whom, when, by when the giver's step was due and whether the
hand-over was early, on time or late (Circular 03/2025 form 06; DOMAIN.md "Forms").

A step's due time is its share of the time limit (ProcessingStep: working days, working hours
or not counted), counted with the unit calendar from the hand-over that started the step, moved
by clock pauses that started during it. Between units of a linked flow, a forward with a
``handover_due`` day sets when the coordinating unit must hand the dossier back.

``handover_rows`` is pure (no queries); ``control_sheet`` reads what it needs.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role
from motcua.calendar.deadlines import Pause, TimeLimit, compute_due, timeliness
from motcua.calendar.selectors import calendar_for_unit
from motcua.calendar.workdays import Timeliness, WorkingCalendar
from motcua.catalog.models import ProcessingStep, ShareUnit, StepUnitKind
from motcua.dossiers.deadlines import dossier_timeliness
from motcua.dossiers.lifecycle import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.orgunits.models import OrgUnit

TIMELINESS_LABELS: dict[str, Promise] = {
    "early": _("Early"),
    "on_time": _("On time"),
    "late": _("Late"),
}

RETURN_METHOD_LABELS: dict[str, Promise] = {
    "counter": _("At the counter"),
    "postal": _("By post"),
    "electronic": _("Online"),
}

#: Actions that hand the dossier from one person or unit to another.
HANDOVER_ACTIONS = frozenset(
    {
        Action.RECEIVE,
        Action.FORWARD,
        Action.PROCESS_STEP,
        Action.SEND_BACK,
        Action.ASSIGN,
        Action.APPROVE,
        Action.REJECT,
        Action.ISSUE_RESULT,
        Action.RETURN_RESULT,
    }
)


@dataclass(frozen=True)
class Party:
    """One side of a hand-over: a person (with their role) and their unit; blanks allowed."""

    name: str
    role: str
    unit: str

    @property
    def parts(self) -> list[str]:
        return [part for part in (self.name, self.role, self.unit) if part]

    def __str__(self) -> str:
        return " · ".join(self.parts)


@dataclass(frozen=True)
class HandOver:
    """One row of the control sheet."""

    sequence: int
    action: str
    at: datetime
    unit: str
    giver: Party
    receiver: Party
    step: str
    due_at: datetime | None
    not_counted: bool
    timeliness: Timeliness | None
    note: str

    @property
    def timeliness_label(self) -> str:
        return str(TIMELINESS_LABELS[self.timeliness]) if self.timeliness else ""


@dataclass(frozen=True)
class ControlSheet:
    """Every hand-over of a dossier and its overall result (None while it is open)."""

    rows: list[HandOver]
    due_at: datetime | None
    original_due_at: datetime | None
    timeliness: str | None

    @property
    def timeliness_label(self) -> str:
        return str(TIMELINESS_LABELS[self.timeliness]) if self.timeliness else ""


def role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def _pauses(raw: Iterable[Mapping[str, Any]]) -> list[Pause]:
    """The closed clock pauses of the dossier (an open one has not moved any date yet)."""
    return [
        Pause(datetime.fromisoformat(p["start"]), datetime.fromisoformat(p["end"]), p["reason"])
        for p in raw
        if p.get("end")
    ]


def step_due(
    step: ProcessingStep | None,
    started: datetime | None,
    finished: datetime,
    calendar: WorkingCalendar,
    pauses: Sequence[Pause],
) -> tuple[datetime | None, bool]:
    """When ``step`` started at ``started`` was due, and whether its time is not counted."""
    if step is None or started is None:
        return None, False
    if step.share_unit == ShareUnit.NOT_COUNTED:
        return None, True
    limit = TimeLimit(Decimal(step.share), step.share_unit)  # type: ignore[arg-type]
    during = [p for p in pauses if started <= p.start < finished]
    return compute_due(calendar, received_at=started, limit=limit, pauses=during).due_at, False


def _next_order(steps: Mapping[int, ProcessingStep], order: int) -> int:
    later = sorted(o for o in steps if o > order)
    return later[0] if later else order


class _Replay:
    """The dossier's internal step and when it started, replayed event by event."""

    def __init__(self, dossier: Dossier, steps: Sequence[ProcessingStep]) -> None:
        self.dossier = dossier
        self.steps = {s.order: s for s in steps}
        self.current = 1
        self.started: datetime | None = None
        self.handover_due: datetime | None = None

    def step(self, order: int | None = None) -> ProcessingStep | None:
        return self.steps.get(self.current if order is None else order)

    def role_of(self, order: int) -> str:
        step = self.steps.get(order)
        return role_label(step.role) if step is not None else ""

    def finished_order(self, event: DossierEvent) -> int:
        if event.action in (Action.PROCESS_STEP, Action.SEND_BACK, Action.APPROVE, Action.REJECT):
            return int(event.data.get("step", self.current))
        return self.current

    def receiver(self, event: DossierEvent, unit_names: Mapping[str, str]) -> Party:
        data, unit = event.data, event.unit.name if event.unit is not None else ""
        if event.action == Action.FORWARD:
            code = str(data.get("to_unit", ""))
            return Party("", "", unit_names.get(code, code))
        if event.action == Action.PROCESS_STEP:
            return Party(data.get("assignee", ""), self.role_of(int(data["next_step"])), unit)
        if event.action == Action.SEND_BACK:
            return Party(data.get("assignee", ""), self.role_of(int(data["to_step"])), unit)
        if event.action == Action.ASSIGN:
            return Party(data.get("assignee", ""), self.role_of(int(data["step"])), unit)
        if event.action in (Action.APPROVE, Action.REJECT):
            following = _next_order(self.steps, int(data["step"]))
            return Party("", self.role_of(following), unit)
        if event.action == Action.ISSUE_RESULT:
            following = _next_order(self.steps, self.current)
            return Party("", self.role_of(following), self.dossier.receiving_unit.name)
        # return_result: to the applicant, or whoever collected the result for them
        name = data.get("receiver_name") or self.dossier.applicant_name
        return Party(name, role_label(Role.APPLICANT), "")

    def advance(self, event: DossierEvent, calendar: WorkingCalendar) -> None:
        """Move to the step this hand-over starts."""
        data = event.data
        if event.action == Action.FORWARD:
            if event.status_before == Status.RECEIVED:
                first = [
                    s.order
                    for s in self.steps.values()
                    if s.unit_kind != StepUnitKind.ONE_STOP_CENTRE
                ]
                self.current, self.started = (min(first) if first else 1), event.at
            elif data.get("handover_due"):
                day = date.fromisoformat(data["handover_due"])
                self.handover_due = calendar.end_of_working_hours(day)
            return
        if event.action == Action.PROCESS_STEP:
            self.current = int(data["next_step"])
        elif event.action == Action.SEND_BACK:
            self.current = int(data["to_step"])
        elif event.action in (Action.APPROVE, Action.REJECT):
            self.current = _next_order(self.steps, int(data["step"]))
        elif event.action == Action.ISSUE_RESULT:
            self.current = _next_order(self.steps, self.current)
        else:
            return
        self.started = event.at


def _giver(event: DossierEvent) -> Party:
    unit = event.unit.name if event.unit is not None else ""
    return Party(event.actor_name, role_label(event.role), unit)


def _note(event: DossierEvent) -> str:
    if event.action == Action.RETURN_RESULT:
        method = str(event.data.get("method", ""))
        return str(RETURN_METHOD_LABELS.get(method, method))
    return event.reason


def handover_rows(
    dossier: Dossier,
    events: Iterable[DossierEvent],
    steps: Sequence[ProcessingStep],
    calendar: WorkingCalendar,
    unit_names: Mapping[str, str],
) -> list[HandOver]:
    """The control-sheet rows of ``dossier`` from its events (units selected), in order.

    ``unit_names`` maps agency codes (forward events name units by code) to unit names.
    """
    replay = _Replay(dossier, steps)
    pauses = _pauses(dossier.clock_pauses)
    rows: list[HandOver] = []
    for event in sorted(events, key=lambda e: e.sequence):
        if event.action not in HANDOVER_ACTIONS:
            continue
        if event.action == Action.ASSIGN and event.data.get("assignee_id") == event.actor_id:
            continue  # an official claiming a step is not a hand-over
        unit = event.unit.name if event.unit is not None else ""
        if event.action == Action.RECEIVE:
            applicant = Party(dossier.applicant_name, role_label(Role.APPLICANT), "")
            step = replay.step()
            rows.append(
                HandOver(event.sequence, event.action, event.at, unit, applicant, _giver(event),
                         step.name if step else "", None, False, None, event.reason)
            )  # fmt: skip
            replay.started = event.at
            continue
        step = replay.step(replay.finished_order(event))
        if event.action == Action.ASSIGN:
            due: datetime | None = None
            not_counted = False
        elif event.action == Action.FORWARD and replay.handover_due is not None:
            due, not_counted, replay.handover_due = replay.handover_due, False, None
        else:
            due, not_counted = step_due(step, replay.started, event.at, calendar, pauses)
        rows.append(
            HandOver(
                sequence=event.sequence,
                action=event.action,
                at=event.at,
                unit=unit,
                giver=_giver(event),
                receiver=replay.receiver(event, unit_names),
                step=step.name if step else "",
                due_at=due,
                not_counted=not_counted,
                timeliness=timeliness(due, event.at, calendar) if due is not None else None,
                note=_note(event),
            )
        )
        replay.advance(event, calendar)
    return rows


def control_sheet(dossier: Dossier) -> ControlSheet:
    """The control sheet of ``dossier`` now (a few queries, whatever the number of events)."""
    events = list(
        DossierEvent.objects.filter(dossier=dossier).select_related("unit").order_by("sequence")
    )
    codes = {str(e.data.get("to_unit")) for e in events if e.action == Action.FORWARD}
    unit_names = dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "name"))
    steps = list(dossier.procedure_version.steps.all())
    calendar = calendar_for_unit(dossier.receiving_unit)
    rows = handover_rows(dossier, events, steps, calendar, unit_names)
    return ControlSheet(
        rows=rows,
        due_at=dossier.due_at,
        original_due_at=dossier.original_due_at,
        timeliness=dossier_timeliness(dossier),
    )
