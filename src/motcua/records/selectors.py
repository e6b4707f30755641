# SPDX-License-Identifier: EUPL-1.2
"""Which forms a dossier can print: one per event that produced one, for the dossier's page."""

from dataclasses import dataclass
from datetime import datetime

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.records import numbering
from motcua.records.forms import PRINTABLE_FORMS


@dataclass(frozen=True)
class FormLink:
    """A printable form: the event that produced it (``form_pdf`` URL), its number and title."""

    sequence: int
    form_type: str
    number: str | None
    title: str
    at: datetime


def printable_forms(dossier: Dossier) -> list[FormLink]:
    """The forms of ``dossier`` in the order they were produced (hand-overs print form 06)."""
    events = (
        DossierEvent.objects.filter(dossier=dossier, data__form__in=PRINTABLE_FORMS)
        .order_by("sequence")
        .values_list("sequence", "data__form", "at")
    )
    return [
        FormLink(
            sequence=sequence,
            form_type=form_type,
            number=numbering.form_number(form_type),
            title=str(numbering.FORM_TITLES[form_type]),
            at=at,
        )
        for sequence, form_type, at in events
    ]
