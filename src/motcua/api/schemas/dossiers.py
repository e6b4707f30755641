# SPDX-License-Identifier: EUPL-1.2
"""Dossiers as connected systems see them, and the body that submits one."""

from datetime import datetime
from typing import Any, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from motcua.api.schemas.common import StrictSchema
from motcua.dossiers.lifecycle import NATIONAL_CHANNEL, NATIONAL_STATUS, Channel, Status
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.dossiers.timeline import INTERNAL_NOTES

ACCEPTED_TYPES = ("application/pdf", "image/jpeg", "image/png")


# -- submission ------------------------------------------------------------------------------


class ApplicantIn(StrictSchema):
    kind: Literal["individual", "organisation"] = "individual"
    name: str = Field(min_length=1, max_length=200)
    id_number: str = Field("", max_length=20, description="Personal or organisation ID number.")
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=200)
    address: str = Field("", max_length=300)


class DocumentIn(StrictSchema):
    requirement: str = Field(min_length=1, max_length=12, description="Requirement code (R1…).")
    filename: str = Field(min_length=1, max_length=255)
    content_type: Literal["application/pdf", "image/jpeg", "image/png"] = Field(
        description="Must match the file's own signature (its first bytes)."
    )
    content_base64: str = Field(min_length=1, description="The file, base64 (RFC 4648 §4).")


class DossierCreate(StrictSchema):
    procedure: str = Field(pattern=r"^[0-9]\.[0-9]{6}$", description="National procedure code.")
    receiving_unit: str = Field(min_length=1, max_length=35, description="Agency code.")
    competent_unit: str | None = Field(
        None, max_length=35, description="Agency code of the commune that decides, if needed."
    )
    channel: Literal["kiosk", "postal", "national_portal"]
    applicant: ApplicantIn
    form: dict[str, Any] = Field(description="The application form (procedure's form schema).")
    documents: list[DocumentIn] = Field(default_factory=list, max_length=50)


# -- reading ---------------------------------------------------------------------------------


class ProcedureRef(Schema):
    code: str
    version: int
    name: str
    name_en: str


class ApplicantOut(Schema):
    kind: str
    name: str
    id_number: str
    phone: str
    email: str
    address: str


class DossierOut(Schema):
    code: str
    version: int = Field(description='Grows by one with every event; the ETag is W/"version".')
    procedure: ProcedureRef
    channel: str = Field(examples=["kiosk"])
    national_channel: int = Field(description="KenhThucHien: 1 in person, 2 online, 3 postal.")
    status: Status
    national_status: int = Field(description="TrangThaiHoSo of the national portal, 1–10.")
    receiving_unit: str
    competent_unit: str
    current_unit: str
    applicant: ApplicantOut
    submitted_at: datetime
    received_at: datetime | None
    due_at: datetime | None
    original_due_at: datetime | None
    finished_at: datetime | None
    outcome: str
    updated_at: datetime


class DossierPage(Schema):
    results: list[DossierOut]
    next: str | None


class EventOut(Schema):
    sequence: int
    action: str = Field(examples=["receive"])
    at: datetime
    status_before: str | None
    status_after: str
    role: str = Field(description="The capacity acted in (never the person).")
    unit: str | None = Field(description="Agency code of the unit acted for.")
    reason: str | None = Field(description="Null for officials' internal notes.")


class EventPage(Schema):
    results: list[EventOut]
    next: str | None


class DocumentOut(Schema):
    id: int
    requirement: str | None = Field(description="Requirement code; null for an extra document.")
    name: str
    original_seen: bool
    copies: int
    has_file: bool
    filename: str
    content_type: str | None
    size: int | None
    added_at: datetime
    added_in_event: int


class DocumentList(Schema):
    results: list[DocumentOut]


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment) if moment is not None else None


def dossier_out(dossier: Dossier) -> dict[str, Any]:
    version = dossier.procedure_version
    return {
        "code": dossier.code,
        "version": dossier.version,
        "procedure": {
            "code": version.procedure.national_code,
            "version": version.number,
            "name": version.name,
            "name_en": version.name_en,
        },
        "channel": dossier.channel,
        "national_channel": NATIONAL_CHANNEL[Channel(dossier.channel)],
        "status": dossier.status,
        "national_status": NATIONAL_STATUS[Status(dossier.status)],
        "receiving_unit": dossier.receiving_unit.code,
        "competent_unit": dossier.competent_unit.code,
        "current_unit": dossier.current_unit.code,
        "applicant": {
            "kind": dossier.applicant_kind,
            "name": dossier.applicant_name,
            "id_number": dossier.applicant_id_number,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
            "address": dossier.applicant_address,
        },
        "submitted_at": _local(dossier.submitted_at),
        "received_at": _local(dossier.received_at),
        "due_at": _local(dossier.due_at),
        "original_due_at": _local(dossier.original_due_at),
        "finished_at": _local(dossier.finished_at),
        "outcome": dossier.outcome,
        "updated_at": _local(dossier.updated_at),
    }


def event_out(event: DossierEvent) -> dict[str, Any]:
    """The facts of an event; never who acted, nor officials' internal notes (the same rule as
    the citizen's timeline, ``dossiers.timeline.INTERNAL_NOTES``)."""
    return {
        "sequence": event.sequence,
        "action": event.action,
        "at": _local(event.at),
        "status_before": event.status_before or None,
        "status_after": event.status_after,
        "role": event.role,
        "unit": event.unit.code if event.unit is not None else None,
        "reason": None if event.action in INTERNAL_NOTES else event.reason,
    }


def document_out(document: DossierDocument) -> dict[str, Any]:
    stored = document.file
    return {
        "id": document.pk,
        "requirement": document.requirement.code if document.requirement is not None else None,
        "name": document.name,
        "original_seen": document.original_seen,
        "copies": document.copies,
        "has_file": stored is not None,
        "filename": document.filename,
        "content_type": stored.content_type if stored is not None else None,
        "size": stored.size if stored is not None else None,
        "added_at": _local(document.added_at),
        "added_in_event": document.added_in_event,
    }
