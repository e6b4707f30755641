# SPDX-License-Identifier: EUPL-1.2
"""The catalog search API (GET /api/v1/procedures?q=, served by motcua.api): JSON shape,
ranking, at most 20 results a page, RFC 9457 problems for a bad query, and never a 500."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from pytest_django import Settings

from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.portal.tests.test_catalog_support import PUBLIC_URL, catalog_site, import_demo_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings: Settings, db: None) -> Iterator[None]:
    import_demo_catalog()
    cache.clear()  # the API's rate-limit counters
    with catalog_site(settings):
        yield
    cache.clear()


def _search(client: Client, query: str, language: str = "vi") -> list[dict[str, Any]]:
    response = client.get("/api/v1/procedures", {"q": query}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    results: list[dict[str, Any]] = json.loads(response.content)["results"]
    return results


def test_results_carry_code_names_and_the_public_address(client: Client) -> None:
    assert _search(client, "dang ky ket hon") == [
        {
            "code": "1.000894",
            "name": "Đăng ký kết hôn",
            "name_en": "Marriage registration",
            "url": f"{PUBLIC_URL}/thu-tuc/1.000894/",
        }
    ]
    english = _search(client, "marriage registration", language="en")
    assert [(r["code"], r["url"]) for r in english] == [
        ("1.000894", f"{PUBLIC_URL}/en/thu-tuc/1.000894/")
    ]


def test_the_raw_json_keeps_vietnamese_letters(client: Client) -> None:
    response = client.get("/api/v1/procedures?q=ket+hon")
    assert "Đăng ký kết hôn".encode() in response.content


def test_best_matches_come_first(client: Client) -> None:
    codes = [r["code"] for r in _search(client, "đăng ký khai tử")]
    # "Đăng ký khai tử" holds the whole query at its start; the rest match every word
    assert codes[0] == "1.000656"
    assert "1.005461" in codes  # "Đăng ký lại khai tử"
    assert codes[1:] == sorted(codes[1:])
    assert [r["code"] for r in _search(client, "khai tu")][:2] == ["1.000656", "1.005461"]


def test_at_most_twenty_results_a_page(client: Client) -> None:
    assert len(_search(client, "a")) == 20


def test_drafts_are_not_found(client: Client) -> None:
    ProcedureVersion.objects.filter(procedure__national_code="1.000894").update(
        status=VersionStatus.DRAFT
    )
    assert _search(client, "dang ky ket hon") == []


@pytest.mark.parametrize(
    "url", ["/api/v1/procedures", "/api/v1/procedures?q=", "/api/v1/procedures?q=+%20+"]
)
def test_without_a_query_every_procedure_in_code_order(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    body = json.loads(response.content)
    codes = [r["code"] for r in body["results"]]
    assert len(codes) == 20 and codes == sorted(codes)
    assert body["next"] is not None


def test_a_query_too_long_or_with_nul_is_a_problem(client: Client) -> None:
    response = client.get("/api/v1/procedures", {"q": "x" * 201}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content) == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "q may have at most 200 characters.",
        "code": "query_too_long",
    }
    response = client.get("/api/v1/procedures?q=ket%00hon")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["code"] == "query_invalid"


@pytest.mark.parametrize(
    ("query", "count"),
    [("x" * 200, 0), ("%", 0), ("_", 0), ("' OR 1=1 --", None), ("🙂", 0), ("مرحبا", 0),
     ("ke\u0302\u0301t ho\u0302n", 1), ("%FF%FE", 0), ("1.004873", 1)],
)  # fmt: skip
def test_odd_queries_never_fail(client: Client, query: str, count: int | None) -> None:
    if query == "%FF%FE":  # bytes that are not UTF-8
        response = client.get(f"/api/v1/procedures?q={query}")
    else:
        response = client.get("/api/v1/procedures", {"q": query})
    assert response.status_code == 200
    results = json.loads(response.content)["results"]
    assert count is None or len(results) == count


def test_answers_may_be_cached_and_only_reads(client: Client) -> None:
    assert client.get("/api/v1/procedures?q=ket+hon")["Cache-Control"] == "public, max-age=300"
    assert client.post("/api/v1/procedures?q=ket+hon").status_code == 405
    assert client.head("/api/v1/procedures?q=ket+hon").status_code == 200
