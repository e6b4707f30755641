# SPDX-License-Identifier: EUPL-1.2
"""Writes to the catalog: import (which publishes new versions) and publication."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from motcua.catalog.exchange_format import catalog_problems
from motcua.catalog.models import (
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessingStep,
    Requirement,
    TimeLimit,
    VersionStatus,
)
from motcua.catalog.rules import LimitSpec, ShareSpec, share_problems
from motcua.catalog.selectors import search_text_for
from motcua.catalog.serialization import procedure_to_dict, version_to_dict
from motcua.core.errors import TransitionNotAllowed, ValidationFailed


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def catalog_import(data: Any) -> ImportReport:
    """Import a catalog document; a changed procedure gets a new published version.

    Running versions are never edited, so dossiers keep the version they were submitted under.
    Nothing is written when any part of the document is invalid.
    """
    problems = catalog_problems(data)
    if problems:
        raise ValidationFailed(errors=problems)
    report = ImportReport()
    with transaction.atomic():
        fields = {}
        for item in data["fields"]:
            fields[item["code"]], _ = Field.objects.update_or_create(
                code=item["code"],
                defaults={"name": item["name_vi"], "name_en": item.get("name_en", "")},
            )
        for item in data["procedures"]:
            procedure, _ = Procedure.objects.get_or_create(national_code=item["national_code"])
            latest = procedure.versions.order_by("-number").first()
            incoming = procedure_to_dict(item)
            if latest is not None and version_to_dict(latest) == incoming:
                report.unchanged.append(procedure.national_code)
                continue
            _create_version(procedure, item, fields[item["field"]], latest)
            report.created.append(procedure.national_code)
    return report


def _create_version(
    procedure: Procedure, item: dict[str, Any], field_: Field, latest: ProcedureVersion | None
) -> ProcedureVersion:
    effective_from = date.fromisoformat(item["effective_from"])
    if procedure.local_code != item.get("local_code", ""):
        procedure.local_code = item.get("local_code", "")
        procedure.save(update_fields=["local_code"])
    version = ProcedureVersion(
        procedure=procedure,
        number=(latest.number + 1) if latest else 1,
        status=VersionStatus.DRAFT,
        effective_from=effective_from,
        name=item["name_vi"],
        name_en=item.get("name_en", ""),
        field=field_,
        level=item["level"],
        implementing_agency=item["implementing_agency"],
        competent_agency=item["competent_agency"],
        delegated_agency=item.get("delegated_agency", ""),
        coordinating_agencies=item.get("coordinating_agencies", ""),
        competent_unit_kind=item["competent_unit_kind"],
        competent_department=item.get("competent_department", ""),
        applicants=item.get("applicants_vi", ""),
        steps_text=item.get("steps_vi", ""),
        channels=item["channels"],
        conditions=item.get("conditions_vi", ""),
        sets=item.get("sets", 1),
        results=item.get("results_vi", ""),
        results_en=item.get("results_en", ""),
        legal_basis=item["legal_basis"],
        online_level=item["online_level"],
        boundary_free=item.get("boundary_free", True),
        min_eid_level=item.get("min_eid_level", 2),
        applicant_schema=item["applicant_schema"],
    )
    version.search_text = search_text_for(version)
    version.save()
    Requirement.objects.bulk_create(
        Requirement(
            version=version,
            order=order,
            code=r["code"],
            name=r["name_vi"],
            name_en=r.get("name_en", ""),
            originals=r["originals"],
            copies=r["copies"],
            mandatory=r["mandatory"],
            template=r.get("template", ""),
            reusable_document_type=r.get("reusable_document_type", ""),
            note=r.get("note_vi", ""),
        )
        for order, r in enumerate(item["requirements"], start=1)
    )
    TimeLimit.objects.bulk_create(
        TimeLimit(
            version=version,
            channel=t["channel"],
            amount=Decimal(t["amount"]),
            unit=t["unit"],
            extended_amount=Decimal(t["extended_amount"]) if t.get("extended_amount") else None,
            note=t.get("note_vi", ""),
        )
        for t in item["time_limits"]
    )
    Fee.objects.bulk_create(
        Fee(
            version=version,
            code=f["code"],
            kind=f["kind"],
            name=f["name_vi"],
            name_en=f.get("name_en", ""),
            amount_vnd=f["amount_vnd"],
            unit=f.get("unit", "dossier"),
            channel=f.get("channel", ""),
            legal_basis=f.get("legal_basis", ""),
            note=f.get("note", ""),
        )
        for f in item["fees"]
    )
    ProcessingStep.objects.bulk_create(
        ProcessingStep(
            version=version,
            order=s["order"],
            name=s["name_vi"],
            name_en=s.get("name_en", ""),
            role=s["role"],
            unit_kind=s["unit_kind"],
            share=Decimal(s["share"]),
            share_unit=s["share_unit"],
            inter_agency=s.get("inter_agency", False),
            forms=s.get("forms", []),
        )
        for s in item["internal_steps"]
    )
    procedure_version_publish(version)
    return version


def procedure_version_publish(version: ProcedureVersion) -> ProcedureVersion:
    """Publish a draft version after checking its internal procedure adds up.

    The previous open-ended version ends the day the new one takes effect.
    """
    if version.status != VersionStatus.DRAFT:
        raise TransitionNotAllowed()
    limits = [LimitSpec(t.channel, t.amount, t.unit) for t in version.time_limits.all()]
    general = next((limit for limit in limits if limit.channel == ""), None)
    steps = [ShareSpec(s.order, s.share, s.share_unit) for s in version.steps.all()]
    problems = ["no time limit for every channel"] if general is None else []
    if general is not None:
        problems.extend(share_problems(general, steps))
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        (
            ProcedureVersion.objects.filter(
                procedure=version.procedure,
                status=VersionStatus.PUBLISHED,
                effective_to__isnull=True,
                effective_from__lt=version.effective_from,
            ).update(effective_to=version.effective_from)
        )
        version.status = VersionStatus.PUBLISHED
        version.save(update_fields=["status"])
    return version
