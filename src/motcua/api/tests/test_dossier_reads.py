# SPDX-License-Identifier: EUPL-1.2
"""Reading dossiers: keyset pages, ETag and 304, the history without names, documents."""

import json
from datetime import timedelta

import pytest
from django.test import Client

from motcua.api.pagination import cursor_encode
from motcua.core import clock
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.portal.tests.test_track_support import (
    APOLOGY,
    NOTE,
    REASON,
    eventful_dossier,
    name_the_officials,
)
from motcua.testing.builders import World, submit_dossier

from .support import (  # noqa: F401
    PDF,
    _fresh_counters,
    bearer,
    new_client,
    post_dossier,
    problem,
    submission,
    token_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(client: Client, world: World) -> str:
    return token_for(client, new_client(world))


def _submitted(world: World, count: int) -> list[Dossier]:
    """``count`` dossiers at the centre, one minute apart (distinct updated_at)."""
    start = clock.now() - timedelta(hours=1)
    dossiers = []
    for index in range(count):
        with clock.frozen_at(start + timedelta(minutes=index)):
            dossiers.append(submit_dossier(world))
    return dossiers


def _all_pages(client: Client, token: str, **query: str) -> tuple[list[str], int]:
    codes: list[str] = []
    pages = 0
    cursor = None
    while True:
        params = dict(query, **({"cursor": cursor} if cursor else {}))
        body = client.get("/api/v1/dossiers", params, **bearer(token)).json()
        pages += 1
        codes += [d["code"] for d in body["results"]]
        cursor = body["next"]
        if cursor is None:
            return codes, pages


def test_pages_follow_the_changes_in_order(client: Client, world: World, token: str) -> None:
    dossiers = _submitted(world, 5)
    codes, pages = _all_pages(client, token, limit="2")
    assert (codes, pages) == ([d.code for d in dossiers], 3)
    received = services.dossier_receive(dossiers[1], actor=world.desk())
    after = (dossiers[-1].updated_at).isoformat()
    changed, _pages = _all_pages(client, token, limit="2", updated_after=after)
    assert changed == [received.code]


def test_no_duplicates_nor_gaps_when_dossiers_change_while_paging(
    client: Client, world: World, token: str
) -> None:
    dossiers = _submitted(world, 4)
    first = client.get("/api/v1/dossiers", {"limit": "2"}, **bearer(token)).json()
    assert [d["code"] for d in first["results"]] == [dossiers[0].code, dossiers[1].code]
    services.dossier_receive(dossiers[0], actor=world.desk())  # moves to the end
    newcomer = submit_dossier(world)
    rest = client.get(
        "/api/v1/dossiers", {"limit": "10", "cursor": first["next"]}, **bearer(token)
    ).json()
    assert [d["code"] for d in rest["results"]] == [
        dossiers[2].code, dossiers[3].code, dossiers[0].code, newcomer.code,
    ]  # fmt: skip
    assert rest["next"] is None


def test_filter_by_status(client: Client, world: World, token: str) -> None:
    dossiers = _submitted(world, 3)
    services.dossier_receive(dossiers[2], actor=world.desk())
    body = client.get("/api/v1/dossiers", {"status": "received"}, **bearer(token)).json()
    assert [d["code"] for d in body["results"]] == [dossiers[2].code]
    bad = client.get("/api/v1/dossiers", {"status": "lost"}, **bearer(token))
    assert bad.status_code == 422
    assert "status" in problem(bad)["errors"]


@pytest.mark.parametrize(
    "cursor",
    ["!!!", "WzFd", "eyJhIjoxfQ", "WyJ4IiwxXQ", "W10",
     cursor_encode(["2026-01-01T00:00:00", 1]),  # naive: never given out
     cursor_encode(["0001-01-01T00:00:00+14:00", 1])],  # before the year 1 in UTC
)  # fmt: skip
def test_cursors_not_given_out_by_the_api_are_400(
    client: Client, world: World, token: str, cursor: str
) -> None:
    response = client.get("/api/v1/dossiers", {"cursor": cursor}, **bearer(token))
    assert response.status_code == 400
    assert problem(response)["code"] == "invalid_cursor"


@pytest.mark.parametrize(
    ("moment", "status"),
    [("0001-01-01T00:00:00+14:00", 422), ("9999-12-31T23:59:59-14:00", 422),
     ("2026-03-09T09:00:00", 200), ("2026-03-09T02:00:00Z", 200), ("yesterday", 422)],
)  # fmt: skip
def test_updated_after_bounds(
    client: Client, world: World, token: str, moment: str, status: int
) -> None:
    response = client.get("/api/v1/dossiers", {"updated_after": moment}, **bearer(token))
    assert response.status_code == status
    if status == 422:
        assert list(problem(response)["errors"]) == ["updated_after"]


def test_a_dossier_with_its_etag(client: Client, world: World, token: str) -> None:
    dossier = submit_dossier(world)
    url = f"/api/v1/dossiers/{dossier.code}"
    response = client.get(url, **bearer(token))
    assert response.status_code == 200
    assert (response["ETag"], response["Cache-Control"]) == ('W/"1"', "private, no-cache")
    body = response.json()
    assert (body["code"], body["status"], body["national_status"]) == (dossier.code, "submitted", 1)
    unchanged = client.get(url, HTTP_IF_NONE_MATCH='W/"1"', **bearer(token))
    assert (unchanged.status_code, unchanged.content, unchanged["ETag"]) == (304, b"", 'W/"1"')
    services.dossier_receive(dossier, actor=world.desk())
    changed = client.get(url, HTTP_IF_NONE_MATCH='W/"1"', **bearer(token))
    assert (changed.status_code, changed["ETag"]) == (200, 'W/"2"')
    assert (changed.json()["status"], changed.json()["national_status"]) == ("received", 2)


def test_lists_have_content_etags_too(client: Client, world: World, token: str) -> None:
    _submitted(world, 2)
    first = client.get("/api/v1/dossiers", **bearer(token))
    etag = first["ETag"]
    assert etag.startswith('W/"') and len(etag) == 36
    again = client.get("/api/v1/dossiers", HTTP_IF_NONE_MATCH=etag, **bearer(token))
    assert again.status_code == 304
    submit_dossier(world)
    changed = client.get("/api/v1/dossiers", HTTP_IF_NONE_MATCH=etag, **bearer(token))
    assert changed.status_code == 200


def test_the_history_without_names_or_internal_notes(
    client: Client, world: World, token: str
) -> None:
    names = name_the_officials()
    dossier = eventful_dossier(world)
    response = client.get(f"/api/v1/dossiers/{dossier.code}/events", **bearer(token))
    assert response.status_code == 200
    events = response.json()["results"]
    assert [e["action"] for e in events] == [
        "submit", "receive", "forward", "process_step", "request_supplement", "supplement",
        "extend_deadline", "process_step", "approve", "issue_result", "return_result",
    ]  # fmt: skip
    assert [e["sequence"] for e in events] == list(range(1, 12))
    assert events[0] == {
        "sequence": 1, "action": "submit", "at": "2026-03-09T09:00:00+07:00",
        "status_before": None, "status_after": "submitted", "role": "applicant", "unit": None,
        "reason": "",
    }  # fmt: skip
    assert events[1]["unit"] == world.centre.code
    assert events[4]["reason"] == REASON  # addressed to the applicant, as on their timeline
    assert events[6]["reason"] == APOLOGY
    raw = json.dumps(response.json(), ensure_ascii=False)
    assert NOTE not in raw
    for name in names:
        assert name not in raw


def test_internal_reasons_are_left_out(client: Client, world: World, token: str) -> None:
    dossier = services.dossier_receive(submit_dossier(world), actor=world.desk())
    services.dossier_forward(dossier, actor=world.desk(), reason="Giao ông Khoa xử lý gấp")
    events = client.get(f"/api/v1/dossiers/{dossier.code}/events", **bearer(token)).json()
    assert events["results"][-1]["action"] == "forward"
    assert events["results"][-1]["reason"] is None
    assert "Khoa" not in json.dumps(events, ensure_ascii=False)


def test_events_page_by_sequence(client: Client, world: World, token: str) -> None:
    dossier = eventful_dossier(world)
    url = f"/api/v1/dossiers/{dossier.code}/events"
    seen: list[int] = []
    cursor = None
    while True:
        body = client.get(url, {"limit": "4", **({"cursor": cursor} if cursor else {})},
                          **bearer(token)).json()  # fmt: skip
        seen += [e["sequence"] for e in body["results"]]
        cursor = body["next"]
        if cursor is None:
            break
    assert seen == list(range(1, 12))


def test_documents_and_their_files(client: Client, world: World, token: str) -> None:
    code = post_dossier(client, token, submission(world)).json()["code"]
    dossier = Dossier.objects.get(code=code)
    listing = client.get(f"/api/v1/dossiers/{code}/documents", **bearer(token))
    assert listing.status_code == 200
    [document] = listing.json()["results"]
    assert {k: v for k, v in document.items() if k not in {"id", "added_at"}} == {
        "requirement": "R1", "name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
        "original_seen": False, "copies": 0, "has_file": True, "filename": "to-khai.pdf",
        "content_type": "application/pdf", "size": len(PDF), "added_in_event": 1,
    }  # fmt: skip
    content = client.get(
        f"/api/v1/dossiers/{code}/documents/{document['id']}/content", **bearer(token)
    )
    assert content.status_code == 200
    assert b"".join(content.streaming_content) == PDF  # type: ignore[attr-defined]
    assert content["Content-Type"] == "application/pdf"
    assert content["Content-Disposition"] == 'attachment; filename="to-khai.pdf"'
    assert content["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in content["Cache-Control"]
    paper_only = submit_dossier(world)  # copies seen at the desk, no file
    paper = paper_only.documents.get()
    missing = client.get(
        f"/api/v1/dossiers/{paper_only.code}/documents/{paper.pk}/content", **bearer(token)
    )
    assert missing.status_code == 404
    other = client.get(
        f"/api/v1/dossiers/{paper_only.code}/documents/{document['id']}/content", **bearer(token)
    )
    assert other.status_code == 404  # a document of another dossier
    assert dossier.documents.count() == 1
