# SPDX-License-Identifier: EUPL-1.2
"""Forms of the officials' login: password, one-time code, capacity."""

import re
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role, RoleAssignment

CODE_SEPARATORS = re.compile(r"[\s-]+")


class OfficialLoginForm(AuthenticationForm):
    """Username and password of an official.

    An account without any official role (a citizen) gets the same error as a wrong password, and
    counts as a failed attempt for the lockout: the form never tells which accounts exist.
    """

    error_messages = {
        "invalid_login": _("Enter a correct username and password. Both are case-sensitive."),
        "inactive": _("Enter a correct username and password. Both are case-sensitive."),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].error_messages["required"] = _("Enter your username")
        self.fields["password"].error_messages["required"] = _("Enter your password")

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        is_official = RoleAssignment.objects.filter(
            user=user, role__in=Role.official_roles()
        ).exists()
        if not is_official:
            user_login_failed.send(
                sender=__name__,
                credentials={"username": self.cleaned_data.get("username")},
                request=self.request,
            )
            raise self.get_invalid_login_error()


class OtpForm(forms.Form):
    """The 6-digit code of the authenticator app; spaces and hyphens are ignored."""

    code = forms.CharField(
        label=_("Security code"),
        max_length=20,
        error_messages={"required": _("Enter the 6-digit security code")},
    )

    def clean_code(self) -> str:
        code = CODE_SEPARATORS.sub("", self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]{6}", code):
            raise ValidationError(_("Enter the security code as 6 digits, like 123456"))
        return code


class CapacityForm(forms.Form):
    """The capacity chosen: the id of one of the user's role assignments."""

    capacity = forms.IntegerField(
        error_messages={
            "required": _("Select the capacity you are acting in"),
            "invalid": _("Select the capacity you are acting in"),
        },
    )
