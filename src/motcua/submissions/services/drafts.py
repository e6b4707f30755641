# SPDX-License-Identifier: EUPL-1.2
"""Writes of a draft: start it, save a step, fill or empty an upload slot.

Only the owner acts on a draft (anyone else gets ``NotFound``). Writes use compare-and-set on
``dossier IS NULL``, so nothing changes a draft once it is submitted, on SQLite as on
PostgreSQL. The applicant's name and ID number always come from the e-ID account.
"""

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role, User
from motcua.catalog.models import ProcedureVersion, Requirement
from motcua.core import clock
from motcua.core.errors import (
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from motcua.documents.services import file_store
from motcua.dossiers.applicant_data import validate_applicant_data
from motcua.dossiers.routing import check_receiving_unit, resolve_competent_unit
from motcua.orgunits.models import OrgUnit
from motcua.submissions.models import DraftDocument, DraftStep, SubmissionDraft
from motcua.submissions.selectors import (
    competent_communes,
    in_force_today,
    online_available,
    receiving_centres,
)

#: Types a document slot accepts (the caller reads them from the file's first bytes).
ACCEPTED_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
#: A phone number: digits, optionally starting with +, 8 to 15 of them.
PHONE = re.compile(r"^\+?[0-9]{8,15}$")
#: Upper bound of a saved application form (JSON characters), against abuse.
FORM_MAX_CHARS = 100_000
CLAIMS = ("name", "id_number")


@dataclass(frozen=True)
class Where:
    """Step "where": the receiving centre, and the competent commune when the citizen names it."""

    receiving_unit: OrgUnit
    competent_unit: OrgUnit | None = None


@dataclass(frozen=True)
class Contact:
    """Step "applicant": how the centre reaches the applicant (name and ID come from e-ID)."""

    phone: str
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class ApplicationForm:
    """Step "form": the procedure's own form; ``complete=False`` saves it unfinished."""

    applicant_data: dict[str, Any] = field(default_factory=dict)
    complete: bool = True


@dataclass(frozen=True)
class DocumentsDone:
    """Step "documents" finished: every mandatory slot must hold a file."""


StepData = Where | Contact | ApplicationForm | DocumentsDone


def normalise_phone(value: str) -> str:
    """A phone number without spaces, dots, dashes or brackets."""
    return re.sub(r"[\s.\-()]", "", value)


def owner_check(draft: SubmissionDraft, actor: Actor) -> User:
    if actor.role != Role.APPLICANT or actor.user is None or draft.owner_id != actor.user_id:
        raise NotFound()
    return actor.user


def _check_level(user: User, version: ProcedureVersion) -> None:
    if user.eid_level < version.min_eid_level:
        raise PermissionDenied(
            _("This procedure needs a level %(level)s electronic identity account.")
            % {"level": version.min_eid_level}
        )


def _check_where(version: ProcedureVersion, where: Where) -> None:
    """The centre is one the citizen may choose, and it may receive for the competent unit."""
    if not receiving_centres(version).filter(pk=where.receiving_unit.pk).exists():
        raise ValidationFailed(
            errors={"receiving_unit": [_("Choose a centre that receives this procedure.")]}
        )
    communes = competent_communes(version)
    if where.competent_unit is not None and (
        communes is None or not communes.filter(pk=where.competent_unit.pk).exists()
    ):
        raise ValidationFailed(
            errors={"competent_unit": [_("Choose a commune or ward of this province.")]}
        )
    competent = resolve_competent_unit(version, where.receiving_unit, where.competent_unit)
    check_receiving_unit(version, where.receiving_unit, competent)


def registry_values(draft: SubmissionDraft) -> dict[str, str]:
    """The form fields that hold the applicant's own name or ID number, from the account."""
    claims = {"name": draft.owner.full_name, "id_number": draft.owner.national_id}
    return {
        key: claims[claim] for key, claim in dict(draft.registry_keys).items() if claim in claims
    }


def draft_start(
    *,
    actor: Actor,
    version: ProcedureVersion,
    where: Where,
    registry_keys: dict[str, str] | None = None,
) -> SubmissionDraft:
    """A new draft of ``version`` for the citizen, at the centre they chose.

    ``registry_keys`` names the schema properties that hold the applicant's own name
    (``"name"``) or ID number (``"id_number"``): their values are locked to the account's.
    """
    if actor.role != Role.APPLICANT or actor.user is None:
        raise PermissionDenied()
    user = actor.user
    _check_level(user, version)
    if not online_available(version) or not in_force_today(version):
        raise ValidationFailed(
            errors={"procedure": [_("This procedure cannot be submitted online now.")]}
        )
    _check_where(version, where)
    keys = {
        str(key): claim
        for key, claim in (registry_keys or {}).items()
        if claim in CLAIMS and key in version.applicant_schema.get("properties", {})
    }
    now = clock.now()
    draft = SubmissionDraft(
        owner=user,
        procedure_version=version,
        receiving_unit=where.receiving_unit,
        competent_unit=where.competent_unit,
        applicant_phone=normalise_phone(user.phone)[:20],
        registry_keys=keys,
        applicant_data={},
        step_reached=DraftStep.APPLICANT,
        created_at=now,
        updated_at=now,
    )
    draft.applicant_data = registry_values(draft)
    draft.save()
    return draft


def _write(draft: SubmissionDraft, **changes: Any) -> None:
    """Compare-and-set: change the draft only while it is not submitted."""
    changes["updated_at"] = clock.now()
    updated = SubmissionDraft.objects.filter(pk=draft.pk, dossier__isnull=True).update(**changes)
    if updated != 1:
        raise TransitionNotAllowed(_("This application was already submitted."))
    for name, value in changes.items():
        setattr(draft, name, value)


def _advance(draft: SubmissionDraft, to: DraftStep) -> str:
    return to.value if to.position > draft.reached.position else draft.step_reached


def _contact_changes(contact: Contact) -> dict[str, Any]:
    phone = normalise_phone(contact.phone)
    email = contact.email.strip()
    address = " ".join(contact.address.split())
    errors: dict[str, list[str]] = {}
    if not phone:
        errors["phone"] = [_("Enter a phone number, so the centre can reach you.")]
    elif not PHONE.match(phone):
        errors["phone"] = [_("Enter a phone number like 0912345678.")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter an email address like name@example.com.")]
        if len(email) > 200:
            errors["email"] = [_("Enter at most %(limit)s characters.") % {"limit": 200}]
    if len(address) > 300:
        errors["address"] = [_("Enter at most %(limit)s characters.") % {"limit": 300}]
    if errors:
        raise ValidationFailed(errors=errors)
    return {"applicant_phone": phone, "applicant_email": email, "applicant_address": address}


def _form_changes(draft: SubmissionDraft, form: ApplicationForm) -> dict[str, Any]:
    data = {**dict(form.applicant_data), **registry_values(draft)}
    if len(json.dumps(data, ensure_ascii=False)) > FORM_MAX_CHARS:
        raise ValidationFailed(errors={"__all__": [_("The form is too long.")]})
    if form.complete:
        validate_applicant_data(draft.procedure_version.applicant_schema, data)
        return {"applicant_data": data, "step_reached": _advance(draft, DraftStep.DOCUMENTS)}
    # Saved unfinished: it must be checked again before the documents and the review.
    back = DraftStep.FORM if draft.reached.position > DraftStep.FORM.position else draft.reached
    return {"applicant_data": data, "step_reached": back.value}


def missing_documents(draft: SubmissionDraft) -> list[Requirement]:
    """Mandatory requirements whose upload slot is empty."""
    filled = set(DraftDocument.objects.filter(draft=draft).values_list("requirement_id", flat=True))
    requirements = draft.procedure_version.requirements.order_by("order")
    return [r for r in requirements if r.mandatory and r.pk not in filled]


def missing_error(missing: list[Requirement]) -> ValidationFailed:
    return ValidationFailed(
        errors={
            f"requirement-{r.pk}": [_("Attach “%(name)s”.") % {"name": r.name}] for r in missing
        }
    )


def draft_save_step(draft: SubmissionDraft, *, actor: Actor, data: StepData) -> SubmissionDraft:
    """Validate and save one step; the next step opens. Refused once the draft is submitted."""
    owner_check(draft, actor)
    if draft.is_submitted:
        raise TransitionNotAllowed(_("This application was already submitted."))
    changes: dict[str, Any]
    if isinstance(data, Where):
        _check_where(draft.procedure_version, data)
        changes = {
            "receiving_unit": data.receiving_unit,
            "competent_unit": data.competent_unit,
            "step_reached": _advance(draft, DraftStep.APPLICANT),
        }
    elif isinstance(data, Contact):
        changes = {**_contact_changes(data), "step_reached": _advance(draft, DraftStep.FORM)}
    elif isinstance(data, ApplicationForm):
        changes = _form_changes(draft, data)
    else:
        missing = missing_documents(draft)
        if missing:
            raise missing_error(missing)
        changes = {"step_reached": _advance(draft, DraftStep.REVIEW)}
    _write(draft, **changes)
    return draft


def _safe_filename(name: str) -> str:
    """The base name without folders or control and format characters (NUL, RTLO...)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[-255:] or "document"


def _stream_size(stream: IO[bytes]) -> int:
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def draft_attach(
    draft: SubmissionDraft,
    *,
    actor: Actor,
    requirement_id: int,
    stream: IO[bytes],
    content_type: str,
    filename: str,
) -> DraftDocument:
    """Store a file (PDF, JPEG or PNG, already identified by its first bytes) in the slot of
    ``requirement_id``, replacing what it held. A resumable upload calls this once complete."""
    owner_check(draft, actor)
    if draft.is_submitted:
        raise TransitionNotAllowed(_("This application was already submitted."))
    requirement = draft.procedure_version.requirements.filter(pk=requirement_id).first()
    if requirement is None:
        raise NotFound()
    if content_type not in ACCEPTED_TYPES:
        raise ValidationFailed(
            errors={f"requirement-{requirement_id}": [_("Attach a PDF, JPEG or PNG file.")]}
        )
    size = _stream_size(stream)
    limit_mb = int(settings.MOTCUA_UPLOAD_MAX_MB)
    if size == 0 or size > limit_mb * 1024 * 1024:
        message = (
            _("The file is empty.")
            if size == 0
            else _("The file is larger than %(limit)s MB.") % {"limit": limit_mb}
        )
        raise ValidationFailed(errors={f"requirement-{requirement_id}": [message]})
    stored = file_store(stream, content_type=content_type)
    now = clock.now()
    with transaction.atomic():
        _write(draft)  # takes the draft's row first: serialised with a concurrent submit
        document, _created = DraftDocument.objects.update_or_create(
            draft=draft,
            requirement=requirement,
            defaults={"file": stored, "filename": _safe_filename(filename), "added_at": now},
        )
    return document


def draft_remove_document(draft: SubmissionDraft, *, actor: Actor, requirement_id: int) -> None:
    """Empty the slot of ``requirement_id``; a missing mandatory file reopens the documents step."""
    owner_check(draft, actor)
    if draft.is_submitted:
        raise TransitionNotAllowed(_("This application was already submitted."))
    with transaction.atomic():
        _write(draft)
        DraftDocument.objects.filter(draft=draft, requirement_id=requirement_id).delete()
        if draft.reached == DraftStep.REVIEW and missing_documents(draft):
            _write(draft, step_reached=DraftStep.DOCUMENTS.value)
