# SPDX-License-Identifier: EUPL-1.2
"""One procedure's page (/thu-tuc/<code>/): its content in each language, where to submit,
form templates, the QR code, the version in force only, and 404s."""

import re
from collections.abc import Iterator
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import NoReverseMatch, reverse
from pytest_django import DjangoAssertNumQueries, Settings

from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.catalog.services import catalog_import
from motcua.documents.qr import qr_svg
from motcua.portal.catalog import views
from motcua.portal.tests.test_catalog_support import (
    PUBLIC_URL,
    catalog_site,
    import_demo_catalog,
)
from motcua.testing.builders import World, add_procedure, catalog_document, procedure_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings: Settings, world: World) -> Iterator[None]:
    with catalog_site(settings):
        yield


def _get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _main(html: str) -> str:
    return html.split('<main class="govuk-main-wrapper" id="main-content">', 1)[1]


def _section(html: str, anchor: str) -> str:
    """The HTML of one section: from its heading to the next h2."""
    return html.split(f'id="{anchor}">', 1)[1].split("<h2", 1)[0]


def _row(html: str, key: str) -> str:
    """The value of a summary-list row."""
    match = re.search(
        rf'<dt class="govuk-summary-list__key">{re.escape(key)}</dt>'
        r'<dd class="govuk-summary-list__value"[^>]*>(.*?)</dd>',
        html,
    )
    assert match, key
    return match.group(1)


def test_the_page_has_what_a_citizen_needs_in_vietnamese(client: Client) -> None:
    html = _main(_get(client, "/thu-tuc/1.004873/"))
    assert '<h1 class="govuk-heading-l">Cấp Giấy xác nhận tình trạng hôn nhân</h1>' in html
    assert '<span class="govuk-caption-l">Hộ tịch</span>' in html
    assert _row(html, "Mã thủ tục") == "1.004873"
    assert "<strong>5.000 đồng</strong>" in _section(html, "fees")
    documents = _section(html, "documents")
    assert "<span>Tờ khai cấp Giấy xác nhận tình trạng hôn nhân</span>" in documents
    assert "Luật Hộ tịch số 60/2014/QH13" in _section(html, "legal-basis")


def test_the_page_in_english(client: Client) -> None:
    html = _main(_get(client, "/en/thu-tuc/1.004873/"))
    assert '<h1 class="govuk-heading-l">Certification of marital status</h1>' in html
    assert _row(html, "Level") == "Commune"
    assert _row(html, "Decided by") == "Ủy ban nhân dân cấp xã"
    assert 'class="govuk-summary-list__value" lang="vi">Ủy ban nhân dân cấp xã</dd>' in html
    assert _row(html, "Time limit") == "3 working days"
    assert _row(html, "Fees") == '<span lang="vi">Lệ phí</span>: VND 5,000 per dossier'
    assert _row(html, "Online service") == "Full online service"
    limit = _section(html, "time-limit")
    assert "<strong>3 working days</strong>; up to 5 working days when verification" in limit
    documents = _section(html, "documents")
    assert '<span lang="vi">Tờ khai cấp Giấy xác nhận tình trạng hôn nhân</span> — 1 original' in (
        documents
    )
    assert "Submit 1 set of these documents." in documents
    assert "You can do everything online, from submitting to receiving the result." in html


def test_demo_procedure_fees_per_channel_and_notes(client: Client) -> None:
    import_demo_catalog()
    html = _main(_get(client, "/en/thu-tuc/1.004873/"))
    assert _row(html, "Fees") == (
        "<span>Marital status certificate fee</span>: VND 5,000 per dossier<br>"
        "<span>Marital status certificate fee (online)</span> (Online): free"
    )
    fees = _section(html, "fees")
    assert '<span class="govuk-body-s motcua-secondary-text" lang="vi">Mức lệ phí do HĐND' in fees
    documents = _section(html, "documents")
    assert "<span>Proof of divorce or spouse&#x27;s death (if any)</span> — 1 copy" in documents
    assert '<strong class="govuk-tag govuk-tag--grey">if it applies</strong>' in documents
    assert 'Form: <span lang="vi">Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (mẫu TT' in (
        documents
    )
    vietnamese = _main(_get(client, "/thu-tuc/1.004873/"))
    assert "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân</span>: 5.000 đồng" in vietnamese


@pytest.mark.parametrize(
    ("code", "summary", "details"),
    [
        (
            "1.000894",
            "Same day; next working day if received after 15:00",
            "<strong>same day; next working day if received after 15:00</strong>; "
            "up to 5 working days when verification is needed",
        ),
        ("1.010041", "4 working hours", "<strong>4 working hours</strong>; up to 3 working days"),
        ("9.900001", "2 working days<br>Online: 8 working hours", "Online: <strong>8 working"),
        ("2.000908", "Same day; next working day if received after 15:00", "same day"),
    ],
)
def test_time_limits_in_words(client: Client, code: str, summary: str, details: str) -> None:
    import_demo_catalog()
    html = _main(_get(client, f"/en/thu-tuc/{code}/"))
    assert _row(html, "Time limit") == summary
    assert details in _section(html, "time-limit")


def test_a_procedure_without_fees_says_so(client: Client) -> None:
    import_demo_catalog()
    html = _main(_get(client, "/en/thu-tuc/2.000908/"))
    assert _row(html, "Fees") == "No fee or charge"
    assert "No fee or charge." in _section(html, "fees")


def _centre_names(html: str) -> list[str]:
    where = _section(html, "where")
    return re.findall(r"<li><span[^>]*>([^<]+)</span>", where)


def test_boundary_free_procedures_go_to_any_centre_of_the_province(
    client: Client, world: World
) -> None:
    html = _main(_get(client, "/en/thu-tuc/1.004873/"))
    where = _section(html, "where")
    assert "At any public administrative service centre of the province" in where
    assert "You can also send it by post to the centre." in where
    assert "Online, on this portal." in where
    centres = [world.org.province_centre, *sorted(world.org.commune_centres, key=lambda u: u.name)]
    assert _centre_names(html) == [centre.name_en for centre in centres]
    assert "01 Quảng trường Trung tâm, tỉnh An Bình" in where


def test_a_department_procedure_goes_to_the_provincial_centre(client: Client, world: World) -> None:
    import_demo_catalog()
    html = _main(_get(client, "/en/thu-tuc/9.900002/"))
    assert "At the provincial public administrative service centre." in _section(html, "where")
    assert _centre_names(html) == [world.org.province_centre.name_en]
    assert '<details class="govuk-details" open>' in _section(html, "where")


def test_a_commune_procedure_goes_to_the_commune_centres(client: Client, world: World) -> None:
    import_demo_catalog()
    html = _main(_get(client, "/thu-tuc/1.000894/"))
    names = _centre_names(html)
    assert sorted(names) == sorted(centre.name for centre in world.org.commune_centres)
    assert world.org.province_centre.name not in names


def test_counter_only_procedure_cannot_be_submitted_online(client: Client) -> None:
    import_demo_catalog()
    html = _main(_get(client, "/en/thu-tuc/2.000815/"))
    assert "This procedure cannot be submitted online." in html
    assert "Submit online" not in html and "Online, on this portal." not in html
    assert "You can also send it by post" not in html  # in person only


def _submit_url(code: str) -> str | None:
    try:
        return reverse("portal:submit", kwargs={"code": code})
    except NoReverseMatch:
        return None


def test_submit_online_links_to_the_submission_when_it_exists(client: Client) -> None:
    html = _main(_get(client, "/thu-tuc/1.004873/"))
    url = _submit_url("1.004873")
    if url is None:  # the submission part is not installed yet
        assert "govuk-button--start" not in html
    else:
        assert f'<a href="{url}" role="button" draggable="false"' in html
    assert "level 2 e-ID (VNeID) account" in _main(_get(client, "/en/thu-tuc/1.004873/"))


def test_without_the_submission_part_the_link_is_left_out(client: Client) -> None:
    real_reverse = views.reverse

    def reverse_without_submit(name: str, **kwargs: object) -> str:
        if name == "portal:submit":
            raise NoReverseMatch(name)
        return real_reverse(name, **kwargs)  # type: ignore[arg-type]

    with mock.patch.object(views, "reverse", reverse_without_submit):
        html = _main(_get(client, "/en/thu-tuc/1.004873/"))
    assert "govuk-button--start" not in html
    assert "Online, on this portal." in html


def test_form_templates_are_links_when_they_are_addresses_or_file_names(client: Client) -> None:
    requirements = [
        {"code": f"R{index}", "name_vi": f"Giấy {index}", "originals": 1, "copies": 0,
         "mandatory": True, "template": template}
        for index, template in enumerate(
            ["https://example.gov.vn/mau/tk01.docx", "to-khai_01.pdf",
             "Mẫu TK01 (Thông tư 04/2024)", "javascript:alert(1)", ""],
            start=1,
        )
    ]  # fmt: skip
    add_procedure("1.999001", requirements=requirements)
    html = _main(_get(client, "/en/thu-tuc/1.999001/"))
    documents = _section(html, "documents")
    links = re.findall(r'<a class="govuk-link" href="([^"]+)">Download the form</a>', documents)
    assert links == ["https://example.gov.vn/mau/tk01.docx", "/static/forms/to-khai_01.pdf"]
    assert 'Form: <span lang="vi">Mẫu TK01 (Thông tư 04/2024)</span>' in documents
    assert 'Form: <span lang="vi">javascript:alert(1)</span>' in documents
    assert documents.count("Form:") == 2


def test_the_qr_code_links_to_the_public_address_of_the_page(client: Client) -> None:
    for prefix in ("", "/en"):
        html = _main(_get(client, f"{prefix}/thu-tuc/1.004873/"))
        url = f"{PUBLIC_URL}{prefix}/thu-tuc/1.004873/"
        qr = _section(html, "qr")
        drawn = re.search(r' d="([^"]+)"', qr)
        expected = re.search(r' d="([^"]+)"', qr_svg(url))
        assert drawn and expected and drawn.group(1) == expected.group(1)
        assert '<svg role="img" xmlns="http://www.w3.org/2000/svg"' in qr
        assert f'<figcaption class="govuk-body-s govuk-!-text-break-word">{url}</figcaption>' in qr
    assert "<title>QR code of this page</title>" in _get(client, "/en/thu-tuc/1.004873/")


@pytest.mark.parametrize(
    "code", ["9.999999", "abc", "1.004873%0A", "1.004873%00", "1.0048730", "%00", "x" * 300]
)
def test_unknown_or_malformed_codes_are_not_found(client: Client, code: str) -> None:
    assert client.get(f"/thu-tuc/{code}/").status_code == 404


def test_a_draft_or_retired_version_is_not_shown(client: Client, world: World) -> None:
    add_procedure("1.999002", name_vi="Thủ tục nháp")
    ProcedureVersion.objects.filter(procedure__national_code="1.999002").update(
        status=VersionStatus.DRAFT
    )
    assert client.get("/thu-tuc/1.999002/").status_code == 404
    add_procedure("1.999003", name_vi="Thủ tục đã hết hiệu lực")
    ProcedureVersion.objects.filter(procedure__national_code="1.999003").update(
        effective_to="2026-07-01"
    )
    assert client.get("/thu-tuc/1.999003/").status_code == 404
    add_procedure("1.999004", name_vi="Thủ tục chưa có hiệu lực", effective_from="2026-08-01")
    assert client.get("/thu-tuc/1.999004/").status_code == 404


def test_a_new_version_replaces_the_old_one_from_its_effective_date(client: Client) -> None:
    catalog_import(
        catalog_document(
            procedure_document(name_vi="Xác nhận tình trạng hôn nhân", effective_from="2026-07-10")
        )
    )
    html = _get(client, "/en/thu-tuc/1.004873/")
    assert "Version 2, in force since 10/07/2026." in html
    html = _get(client, "/thu-tuc/1.004873/")
    assert '<h1 class="govuk-heading-l">Xác nhận tình trạng hôn nhân</h1>' in html
    before = datetime(2026, 7, 9, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(before, tick=False):
        html = _get(client, "/thu-tuc/1.004873/")
        english = _get(client, "/en/thu-tuc/1.004873/")
    assert '<h1 class="govuk-heading-l">Cấp Giấy xác nhận tình trạng hôn nhân</h1>' in html
    assert "Version 1, in force since 01/07/2025." in english


@pytest.mark.parametrize(
    ("prefix", "lang", "direction"), [("", "vi", "ltr"), ("/en", "en", "ltr"), ("/ar", "ar", "rtl")]
)
def test_the_page_renders_in_every_language(
    client: Client, prefix: str, lang: str, direction: str
) -> None:
    import_demo_catalog()
    html = _get(client, f"{prefix}/thu-tuc/1.000894/")
    assert f'<html lang="{lang}" dir="{direction}"' in html
    if lang == "ar":
        assert '<h1 class="govuk-heading-l" lang="en">Marriage registration</h1>' in html
        assert "vendor/govuk/motcua.rtl.css" in html


def test_the_page_only_reads(client: Client) -> None:
    assert client.head("/thu-tuc/1.004873/").status_code == 200
    assert client.post("/thu-tuc/1.004873/").status_code == 405


def test_queries_are_bounded(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    import_demo_catalog()
    with django_assert_max_num_queries(6):
        _get(client, "/thu-tuc/1.004873/")
