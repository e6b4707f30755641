# SPDX-License-Identifier: EUPL-1.2
"""Who handles the current step: assign or claim it, or send the dossier back one step."""

from django.utils.translation import gettext as _

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.catalog.models import ProcessingStep, StepUnitKind
from motcua.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services.engine import authorize, commit_transition


def unit_steps(dossier: Dossier) -> list[ProcessingStep]:
    """The competent units' internal steps in order (the one-stop desk's own steps excluded)."""
    steps = sorted(dossier.procedure_version.steps.all(), key=lambda step: step.order)
    return [step for step in steps if step.unit_kind != StepUnitKind.ONE_STOP_CENTRE]


def current_step(dossier: Dossier) -> ProcessingStep | None:
    return next(
        (s for s in dossier.procedure_version.steps.all() if s.order == dossier.current_step), None
    )


def check_handler(dossier: Dossier, user: User, step: ProcessingStep) -> None:
    """``user`` must hold the step's role in the unit that holds the dossier."""
    if not RoleAssignment.objects.filter(
        user=user, role=step.role, unit_id=dossier.current_unit_id
    ).exists():
        raise ValidationFailed(
            errors={"assignee": [_("Choose an official of this unit who handles this step.")]}
        )


def dossier_assign(dossier: Dossier, *, actor: Actor, assignee: User | None = None) -> Dossier:
    """The head of unit assigns the current step to an official; anyone else claims it.

    An official claims only a step of their own role; the head may assign any official who
    holds the step's role in the unit (or take it).
    """
    rule = authorize(dossier, Action.ASSIGN, actor)
    step = current_step(dossier)
    if step is None:
        raise TransitionNotAllowed(_("The dossier is not at an internal step."))
    assert actor.user is not None  # officials only (authorize)
    target = assignee or actor.user
    if actor.role != Role.DEPARTMENT_HEAD:
        if target.pk != actor.user_id:
            raise PermissionDenied(_("Only the head of unit assigns work to others."))
        if step.role != actor.role:
            raise TransitionNotAllowed(
                _("The dossier is at a step for another role."), step=dossier.current_step
            )
    check_handler(dossier, target, step)
    if dossier.assignee_id == target.pk:
        raise TransitionNotAllowed(_("The dossier is already assigned to this official."))
    data = {"step": step.order, "assignee_id": target.pk, "assignee": str(target)}
    return commit_transition(dossier, rule, actor, changes={"assignee": target}, data=data)


def _previous_handler(dossier: Dossier, step_order: int) -> User | None:
    """Who finished ``step_order`` last, so the dossier goes back to the same hands."""
    event = (
        DossierEvent.objects.filter(dossier=dossier, action=Action.PROCESS_STEP)
        .filter(data__step=step_order)
        .select_related("actor")
        .order_by("-sequence")
        .first()
    )
    return event.actor if event is not None else None


def dossier_send_back(dossier: Dossier, *, actor: Actor, reason: str) -> Dossier:
    """Return the dossier to the previous internal step, with the reason (e.g. redo appraisal)."""
    rule = authorize(dossier, Action.SEND_BACK, actor, reason)
    step = current_step(dossier)
    if step is None or (step.role != actor.role and actor.role != Role.DEPARTMENT_HEAD):
        raise TransitionNotAllowed(
            _("The dossier is at a step for another role."), step=dossier.current_step
        )
    earlier = [s for s in unit_steps(dossier) if s.order < step.order]
    if not earlier:
        raise TransitionNotAllowed(_("This is the first step of the unit; nothing to go back to."))
    previous = earlier[-1]
    handler = _previous_handler(dossier, previous.order)
    data = {
        "step": step.order,
        "to_step": previous.order,
        "assignee_id": handler.pk if handler else None,
        "assignee": str(handler) if handler else "",
    }
    changes = {"current_step": previous.order, "assignee": handler}
    return commit_transition(dossier, rule, actor, reason=reason, changes=changes, data=data)
