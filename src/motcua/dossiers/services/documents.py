# SPDX-License-Identifier: EUPL-1.2
"""The requirement checklist: which documents a dossier holds, and what is still missing."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from motcua.catalog.models import Requirement
from motcua.core.errors import ValidationFailed
from motcua.documents.models import StoredFile
from motcua.dossiers.models import Dossier, DossierDocument


@dataclass(frozen=True)
class DocumentCheck:
    """One line of the checklist: the original seen, copies received, a scanned file."""

    requirement_id: int | None
    name: str = ""
    original_seen: bool = False
    copies: int = 0
    file: StoredFile | None = None
    filename: str = ""

    @property
    def is_provided(self) -> bool:
        return self.original_seen or self.copies > 0 or self.file is not None


def _requirements(dossier: Dossier) -> list[Requirement]:
    return sorted(dossier.procedure_version.requirements.all(), key=lambda r: r.order)


def check_documents(dossier: Dossier, checks: Sequence[DocumentCheck]) -> None:
    """Every check names one of the procedure's requirements (or is a named extra document)."""
    known = {r.pk for r in _requirements(dossier)}
    for check in checks:
        if check.requirement_id is None and not check.name.strip():
            raise ValidationFailed(errors={"documents": [_("Name the extra document.")]})
        if check.requirement_id is not None and check.requirement_id not in known:
            raise ValidationFailed(
                errors={"documents": [_("A document does not belong to this procedure.")]}
            )
        if check.copies < 0 or check.copies > 99:
            raise ValidationFailed(errors={"documents": [_("Enter a number of copies 0–99.")]})


def missing_requirements(
    dossier: Dossier, checks: Sequence[DocumentCheck] = ()
) -> list[Requirement]:
    """Mandatory requirements not yet provided by the dossier's documents or by ``checks``."""
    provided = {
        d.requirement_id for d in DossierDocument.objects.filter(dossier=dossier) if d.is_provided
    }
    provided |= {c.requirement_id for c in checks if c.is_provided}
    return [r for r in _requirements(dossier) if r.mandatory and r.pk not in provided]


def record_documents(
    dossier: Dossier, checks: Sequence[DocumentCheck], *, at: datetime, event_sequence: int
) -> None:
    """Save the checklist lines that provide something (inside the action's transaction)."""
    names = {r.pk: r.name for r in _requirements(dossier)}
    DossierDocument.objects.bulk_create(
        DossierDocument(
            dossier=dossier,
            requirement_id=check.requirement_id,
            name=names.get(check.requirement_id or 0, check.name.strip())[:500],
            original_seen=check.original_seen,
            copies=check.copies,
            file=check.file,
            filename=check.filename[:255],
            added_at=at,
            added_in_event=event_sequence,
        )
        for check in checks
        if check.is_provided
    )
