# SPDX-License-Identifier: EUPL-1.2
"""``POST /oauth/token``: an access token for a client's id and secret (client credentials)."""

from authlib.oauth2.rfc6749.errors import InsecureTransportError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.decorators import decorate_view
from ninja.params.functions import Form
from pydantic import Field

from motcua.api.auth.server import token_server
from motcua.api.http import requires_form
from motcua.api.problems import ApiProblem
from motcua.api.schemas.common import Problem, TokenProblem
from motcua.api.throttling import limit_address

router = Router(tags=["oauth"])


class AccessToken(Schema):
    access_token: str
    token_type: str = Field(examples=["Bearer"])
    expires_in: int = Field(description="Seconds the token stays valid.")
    scope: str = Field(description="The scopes granted, separated by spaces.")


@router.post(
    "/oauth/token",
    response={
        200: AccessToken,
        400: TokenProblem,
        401: TokenProblem,
        413: Problem,
        415: Problem,
        429: Problem,
    },
    operation_id="issueToken",
    summary="An access token (OAuth 2.0 client credentials, RFC 6749 §4.4)",
)
@decorate_view(requires_form)
def issue_token(
    request: HttpRequest,
    grant_type: str | None = Form(None, description="Always client_credentials."),
    scope: str | None = Form(
        None, description="Scopes asked for, separated by spaces; all the client's when absent."
    ),
    client_id: str | None = Form(None, description="With client_secret_post."),
    client_secret: str | None = Form(None, description="With client_secret_post."),
) -> HttpResponse:
    """Authenticate with HTTP Basic (client_secret_basic) or the two form fields
    (client_secret_post). Errors carry RFC 6749's `error` next to the problem's fields. Only
    over HTTPS (or to a loopback address)."""
    limit_address(request)
    try:
        response: HttpResponse = token_server().create_token_response(request)
    except InsecureTransportError:
        raise ApiProblem(400, "insecure_transport", _("Ask for tokens over HTTPS only.")) from None
    return response
