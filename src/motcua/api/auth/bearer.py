# SPDX-License-Identifier: EUPL-1.2
"""Bearer tokens on protected operations (RFC 6750), checked by authlib's resource protector.

``ClientToken("dossiers:read")`` is a django-ninja auth: a missing, unknown, expired or revoked
token (or a disabled client) → ``401`` with ``WWW-Authenticate: Bearer ...``; a valid token
without the operation's scope → ``403 insufficient_scope``. A valid call counts against the
client's requests per minute. The operation then finds the token in ``request.auth``.
"""

from functools import cache
from typing import Any

from authlib.integrations.django_oauth2 import BearerTokenValidator, ResourceProtector
from authlib.integrations.django_oauth2.requests import DjangoJsonRequest
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6750 import InvalidTokenError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security.base import AuthBase

from motcua.api.models import ApiClient, ApiToken, token_digest
from motcua.api.problems import ApiProblem
from motcua.api.throttling import limit_client

REALM = "motcua"
TOKEN_URL = "/api/v1/oauth/token"  # noqa: S105 (an address, not a secret)


class _TokenValidator(BearerTokenValidator):  # type: ignore[misc]
    def authenticate_token(self, token_string: str) -> ApiToken | None:
        return (
            ApiToken.objects.select_related("client__service_user")
            .filter(token_sha256=token_digest(token_string))
            .first()
        )


@cache
def _protector() -> ResourceProtector:
    protector = ResourceProtector()
    protector.register_token_validator(_TokenValidator(ApiToken, realm=REALM))
    return protector


def _problem(error: OAuth2Error, scope: str) -> ApiProblem:
    if error.error == "insufficient_scope":
        challenge = f'Bearer realm="{REALM}", error="insufficient_scope", scope="{scope}"'
        return ApiProblem(
            403,
            "insufficient_scope",
            _("The access token does not have the scope %(scope)s.") % {"scope": scope},
            headers=[("WWW-Authenticate", challenge)],
        )
    if isinstance(error, InvalidTokenError):
        challenge = f'Bearer realm="{REALM}", error="invalid_token"'
        detail = _("The access token is unknown, expired or revoked. Ask for a new one.")
        return ApiProblem(401, "invalid_token", detail, headers=[("WWW-Authenticate", challenge)])
    return ApiProblem(
        401,
        "not_authenticated",
        _("Send an access token: Authorization: Bearer <token>."),
        headers=[("WWW-Authenticate", f'Bearer realm="{REALM}"')],
    )


class ClientToken(AuthBase):
    """An access token holding ``scope``, of an active API client."""

    openapi_type = "oauth2"

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__()

    def __call__(self, request: HttpRequest) -> ApiToken:
        try:
            token: ApiToken = _protector().validate_request(
                [self.scope], DjangoJsonRequest(request)
            )
        except OAuth2Error as error:
            raise _problem(error, self.scope) from None
        limit_client(token.client)
        return token


def request_client(request: HttpRequest) -> ApiClient:
    """The client whose token authenticated ``request`` (protected operations only)."""
    auth: Any = getattr(request, "auth", None)
    assert isinstance(auth, ApiToken)
    return auth.client
