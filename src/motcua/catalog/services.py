# SPDX-License-Identifier: EUPL-1.2
"""Writes to the catalog: import (which publishes new versions), drafts and publication."""

import copy
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from motcua.accounts.actors import Actor
from motcua.catalog.exchange_format import FORMAT_NAME, FORMAT_VERSION, catalog_problems
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
from motcua.catalog.permissions import require_catalog_editor
from motcua.catalog.rules import LimitSpec, ShareSpec, share_problems
from motcua.catalog.selectors import search_text_for
from motcua.catalog.serialization import procedure_to_dict, version_to_dict
from motcua.core import clock
from motcua.core.errors import TransitionNotAllowed, ValidationFailed


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def catalog_import(data: Any) -> ImportReport:
    """Import a catalog document; a changed procedure gets a new published version.

    Running versions are never edited, so dossiers keep the version they were submitted under.
    Nothing is written when any part of the document is invalid. The content is compared with
    the latest *published* version; a draft started in the admin is left alone (the new version
    is numbered after it).
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
            published = procedure.versions.filter(status=VersionStatus.PUBLISHED)
            current = published.order_by("-number").first()
            incoming = procedure_to_dict(item)
            if current is not None and version_to_dict(current) == incoming:
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


# -- administration: drafts, publication from the admin, fields and procedures ------------------

NATIONAL_CODE = re.compile(r"\d\.\d{6}")
_PARTS = ("requirements", "time_limits", "fees", "steps")
_PROBLEM_PREFIX = re.compile(r"^procedures/0(?: \([^)]*\))?[/:] ?")


def _clone(row: Model, **changes: Any) -> Model:
    """An unsaved copy of ``row`` with ``changes``; JSON values are copied, not shared."""
    values = {
        f.attname: copy.deepcopy(getattr(row, f.attname))
        for f in row._meta.concrete_fields
        if not f.primary_key
    }
    return type(row)(**{**values, **changes})


def draft_conflict(procedure_id: int, exclude_pk: int | None = None) -> str | None:
    """Why a new draft of a procedure cannot be started (it already has one), or ``None``."""
    drafts = ProcedureVersion.objects.filter(procedure_id=procedure_id, status=VersionStatus.DRAFT)
    draft = (drafts.exclude(pk=exclude_pk) if exclude_pk is not None else drafts).first()
    if draft is None:
        return None
    return gettext(
        "Version %(number)s of this procedure is already a draft: publish or delete it first."
    ) % {"number": draft.number}


def _draft_start(procedure: Procedure) -> date:
    """Today, or the day after the latest published version took effect if that is later."""
    latest = procedure.versions.filter(status=VersionStatus.PUBLISHED).aggregate(
        day=Max("effective_from")
    )["day"]
    today = timezone.localdate(clock.now())
    return max(today, latest + timedelta(days=1)) if latest else today


def procedure_version_new_draft(*, version: ProcedureVersion, actor: Actor) -> ProcedureVersion:
    """Copy ``version`` with its requirements, time limits, fees and steps into a new draft.

    The draft is numbered after the highest version and takes effect (until edited) on
    ``_draft_start``. A procedure has at most one draft at a time.
    """
    require_catalog_editor(actor)
    with transaction.atomic():
        procedure = Procedure.objects.select_for_update().get(pk=version.procedure_id)
        conflict = draft_conflict(procedure.pk)
        if conflict:
            raise ValidationFailed(errors={"status": [conflict]})
        source = ProcedureVersion.objects.get(pk=version.pk)
        highest = procedure.versions.aggregate(number=Max("number"))["number"]
        draft = _clone(
            source,
            number=highest + 1,
            status=VersionStatus.DRAFT,
            effective_from=_draft_start(procedure),
            effective_to=None,
        )
        draft.save()
        for part in _PARTS:
            related = getattr(source, part)
            related.model.objects.bulk_create(
                _clone(row, version_id=draft.pk) for row in related.all()
            )
    return draft  # type: ignore[return-value]


def procedure_draft_save(*, version: ProcedureVersion, actor: Actor) -> ProcedureVersion:
    """Save a new or edited draft; published versions are never edited.

    A new draft gets the next number; the number, status, end date and procedure of an existing
    draft cannot change here.
    """
    require_catalog_editor(actor)
    with transaction.atomic():
        Procedure.objects.select_for_update().get(pk=version.procedure_id)
        if version.pk is None:
            conflict = draft_conflict(version.procedure_id)
            if conflict:
                raise ValidationFailed(errors={"procedure": [conflict]})
            highest = ProcedureVersion.objects.filter(procedure_id=version.procedure_id).aggregate(
                number=Max("number")
            )["number"]
            version.number = (highest or 0) + 1
            version.status = VersionStatus.DRAFT
            version.effective_to = None
        else:
            stored = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
            if stored.status != VersionStatus.DRAFT:
                raise TransitionNotAllowed(gettext("Only a draft version can be changed."))
            version.procedure_id = stored.procedure_id
            version.number, version.status = stored.number, stored.status
            version.effective_to = stored.effective_to
        version.search_text = search_text_for(version)
        version.save()
    return version


def procedure_draft_delete(*, version: ProcedureVersion, actor: Actor) -> None:
    """Discard a draft (its parts go with it); published versions stay forever."""
    require_catalog_editor(actor)
    with transaction.atomic():
        stored = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
        if stored.status != VersionStatus.DRAFT:
            raise TransitionNotAllowed(gettext("Only a draft version can be deleted."))
        stored.delete()


def publish_problems(version: ProcedureVersion) -> dict[str, list[str]]:
    """Why a draft cannot be published: its date, then every exchange-format rule (as import)."""
    errors: dict[str, list[str]] = {}
    later = (
        version.procedure.versions.filter(
            status=VersionStatus.PUBLISHED, effective_from__gte=version.effective_from
        )
        .exclude(pk=version.pk)
        .order_by("-effective_from")
        .first()
    )
    if later is not None:
        message = gettext(
            "The effective date must be later than %(day)s, when version %(number)s took effect."
        )
        errors["effective_from"] = [message % {"day": later.effective_from, "number": later.number}]
    field_ = version.field
    document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "fields": [{"code": field_.code, "name_vi": field_.name, "name_en": field_.name_en}],
        "procedures": [version_to_dict(version)],
    }
    content = [_PROBLEM_PREFIX.sub("", problem) for problem in catalog_problems(document)]
    if content:
        errors["content"] = content
    return errors


def procedure_draft_publish(*, version: ProcedureVersion, actor: Actor) -> ProcedureVersion:
    """Publish a draft from its ``effective_from`` after every check an import makes.

    The version it replaces ends that day (``procedure_version_publish``); dossiers keep the
    version they were submitted under, so a running dossier never changes.
    """
    require_catalog_editor(actor)
    with transaction.atomic():
        Procedure.objects.select_for_update().get(pk=version.procedure_id)
        stored = (
            ProcedureVersion.objects.select_for_update(of=("self",))
            .select_related("procedure", "field")
            .get(pk=version.pk)
        )
        if stored.status != VersionStatus.DRAFT:
            raise TransitionNotAllowed(gettext("Only a draft version can be published."))
        errors = publish_problems(stored)
        if errors:
            message = gettext("Version %(number)s of %(code)s cannot be published.")
            numbers = {"number": stored.number, "code": stored.procedure.national_code}
            raise ValidationFailed(message % numbers, errors=errors)
        return procedure_version_publish(stored)


def _refresh_search_text(versions: QuerySet[ProcedureVersion]) -> None:
    """Recompute the derived ``search_text`` after a field or procedure changed its names."""
    rows = list(versions.select_related("procedure", "field"))
    for row in rows:
        row.search_text = search_text_for(row)
    ProcedureVersion.objects.bulk_update(rows, ["search_text"])


def procedure_save(*, procedure: Procedure, actor: Actor) -> Procedure:
    """Save a procedure's identity; its national code is fixed once a version is published."""
    require_catalog_editor(actor)
    if not NATIONAL_CODE.fullmatch(procedure.national_code):
        raise ValidationFailed(
            errors={"national_code": [gettext("Use the form d.dddddd, e.g. 1.001806.")]}
        )
    with transaction.atomic():
        if procedure.pk is not None:
            stored = Procedure.objects.select_for_update().get(pk=procedure.pk)
            published = stored.versions.filter(status=VersionStatus.PUBLISHED).exists()
            if published and stored.national_code != procedure.national_code:
                message = gettext("The national code of a published procedure cannot change.")
                raise ValidationFailed(errors={"national_code": [message]})
        procedure.save()
        _refresh_search_text(procedure.versions.all())
    return procedure


def field_save(*, field: Field, actor: Actor) -> Field:
    """Save a field (sector); the search text of its versions follows its names."""
    require_catalog_editor(actor)
    with transaction.atomic():
        field.save()
        _refresh_search_text(field.versions.all())
    return field
