# SPDX-License-Identifier: EUPL-1.2
"""The counter intake page's pieces: channels, competent unit, stored scans, error summary."""

from dataclasses import dataclass, field
from typing import IO, Any, cast

from django.utils.translation import gettext as _

from motcua.backoffice.intake.forms import ChecklistForm, ChecklistRow, IntakeForm, LookupForm
from motcua.catalog.models import CompetentUnitKind, ProcedureVersion
from motcua.core.errors import ValidationFailed
from motcua.documents.services import file_store
from motcua.dossiers.lifecycle import Channel
from motcua.dossiers.routing import resolve_competent_unit
from motcua.dossiers.services import DocumentCheck
from motcua.orgunits.models import OrgUnit, UnitKind
from motcua.webforms.schema_form import SchemaForm
from motcua.webforms.uploads import KeptFile, kept_token

#: Service error keys shown on a field of another name.
SERVICE_FIELD = {"missing": "missing_notes"}


def desk_channels(version: ProcedureVersion) -> list[tuple[str, str]]:
    """How a dossier of ``version`` may reach the desk: at the counter, by post."""
    channels = []
    if "in_person" in version.channels:
        channels.append((Channel.COUNTER.value, _("The applicant, at the counter")))
    if "postal" in version.channels:
        channels.append((Channel.POSTAL.value, _("The public postal service")))
    return channels


def commune_choices(version: ProcedureVersion, unit: OrgUnit) -> Any:
    """Communes the desk may pick as competent unit, or None when there is nothing to choose."""
    if version.competent_unit_kind != CompetentUnitKind.COMMUNE or not version.boundary_free:
        return None
    return OrgUnit.objects.filter(
        kind=UnitKind.COMMUNE, parent=unit.province(), is_active=True
    ).order_by("name")


def default_commune(unit: OrgUnit) -> int | None:
    """The commune a commune centre belongs to (the usual competent unit)."""
    if unit.kind == UnitKind.COMMUNE_CENTRE and unit.parent is not None:
        return unit.parent.pk if unit.parent.kind == UnitKind.COMMUNE else None
    return None


def fixed_competent_unit(version: ProcedureVersion, unit: OrgUnit) -> OrgUnit | None:
    """The competent unit when the desk does not choose it (None if it cannot be resolved)."""
    try:
        return resolve_competent_unit(version, unit, None)
    except ValidationFailed:
        return None


def store_scans(checklist: ChecklistForm) -> dict[int, KeptFile]:
    """Store every scan that passed the checks (even if other fields failed); add kept ones."""
    files: dict[int, KeptFile] = {}
    for requirement in checklist.requirements:
        upload = checklist.valid_upload(requirement)
        if upload is not None:
            stream, content_type, name = upload
            stored = file_store(cast(IO[bytes], stream), content_type=content_type)
            files[requirement.pk] = KeptFile(stored=stored, filename=name)
        elif requirement.pk in checklist.kept:
            files[requirement.pk] = checklist.kept[requirement.pk]
    return files


def document_checks(checklist: ChecklistForm, files: dict[int, KeptFile]) -> list[DocumentCheck]:
    return [
        DocumentCheck(
            requirement_id=r.pk,
            original_seen=checklist.original_seen(r),
            copies=checklist.copies(r),
            file=files[r.pk].stored if r.pk in files else None,
            filename=files[r.pk].filename if r.pk in files else "",
        )
        for r in checklist.requirements
    ]


def missing_for_reception(checklist: ChecklistForm, files: dict[int, KeptFile]) -> list[str]:
    """What the service would refuse reception for, shown early with the other errors."""
    checks = {c.requirement_id: c for c in document_checks(checklist, files)}
    return [
        _("Missing: %(name)s") % {"name": r.name}
        for r in checklist.requirements
        if r.mandatory and not checks[r.pk].is_provided
    ]


@dataclass
class Problems:
    """Errors that belong to no single field: the checklist as a whole, and the rest."""

    documents: list[str] = field(default_factory=list)
    general: list[str] = field(default_factory=list)

    def take(self, error: ValidationFailed, intake: IntakeForm, data_form: SchemaForm) -> None:
        """Put the service's errors on the intake fields, the procedure's fields, or here."""
        rest: dict[str, list[str]] = {}
        for key, messages in dict(error.details.get("errors") or {}).items():
            target = SERVICE_FIELD.get(key, key)
            if target in intake.fields:
                intake.add_error(target, [str(m) for m in messages])
            elif key == "documents":
                self.documents += [str(m) for m in messages]
            else:
                rest[key] = [str(m) for m in messages]
        for messages in data_form.add_schema_errors(rest).values():
            self.general += messages
        if not error.details.get("errors"):
            self.general.append(str(error.message))


def checklist_rows(
    checklist: ChecklistForm, files: dict[int, KeptFile], user_id: int, problems: Problems
) -> list[ChecklistRow]:
    """Rows with the scans they hold (as signed hidden values) and the missing ones marked."""
    rows = checklist.rows()
    checks = {}
    if problems.documents:  # only after the service ran, so the checklist was valid
        checks = {c.requirement_id: c for c in document_checks(checklist, files)}
    for row in rows:
        pk = row.requirement.pk
        if pk in files:
            row.kept = files[pk]
            row.kept_token = kept_token(user_id, pk, files[pk])
        if pk in checks:
            row.missing = row.requirement.mandatory and not checks[pk].is_provided
    return rows


HEAD_FIELDS = (
    "channel",
    "competent_unit",
    "applicant_kind",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
)
TAIL_FIELDS = ("missing_notes", "reason", "decision")


def error_summary(
    lookup: LookupForm | None,
    intake: IntakeForm,
    data_form: SchemaForm,
    rows: list[ChecklistRow],
    problems: Problems,
) -> list[tuple[str, str]]:
    """(anchor, message) of every error on the page, in page order."""
    summary: list[tuple[str, str]] = [("intake-form", message) for message in problems.general]
    if lookup is not None and lookup.is_bound:
        summary += [("lookup", str(m)) for m in lookup.errors.get("lookup", [])]
    summary += [(name, str(m)) for name in HEAD_FIELDS for m in intake.errors.get(name, [])]
    for name in data_form.fields:
        summary += [(data_form[name].auto_id, str(m)) for m in data_form.errors.get(name, [])]
    summary += [("application", str(m)) for m in data_form.non_field_errors()]
    first_missing = next((r for r in rows if r.missing), rows[0] if rows else None)
    anchor = f"doc-{first_missing.requirement.pk}-original" if first_missing else "checklist"
    summary += [(anchor, message) for message in problems.documents]
    for row in rows:
        for bound in (row.original, row.copies, row.file):
            summary += [(bound.auto_id, str(m)) for m in bound.errors]
    summary += [(name, str(m)) for name in TAIL_FIELDS for m in intake.errors.get(name, [])]
    summary += [("intake-form", str(m)) for m in intake.non_field_errors()]
    return summary
