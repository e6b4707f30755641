# SPDX-License-Identifier: EUPL-1.2
"""The rating form: a score with words, reasons to tick, a comment (the service validates)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.feedback.choices import COMMENT_MAX_LENGTH, SCORE_LABELS, Reason


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with how your dossier was handled?"),
        choices=[(str(score), label) for score, label in SCORE_LABELS.items()],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how satisfied you are"),
            "invalid_choice": _("Choose how satisfied you are"),
        },
    )
    reasons = forms.MultipleChoiceField(
        label=_("Why? Tick all that apply (optional)"),
        choices=Reason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose reasons from the list.")},
    )
    comment = forms.CharField(
        label=_("Anything else you want to tell us? (optional)"),
        help_text=_("Do not write personal information such as names or ID numbers."),
        max_length=COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _("The comment must be %(limit_value)d characters or fewer.")
        },
    )
