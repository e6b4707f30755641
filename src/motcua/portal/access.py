# SPDX-License-Identifier: EUPL-1.2
"""Who is at the keyboard on the portal: a citizen logged in with the national e-ID.

``citizen_required`` sends anyone else to the e-ID login and back. The assurance level of the
login (``acr``) is kept on the account (``User.eid_level``) by the e-ID part; pages that submit
check it with ``may_submit``.

An e-ID login lasts ``MOTCUA_EID_SESSION_MINUTES`` from the moment of login (the e-ID callback
records it in the session). After that the citizen counts as logged out, and the next page
that needs a login ends the session and says why. Sessions without that record (a test's
``force_login``) are not limited by it; they end with ``SESSION_COOKIE_AGE``.
"""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from motcua.accounts.actors import Actor, actor_as_applicant
from motcua.accounts.models import User
from motcua.core import clock

P = ParamSpec("P")

#: Session key: when the citizen logged in with e-ID (seconds since the epoch).
EID_LOGIN_AT = "motcua_eid_login_at"


def eid_session_expired(request: HttpRequest) -> bool:
    """True when the e-ID login of this session is older than ``MOTCUA_EID_SESSION_MINUTES``."""
    session = getattr(request, "session", None)
    login_at = session.get(EID_LOGIN_AT) if session is not None else None
    if not isinstance(login_at, int | float):
        return False
    limit = int(settings.MOTCUA_EID_SESSION_MINUTES) * 60
    return bool(clock.now().timestamp() - login_at > limit)


def end_expired_session(request: HttpRequest) -> bool:
    """Log out an expired e-ID session and say so on the next page; True if it was expired."""
    if not eid_session_expired(request):
        return False
    auth_logout(request)  # a new, empty session: the old key no longer authenticates
    messages.warning(request, _("Your session has ended for your safety. Please log in again."))
    return True


def citizen_of(request: HttpRequest) -> User | None:
    """The logged-in citizen (an account with a personal identification number), if any."""
    user = request.user
    if not user.is_authenticated or not isinstance(user, User) or not user.national_id:
        return None
    if eid_session_expired(request):
        return None
    return user


def citizen_required(
    view: Callable[Concatenate[HttpRequest, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """e-ID login first; responses are ``no-store`` (personal data)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        if citizen_of(request) is None:
            end_expired_session(request)
            to_login = redirect_to_login(request.get_full_path(), reverse("portal:login"))
            add_never_cache_headers(to_login)
            return to_login
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper  # type: ignore[return-value]


def applicant_of(request: HttpRequest) -> Actor:
    """The citizen as the applicant actor of the dossier services."""
    user = citizen_of(request)
    assert user is not None, "use citizen_required"
    return actor_as_applicant(user)


def may_submit(user: User, min_level: int = 2) -> bool:
    """Submitting needs an e-ID login of at least ``min_level`` (VNeID level 2 by default)."""
    return user.eid_level >= min_level
