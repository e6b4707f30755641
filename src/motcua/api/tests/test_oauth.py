# SPDX-License-Identifier: EUPL-1.2
"""The token endpoint (client credentials): good and bad credentials, grants, scopes, expiry."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.test import Client
from pytest_django import Settings

from motcua.api.models import ApiToken, token_digest
from motcua.core import clock
from motcua.testing.builders import World

from .support import (  # noqa: F401
    FORM,
    TOKEN_URL,
    _fresh_counters,
    basic,
    bearer,
    new_client,
    problem,
    token_for,
    token_response,
)

pytestmark = pytest.mark.django_db

DOSSIERS = "/api/v1/dossiers"


def test_a_token_for_the_client_secret_over_basic(client: Client, world: World) -> None:
    new = new_client(world)
    response = token_response(client, new)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert response["Pragma"] == "no-cache"
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 3600)
    assert body["scope"] == "documents:read dossiers:read dossiers:write inbound:national"
    assert len(body["access_token"]) == 48
    stored = ApiToken.objects.get()
    assert stored.token_sha256 == token_digest(body["access_token"])
    assert body["access_token"] not in str(
        list(ApiToken.objects.values_list("token_sha256", "scopes"))
    )
    assert stored.scopes == body["scope"].split()


def test_client_secret_post_works_too(client: Client, world: World) -> None:
    new = new_client(world)
    data = urlencode(
        {"grant_type": "client_credentials", "client_id": new.client.client_id,
         "client_secret": new.secret}
    )  # fmt: skip
    response = client.post(TOKEN_URL, data, content_type=FORM, secure=True)
    assert response.status_code == 200
    assert client.get(DOSSIERS, **bearer(response.json()["access_token"])).status_code == 200


@pytest.mark.parametrize("who", ["wrong secret", "unknown client", "disabled client"])
def test_bad_credentials_are_one_and_the_same_401(client: Client, world: World, who: str) -> None:
    new = new_client(world)
    client_id, secret = new.client.client_id, new.secret
    if who == "wrong secret":
        secret = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    elif who == "unknown client":
        client_id = "mc_000000000000000000000000"
    else:
        new.client.is_active = False
        new.client.save()
    data = urlencode({"grant_type": "client_credentials"})
    response = client.post(
        TOKEN_URL, data, content_type=FORM, secure=True, **basic(client_id, secret)
    )
    assert response.status_code == 401
    body = problem(response)
    assert (body["code"], body["error"]) == ("invalid_client", "invalid_client")
    assert response["WWW-Authenticate"].startswith("Basic ")
    assert ApiToken.objects.count() == 0


def test_no_credentials_at_all(client: Client, world: World) -> None:
    response = client.post(
        TOKEN_URL, "grant_type=client_credentials", content_type=FORM, secure=True
    )
    assert response.status_code == 401
    assert problem(response)["error"] == "invalid_client"


@pytest.mark.parametrize("grant", ["password", "authorization_code", ""])
def test_only_the_client_credentials_grant(client: Client, world: World, grant: str) -> None:
    new = new_client(world)
    response = token_response(client, new, grant_type=grant)
    assert response.status_code == 400
    body = problem(response)
    assert (body["code"], body["error"]) == ("unsupported_grant_type", "unsupported_grant_type")
    assert body["title"] == "Bad Request"
    assert ApiToken.objects.count() == 0


def test_a_token_can_be_narrowed_to_some_scopes(client: Client, world: World) -> None:
    new = new_client(world)
    response = token_response(client, new, scope="dossiers:read")
    assert response.json()["scope"] == "dossiers:read"
    token = response.json()["access_token"]
    assert client.get(DOSSIERS, **bearer(token)).status_code == 200
    refused = client.post(DOSSIERS, {}, content_type="application/json",
                          HTTP_IDEMPOTENCY_KEY="k", **bearer(token))  # fmt: skip
    assert refused.status_code == 403
    assert problem(refused)["code"] == "insufficient_scope"


@pytest.mark.parametrize("scope", ["dossiers:write", "admin", "dossiers:read admin"])
def test_a_scope_the_client_lacks_or_unknown_is_refused(
    client: Client, world: World, scope: str
) -> None:
    new = new_client(world, scopes=["dossiers:read"])
    response = token_response(client, new, scope=scope)
    assert response.status_code == 400
    assert problem(response)["error"] == "invalid_scope"
    assert ApiToken.objects.count() == 0


def test_tokens_expire(client: Client, world: World, settings: Settings) -> None:
    settings.MOTCUA_API_TOKEN_SECONDS = 60
    new = new_client(world)
    token = token_for(client, new)
    assert client.get(DOSSIERS, **bearer(token)).status_code == 200
    with clock.frozen_at(clock.now() + timedelta(seconds=61)):
        response = client.get(DOSSIERS, **bearer(token))
    assert response.status_code == 401
    assert problem(response)["code"] == "invalid_token"
    assert response["WWW-Authenticate"] == 'Bearer realm="motcua", error="invalid_token"'


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer not-a-token", "Basic abc", "bearer  ", "Token x"],
)
def test_missing_or_unknown_tokens_are_401(
    client: Client, world: World, header: str | None
) -> None:
    extra = {} if header is None else {"HTTP_AUTHORIZATION": header}
    response = client.get(DOSSIERS, **extra)
    assert response.status_code == 401
    assert problem(response)["code"] in {"not_authenticated", "invalid_token"}
    assert response["WWW-Authenticate"].startswith('Bearer realm="motcua"')


def test_revoked_tokens_and_disabled_clients(client: Client, world: World) -> None:
    new = new_client(world)
    first, second = token_for(client, new), token_for(client, new)
    ApiToken.objects.filter(token_sha256=token_digest(first)).update(revoked=True)
    assert client.get(DOSSIERS, **bearer(first)).status_code == 401
    assert client.get(DOSSIERS, **bearer(second)).status_code == 200
    new.client.is_active = False
    new.client.save()
    assert client.get(DOSSIERS, **bearer(second)).status_code == 401


def test_the_token_request_must_be_a_form(client: Client, world: World) -> None:
    new = new_client(world)
    response = client.post(
        TOKEN_URL, {"grant_type": "client_credentials"}, content_type="application/json",
        **basic(new.client.client_id, new.secret),
    )  # fmt: skip
    assert response.status_code == 415
    assert problem(response)["code"] == "unsupported_media_type"


def test_tokens_only_over_https(client: Client, world: World) -> None:
    new = new_client(world)
    data = urlencode({"grant_type": "client_credentials"})
    credentials = basic(new.client.client_id, new.secret)
    response = client.post(TOKEN_URL, data, content_type=FORM, **credentials)
    assert response.status_code == 400
    assert problem(response)["code"] == "insecure_transport"
    loopback = client.post(TOKEN_URL, data, content_type=FORM, HTTP_HOST="127.0.0.1", **credentials)
    assert loopback.status_code == 200
