# SPDX-License-Identifier: EUPL-1.2
"""Who reads what: a client sees the dossiers of its units only (others are 404, like unknown
codes), and each operation needs its scope (403 insufficient_scope)."""

import uuid

import pytest
from django.test import Client

from motcua.api.services import NewClient
from motcua.dossiers.models import Dossier
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


def _paths(dossier: Dossier) -> list[str]:
    document = dossier.documents.get()
    base = f"/api/v1/dossiers/{dossier.code}"
    return [base, f"{base}/events", f"{base}/documents", f"{base}/documents/{document.pk}/content"]


def _in_unit_y(world: World) -> Dossier:
    """Received at the second commune's centre, decided by the second commune."""
    return submit_dossier(
        world, receiving_unit=world.org.commune_centres[1], competent_unit=world.org.communes[1]
    )


def _with_file(client: Client, token: str, world: World, **overrides: object) -> Dossier:
    response = post_dossier(client, token, submission(world, **overrides), key=uuid.uuid4().hex)
    assert response.status_code == 201, response.content
    return Dossier.objects.get(code=response.json()["code"])


@pytest.mark.parametrize(
    ("units", "visible"),
    [
        ("centre X", {"X"}),  # receiving unit
        ("commune X", {"X"}),  # competent unit
        ("centre Y", {"Y"}),
        ("both centres", {"X", "Y"}),
        ("province centre", set()),
    ],
)
def test_a_client_sees_the_dossiers_of_its_units_only(
    client: Client, world: World, units: str, visible: set[str]
) -> None:
    org = world.org
    writer = token_for(client, new_client(world, units=org.commune_centres[:2], name="writer"))
    x = _with_file(client, writer, world)
    y = _with_file(client, writer, world, receiving_unit=org.commune_centres[1].code,
                   competent_unit=org.communes[1].code)  # fmt: skip
    chosen = {
        "centre X": [world.centre],
        "commune X": [world.commune],
        "centre Y": [org.commune_centres[1]],
        "both centres": org.commune_centres[:2],
        "province centre": [org.province_centre],
    }[units]
    reader = token_for(client, new_client(world, units=chosen, name="reader"))
    listed = client.get("/api/v1/dossiers", **bearer(reader)).json()["results"]
    assert {d["code"] for d in listed} == {{"X": x, "Y": y}[k].code for k in visible}
    for name, dossier in (("X", x), ("Y", y)):
        for path in _paths(dossier):
            response = client.get(path, **bearer(reader))
            expected = 200 if name in visible else 404
            assert response.status_code == expected, (name, path)
            if expected == 404:
                assert problem(response)["code"] == "not_found"


def test_another_unit_s_dossier_and_an_unknown_code_answer_alike(
    client: Client, world: World
) -> None:
    reader = token_for(client, new_client(world))
    other = _in_unit_y(world)
    foreign = client.get(f"/api/v1/dossiers/{other.code}", **bearer(reader))
    unknown = client.get(f"/api/v1/dossiers/{other.code[:-4]}9999", **bearer(reader))
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.content == unknown.content


@pytest.mark.parametrize(
    ("scope", "allowed"),
    [
        ("dossiers:read", {"list", "get", "events"}),
        ("documents:read", {"documents", "content"}),
        ("dossiers:write", {"submit"}),
        ("inbound:national", set()),
    ],
)
def test_each_operation_needs_its_scope(
    client: Client, world: World, scope: str, allowed: set[str]
) -> None:
    writer = token_for(client, new_client(world, name="writer"))
    dossier = _with_file(client, writer, world)
    new: NewClient = new_client(world, scopes=[scope], name="narrow")
    token = token_for(client, new)
    document = dossier.documents.get()
    base = f"/api/v1/dossiers/{dossier.code}"
    calls = {
        "list": lambda: client.get("/api/v1/dossiers", **bearer(token)),
        "get": lambda: client.get(base, **bearer(token)),
        "events": lambda: client.get(f"{base}/events", **bearer(token)),
        "documents": lambda: client.get(f"{base}/documents", **bearer(token)),
        "content": lambda: client.get(f"{base}/documents/{document.pk}/content", **bearer(token)),
        "submit": lambda: post_dossier(client, token, submission(world), key="narrow"),
    }
    for name, call in calls.items():
        response = call()
        if name in allowed:
            assert response.status_code in {200, 201}, (name, response.content)
        else:
            assert response.status_code == 403, name
            assert problem(response)["code"] == "insufficient_scope"
            assert 'error="insufficient_scope"' in response["WWW-Authenticate"]
    assert Dossier.objects.count() == (2 if "submit" in allowed else 1)


def test_removing_a_unit_takes_effect_at_once(client: Client, world: World) -> None:
    new = new_client(world)
    token = token_for(client, new)
    dossier = submit_dossier(world)
    url = f"/api/v1/dossiers/{dossier.code}"
    assert client.get(url, **bearer(token)).status_code == 200
    new.client.service_user.role_assignments.all().delete()
    assert client.get(url, **bearer(token)).status_code == 404
