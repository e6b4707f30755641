# SPDX-License-Identifier: EUPL-1.2
"""Forms of the online submission steps (the application form itself is a ``SchemaForm``).

The applicant's name and ID number are never form fields: they come from the e-ID account.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ProcedureVersion
from motcua.orgunits.models import OrgUnit
from motcua.submissions.selectors import competent_communes, receiving_centres


class UnitChoiceField(forms.ModelChoiceField[OrgUnit]):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.name


class WhereForm(forms.Form):
    """Which centre receives the dossier (and, when the citizen may choose, which commune)."""

    def __init__(self, version: ProcedureVersion, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.fields["receiving_unit"] = UnitChoiceField(
            queryset=receiving_centres(version),
            label=_("Which centre should receive your dossier?"),
            help_text=_(
                "The centre checks your dossier, receives it and gives you the result. "
                "Choose the one nearest to you if you will collect the result in person."
            ),
            empty_label=_("Choose a centre"),
            error_messages={
                "required": _("Choose the centre that should receive your dossier."),
                "invalid_choice": _("Choose a centre that receives this procedure."),
            },
        )
        communes = competent_communes(version)
        if communes is not None:
            self.fields["competent_unit"] = UnitChoiceField(
                queryset=communes,
                required=False,
                label=_("Which commune or ward handles your request? (optional)"),
                help_text=_(
                    "Usually the commune or ward where you live. "
                    "If you leave this empty, the commune or ward of the centre handles it."
                ),
                empty_label=_("The commune or ward of the centre"),
                error_messages={"invalid_choice": _("Choose a commune or ward of this province.")},
            )


class ContactForm(forms.Form):
    """How the centre reaches the applicant."""

    phone = forms.CharField(
        label=_("Phone number"),
        help_text=_("The centre calls or texts you on this number. For example, 0912345678."),
        max_length=20,
        error_messages={"required": _("Enter a phone number, so the centre can reach you.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "inputmode": "tel", "class": "govuk-input--width-20"}
        ),
    )
    email = forms.CharField(
        label=_("Email address"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"autocomplete": "email", "type": "email", "spellcheck": "false"}
        ),
    )
    address = forms.CharField(
        label=_("Address"),
        help_text=_("Where the centre may send letters or the result by post."),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": "2", "autocomplete": "street-address"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)


class ReviewForm(forms.Form):
    """The declaration, and the idempotency key and fingerprint of what was reviewed."""

    declaration = forms.BooleanField(
        label=_(
            "I declare that the information in this application is true and complete, and I "
            "take responsibility before the law for it."
        ),
        error_messages={"required": _("Confirm that the information is true.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
