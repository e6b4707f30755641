# SPDX-License-Identifier: EUPL-1.2
"""The e-ID login page, the OpenID Connect callback and logout.

``login`` explains the national e-ID and, on POST, sends the browser to the provider;
``eid_callback`` checks the answer (state, code, ID token), logs the citizen in (a new session
key) and goes on to ``next``; ``logout`` ends the session here and, if the provider offers it,
at the provider too.
"""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.core import clock
from motcua.portal.access import EID_LOGIN_AT, citizen_of, end_expired_session, may_submit
from motcua.portal.eid.config import eid_config
from motcua.portal.eid.errors import (
    AccountLocked,
    EidLoginFailed,
    LevelTooLow,
    LoginRefused,
    ProviderUnavailable,
)
from motcua.portal.eid.flow import authorization_url, flow_language, start_flow, take_flow
from motcua.portal.eid.provider import exchange_code, provider_for, provider_keys
from motcua.portal.eid.services import citizen_sign_in, identity_from_claims
from motcua.portal.eid.tokens import validate_id_token

logger = logging.getLogger("motcua.portal.eid")

NEXT = "next"
#: Session key: the raw ID token, sent back as ``id_token_hint`` when logging out at the provider.
ID_TOKEN = "motcua_eid_id_token"  # noqa: S105 — a session key, not a secret
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _is_safe(request: HttpRequest, candidate: str) -> bool:
    """A path on this site (not ``//host``, not another scheme)."""
    return candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def _safe_next(request: HttpRequest, candidate: str) -> str:
    return candidate if _is_safe(request, candidate) else reverse("portal:my_dossiers")


def _failure_message(error: EidLoginFailed) -> str:
    if isinstance(error, ProviderUnavailable):
        return _(
            "The national e-ID service cannot be reached at the moment. "
            "Please try again in a few minutes."
        )
    if isinstance(error, LoginRefused) and error.reason == "cancelled":
        return _("The login was cancelled at the national e-ID service. You can try again.")
    if isinstance(error, LevelTooLow):
        return _(
            "Your e-ID account's level of assurance could not be confirmed, so you cannot log in "
            "with it. Check your account in the VNeID app or ask the one-stop desk for help."
        )
    if isinstance(error, AccountLocked):
        return _("This account is locked. Please contact the one-stop desk.")
    return _("The login with e-ID did not succeed. Please start again.")


def _login_page(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    citizen = citizen_of(request)
    next_url = request.GET.get(NEXT) or request.POST.get(NEXT) or ""
    context = {
        "error": error,
        "next": next_url if _is_safe(request, next_url) else "",
        "logged_in": citizen,
        "may_submit": citizen is not None and may_submit(citizen),
    }
    return render(request, "portal/eid/login.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    """GET: what e-ID login is, with a button. POST: start the login at the provider."""
    end_expired_session(request)
    if request.method == "GET":
        return _login_page(request)
    config = eid_config()
    try:
        provider = provider_for(config.issuer)
    except EidLoginFailed as error:
        logger.warning("e-ID login not started: %s", error)
        return _login_page(request, error=_failure_message(error), status=503)
    next_url = _safe_next(request, request.POST.get(NEXT, ""))
    language = get_language() or settings.LANGUAGE_CODE
    flow = start_flow(request.session, next_url=next_url, now=clock.now(), language=language)
    return HttpResponseRedirect(authorization_url(provider, config, flow, locale=language))


def _complete_login(request: HttpRequest) -> str:
    """Check the provider's answer and log the citizen in; the address to go on to."""
    config = eid_config()
    now = clock.now()
    flow = take_flow(request.session, request.GET.get("state", ""), now=now)
    if request.GET.get("error"):
        raise LoginRefused("cancelled", request.GET["error"][:100])
    provider = provider_for(config.issuer)
    if "iss" in request.GET and request.GET["iss"] != config.issuer:  # RFC 9207 mix-up defence
        raise EidLoginFailed("iss_parameter", "authorization response from another issuer")
    code = request.GET.get("code", "")
    if not code:
        raise EidLoginFailed("code", "no authorization code")
    tokens = exchange_code(
        provider,
        code=code,
        code_verifier=flow.code_verifier,
        redirect_uri=config.redirect_uri,
        client_id=config.client_id,
        client_secret=config.client_secret,
    )
    token = tokens["id_token"]
    checks = {"issuer": config.issuer, "client_id": config.client_id, "nonce": flow.nonce}
    try:
        claims = validate_id_token(token, jwks=provider_keys(provider), now=now, **checks)
    except EidLoginFailed as error:
        if error.reason != "kid":
            raise
        claims = validate_id_token(  # the provider may have rotated its key
            token, jwks=provider_keys(provider, refresh=True), now=now, **checks
        )
    user = citizen_sign_in(identity_from_claims(claims, config))
    auth_login(request, user, backend=BACKEND)  # a new session key: no session fixation
    request.session[EID_LOGIN_AT] = int(now.timestamp())
    request.session[ID_TOKEN] = token
    if not may_submit(user):
        messages.info(
            request,
            _(
                "You are logged in with a level-1 e-ID account. You can look up procedures and "
                "follow your dossiers; to submit a dossier online you need level 2."
            ),
        )
    return _safe_next(request, flow.next_url)


@never_cache
@require_GET
def eid_callback(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the browser back with ``code`` and ``state``.

    The callback address has no language prefix; it answers in the language the citizen
    started the login in.
    """
    language = flow_language(request.session, request.GET.get("state", ""))
    with translation.override(language or get_language()):
        try:
            return HttpResponseRedirect(_complete_login(request))
        except EidLoginFailed as error:
            logger.warning("e-ID login refused: %s", error)
            status = 503 if isinstance(error, ProviderUnavailable) else 400
            return _login_page(request, error=_failure_message(error), status=status)


@never_cache
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """End the session here (every key of it), then at the provider if it offers logout."""
    id_token = request.session.get(ID_TOKEN)
    auth_logout(request)
    messages.success(request, _("You have logged out."))
    config = eid_config()
    back = config.public_url + reverse("portal:login")
    if isinstance(id_token, str):
        try:
            provider = provider_for(config.issuer)
        except EidLoginFailed as error:
            logger.warning("e-ID logout at the provider skipped: %s", error)
        else:
            if provider.end_session_endpoint:
                query = urlencode(
                    {
                        "id_token_hint": id_token,
                        "client_id": config.client_id,
                        "post_logout_redirect_uri": back,
                    }
                )
                return HttpResponseRedirect(f"{provider.end_session_endpoint}?{query}")
    return HttpResponseRedirect(reverse("portal:login"))
