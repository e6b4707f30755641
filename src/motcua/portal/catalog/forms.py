# SPDX-License-Identifier: EUPL-1.2
"""The search box and filters of the catalog (GET parameters, all optional).

A bad value (a tampered link, a query too long) becomes a form error shown in the error
summary; the other, valid filters still apply.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Level, OnlineLevel

QUERY_MAX_LENGTH = 200


class CatalogFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search for a procedure"),
        help_text=_("Words of its name or its code; accents are optional (dang ky ket hon)."),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        strip=True,
        error_messages={"max_length": _("Enter at most %(limit_value)d characters.")},
    )
    field = forms.ChoiceField(label=_("Field"), required=False)
    agency = forms.ChoiceField(label=_("Agency that decides"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("Any level")), *Level.choices]
    )
    online = forms.ChoiceField(
        label=_("Online service"),
        required=False,
        choices=[("", _("Any")), *OnlineLevel.choices],
    )

    def __init__(
        self,
        *args: Any,
        fields: list[tuple[str, str]],
        agencies: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", "%s")  # the error summary links to #<field name>
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("Any field")), *fields]  # type: ignore[attr-defined]
        self.fields["agency"].choices = [("", _("Any agency")), *agencies]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("Choose one of the values in the list.")
        self._decorate()

    def _decorate(self) -> None:
        """GOV.UK classes, and the hint and error ids each input is described by."""
        for name, field in self.fields.items():
            select = isinstance(field, forms.ChoiceField)
            kind = "govuk-select" if select else "govuk-input"
            css = [kind]
            described = [f"{name}-hint"] if field.help_text else []
            if self.is_bound and name in self.errors:
                css.append(f"{kind}--error")
                described.append(f"{name}-error")
            field.widget.attrs["class"] = " ".join(css)
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})

    def filters(self) -> dict[str, str]:
        """The valid values, for ``procedure_browse`` (invalid ones are left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q", ""),
            "field": data.get("field", ""),
            "agency": data.get("agency", ""),
            "level": data.get("level", ""),
            "online_level": data.get("online", ""),
        }

    @property
    def active(self) -> bool:
        """Whether a filter other than the query is set (the filters are shown open)."""
        return any(self.filters().get(key) for key in ("field", "agency", "level", "online_level"))
