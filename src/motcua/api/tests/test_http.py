# SPDX-License-Identifier: EUPL-1.2
"""Around every operation: problems for unknown addresses and methods, HEAD, languages, limits,
and no internals in a 500."""

import json

import pytest
from django.test import Client, RequestFactory

from motcua.api.api import api
from motcua.testing.builders import World, submit_dossier

from .support import (  # noqa: F401
    _fresh_counters,
    bearer,
    new_client,
    post_dossier,
    problem,
    submission,
    token_for,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/api/", "/api/v1/", "/api/v1/nothing", "/api/v2/procedures", "/api/v1/procedures/"]
)
def test_unknown_addresses_are_404_problems(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert problem(response)["code"] == "not_found"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("put", "/api/v1/procedures", "GET, HEAD"),
        ("delete", "/api/v1/dossiers", "GET, HEAD, POST"),
        ("get", "/api/v1/oauth/token", "POST"),
        ("patch", "/api/v1/track/X", "GET, HEAD"),
    ],
)
def test_other_methods_are_405_problems(
    client: Client, world: World, method: str, path: str, allow: str
) -> None:
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert problem(response)["code"] == "method_not_allowed"
    assert response["Allow"] == allow


def test_head_is_get_without_the_body(client: Client, world: World) -> None:
    get = client.get("/api/v1/procedures")
    head = client.head("/api/v1/procedures")
    assert (head.status_code, head.content) == (200, b"")
    assert head["Content-Length"] == str(len(get.content))
    assert head["ETag"] == get["ETag"]


def test_the_language_follows_accept_language(client: Client, world: World) -> None:
    english = client.get("/api/v1/nothing", HTTP_ACCEPT_LANGUAGE="en")
    vietnamese = client.get("/api/v1/nothing", HTTP_ACCEPT_LANGUAGE="vi")
    default = client.get("/api/v1/nothing")
    assert (english["Content-Language"], vietnamese["Content-Language"]) == ("en", "vi")
    assert default["Content-Language"] == "vi"
    assert problem(english)["detail"] == "Nothing was found at this address."
    assert english["Vary"] == "Accept-Language"


def test_validation_problems_name_each_field(client: Client, world: World) -> None:
    response = client.get("/api/v1/procedures", {"limit": "0"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    body = problem(response)
    assert (body["code"], body["title"]) == ("validation_failed", "Unprocessable Entity")
    assert body["detail"] == "Some of the information is missing or invalid."
    assert list(body["errors"]) == ["limit"]
    assert body["errors"]["limit"] == ["Input should be greater than or equal to 1"]


def test_each_client_has_its_own_rate(client: Client, world: World) -> None:
    slow = token_for(client, new_client(world, rate=2, name="slow"))
    fast = token_for(client, new_client(world, name="fast"))
    statuses = [client.get("/api/v1/dossiers", **bearer(slow)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = client.get("/api/v1/dossiers", **bearer(slow))
    assert problem(refused)["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert client.get("/api/v1/dossiers", **bearer(fast)).status_code == 200


def test_an_unexpected_error_says_nothing_of_the_server(world: World) -> None:
    request = RequestFactory().get("/api/v1/dossiers")
    secret = "password=hunter2 at db.internal:5432"
    response = api.on_exception(request, RuntimeError(secret))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["code"] == "internal_error"
    assert secret not in response.content.decode()
    assert "RuntimeError" not in response.content.decode()


def test_the_old_language_prefixed_addresses_are_gone(client: Client, world: World) -> None:
    dossier = submit_dossier(world)
    assert client.get("/en/api/v1/procedures").status_code == 404
    assert client.get(f"/en/api/v1/track/{dossier.code}?verifier=1234").status_code == 404


def test_nul_characters_never_reach_the_database(client: Client, world: World) -> None:
    """PostgreSQL cannot store NUL: such input is refused as not found or invalid, never a 500."""
    token = token_for(client, new_client(world))
    paths = ["/api/v1/dossiers/%00", "/api/v1/dossiers/a%00b/events",
             "/api/v1/track/%00?verifier=1234", "/api/v1/procedures/%00"]  # fmt: skip
    assert [client.get(path, **bearer(token)).status_code for path in paths] == [404] * 4
    for change in ({"applicant": dict(submission(world)["applicant"], name="A\x00B")},
                   {"form": {"full_name": "A\x00B"}}):  # fmt: skip
        response = post_dossier(
            client, token, submission(world, **change), HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 422
        assert "Text may not contain NUL characters." in str(problem(response)["errors"])
    data = "grant_type=client_credentials&client_id=a%00b&client_secret=x"
    form = "application/x-www-form-urlencoded"
    refused = client.post("/api/v1/oauth/token", data, content_type=form, secure=True)
    assert refused.status_code == 401


def test_django_s_request_limits_are_problems_too(client: Client, world: World) -> None:
    many = "&".join(f"f{n}=1" for n in range(1001))
    response = client.get(f"/api/v1/procedures?{many}")
    assert response.status_code == 400
    assert problem(response)["code"] == "bad_request"
