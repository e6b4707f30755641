# SPDX-License-Identifier: EUPL-1.2
"""The public catalog in the API: keyset pages (browse and search), one procedure, ETags."""

from collections.abc import Iterator

import pytest
from django.test import Client
from pytest_django import Settings

from motcua.catalog.selectors import versions_in_force
from motcua.portal.tests.test_catalog_support import (
    NOW,
    PUBLIC_URL,
    catalog_site,
    import_demo_catalog,
)

from .support import _fresh_counters, problem  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings: Settings, db: None) -> Iterator[None]:
    import_demo_catalog()
    with catalog_site(settings):
        yield


def _pages(client: Client, **query: str) -> list[list[str]]:
    pages: list[list[str]] = []
    cursor = None
    while True:
        params = dict(query, **({"cursor": cursor} if cursor else {}))
        response = client.get("/api/v1/procedures", params)
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append([r["code"] for r in body["results"]])
        cursor = body["next"]
        if cursor is None:
            return pages


def test_browsing_pages_through_every_procedure_once(client: Client) -> None:
    pages = _pages(client, limit="7")
    codes = [code for page in pages for code in page]
    in_force = sorted(set(versions_in_force(NOW.date()).values_list(
        "procedure__national_code", flat=True)))  # fmt: skip
    assert codes == in_force
    assert [len(page) for page in pages] == [7, 7, 7, 7, 2]


def test_search_pages_keep_the_ranking(client: Client) -> None:
    whole = client.get("/api/v1/procedures", {"q": "dang ky", "limit": "100"}).json()
    ranked = [r["code"] for r in whole["results"]]
    assert whole["next"] is None and len(ranked) > 6
    pages = _pages(client, q="dang ky", limit="3")
    assert [code for page in pages for code in page] == ranked
    assert all(len(page) == 3 for page in pages[:-1])


def test_a_search_cursor_is_not_a_browse_cursor(client: Client) -> None:
    search = client.get("/api/v1/procedures", {"q": "dang ky", "limit": "1"}).json()
    response = client.get("/api/v1/procedures", {"cursor": search["next"]})
    assert response.status_code == 400
    assert problem(response)["code"] == "invalid_cursor"


def test_one_procedure_with_everything_needed_to_submit(client: Client) -> None:
    response = client.get("/api/v1/procedures/1.000894", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["name"], body["name_en"]) == (
        "1.000894", "Đăng ký kết hôn", "Marriage registration",
    )  # fmt: skip
    assert body["url"] == f"{PUBLIC_URL}/en/thu-tuc/1.000894/"
    assert body["field"]["code"] and body["requirements"] and body["time_limits"]
    assert body["application_form_schema"]["type"] == "object"
    assert all(set(r) == {"code", "order", "name", "name_en", "originals", "copies", "mandatory"}
               for r in body["requirements"])  # fmt: skip
    assert response["Vary"] == "Accept-Language"
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("code", ["9.999999", "1.00089", "abc", "1.000894x"])
def test_unknown_codes_are_404(client: Client, code: str) -> None:
    response = client.get(f"/api/v1/procedures/{code}")
    assert response.status_code == 404
    assert problem(response)["code"] == "not_found"


def test_etags_and_not_modified(client: Client) -> None:
    first = client.get("/api/v1/procedures/1.000894")
    etag = first["ETag"]
    again = client.get("/api/v1/procedures/1.000894", HTTP_IF_NONE_MATCH=etag)
    assert (again.status_code, again.content) == (304, b"")
    assert (again["ETag"], again["Cache-Control"]) == (etag, "public, max-age=300")
    other_language = client.get(
        "/api/v1/procedures/1.000894", HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert other_language.status_code == 200  # its url differs, so does its tag
    assert other_language["ETag"] != etag
    listing = client.get("/api/v1/procedures")
    assert client.get("/api/v1/procedures", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304
    assert client.get("/api/v1/procedures", HTTP_IF_NONE_MATCH="*").status_code == 304
    assert client.get("/api/v1/procedures", HTTP_IF_NONE_MATCH='"nope"').status_code == 200


def test_public_reads_are_limited_per_address(client: Client, settings: Settings) -> None:
    settings.MOTCUA_API_PUBLIC_RATE_PER_MINUTE = 3
    statuses = [client.get("/api/v1/procedures/1.000894").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/procedures", HTTP_ACCEPT_LANGUAGE="en")
    body = problem(refused)
    assert body["code"] == "rate_limited"
    seconds = int(refused["Retry-After"])
    assert 1 <= seconds <= 60
    assert body["detail"] == f"Too many requests. Try again in {seconds} seconds."
    other = client.get("/api/v1/procedures/1.000894", REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200
