# SPDX-License-Identifier: EUPL-1.2
"""Submission and the one-stop desk: submit, receive, completion requests, refuse, withdraw."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import CharField
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role, User
from motcua.catalog.models import OnlineLevel, ProcedureVersion, VersionStatus
from motcua.core import clock
from motcua.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from motcua.core.text import fold
from motcua.dossiers.applicant_data import validate_applicant_data
from motcua.dossiers.codes import format_code, next_sequence, next_tracking_book_line
from motcua.dossiers.deadlines import applicable_limit, dossier_due
from motcua.dossiers.lifecycle import CATALOG_CHANNEL, SUBMIT_ROLES, Action, Channel, Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.routing import check_receiving_unit, resolve_competent_unit
from motcua.dossiers.services.documents import (
    DocumentCheck,
    check_documents,
    missing_requirements,
    record_documents,
)
from motcua.dossiers.services.engine import (
    append_event,
    authorize,
    check_official,
    commit_transition,
)
from motcua.dossiers.snapshot import iso
from motcua.orgunits.models import OrgUnit
from motcua.orgunits.selectors import agency_code_on


@dataclass(frozen=True)
class Applicant:
    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    kind: str = "individual"


def _check_submit_permission(
    actor: Actor, receiving_unit: OrgUnit, version: ProcedureVersion
) -> None:
    if actor.role not in SUBMIT_ROLES or actor.user is None:
        raise PermissionDenied()
    if actor.role in (Role.RECEPTION_OFFICER, Role.POSTAL_OFFICER):
        if actor.unit_id != receiving_unit.pk:
            raise PermissionDenied()
        check_official(actor)
    if actor.role == Role.INTEGRATION and (
        actor.unit_id != receiving_unit.pk
        or not actor.user.role_assignments.filter(
            role=Role.INTEGRATION, unit_id=receiving_unit.pk
        ).exists()
    ):
        raise PermissionDenied()
    if (
        actor.role == Role.AGENT
        and not actor.user.role_assignments.filter(role=Role.AGENT).exists()
    ):
        raise PermissionDenied()
    if actor.role == Role.APPLICANT and actor.user.eid_level < version.min_eid_level:
        raise PermissionDenied(
            _("This procedure needs a level %(level)s electronic identity account.")
            % {"level": version.min_eid_level}
        )


def _check_channel(version: ProcedureVersion, channel: Channel, actor: Actor) -> None:
    expected = {
        Role.APPLICANT: {Channel.ONLINE, Channel.KIOSK},
        Role.AGENT: {Channel.AGENT},
        Role.POSTAL_OFFICER: {Channel.POSTAL},
        Role.RECEPTION_OFFICER: {Channel.COUNTER, Channel.POSTAL, Channel.NATIONAL_PORTAL},
        Role.INTEGRATION: {Channel.KIOSK, Channel.POSTAL, Channel.NATIONAL_PORTAL},
    }[Role(actor.role)]
    if channel not in expected:
        raise ValidationFailed(errors={"channel": [_("This channel cannot be used here.")]})
    if CATALOG_CHANNEL[channel] not in version.channels or (
        CATALOG_CHANNEL[channel] == "online" and version.online_level == OnlineLevel.NONE
    ):
        raise ValidationFailed(
            errors={"channel": [_("This procedure cannot be submitted through this channel.")]}
        )


APPLICANT_FIELDS = {
    "name": "applicant_name",
    "id_number": "applicant_id_number",
    "phone": "applicant_phone",
    "email": "applicant_email",
    "address": "applicant_address",
    "kind": "applicant_kind",
}


def _check_applicant(applicant: Applicant) -> None:
    """Required name, and every value within its column's length (no database error later)."""
    errors: dict[str, list[str]] = {}
    if not applicant.name.strip():
        errors["applicant_name"] = [_("This field is required.")]
    for attribute, field_name in APPLICANT_FIELDS.items():
        field = Dossier._meta.get_field(field_name)
        limit = field.max_length if isinstance(field, CharField) and field.max_length else 0
        if len(getattr(applicant, attribute)) > limit:
            errors[field_name] = [_("Enter at most %(limit)s characters.") % {"limit": limit}]
    if errors:
        raise ValidationFailed(errors=errors)


def _check_version_in_force(version: ProcedureVersion, day: date) -> None:
    in_force = (
        version.status == VersionStatus.PUBLISHED
        and version.effective_from <= day
        and (version.effective_to is None or day < version.effective_to)
    )
    if not in_force:
        raise ValidationFailed(
            errors={"procedure": [_("This version of the procedure is not in force.")]}
        )


def dossier_submit(
    *,
    procedure_version: ProcedureVersion,
    receiving_unit: OrgUnit,
    channel: str,
    applicant: Applicant,
    applicant_data: dict[str, Any],
    actor: Actor,
    competent_unit: OrgUnit | None = None,
    owner: User | None = None,
    documents: Sequence[DocumentCheck] = (),
    form_complete: bool = True,
) -> Dossier:
    """Create a submitted dossier with its code, first event and outbox message.

    ``form_complete=False`` (the desk entering a dossier it refuses or returns for completion)
    stores the application form as it is; it is then checked at reception.

    ``owner`` links the dossier to the applicant's citizen account (so they can follow it); for
    submissions by officials or agents it must be the account whose ID number is the applicant's.
    """
    now = clock.now()
    today = timezone.localtime(now).date()
    channel_ = Channel(channel) if channel in Channel._value2member_map_ else None
    if channel_ is None:
        raise ValidationFailed(errors={"channel": [_("Unknown channel.")]})
    _check_submit_permission(actor, receiving_unit, procedure_version)
    _check_version_in_force(procedure_version, today)
    _check_channel(procedure_version, channel_, actor)
    _check_applicant(applicant)
    if form_complete or actor.role != Role.RECEPTION_OFFICER:
        validate_applicant_data(procedure_version.applicant_schema, applicant_data)
    competent = resolve_competent_unit(procedure_version, receiving_unit, competent_unit)
    check_receiving_unit(procedure_version, receiving_unit, competent)
    if actor.role == Role.APPLICANT:
        owner = actor.user
    elif owner is not None and (not owner.national_id or owner.national_id != applicant.id_number):
        # An official or agent may link the dossier only to the applicant's own account.
        raise ValidationFailed(
            errors={"owner": [_("The account does not belong to the applicant.")]}
        )
    agency_code = agency_code_on(receiving_unit, today)  # outside the sequence lock
    with transaction.atomic():
        sequence = next_sequence(receiving_unit, today)
        dossier = Dossier.objects.create(
            code=format_code(agency_code, today, sequence),
            procedure_version=procedure_version,
            channel=channel_,
            status=Status.SUBMITTED,
            version=1,
            receiving_unit=receiving_unit,
            competent_unit=competent,
            current_unit=receiving_unit,
            current_role=next((s.role for s in procedure_version.steps.all() if s.order == 1), ""),
            owner=owner,
            submitted_by=actor.user,
            applicant_kind=applicant.kind,
            applicant_name=applicant.name.strip(),
            applicant_id_number=applicant.id_number,
            applicant_phone=applicant.phone,
            applicant_email=applicant.email,
            applicant_address=applicant.address,
            applicant_data=applicant_data,
            search_text=fold(f"{applicant.name} {applicant.id_number}")[:300],
            submitted_at=now,
            updated_at=now,
        )
        append_event(
            dossier,
            action=Action.SUBMIT,
            actor=actor,
            at=now,
            status_before="",
            reason="",
            data={"channel": channel_.value},
        )
        check_documents(dossier, documents)
        record_documents(dossier, documents, at=now, event_sequence=1)
    return dossier


def dossier_receive(
    dossier: Dossier,
    *,
    actor: Actor,
    extended_limit: bool = False,
    reason: str = "",
    documents: Sequence[DocumentCheck] = (),
) -> Dossier:
    """Accept a complete dossier at the desk: the clock starts and the promised date is set.

    ``documents`` is the desk's checklist; every mandatory requirement must then be provided
    (an incomplete dossier cannot be received: ask for completion instead). The dossier gets
    the next line of the receiving unit's tracking book (form 07). ``extended_limit`` chooses
    the procedure's longer limit (e.g. marriage registration needing verification), with a
    reason.
    """
    rule = authorize(dossier, Action.RECEIVE, actor, reason)
    if extended_limit and not reason.strip():
        raise ValidationFailed(errors={"reason": [_("A reason is required.")]})
    validate_applicant_data(dossier.procedure_version.applicant_schema, dossier.applicant_data)
    check_documents(dossier, documents)
    missing = missing_requirements(dossier, documents)
    if missing:
        raise ValidationFailed(
            errors={
                "documents": [
                    _("Missing: %(name)s") % {"name": requirement.name} for requirement in missing
                ]
            }
        )
    try:
        limit = applicable_limit(
            dossier.procedure_version, dossier.channel, extended=extended_limit
        )
    except LookupError:
        raise ValidationFailed(
            errors={"extended_limit": [_("This procedure has no longer time limit.")]}
        ) from None
    now = clock.now()
    due = dossier_due(
        dossier, received_at=now, time_limit_amount=limit.amount, time_limit_unit=limit.unit
    )
    with transaction.atomic():
        line = next_tracking_book_line(dossier.receiving_unit, timezone.localtime(now).year)
        changes = {
            "received_at": now,
            "clock_started_at": due.clock_started_at,
            "time_limit_amount": limit.amount,
            "time_limit_unit": limit.unit,
            "due_at": due.due_at,
            "original_due_at": due.due_at,
            "tracking_book_line": line,
        }
        data = {
            "due_at": iso(due.due_at),
            "limit": f"{limit.amount} {limit.unit}",
            "tracking_book_line": line,
            "form": "receipt",
        }
        commit_transition(dossier, rule, actor, reason=reason, changes=changes, data=data, at=now)
        record_documents(dossier, documents, at=now, event_sequence=dossier.version)
    return dossier


def dossier_request_supplement(
    dossier: Dossier, *, actor: Actor, missing: list[str], reason: str
) -> Dossier:
    """Ask the applicant for missing items: at the desk once (form 02), or during processing.

    During processing the clock pauses until the applicant answers.
    """
    rule = authorize(dossier, Action.REQUEST_SUPPLEMENT, actor, reason)
    items = [item.strip() for item in missing if item.strip()]
    if not items:
        raise ValidationFailed(errors={"missing": [_("List every missing or incorrect item.")]})
    now = clock.now()
    changes: dict[str, Any]
    if rule.target == Status.AWAITING_COMPLETION:
        if dossier.desk_completion_requests >= settings.MOTCUA_DESK_COMPLETION_REQUESTS_MAX:
            raise TransitionNotAllowed(
                _("The desk may ask for completion only once; refuse the dossier instead.")
            )
        changes = {"desk_completion_requests": dossier.desk_completion_requests + 1}
    else:
        pauses = [*dossier.clock_pauses, {"start": iso(now), "end": None, "reason": "supplement"}]
        changes = {"supplement_requests": dossier.supplement_requests + 1, "clock_pauses": pauses}
    data = {"missing": items, "form": "supplement_request"}
    return commit_transition(
        dossier, rule, actor, reason=reason, changes=changes, data=data, at=now
    )


def dossier_supplement(
    dossier: Dossier,
    *,
    actor: Actor,
    applicant_data: dict[str, Any] | None = None,
    note: str = "",
    documents: Sequence[DocumentCheck] = (),
) -> Dossier:
    """The applicant answers a completion or supplement request; a paused clock resumes."""
    rule = authorize(dossier, Action.SUPPLEMENT, actor)
    changes: dict[str, Any] = {}
    if applicant_data is not None:
        validate_applicant_data(dossier.procedure_version.applicant_schema, applicant_data)
        changes["applicant_data"] = applicant_data
    check_documents(dossier, documents)
    now = clock.now()
    data: dict[str, Any] = {"note": note, "documents": len(documents)}
    if dossier.status == Status.AWAITING_SUPPLEMENT:
        data.update(resume_clock(dossier, changes, now))
    with transaction.atomic():
        commit_transition(dossier, rule, actor, changes=changes, data=data, at=now)
        record_documents(dossier, documents, at=now, event_sequence=dossier.version)
    return dossier


def resume_clock(dossier: Dossier, changes: dict[str, Any], now: Any) -> dict[str, Any]:
    """Close the open pause and recompute the promised date; returns old and new dates."""
    pauses = [dict(p) for p in dossier.clock_pauses]
    pauses[-1]["end"] = iso(now)
    before = dossier.due_at
    due = dossier_due(dossier, clock_pauses=pauses)
    changes.update({"clock_pauses": pauses, "due_at": due.due_at})
    return {"due_before": iso(before), "due_after": iso(due.due_at)}


def dossier_refuse(dossier: Dossier, *, actor: Actor, reason: str) -> Dossier:
    """Refuse reception with the legal reason (form 03)."""
    rule = authorize(dossier, Action.REFUSE, actor, reason)
    now = clock.now()
    changes = {"finished_at": now}
    data = {"form": "refusal"}
    return commit_transition(
        dossier, rule, actor, reason=reason, changes=changes, data=data, at=now
    )


def dossier_withdraw(dossier: Dossier, *, actor: Actor, reason: str) -> Dossier:
    """The applicant withdraws: at once before reception, otherwise as a request to stop."""
    rule = authorize(dossier, Action.WITHDRAW, actor, reason)
    now = clock.now()
    changes = {"finished_at": now} if rule.target == Status.WITHDRAWN else {}
    return commit_transition(dossier, rule, actor, reason=reason, changes=changes, at=now)


def dossier_cancel(dossier: Dossier, *, actor: Actor, reason: str) -> Dossier:
    """The centre manager cancels a dossier entered in error (e.g. a duplicate) before reception."""
    rule = authorize(dossier, Action.CANCEL, actor, reason)
    now = clock.now()
    return commit_transition(
        dossier, rule, actor, reason=reason, changes={"finished_at": now}, at=now
    )
