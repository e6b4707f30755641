# SPDX-License-Identifier: EUPL-1.2
"""Forms of counter intake: the procedure search, the applicant lookup, the intake page.

HTML ids equal the field names (``auto_id="%s"``) so the error summary can link to them. The
receiving unit and the status are never fields: they come from the official and the service.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Requirement
from motcua.dossiers.lifecycle import Channel
from motcua.dossiers.services import CounterDecision
from motcua.orgunits.models import OrgUnit
from motcua.webforms.uploads import (
    ACCEPT,
    KeptFile,
    clean_filename,
    kept_from_token,
    sniff_upload,
)

CITIZEN_ID = re.compile(r"^[0-9]{12}$")
ID_LOOKUP = RegexValidator(
    r"^[0-9A-Za-z-]{1,20}$", message=_("Enter an ID number of at most 20 letters or digits.")
)
PHONE = RegexValidator(
    r"^\+?[0-9 .()-]{6,20}$", message=_("Enter a phone number, like 0912 345 678.")
)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search procedures"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)


class LookupForm(forms.Form):
    lookup = forms.CharField(
        label=_("Find the applicant by ID number"),
        help_text=_(
            "Fills in the applicant from their citizen account or their last dossier here."
        ),
        max_length=20,
        validators=[ID_LOOKUP],
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)


def _text(label: Any, max_length: int, **kwargs: Any) -> forms.CharField:
    attrs = kwargs.pop("attrs", {})
    return forms.CharField(
        label=label, max_length=max_length, widget=forms.TextInput(attrs=attrs), **kwargs
    )


class IntakeForm(forms.Form):
    """The applicant, how the dossier came, where it goes, and the desk's decision."""

    channel = forms.ChoiceField(label=_("Brought by"), widget=forms.RadioSelect)
    applicant_kind = forms.ChoiceField(
        label=_("The applicant is"),
        choices=[("individual", _("A person")), ("organisation", _("An organisation"))],
        initial="individual",
        widget=forms.RadioSelect,
    )
    applicant_name = _text(
        _("Full name or organisation name"),
        200,
        attrs={"spellcheck": "false"},
        error_messages={"required": _("Enter the applicant’s name.")},
    )
    applicant_id_number = _text(
        _("ID number"),
        20,
        required=False,
        help_text=_("12-digit personal identification number; tax code for an organisation."),
        attrs={"class": "govuk-input--width-20", "autocomplete": "off", "spellcheck": "false"},
    )
    applicant_phone = _text(
        _("Phone"),
        20,
        required=False,
        validators=[PHONE],
        attrs={"class": "govuk-input--width-20", "type": "tel", "autocomplete": "off"},
    )
    applicant_email = forms.EmailField(
        label=_("Email"),
        max_length=200,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    applicant_address = _text(_("Address"), 300, required=False)
    competent_unit = forms.ModelChoiceField(
        label=_("Commune or ward that will handle the dossier"),
        help_text=_("This procedure is boundary-free: any commune or ward of the province."),
        queryset=OrgUnit.objects.none(),
        empty_label=_("Choose…"),
        error_messages={"required": _("Choose the commune or ward that should handle it.")},
    )
    missing_notes = forms.CharField(
        label=_("Other missing or incorrect items"),
        help_text=_(
            "One per line. A completion request lists them after every mandatory document "
            "not provided."
        ),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": "3"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Required to refuse reception: give the legal ground."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": "3"}),
    )
    decision = forms.ChoiceField(
        choices=[(d.value, d.value) for d in CounterDecision],
        error_messages={
            "required": _("Choose what to do with the dossier."),
            "invalid_choice": _("Choose what to do with the dossier."),
        },
    )

    def __init__(
        self,
        *args: Any,
        channels: Sequence[tuple[str, Any]],
        communes: QuerySet[OrgUnit] | None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        channel = self.fields["channel"]
        assert isinstance(channel, forms.ChoiceField)
        channel.choices = list(channels)
        channel.initial = channels[0][0] if channels else Channel.COUNTER.value
        if communes is None:
            del self.fields["competent_unit"]
        else:
            unit = self.fields["competent_unit"]
            assert isinstance(unit, forms.ModelChoiceField)
            unit.queryset = communes

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        number = cleaned.get("applicant_id_number")
        individual = cleaned.get("applicant_kind") == "individual"
        if individual and number is not None and not CITIZEN_ID.match(number):
            self.add_error(
                "applicant_id_number", _("Enter the 12-digit personal identification number.")
            )
        return cleaned

    def missing_items(self) -> list[str]:
        text = str(self.cleaned_data.get("missing_notes", ""))
        return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass
class ChecklistRow:
    """One requirement of the checklist with its bound fields and the scan it holds."""

    requirement: Requirement
    original: forms.BoundField
    copies: forms.BoundField
    file: forms.BoundField
    kept: KeptFile | None = None
    kept_token: str = ""
    missing: bool = False

    @property
    def errors(self) -> list[str]:
        return [*self.original.errors, *self.copies.errors, *self.file.errors]


class ChecklistForm(forms.Form):
    """Per requirement: original seen, copies received, a scan (new, or kept from before)."""

    def __init__(self, requirements: Sequence[Requirement], user_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(**kwargs)
        self.requirements = list(requirements)
        self.user_id = user_id
        self.kept: dict[int, KeptFile] = {}
        self.content_types: dict[int, str] = {}
        for requirement in self.requirements:
            prefix = f"doc-{requirement.pk}"
            self.fields[f"{prefix}-original"] = forms.BooleanField(
                label=_("Original seen"), required=False
            )
            self.fields[f"{prefix}-copies"] = forms.IntegerField(
                label=_("Copies received"),
                required=False,
                min_value=0,
                max_value=99,
                initial=0,
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}
                ),
            )
            self.fields[f"{prefix}-file"] = forms.FileField(
                label=_("Scan"),
                required=False,
                allow_empty_file=True,  # refused below, with the file's name
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            )
            self.fields[f"{prefix}-kept"] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )
            self.fields[f"{prefix}-drop"] = forms.BooleanField(
                label=_("Remove the attached file"), required=False
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for requirement in self.requirements:
            prefix = f"doc-{requirement.pk}"
            upload = cleaned.get(f"{prefix}-file")
            if upload:
                try:
                    self.content_types[requirement.pk] = sniff_upload(upload)
                except ValidationError as error:
                    self.add_error(f"{prefix}-file", error)
                continue
            token = cleaned.get(f"{prefix}-kept", "")
            if token and not cleaned.get(f"{prefix}-drop"):
                try:
                    self.kept[requirement.pk] = kept_from_token(self.user_id, requirement.pk, token)
                except ValidationError as error:
                    self.add_error(f"{prefix}-file", error)
        return cleaned

    def valid_upload(self, requirement: Requirement) -> tuple[Any, str, str] | None:
        """(file, content type, name) of a newly attached scan that passed the checks."""
        content_type = self.content_types.get(requirement.pk)
        upload = self.cleaned_data.get(f"doc-{requirement.pk}-file")
        if content_type is None or not upload:
            return None
        return upload, content_type, clean_filename(upload.name)

    def original_seen(self, requirement: Requirement) -> bool:
        return bool(self.cleaned_data.get(f"doc-{requirement.pk}-original"))

    def copies(self, requirement: Requirement) -> int:
        return int(self.cleaned_data.get(f"doc-{requirement.pk}-copies") or 0)

    def rows(self) -> list[ChecklistRow]:
        return [
            ChecklistRow(
                requirement=r,
                original=self[f"doc-{r.pk}-original"],
                copies=self[f"doc-{r.pk}-copies"],
                file=self[f"doc-{r.pk}-file"],
            )
            for r in self.requirements
        ]
