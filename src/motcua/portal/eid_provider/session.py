# SPDX-License-Identifier: EUPL-1.2
"""The demo provider keeps its own session, in its own cookie, as a separate site would.

The provider and the portal run in one Django process and would otherwise share the session
cookie: logging a demo citizen in at the provider would log them into the portal too, without
the OpenID Connect round trip. ``provider_session`` gives each provider view a session read
from the cookie ``motcua_eid_demo`` (path ``/eid-demo/``) and a user taken from it, and puts the
portal's session and user back afterwards, untouched (docs/adr/0015).
"""

from collections.abc import Callable
from functools import wraps
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.functional import SimpleLazyObject

COOKIE_NAME = "motcua_eid_demo"
COOKIE_PATH = "/eid-demo/"

View = Callable[..., HttpResponseBase]
_MISSING = object()


def _store(session_key: str | None) -> Any:
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore(session_key)


def _save(request: HttpRequest, response: HttpResponseBase) -> None:
    session = request.session
    if session.is_empty():
        if COOKIE_NAME in request.COOKIES:
            response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH, samesite="Lax")
        return
    if session.modified and response.status_code < 500:
        session.save()
        response.set_cookie(
            COOKIE_NAME,
            str(session.session_key),
            path=COOKIE_PATH,
            secure=bool(settings.SESSION_COOKIE_SECURE),
            httponly=True,
            samesite="Lax",
        )


def provider_session(view: View) -> View:
    """Run ``view`` with the provider's own session and user."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        portal_session, portal_user = request.session, request.user
        cached_user = request.__dict__.pop("_cached_user", _MISSING)
        request.session = _store(request.COOKIES.get(COOKIE_NAME))
        request.user = SimpleLazyObject(lambda: auth.get_user(request))  # type: ignore[assignment]
        try:
            response = view(request, *args, **kwargs)
            render = getattr(response, "render", None)
            if render is not None and not getattr(response, "is_rendered", True):
                render()  # while the provider's user is the request's user
            _save(request, response)
        finally:
            request.session, request.user = portal_session, portal_user
            if cached_user is not _MISSING:
                request.__dict__["_cached_user"] = cached_user
        return response

    return wrapper
