# SPDX-License-Identifier: EUPL-1.2
"""The OAuth 2.0 token endpoint: client credentials (RFC 6749 §4.4) with authlib's Django server.

Clients authenticate with ``client_secret_basic`` or ``client_secret_post``. An unknown client
and a wrong secret get the same ``401 invalid_client`` after the same password-hashing work, so
neither the answer nor its timing tells which client ids exist. Only the token's SHA-256 is
stored. Errors are problem documents that also carry RFC 6749 §5.2's ``error`` and
``error_description``, so OAuth client libraries read them as usual.
"""

import json
from functools import cache
from typing import Any

from authlib.common.security import generate_token
from authlib.integrations.django_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.http import HttpResponse
from django.utils.translation import gettext as _

from motcua.api.models import AUTH_METHODS, ApiClient, ApiScope, ApiToken, token_digest
from motcua.api.problems import problem_response
from motcua.core import clock

TOKEN_LENGTH = 48

#: RFC 6749 §5.2 error → the sentence shown as the problem's ``detail``.
ERROR_DETAILS = {
    "invalid_client": lambda: _("The client id or secret is wrong, or the client is disabled."),
    "invalid_request": lambda: _("The token request is incomplete or malformed."),
    "invalid_scope": lambda: _("A scope asked for is unknown or not granted to this client."),
    "unauthorized_client": lambda: _("This client may not use this grant type."),
    "unsupported_grant_type": lambda: _("Only grant_type=client_credentials is supported."),
}


class _UnknownClient:
    """Stands for a client id that does not exist: its secret never matches, at the same cost."""

    def check_client_secret(self, client_secret: str) -> bool:
        make_password(client_secret)  # as slow as checking a real secret
        return False

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return False


class ClientCredentialsGrant(grants.ClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)


def _expires_in(client: ApiClient, grant_type: str) -> int:
    return int(settings.MOTCUA_API_TOKEN_SECONDS)


def _access_token(**kwargs: Any) -> str:
    token: str = generate_token(TOKEN_LENGTH)
    return token


class TokenServer(AuthorizationServer):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__(ApiClient, ApiToken)
        self.scopes_supported = list(ApiScope.values)
        self.register_grant(ClientCredentialsGrant)

    def query_client(self, client_id: str) -> ApiClient | _UnknownClient:
        if "\x00" in client_id:  # cannot be a client id (nor be queried on PostgreSQL)
            return _UnknownClient()
        client = ApiClient.objects.filter(client_id=client_id, is_active=True).first()
        return client if client is not None else _UnknownClient()

    def save_token(self, token: dict[str, Any], request: Any) -> ApiToken:
        return ApiToken.objects.create(
            token_sha256=token_digest(token["access_token"]),
            client=request.client,
            scopes=str(token.get("scope", "")).split(),
            issued_at=clock.now(),
            expires_in=int(token["expires_in"]),
        )

    def create_bearer_token_generator(self) -> BearerTokenGenerator:
        return BearerTokenGenerator(
            access_token_generator=_access_token, expires_generator=_expires_in
        )

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """No Django signals (docs/architecture.md)."""

    def handle_response(
        self, status_code: int, payload: Any, headers: list[tuple[str, str]]
    ) -> HttpResponse:
        extra = [(name, value) for name, value in headers if name.lower() != "content-type"]
        if status_code == 200:
            response = HttpResponse(json.dumps(payload), content_type="application/json")
        else:
            fields = dict(payload)
            error = str(fields.get("error", "invalid_request"))
            detail = ERROR_DETAILS.get(error, ERROR_DETAILS["invalid_request"])()
            response = problem_response(status_code, error, detail)
            body = json.loads(response.content)
            body.update(error=error, error_description=str(fields.get("error_description", "")))
            response.content = json.dumps(body, ensure_ascii=False).encode()
        for name, value in extra:
            response[name] = value
        return response


@cache
def token_server() -> TokenServer:
    """One server per process (it holds only the grant and client registry)."""
    return TokenServer()
