# SPDX-License-Identifier: EUPL-1.2
"""The period of a tracking-book export (GET ``from`` and ``to``); bad dates become errors."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=DateInput(format="%Y-%m-%d", attrs={"class": "govuk-input govuk-input--width-10"}),
        error_messages={
            "required": _("Enter a date."),
            "invalid": _("Enter a real date, for example 2026-03-27."),
        },
    )


class TrackingBookForm(forms.Form):
    """Days of reception, both included (``from`` is a Python keyword: fields added by name)."""

    use_required_attribute = False  # GOV.UK: the server validates, the browser does not

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")  # ids "from" and "to", as the error summary links
        super().__init__(*args, **kwargs)
        self.fields["from"] = _date_field(str(_("From")))
        self.fields["to"] = _date_field(str(_("To")))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("from"), cleaned.get("to")
        for name, value in (("from", first), ("to", last)):
            if value is not None and not EARLIEST <= value <= LATEST:
                self.add_error(name, _("Enter a date from 01/01/2000 to 31/12/2099."))
        if first is not None and last is not None and last < first and not self.errors:
            self.add_error("to", _("The end date must be the same as or after the start date."))
        return cleaned

    def full_clean(self) -> None:
        """Validate, then point each field in error to its message (GOV.UK markup)."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{name}-error"
                classes = self.fields[name].widget.attrs.get("class", "")
                self.fields[name].widget.attrs["class"] = f"{classes} govuk-input--error"
