# SPDX-License-Identifier: EUPL-1.2
"""The filters of a worklist (GET parameters, all optional); bad values become form errors."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.worklists import CHANNEL_LABELS, Filters, procedure_exists

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    input_type = "date"


class WorklistFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Dossier code, applicant name or ID number"),
        required=False,
        max_length=100,
        strip=True,
    )
    procedure = forms.RegexField(
        label=_("Procedure code"),
        help_text=_("The national code, for example 1.004873"),
        regex=r"^[0-9]+(\.[0-9]+)+$",
        error_messages={"invalid": _("Enter a procedure code like 1.004873.")},
        required=False,
        max_length=20,
    )
    field = forms.ChoiceField(label=_("Field"), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("Any channel")), *CHANNEL_LABELS.items()],
    )
    submitted_from = forms.DateField(
        label=_("Submitted from"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a real date, for example 2026-03-27.")},
    )
    submitted_to = forms.DateField(
        label=_("Submitted to"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a real date, for example 2026-03-27.")},
    )

    def __init__(self, *args: Any, fields: list[tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")  # the error summary links to #<field name>
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("Any field")), *fields]  # type: ignore[attr-defined]

    def _decorate(self) -> None:
        """GOV.UK classes, and the hint and error ids each input is described by."""
        for name, field in self.fields.items():
            select = isinstance(field, forms.ChoiceField)
            kind = "govuk-select" if select else "govuk-input"
            css = [kind]
            if name in ("procedure", "submitted_from", "submitted_to"):
                css.append("govuk-input--width-10")
            described = [f"{name}-hint"] if field.help_text else []
            if self.is_bound and name in self.errors:
                css.append(f"{kind}--error")
                described.append(f"{name}-error")
            field.widget.attrs["class"] = " ".join(css)
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def clean_procedure(self) -> str:
        code: str = self.cleaned_data["procedure"]
        if code and not procedure_exists(code):
            raise forms.ValidationError(_("No procedure has this code."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and end < start:
            self.add_error("submitted_to", _("The end date must not be before the start date."))
        return data

    def filters(self) -> Filters:
        """The valid filters (an invalid one is left out and shown as an error)."""
        self.is_valid()
        self._decorate()
        data = getattr(self, "cleaned_data", {})
        return Filters(
            procedure=data.get("procedure") or "",
            field=data.get("field") or "",
            channel=data.get("channel") or "",
            submitted_from=data.get("submitted_from"),
            submitted_to=data.get("submitted_to"),
            q=data.get("q") or "",
        )

    @property
    def active(self) -> bool:
        """Whether any filter besides the search is set (the filter panel then starts open)."""
        names = ("procedure", "field", "channel", "submitted_from", "submitted_to")
        return self.is_bound and any(self.data.get(name) for name in names)
