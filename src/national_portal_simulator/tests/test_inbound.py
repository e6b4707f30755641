# SPDX-License-Identifier: EUPL-1.2
"""The inbound feed (dossiers submitted on the portal), its control append, and repeated items."""

from typing import Any

import pytest

from national_portal_simulator.app import Simulator
from national_portal_simulator.testing import example_inbound_item
from national_portal_simulator.tests.wsgi_client import Client


def add(client: Client, code: str) -> int:
    reply = client.post("/_control/inbound", json_body=example_inbound_item(code=code))
    assert reply.status == 201, reply.text
    feed_id: int = reply.json()["feed_id"]
    return feed_id


def feed(client: Client, **query: str | int) -> dict[str, Any]:
    reply = client.get("/api/v1/inbound", query=query)
    assert reply.status == 200, reply.text
    page: dict[str, Any] = reply.json()
    return page


def codes(page: dict[str, Any]) -> list[tuple[int, str]]:
    return [(item["feed_id"], item["MaHoSoQG"]) for item in page["items"]]


def test_appended_items_are_served_in_pages_after_a_feed_id(client: Client) -> None:
    assert [add(client, code) for code in ("QG-1", "QG-2", "QG-3")] == [1, 2, 3]
    first = feed(client, limit=2)
    assert first["items"] == [
        {"feed_id": 1, **example_inbound_item(code="QG-1")},
        {"feed_id": 2, **example_inbound_item(code="QG-2")},
    ]
    assert first["next"] == 2
    assert (codes(feed(client, after=2, limit=2)), feed(client, after=2)["next"]) == (
        [(3, "QG-3")],
        3,
    )
    assert feed(client, after=3) == {"items": [], "next": 3}
    assert codes(feed(client)) == [(1, "QG-1"), (2, "QG-2"), (3, "QG-3")]


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ({"after": "-1"}, "after must be a whole number from 0 to 1000000000000000000"),
        ({"after": "x"}, "after must be a whole number from 0 to 1000000000000000000"),
        ({"limit": "0"}, "limit must be a whole number from 1 to 500"),
        ({"limit": "501"}, "limit must be a whole number from 1 to 500"),
    ],
)
def test_bad_paging_is_400(client: Client, query: dict[str, str], detail: str) -> None:
    reply = client.get("/api/v1/inbound", query=query)
    assert (reply.status, reply.json()["detail"]) == (400, detail)


def test_the_feed_needs_the_token(client: Client) -> None:
    add(client, "QG-1")
    assert client.get("/api/v1/inbound", token=None).status == 401


def test_an_invalid_item_is_400_and_not_appended(client: Client, simulator: Simulator) -> None:
    item = example_inbound_item()
    item["ChuHoSo"]["SoDinhDanh"] = "12"
    reply = client.post("/_control/inbound", json_body=item)
    assert reply.status == 400
    assert reply.json() == {
        "type": "about:blank", "title": "Bad Request", "status": 400,
        "detail": "the item does not match the inbound schema",
        "errors": ["$.ChuHoSo.SoDinhDanh: '12' does not match '^[0-9]{12}$'"],
    }  # fmt: skip
    with_feed_id = client.post(
        "/_control/inbound", json_body={"feed_id": 9, **example_inbound_item()}
    )
    assert with_feed_id.json()["detail"] == "feed_id is assigned by the portal; leave it out"
    assert client.post("/_control/inbound", body=b"nope").status == 400
    assert client.post("/_control/inbound", json_body=[1]).json()["errors"] == [
        "$: [1] is not of type 'object'"
    ]
    assert simulator.store.totals()["inbound"] == 0


def test_the_duplicate_fault_repeats_each_served_item_once_with_a_new_feed_id(
    client: Client,
) -> None:
    for code in ("QG-1", "QG-2", "QG-3"):
        add(client, code)
    client.put("/_control/faults", json_body={"inbound_duplicate_rate": 1.0})
    assert codes(feed(client)) == [(1, "QG-1"), (2, "QG-2"), (3, "QG-3")]  # nothing served yet
    assert codes(feed(client, after=3)) == [(4, "QG-1")]
    page = feed(client, after=4)
    assert codes(page) == [(5, "QG-2")]
    assert page["items"][0] == {"feed_id": 5, **example_inbound_item(code="QG-2")}
    assert codes(feed(client, after=5)) == [(6, "QG-3")]
    assert feed(client, after=6) == {"items": [], "next": 6}  # repeats are never repeated


def test_without_the_fault_nothing_is_repeated(client: Client) -> None:
    add(client, "QG-1")
    client.put("/_control/faults", json_body={"inbound_duplicate_rate": 0.0})
    feed(client)
    assert feed(client, after=1) == {"items": [], "next": 1}
