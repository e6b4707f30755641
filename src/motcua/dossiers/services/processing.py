# SPDX-License-Identifier: EUPL-1.2
"""Processing by the competent unit: routing through internal steps, decisions and results."""

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.actors import Actor
from motcua.accounts.models import User
from motcua.calendar.selectors import calendar_for_unit
from motcua.catalog.models import ProcessingStep, StepUnitKind
from motcua.core import clock
from motcua.core.errors import TransitionNotAllowed, ValidationFailed
from motcua.dossiers.deadlines import dossier_due
from motcua.dossiers.lifecycle import Action, Status, roles_for
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.assignment import check_handler
from motcua.dossiers.services.engine import authorize, commit_transition
from motcua.dossiers.services.intake import resume_clock
from motcua.dossiers.snapshot import iso
from motcua.orgunits.models import OrgUnit

RETURN_METHODS = ("counter", "postal", "electronic")


def _steps(dossier: Dossier) -> list[ProcessingStep]:
    """The internal steps in order (``.all()`` so a prefetched version costs no query)."""
    return sorted(dossier.procedure_version.steps.all(), key=lambda step: step.order)


def _step(dossier: Dossier) -> ProcessingStep | None:
    return next((s for s in _steps(dossier) if s.order == dossier.current_step), None)


def _next_step_order(dossier: Dossier) -> int:
    later = [s.order for s in _steps(dossier) if s.order > dossier.current_step]
    return later[0] if later else dossier.current_step


def _require_step_role(dossier: Dossier, actor: Actor) -> ProcessingStep:
    step = _step(dossier)
    if step is None or step.role != actor.role:
        raise TransitionNotAllowed(
            _("The dossier is at a step for another role."), step=dossier.current_step
        )
    return step


def _check_coordinating_unit(dossier: Dossier, to_unit: OrgUnit | None) -> None:
    """Between units of a linked flow: another active agency (not a centre) of the province."""
    if (
        to_unit is None
        or to_unit.pk == dossier.current_unit_id
        or not to_unit.is_active
        or to_unit.is_centre
    ):
        raise ValidationFailed(errors={"to_unit": [_("Choose another active unit.")]})
    if to_unit.province().pk != dossier.competent_unit.province().pk:
        raise ValidationFailed(errors={"to_unit": [_("Choose a unit of this province.")]})


def dossier_forward(
    dossier: Dossier,
    *,
    actor: Actor,
    to_unit: OrgUnit | None = None,
    reason: str = "",
    share_days: int | None = None,
) -> Dossier:
    """Hand the dossier over: desk → competent unit, or between units of a linked flow.

    Every hand-over is a control-sheet row (form 06); there is no transfer form. Between units
    the lead unit gives the coordinating unit ``share_days`` working days of the time limit; the
    hand-over is then due that many working days later (early / on time / late on form 06).
    """
    rule = authorize(dossier, Action.FORWARD, actor, reason)
    now = clock.now()
    changes: dict[str, Any]
    if dossier.status == Status.RECEIVED:
        if to_unit is not None and to_unit.pk != dossier.competent_unit_id:
            raise ValidationFailed(
                errors={"to_unit": [_("A received dossier goes to its competent unit.")]}
            )
        first = next(
            (s for s in _steps(dossier) if s.unit_kind != StepUnitKind.ONE_STOP_CENTRE), None
        )
        target = dossier.competent_unit
        changes = {"current_unit": target, "current_step": first.order if first else 1}
    else:
        _check_coordinating_unit(dossier, to_unit)
        assert to_unit is not None
        target = to_unit
        changes = {"current_unit": target}
    changes["assignee"] = None
    data: dict[str, Any] = {
        "from_unit": dossier.current_unit.code,
        "to_unit": target.code,
        "form": "control_sheet",
    }
    if share_days is not None and dossier.status == Status.IN_PROGRESS:
        if not 1 <= share_days <= 365:
            raise ValidationFailed(errors={"share_days": [_("Enter 1 to 365 working days.")]})
        calendar = calendar_for_unit(dossier.receiving_unit)
        due_day = calendar.add_working_days(timezone.localtime(now).date(), share_days)
        data.update({"share_days": share_days, "handover_due": due_day.isoformat()})
    return commit_transition(
        dossier, rule, actor, reason=reason, changes=changes, data=data, at=now
    )


def dossier_process_step(
    dossier: Dossier, *, actor: Actor, note: str = "", assignee: User | None = None
) -> Dossier:
    """Finish the current internal step (its role only) and move to the next one.

    ``assignee`` hands the next step to an official who holds its role in the unit; without
    one, the next step waits in the unit's worklist to be claimed.
    """
    rule = authorize(dossier, Action.PROCESS_STEP, actor)
    step = _require_step_role(dossier, actor)
    following = _next_step_order(dossier)
    if following == dossier.current_step:
        raise TransitionNotAllowed(_("This is the last step; decide the dossier instead."))
    next_step = next(s for s in _steps(dossier) if s.order == following)
    if assignee is not None:
        check_handler(dossier, assignee, next_step)
    data = {
        "step": step.order,
        "next_step": following,
        "note": note,
        "assignee_id": assignee.pk if assignee else None,
        "assignee": str(assignee) if assignee else "",
    }
    changes = {"current_step": following, "assignee": assignee}
    return commit_transition(dossier, rule, actor, changes=changes, data=data, reason=note)


def dossier_request_payment(
    dossier: Dossier, *, actor: Actor, amount_vnd: int, reason: str
) -> Dossier:
    """A financial obligation (land, tax) is due: the clock pauses until it is paid."""
    rule = authorize(dossier, Action.REQUEST_PAYMENT, actor, reason)
    if amount_vnd <= 0:
        raise ValidationFailed(errors={"amount_vnd": [_("Enter an amount greater than zero.")]})
    now = clock.now()
    pauses = [*dossier.clock_pauses, {"start": iso(now), "end": None, "reason": "payment"}]
    data = {"amount_vnd": amount_vnd}
    changes = {"clock_pauses": pauses}
    return commit_transition(
        dossier, rule, actor, reason=reason, changes=changes, data=data, at=now
    )


def dossier_confirm_payment(dossier: Dossier, *, actor: Actor, reference: str) -> Dossier:
    """The obligation is paid: the clock resumes with a recomputed promised date."""
    rule = authorize(dossier, Action.CONFIRM_PAYMENT, actor)
    if not reference.strip():
        raise ValidationFailed(errors={"reference": [_("This field is required.")]})
    now = clock.now()
    changes: dict[str, Any] = {}
    data = {"reference": reference, **resume_clock(dossier, changes, now)}
    return commit_transition(dossier, rule, actor, changes=changes, data=data, at=now)


def dossier_extend_deadline(
    dossier: Dossier, *, actor: Actor, new_due: datetime, reason: str
) -> Dossier:
    """Apology and extension (form 04): at least 1 working day before the due date, once.

    Hà Tĩnh QĐ 2904/2025 and Lai Châu QĐ 88/2025 ✅ (LAW-NOTES.md §1.2 step 6).
    """
    rule = authorize(dossier, Action.EXTEND_DEADLINE, actor, reason)
    if dossier.extensions:
        raise TransitionNotAllowed(_("The promised date can be extended only once."))
    if dossier.due_at is None or dossier.is_paused:
        raise TransitionNotAllowed(_("The clock is not running for this dossier."))
    if timezone.is_naive(new_due) or new_due <= dossier.due_at:
        raise ValidationFailed(errors={"new_due": [_("Choose a date after the promised date.")]})
    now = clock.now()
    calendar = calendar_for_unit(dossier.receiving_unit)
    if not calendar.is_working_day(timezone.localtime(new_due).date()):
        raise ValidationFailed(errors={"new_due": [_("Choose a working day.")]})
    latest_day = calendar.add_working_days(timezone.localtime(now).date(), 1)
    if latest_day > timezone.localtime(dossier.due_at).date():
        raise TransitionNotAllowed(
            _("An extension must be asked at least one working day before the promised date.")
        )
    before = dossier.due_at
    extensions = [{"at": iso(now), "new_due": iso(new_due), "reason": reason}]
    due = dossier_due(dossier, extensions=extensions)
    changes = {"extensions": extensions, "due_at": due.due_at}
    data = {"due_before": iso(before), "due_after": iso(due.due_at), "form": "apology_extension"}
    return commit_transition(
        dossier, rule, actor, reason=reason, changes=changes, data=data, at=now
    )


def _decision_step_order(dossier: Dossier) -> int | None:
    """The decision is taken at the last step of a role that may decide (usually signing)."""
    deciders = roles_for(Action.APPROVE)
    orders = [s.order for s in _steps(dossier) if s.role in deciders]
    return max(orders) if orders else None


def _decide(dossier: Dossier, actor: Actor, action: Action, outcome: str, reason: str) -> Dossier:
    rule = authorize(dossier, action, actor, reason)
    step = _require_step_role(dossier, actor)
    if step.order != _decision_step_order(dossier):
        raise TransitionNotAllowed(
            _("The decision is taken at the signing step."), step=dossier.current_step
        )
    now = clock.now()
    changes = {
        "outcome": outcome,
        "decided_at": now,
        "finished_at": now,
        "current_step": _next_step_order(dossier),
        "assignee": None,
    }
    data = {"step": step.order, "outcome": outcome}
    return commit_transition(
        dossier, rule, actor, reason=reason, changes=changes, data=data, at=now
    )


def dossier_approve(dossier: Dossier, *, actor: Actor, note: str = "") -> Dossier:
    """Decide in favour (the signing step's role)."""
    return _decide(dossier, actor, Action.APPROVE, "approved", note)


def dossier_reject(dossier: Dossier, *, actor: Actor, reason: str) -> Dossier:
    """Decide the applicant is ineligible; the reasoned notice is the result."""
    return _decide(dossier, actor, Action.REJECT, "rejected", reason)


def dossier_issue_result(dossier: Dossier, *, actor: Actor, result_number: str = "") -> Dossier:
    """The clerk issues (numbers, stamps) the result; it goes back to the desk to be returned."""
    rule = authorize(dossier, Action.ISSUE_RESULT, actor)
    now = clock.now()
    changes = {
        "result_issued_at": now,
        "current_unit": dossier.receiving_unit,
        "current_step": _next_step_order(dossier),
        "assignee": None,
    }
    data = {"result_number": result_number}
    return commit_transition(dossier, rule, actor, changes=changes, data=data, at=now)


def dossier_return_result(
    dossier: Dossier,
    *,
    actor: Actor,
    method: str,
    receiver_name: str = "",
    receiver_id_number: str = "",
) -> Dossier:
    """Hand over the result at the counter (who received it, their ID), by post or online."""
    rule = authorize(dossier, Action.RETURN_RESULT, actor)
    if method not in RETURN_METHODS:
        raise ValidationFailed(errors={"method": [_("Choose how the result is returned.")]})
    if method == "counter" and not (receiver_name.strip() and receiver_id_number.strip()):
        raise ValidationFailed(
            errors={"receiver": [_("Record who received the result and their ID number.")]}
        )
    now = clock.now()
    changes = {"returned_at": now, "return_method": method}
    data = {
        "method": method,
        "receiver_name": receiver_name,
        "receiver_id_number": receiver_id_number,
    }
    return commit_transition(dossier, rule, actor, changes=changes, data=data, at=now)


def dossier_stop(dossier: Dossier, *, actor: Actor, reason: str) -> Dossier:
    """Stop processing (form 05), e.g. on the applicant's withdrawal request."""
    rule = authorize(dossier, Action.STOP, actor, reason)
    now = clock.now()
    data = {"form": "stop_notice"}
    return commit_transition(
        dossier, rule, actor, reason=reason, changes={"finished_at": now}, data=data, at=now
    )
