# SPDX-License-Identifier: EUPL-1.2
"""The demo e-ID's pages: its login (a demo citizen and their password) and authorization.

Both run with the provider's own session (``session.provider_session``): logging in here does
not log anyone into the portal; only the portal's OpenID Connect callback does.
"""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oauth2_provider.views import AuthorizationView

from motcua.accounts.models import User
from motcua.demo.people import DEMO_PASSWORD


class DemoCitizenLoginForm(AuthenticationForm):
    """A password login that accepts only accounts with an e-ID identity (demo citizens)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "no_eid": _("This account has no e-ID identity. Use a demo citizen account."),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not isinstance(user, User) or not user.national_id or user.eid_level < 1:
            raise forms.ValidationError(self.error_messages["no_eid"], code="no_eid")


class DemoLoginView(LoginView):
    form_class = DemoCitizenLoginForm
    template_name = "eid_provider/login.html"
    redirect_authenticated_user = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["demo_accounts"] = [("citizen.level2", 2), ("citizen.level1", 1)]
        context["demo_password"] = DEMO_PASSWORD
        return context


class DemoAuthorizationView(AuthorizationView):  # type: ignore[misc]
    """django-oauth-toolkit's authorization endpoint, logging in at the demo e-ID's own page."""

    login_url = reverse_lazy("eid_demo:login")
