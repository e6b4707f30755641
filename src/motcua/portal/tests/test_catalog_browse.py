# SPDX-License-Identifier: EUPL-1.2
"""The catalog list (/thu-tuc/): search without accents in Vietnamese and English, filters,
pages, bad input, languages and a bounded number of queries."""

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries, Settings

from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.portal.tests.test_catalog_support import (
    catalog_site,
    demo_codes,
    import_demo_catalog,
    result_codes,
)
from motcua.testing.builders import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings: Settings, world: World) -> Iterator[None]:
    import_demo_catalog()
    with catalog_site(settings):
        yield


def _get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_vietnamese_search_without_accents_finds_the_accented_name(client: Client) -> None:
    html = _get(client, "/thu-tuc/?q=dang+ky+ket+hon")
    assert result_codes(html) == ["1.000894"]
    assert '<a class="govuk-link" href="/thu-tuc/1.000894/">Đăng ký kết hôn</a>' in html
    assert "1 procedure found" in html or "1 thủ tục" in html


def test_accented_and_upper_case_queries_find_the_same(client: Client) -> None:
    plain = result_codes(_get(client, "/thu-tuc/?q=dang+ky+khai+tu"))
    # the whole phrase at the start of a name first ("Đăng ký khai tử"), then by code
    assert plain[0] == "1.000656" and "1.005461" in plain
    assert plain[1:] == sorted(plain[1:])
    assert result_codes(_get(client, "/thu-tuc/?q=ĐĂNG+KÝ+KHAI+TỬ")) == plain


def test_english_search_matches_english_names_and_shows_them(client: Client) -> None:
    html = _get(client, "/en/thu-tuc/?q=marriage+registration")
    assert result_codes(html) == ["1.000894"]
    assert '<a class="govuk-link" href="/en/thu-tuc/1.000894/">Marriage registration</a>' in html
    assert "1 procedure found" in html


def test_search_by_code(client: Client) -> None:
    assert result_codes(_get(client, "/thu-tuc/?q=1.001612")) == ["1.001612"]


def test_no_match_says_what_to_try(client: Client) -> None:
    html = _get(client, "/en/thu-tuc/?q=zzzz+qqqq")
    assert result_codes(html) == []
    assert "0 procedures found" in html
    assert "Check the spelling, use fewer words, or search by the procedure code." in html


def test_browsing_lists_every_procedure_in_force_twenty_a_page(client: Client) -> None:
    first = _get(client, "/en/thu-tuc/")
    second = _get(client, "/en/thu-tuc/?page=2")
    codes = result_codes(first) + result_codes(second)
    assert len(result_codes(first)) == 20 and len(result_codes(second)) == 10
    assert sorted(codes) == demo_codes()  # world's 1.004873 is also in the demo catalog
    assert "30 procedures" in first and "page 1 of 2" in first
    assert 'href="?page=2" rel="next"' in first
    assert 'href="?page=1" rel="prev"' in second
    assert 'aria-current="page">2</a>' in second
    # a page past the end shows the last one; a bad page number the first
    assert result_codes(_get(client, "/en/thu-tuc/?page=99")) == result_codes(second)
    assert result_codes(_get(client, "/en/thu-tuc/?page=x")) == result_codes(first)


def test_without_a_query_results_go_by_field_then_name(client: Client) -> None:
    html = _get(client, "/en/thu-tuc/?field=HT")
    codes = result_codes(html)
    assert sorted(codes) == demo_codes(field="HT")
    assert codes[:2] == ["2.000635", "1.004873"]  # "Cấp bản sao…", "Cấp Giấy xác nhận…"


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ("field=HT", {"field": "HT"}),
        ("level=province", {"level": "province"}),
        ("level=commune", {"level": "commune"}),
        ("online=none", {"online_level": "none"}),
        ("online=full", {"online_level": "full"}),
        ("agency=CA", {"competent_department": "CA"}),
        ("agency=commune", {"competent_unit_kind": "commune"}),
        ("field=HT&online=partial", {"field": "HT", "online_level": "partial"}),
    ],
)
def test_filters(client: Client, query: str, where: dict[str, str]) -> None:
    html = _get(client, f"/en/thu-tuc/?{query}")
    codes = result_codes(html) + result_codes(_get(client, f"/en/thu-tuc/?{query}&page=2"))
    assert sorted(set(codes)) == demo_codes(**where)
    assert '<details class="govuk-details" open>' in html  # the filters in use stay visible


def test_filters_and_search_together_keep_each_other_in_page_links(client: Client) -> None:
    html = _get(client, "/en/thu-tuc/?q=dang+ky&level=commune")
    codes = result_codes(html)
    assert codes and all(code in demo_codes(level="commune") for code in codes)
    assert "1.001456" not in codes  # a province procedure


def test_filter_choices_name_the_agencies_and_fields(client: Client) -> None:
    html = _get(client, "/en/thu-tuc/")
    assert '<option value="CA">Provincial Police</option>' in html
    assert '<option value="SXD">Department of Construction</option>' in html
    assert '<option value="commune">Commune or ward People&#x27;s Committee</option>' in html
    assert '<option value="HT">Civil status</option>' in html
    assert '<option value="full">Full online service</option>' in html
    vietnamese = _get(client, "/thu-tuc/")
    assert '<option value="HT">Hộ tịch</option>' in vietnamese
    assert '<option value="CA">Công an tỉnh</option>' in vietnamese


def test_each_result_shows_code_field_level_online_service_and_time_limit(client: Client) -> None:
    html = _get(client, "/en/thu-tuc/?q=1.000894")
    assert (
        '<p class="govuk-body-s motcua-secondary-text">Code: 1.000894 · <span>Civil status</span>'
        " · Level: Commune · Partial online service · Time limit: same day</p>"
    ) in html
    html = _get(client, "/en/thu-tuc/?q=1.004222")
    assert "Time limit: 7 working days</p>" in html


def test_a_bad_filter_is_an_error_and_the_other_filters_still_apply(client: Client) -> None:
    html = _get(client, "/en/thu-tuc/?field=NOPE&level=province")
    assert '<div class="govuk-error-summary"' in html
    assert '<a href="#field">Choose one of the values in the list.</a>' in html
    assert sorted(result_codes(html)) == demo_codes(level="province")
    assert "<title>Error: Find a procedure" in html


@pytest.mark.parametrize(
    "query",
    ["x" * 201, "a\x00b", "\x00", "%", "_", "' OR 1=1 --", "🙂", "مرحبا", "e\u0301", "%FF%FE"],
)
def test_odd_queries_never_fail(client: Client, query: str) -> None:
    if query == "%FF%FE":  # bytes that are not UTF-8
        response = client.get(f"/thu-tuc/?q={query}&page=%00&field=%00")
    else:
        response = client.get("/thu-tuc/", {"q": query, "page": "\x00", "field": "\x00"})
    assert response.status_code == 200


def test_a_query_too_long_is_refused_with_a_message(client: Client) -> None:
    html = _get(client, "/en/thu-tuc/?q=" + "x" * 201)
    assert '<a href="#q">Enter at most 200 characters.</a>' in html
    assert len(result_codes(html)) == 20  # the list without the query


def test_drafts_and_retired_versions_are_not_listed(client: Client) -> None:
    version = ProcedureVersion.objects.get(procedure__national_code="1.000894")
    version.status = VersionStatus.DRAFT
    version.save(update_fields=["status"])
    retired = ProcedureVersion.objects.get(procedure__national_code="1.004222")
    retired.effective_to = retired.effective_from
    retired.save(update_fields=["effective_to"])
    codes = result_codes(_get(client, "/thu-tuc/")) + result_codes(_get(client, "/thu-tuc/?page=2"))
    assert "1.000894" not in codes and "1.004222" not in codes
    assert len(codes) == 28
    assert result_codes(_get(client, "/thu-tuc/?q=dang+ky+ket+hon")) == []


@pytest.mark.parametrize(
    ("prefix", "lang", "direction"), [("", "vi", "ltr"), ("/en", "en", "ltr"), ("/ar", "ar", "rtl")]
)
def test_the_list_renders_in_every_language(
    client: Client, prefix: str, lang: str, direction: str
) -> None:
    html = _get(client, f"{prefix}/thu-tuc/?q=ket+hon")
    assert f'<html lang="{lang}" dir="{direction}"' in html
    assert result_codes(html) == ["1.000894"]
    if lang == "ar":  # no Arabic names: the English one, marked as English
        assert 'href="/ar/thu-tuc/1.000894/" lang="en">Marriage registration</a>' in html


def test_the_list_only_reads(client: Client) -> None:
    assert client.head("/thu-tuc/").status_code == 200
    assert client.post("/thu-tuc/").status_code == 405


def test_queries_are_bounded(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_max_num_queries(6):
        _get(client, "/thu-tuc/")
    with django_assert_max_num_queries(6):
        _get(client, "/thu-tuc/?q=dang+ky&field=HT&level=commune&online=full&agency=commune")


def test_the_landing_page_searches_the_catalog_and_lists_the_fields(client: Client) -> None:
    html = _get(client, "/en/")
    assert '<form method="get" action="/en/thu-tuc/" role="search">' in html
    assert 'name="q" type="search"' in html
    assert "30 procedures are published." in html
    assert '<a class="govuk-link" href="/en/thu-tuc/?field=HT">Civil status</a> (8)' in html
    assert re.search(r'href="/en/tra-cuu/"', html)
    vietnamese = _get(client, "/")
    assert '<a class="govuk-link" href="/thu-tuc/?field=HT">Hộ tịch</a> (8)' in vietnamese
    arabic = _get(client, "/ar/")
    assert 'href="/ar/thu-tuc/?field=HT" lang="en">Civil status</a> (8)' in arabic
