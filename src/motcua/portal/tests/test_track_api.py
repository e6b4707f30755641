# SPDX-License-Identifier: EUPL-1.2
"""``GET /api/v1/track/<code>?verifier=`` (served by ``motcua.api``): the public status as JSON,
problems as RFC 9457, labels in the language of ``Accept-Language``."""

import json

import pytest
from django.test import Client

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.testing.builders import World

from .test_track_support import (  # noqa: F401
    _fresh_counters,
    api_url,
    eventful_dossier,
    name_the_officials,
    personal_data,
    portal_urls,
    submit,
)

pytestmark = pytest.mark.django_db


def test_the_document_of_a_returned_dossier(client: Client, world: World) -> None:
    name_the_officials()
    d = eventful_dossier(world)
    response = client.get(api_url(d.code, "1234"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert list(body) == ["code", "procedure", "status", "status_label", "received_at", "due_at",
                          "original_due_at", "current_unit", "timeline"]  # fmt: skip
    assert {k: v for k, v in body.items() if k != "timeline"} == {
        "code": d.code,
        "procedure": "Certification of marital status",
        "status": "returned",
        "status_label": "Result returned",
        "received_at": "2026-03-09T09:00:00+07:00",
        "due_at": "2026-03-16T17:00:00+07:00",
        "original_due_at": "2026-03-12T17:00:00+07:00",
        "current_unit": None,
    }
    events = DossierEvent.objects.filter(dossier=d).order_by("sequence")
    assert len(body["timeline"]) == events.count() == 11
    monday = "2026-03-09T09:00:00+07:00"
    assert body["timeline"][0] == {"at": monday, "title": "Submitted", "unit": None}
    assert body["timeline"][1] == {
        "at": monday,
        "title": "Received at the desk",
        "unit": world.centre.name_en,
    }
    assert body["timeline"][-1]["title"] == "Result returned"
    assert all(set(entry) == {"at", "title", "unit"} for entry in body["timeline"])
    raw = json.dumps(body, ensure_ascii=False)
    for secret in personal_data(world, d):
        assert secret not in raw, secret


def test_a_dossier_in_progress_says_where_it_is(client: Client, world: World) -> None:
    d = world.apply(world.apply(submit(world), "receive"), "forward")
    body = client.get(api_url(d.code, "5678")).json()
    assert (body["status"], body["current_unit"], body["original_due_at"]) == (
        "in_progress",
        world.commune.name,
        None,
    )
    assert body["due_at"] is not None


def problem(response: object) -> dict[str, object]:
    assert response["Content-Type"] == "application/problem+json"  # type: ignore[index]
    assert "no-store" in response["Cache-Control"]  # type: ignore[index]
    return json.loads(response.content)  # type: ignore[attr-defined,no-any-return]


def test_a_wrong_factor_and_an_unknown_code_are_the_same_404(client: Client, world: World) -> None:
    d = submit(world)
    unknown = d.code[:-4] + "9999"
    assert not Dossier.objects.filter(code=unknown).exists()
    answers = [client.get(api_url(d.code, "0000")), client.get(api_url(unknown, "1234"))]
    assert [r.status_code for r in answers] == [404, 404]
    first, second = (problem(r) for r in answers)
    assert first == second
    assert first["type"] == "about:blank" and first["title"] == "Not Found"
    assert (first["status"], first["code"]) == (404, "not_found")


@pytest.mark.parametrize(
    ("query", "code"),
    [(None, "verifier_missing"), ("", "verifier_missing"), ("12x4", "verifier_invalid"),
     ("123", "verifier_invalid")],
)  # fmt: skip
def test_a_missing_or_malformed_verifier_is_a_400(
    client: Client, world: World, query: str | None, code: str
) -> None:
    d = submit(world)
    response = client.get(api_url(d.code, query))
    assert response.status_code == 400
    body = problem(response)
    assert (body["status"], body["code"], body["title"]) == (400, code, "Bad Request")
    assert isinstance(body["detail"], str) and body["detail"]


def test_problems_are_translated(client: Client, world: World) -> None:
    english = problem(client.get(api_url("NOPE", "1234"), HTTP_ACCEPT_LANGUAGE="en"))
    vietnamese = problem(client.get(api_url("NOPE", "1234")))
    assert english["detail"] == "No dossier matches this code and these digits."
    assert english["code"] == vietnamese["code"] == "not_found"


def test_only_get_and_head(client: Client, world: World) -> None:
    d = submit(world)
    assert client.post(api_url(d.code, "1234")).status_code == 405
    assert client.head(api_url(d.code, "1234")).status_code == 200
