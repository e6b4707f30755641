# SPDX-License-Identifier: EUPL-1.2
"""Who is at the keyboard on the portal: a citizen logged in with the national e-ID.

``citizen_required`` sends anyone else to the e-ID login and back. The assurance level of the
login (``acr``) is kept on the account (``User.eid_level``) by the e-ID part; pages that submit
check it with ``may_submit``.
"""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from motcua.accounts.actors import Actor, actor_as_applicant
from motcua.accounts.models import User

P = ParamSpec("P")


def citizen_of(request: HttpRequest) -> User | None:
    """The logged-in citizen (an account with a personal identification number), if any."""
    user = request.user
    if not user.is_authenticated or not isinstance(user, User) or not user.national_id:
        return None
    return user


def citizen_required(
    view: Callable[Concatenate[HttpRequest, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """e-ID login first; responses are ``no-store`` (personal data)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        if citizen_of(request) is None:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
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
