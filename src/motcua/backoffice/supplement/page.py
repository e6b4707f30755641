# SPDX-License-Identifier: EUPL-1.2
"""The supplement page's pieces: its forms, what the dossier already holds, the error summary.

The application form and the checklist are the counter intake's own (``SchemaForm``,
``ChecklistForm``, stored scans with signed hidden values), so a supplement is entered exactly
as the dossier was.
"""

from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.accounts.actors import Actor
from motcua.backoffice.intake.forms import ChecklistForm, ChecklistRow
from motcua.core.errors import ValidationFailed
from motcua.dossiers.lifecycle import Action, Scope, rules_for
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.webforms.schema_form import SchemaForm


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_("What the applicant brought or changed, for the record."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": "3"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)


@dataclass
class Forms:
    """The three forms of the page, bound to the POST or prefilled from the dossier."""

    data_form: SchemaForm
    checklist: ChecklistForm
    note: NoteForm

    def is_valid(self) -> bool:
        return all([self.data_form.is_valid(), self.checklist.is_valid(), self.note.is_valid()])


def _date_initial(data_form: SchemaForm, initial: dict[str, Any]) -> dict[str, Any]:
    """ISO dates of the stored form shown as dd/mm/yyyy, as the desk types them."""
    for spec in data_form.schema_fields:
        value = initial.get(spec.path)
        if spec.schema.get("format") == "date" and isinstance(value, str):
            with suppress(ValueError):
                initial[spec.path] = date.fromisoformat(value).strftime("%d/%m/%Y")
    return initial


def page_forms(request: HttpRequest, actor: Actor, dossier: Dossier) -> Forms:
    """The page's forms: empty checklist and note, application form as the dossier holds it."""
    assert actor.user is not None
    posted = request.method == "POST"
    version = dossier.procedure_version
    data_form = SchemaForm(version.applicant_schema, request.POST if posted else None)
    if not posted:
        initial = SchemaForm.initial_from_json(dossier.applicant_data)
        data_form.initial = _date_initial(data_form, initial)
    requirements = sorted(version.requirements.all(), key=lambda r: r.order)
    checklist = ChecklistForm(
        requirements,
        int(actor.user.pk),
        data=request.POST if posted else None,
        files=request.FILES if posted else None,
    )
    return Forms(data_form, checklist, NoteForm(request.POST if posted else None))


def may_ever_supplement(dossier: Dossier, actor: Actor) -> bool:
    """Whether ``actor``'s capacity records supplements on ``dossier`` in some status."""
    for rule in rules_for(Action.SUPPLEMENT):
        scope = rule.scope_for(actor.role)
        if scope == Scope.RECEIVING_UNIT and actor.unit_id == dossier.receiving_unit_id:
            return True
        if scope == Scope.HOLDING_UNIT and actor.unit_id == dossier.current_unit_id:
            return True
    return False


def last_request(dossier: Dossier) -> DossierEvent | None:
    """The completion or supplement request being answered (its ``data["missing"]``)."""
    return (
        DossierEvent.objects.filter(dossier=dossier, action=Action.REQUEST_SUPPLEMENT)
        .order_by("-sequence")
        .first()
    )


@dataclass
class Row:
    """A checklist row with what the dossier already holds for that requirement."""

    row: ChecklistRow
    provided: list[DossierDocument]


def rows_with_documents(dossier: Dossier, rows: list[ChecklistRow]) -> list[Row]:
    documents = list(DossierDocument.objects.filter(dossier=dossier).order_by("id"))
    return [
        Row(row, [d for d in documents if d.requirement_id == row.requirement.pk and d.is_provided])
        for row in rows
    ]


@dataclass
class Problems:
    """Errors that belong to no single field: the checklist as a whole, and the rest."""

    documents: list[str] = field(default_factory=list)
    general: list[str] = field(default_factory=list)

    def take(self, error: ValidationFailed, page: Forms) -> None:
        """The service's errors on the note, the application form's fields, or here."""
        rest: dict[str, list[str]] = {}
        errors: Mapping[str, Any] = error.details.get("errors") or {}
        for key, messages in errors.items():
            texts = [str(m) for m in messages]
            if key in page.note.fields:
                page.note.add_error(key, texts)
            elif key == "documents":
                self.documents += texts
            else:
                rest[key] = texts
        for texts in page.data_form.add_schema_errors(rest).values():
            self.general += texts
        if not errors:
            self.general.append(str(error.message))


def error_summary(page: Forms, rows: list[Row], problems: Problems) -> list[tuple[str, str]]:
    """(anchor, message) of every error on the page, in page order."""
    summary = [("supplement-form", message) for message in problems.general]
    data_form = page.data_form
    for name in data_form.fields:
        summary += [(data_form[name].auto_id, str(m)) for m in data_form.errors.get(name, [])]
    summary += [("application", str(m)) for m in data_form.non_field_errors()]
    summary += [("checklist", message) for message in problems.documents]
    for item in rows:
        for bound in (item.row.original, item.row.copies, item.row.file):
            summary += [(bound.auto_id, str(m)) for m in bound.errors]
    summary += [("note", str(m)) for m in page.note.errors.get("note", [])]
    return summary
