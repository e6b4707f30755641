# SPDX-License-Identifier: EUPL-1.2
"""The tracking form: the dossier code and the last 4 digits of the ID number or phone."""

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.portal.track.public import CODE_MAX_LENGTH, is_verifier, normalise_code


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Dossier code"),
        help_text=_("It is printed on your receipt and on every notice about your dossier."),
        max_length=CODE_MAX_LENGTH,
        error_messages={
            "required": _("Enter the dossier code"),
            "max_length": _("The dossier code is at most %(limit_value)d characters long"),
        },
    )
    verifier = forms.CharField(
        label=_("Last 4 digits of the applicant's ID number or phone number"),
        help_text=_("Either one: the ID number or the phone number given with the dossier."),
        error_messages={"required": _("Enter the last 4 digits")},
    )

    def clean_code(self) -> str:
        return normalise_code(self.cleaned_data["code"])

    def clean_verifier(self) -> str:
        value = "".join(str(self.cleaned_data["verifier"]).split())
        if not is_verifier(value):
            raise forms.ValidationError(_("Enter exactly 4 digits, for example 1234"))
        return value
