# SPDX-License-Identifier: EUPL-1.2
"""Dossiers submitted on the national portal become Motcua dossiers, each exactly once.

The portal pushes an item (REST API) or we pull its feed (``pull_inbound``); both end in
``import_national_dossier``. The unique ``(source, external_id)`` of ``InboundRecord`` makes
the import idempotent even when two imports of the same dossier race.
"""

import hashlib
import io
import json
from collections.abc import Mapping
from typing import Any, NamedTuple

import requests
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from motcua.accounts.actors import actor_as_integration
from motcua.accounts.models import User
from motcua.accounts.selectors import citizen_account
from motcua.catalog.selectors import version_in_force
from motcua.core import clock
from motcua.core.errors import DomainError, NotFound, ValidationFailed
from motcua.documents.encoded import EncodedFileError, decode_scan
from motcua.documents.services import file_store
from motcua.dossiers.lifecycle import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, DocumentCheck, dossier_submit
from motcua.orgunits.models import OrgUnit
from motcua.sync.connectors.national_portal import endpoint
from motcua.sync.models import Destination, InboundCursor, InboundFailure, InboundRecord

SOURCE = "national_portal"
#: The machine account the national portal's dossiers are submitted by (Integration role).
NATIONAL_PORTAL_USERNAME = "national-portal"


class InboundApplicant(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)
    HoTen: str = Field(min_length=1, max_length=200)
    SoDinhDanh: str = Field(pattern=r"^\d{12}$")
    SoDienThoai: str = Field(default="", max_length=20)
    Email: str = Field(default="", max_length=200)
    DiaChi: str = Field(default="", max_length=300)


class InboundDocument(BaseModel):
    model_config = ConfigDict(extra="ignore")
    MaThanhPhan: str = Field(min_length=1, max_length=12)
    TenTep: str = Field(min_length=1, max_length=255)
    KieuTep: str = Field(default="", max_length=100)
    NoiDung: str = Field(min_length=1)


class InboundDossier(BaseModel):
    """One dossier as the portal sends it (docs/national-portal-simulator.md, inbound feed)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)
    MaHoSoQG: str = Field(min_length=1, max_length=80)
    MaTTHC: str = Field(pattern=r"^\d\.\d{6}$")
    MaDonViTiepNhan: str = Field(min_length=1, max_length=60)
    NgayNop: str = Field(pattern=r"^\d{14}$")
    ChuHoSo: InboundApplicant
    DuLieuToKhai: dict[str, Any] = Field(default_factory=dict)
    TaiLieuNop: list[InboundDocument] = Field(default_factory=list, max_length=50)


class ImportResult(NamedTuple):
    dossier: Dossier
    created: bool


def parse_item(item: Mapping[str, Any]) -> InboundDossier:
    try:
        return InboundDossier.model_validate(item)
    except ValidationError as error:
        errors: dict[str, list[str]] = {}
        for problem in error.errors():
            key = ".".join(str(part) for part in problem["loc"]) or "item"
            errors.setdefault(key, []).append(problem["msg"])
        raise ValidationFailed(errors=errors) from error


def payload_digest(item: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(item, sort_keys=True, default=str).encode()).hexdigest()


def already_imported(external_id: str) -> Dossier | None:
    record = (
        InboundRecord.objects.filter(source=SOURCE, external_id=external_id)
        .select_related("dossier")
        .first()
    )
    return record.dossier if record is not None else None


def import_national_dossier(item: Mapping[str, Any]) -> ImportResult:
    """Create the dossier for a national-portal submission, or return the one created before."""
    parsed = parse_item(item)
    existing = already_imported(parsed.MaHoSoQG)
    if existing is not None:
        return ImportResult(existing, False)
    version = version_in_force(parsed.MaTTHC, timezone.localdate(clock.now()))
    if version is None:
        raise ValidationFailed(errors={"MaTTHC": [_("No procedure with this code is in force.")]})
    unit = OrgUnit.objects.filter(code=parsed.MaDonViTiepNhan).first()
    if unit is None:
        raise ValidationFailed(errors={"MaDonViTiepNhan": [_("Unknown receiving unit.")]})
    service_user = User.objects.filter(username=NATIONAL_PORTAL_USERNAME).first()
    if service_user is None:
        raise NotFound(_("The national portal's account is not set up."))
    actor = actor_as_integration(service_user, unit)
    documents = _documents(parsed, version)
    applicant = parsed.ChuHoSo
    owner = citizen_account(applicant.SoDinhDanh)
    try:
        with transaction.atomic():
            dossier = dossier_submit(
                procedure_version=version,
                receiving_unit=unit,
                channel=Channel.NATIONAL_PORTAL,
                applicant=Applicant(
                    name=applicant.HoTen,
                    id_number=applicant.SoDinhDanh,
                    phone=applicant.SoDienThoai,
                    email=applicant.Email,
                    address=applicant.DiaChi,
                ),
                applicant_data=dict(parsed.DuLieuToKhai),
                actor=actor,
                owner=owner,
                documents=documents,
            )
            InboundRecord.objects.create(
                source=SOURCE,
                external_id=parsed.MaHoSoQG,
                dossier=dossier,
                payload_sha256=payload_digest(item),
                received_at=timezone.now(),
            )
    except IntegrityError:  # the same dossier imported at the same moment by another worker
        raced = already_imported(parsed.MaHoSoQG)
        if raced is None:
            raise
        return ImportResult(raced, False)
    return ImportResult(dossier, True)


def _documents(parsed: InboundDossier, version: Any) -> list[DocumentCheck]:
    requirements = {r.code: r for r in version.requirements.all()}
    checks = []
    for index, document in enumerate(parsed.TaiLieuNop):
        where = f"TaiLieuNop.{index}"
        requirement = requirements.get(document.MaThanhPhan)
        if requirement is None:
            raise ValidationFailed(errors={where: [_("Unknown document requirement.")]})
        try:
            content, content_type = decode_scan(document.NoiDung)
        except EncodedFileError as error:
            raise ValidationFailed(errors={where: [str(error)]}) from None
        stored = file_store(io.BytesIO(content), content_type=content_type)
        checks.append(
            DocumentCheck(
                requirement_id=requirement.pk,
                name=requirement.name,
                file=stored,
                filename=document.TenTep[-255:],
            )
        )
    return checks


def pull_inbound(destination: Destination, session: requests.Session, limit: int = 100) -> int:
    """Read the portal's inbound feed from our cursor; import each item; returns items read.

    An item that cannot be imported is recorded as an ``InboundFailure`` for operators and the
    pull goes on; the cursor moves only after its page is handled, so a crash re-reads the page
    (harmless: imports are idempotent).
    """
    cursor, _ = InboundCursor.objects.get_or_create(source=SOURCE)
    response = session.get(
        endpoint(destination, "inbound"),
        params={"after": cursor.position, "limit": limit},
        headers={"Authorization": f"Bearer {destination.secret}"},
        timeout=(5, destination.timeout_seconds),
    )
    response.raise_for_status()
    page = response.json()
    items = page.get("items", [])
    for item in items:
        try:
            import_national_dossier(item)
        except DomainError as error:
            InboundFailure.objects.create(
                source=SOURCE,
                external_id=str(item.get("MaHoSoQG", ""))[:80],
                errors=error.details.get("errors") or {"item": [str(error.message)]},
                payload={k: v for k, v in item.items() if k != "TaiLieuNop"},
                at=timezone.now(),
            )
    if items:
        InboundCursor.objects.filter(pk=cursor.pk).update(
            position=int(page.get("next", cursor.position)), updated_at=timezone.now()
        )
    return len(items)
