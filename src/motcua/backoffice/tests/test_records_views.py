# SPDX-License-Identifier: EUPL-1.2
"""Records pages: printed forms, the control sheet and the tracking book, for the unit only."""

import io
from collections.abc import Iterator
from datetime import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role
from motcua.core import clock
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_receive
from motcua.records.tests.support import at, pdf_text
from motcua.testing.builders import World, add_official, submit_dossier

from .support import login_official


def address(language: str, name: str, **kwargs: int) -> str:
    with translation.override(language):
        return reverse(f"backoffice:{name}", kwargs=kwargs or None)


def vi(name: str, **kwargs: int) -> str:
    """The Vietnamese (default, unprefixed) address of a back-office page."""
    return address("vi", name, **kwargs)


def en(name: str, **kwargs: int) -> str:
    """The English address of a back-office page."""
    return address("en", name, **kwargs)


AFTER = "The end date must be the same as or after the start date."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Requests to /en/ leave English active in the thread: restore the default after each."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def dossier(world: World) -> Dossier:
    """Returned: receipt (event 2), forward (3) ... return (8); received Monday 9 March 2026."""
    with clock.frozen_at(at(9)):
        return world.dossier_in(Status.RETURNED)


def manager(world: World) -> Actor:
    """The centre's manager: sees the centre's dossiers and records."""
    return world.official(Role.CENTRE_MANAGER, world.centre)


def urls(d: Dossier) -> list[str]:
    return [
        vi("records"),
        vi("tracking_book") + "?from=2026-03-01&to=2026-03-31",
        vi("form_pdf", pk=d.pk, sequence=2),
        vi("control_sheet", pk=d.pk),
        vi("control_sheet_pdf", pk=d.pk),
    ]


def test_the_urls(dossier: Dossier) -> None:
    assert urls(dossier) == [
        "/backoffice/records/",
        "/backoffice/records/tracking-book.xlsx?from=2026-03-01&to=2026-03-31",
        f"/backoffice/dossiers/{dossier.pk}/forms/2.pdf",
        f"/backoffice/dossiers/{dossier.pk}/control-sheet/",
        f"/backoffice/dossiers/{dossier.pk}/control-sheet.pdf",
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(dossier: Dossier, client: Client) -> None:
    for url in urls(dossier):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(vi("login") + "?next="), url


def test_the_receipt_pdf_for_the_receiving_unit(
    world: World, dossier: Dossier, client: Client
) -> None:
    login_official(client, world.desk())
    response = client.get(vi("form_pdf", pk=dossier.pk, sequence=2))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="{dossier.code}-2-mau-01-receipt.pdf"'
    )
    assert (response["Cache-Control"], response["X-Content-Type-Options"]) == (
        "no-store, max-age=0, no-cache, must-revalidate, private",
        "nosniff",
    )
    text = pdf_text(response.content)
    assert dossier.code in text and "Trần Văn An" in text and "17:00 12/03/2026" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_the_competent_unit_prints_the_control_sheet(
    world: World, dossier: Dossier, client: Client
) -> None:
    login_official(client, world.processing(Role.DEPARTMENT_HEAD))
    page = client.get(en("control_sheet", pk=dossier.pk))
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store, max-age=0, no-cache, must-revalidate, private"
    html = page.content.decode()
    assert f"Control sheet of dossier {dossier.code}" in html
    assert '<caption class="govuk-table__caption govuk-table__caption--m">' in html
    assert html.count('<tr class="govuk-table__row">') == 8  # header + 7 hand-overs
    assert "Overall" in html and "not counted" in html
    assert en("control_sheet_pdf", pk=dossier.pk) in html
    response = client.get(en("control_sheet_pdf", pk=dossier.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="{dossier.code}-mau-06-control-sheet.pdf"'
    )
    assert (response["Cache-Control"], response["X-Content-Type-Options"]) == (
        "no-store, max-age=0, no-cache, must-revalidate, private",
        "nosniff",
    )
    text = pdf_text(response.content)
    assert "DOSSIER PROCESSING CONTROL SHEET" in text and dossier.code in text
    assert "Form 06 (Circular 03/2025/TT-VPCP)" in text


def test_a_forward_event_prints_the_control_sheet(
    world: World, dossier: Dossier, client: Client
) -> None:
    login_official(client, world.desk())
    url = en("form_pdf", pk=dossier.pk, sequence=3)
    response = client.get(url)
    assert response.status_code == 200
    assert "DOSSIER PROCESSING CONTROL SHEET" in pdf_text(response.content)


def test_events_without_a_form_and_missing_events_are_not_found(
    world: World, dossier: Dossier, client: Client
) -> None:
    login_official(client, world.desk())
    for sequence in (1, 4, 9, 999999):  # submit, process step, beyond the chain
        url = vi("form_pdf", pk=dossier.pk, sequence=sequence)
        assert client.get(url).status_code == 404, sequence
    missing = vi("form_pdf", pk=dossier.pk + 1000, sequence=2)
    assert client.get(missing).status_code == 404


def test_an_official_of_another_unit_gets_not_found(
    world: World, dossier: Dossier, client: Client
) -> None:
    elsewhere = add_official("desk.elsewhere", Role.RECEPTION_OFFICER, world.org.commune_centres[1])
    login_official(client, elsewhere)
    for url in urls(dossier)[2:]:
        assert client.get(url).status_code == 404, url


def test_the_records_page_offers_the_tracking_book_of_the_unit(
    world: World, client: Client
) -> None:
    login_official(client, manager(world))
    with clock.frozen_at(at(17, 10)):
        response = client.get(en("records"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Records</h1>' in html
    assert f'action="{en("tracking_book")}"' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">' in html
    assert '<label class="govuk-label" for="from">From</label>' in html
    assert 'type="date" name="from" value="2026-03-01"' in html
    assert 'type="date" name="to" value="2026-03-17"' in html
    assert "govuk-error-summary" not in html


def test_the_tracking_book_downloads_the_units_dossiers_of_the_period(
    world: World, dossier: Dossier, client: Client
) -> None:
    with clock.frozen_at(at(10)):
        world.dossier_in(Status.RECEIVED)  # the next day, line 2
    elsewhere = world.org.commune_centres[1]
    with clock.frozen_at(at(9, 10)):  # the same day at another centre
        other = submit_dossier(world, actor=world.desk(elsewhere), receiving_unit=elsewhere)
        dossier_receive(other, actor=world.desk(elsewhere))
    login_official(client, manager(world))
    url = en("tracking_book") + "?from=2026-03-09&to=09/03/2026"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        f'attachment; filename="tracking-book-{world.centre.code}-20260309-20260309.xlsx"'
    )
    assert (response["Cache-Control"], response["X-Content-Type-Options"]) == (
        "no-store, max-age=0, no-cache, must-revalidate, private",
        "nosniff",
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    assert rows[0][0] == (
        f"Form 07 · Dossier tracking book · {world.centre.name} · from 09/03/2026 to 09/03/2026"
    )
    assert rows[2][:4] == (1, dossier.code, dossier.procedure_version.name, "Trần Văn An")
    assert rows[2][6] == datetime(2026, 3, 9, 9)


@pytest.mark.parametrize(
    ("query", "messages"),
    [
        ("", ["Enter a date.", "Enter a date."]),
        ("from=2026-13-01&to=yesterday", ["Enter a real date, for example 2026-03-27."] * 2),
        ("from=2026-03-09&to=2026-03-01", [AFTER]),
        ("from=1999-12-31&to=9999-12-31", ["Enter a date from 01/01/2000 to 31/12/2099."] * 2),
    ],
)  # fmt: skip
def test_bad_dates_come_back_with_an_error_summary(
    world: World, client: Client, query: str, messages: list[str]
) -> None:
    login_official(client, manager(world))
    for name in ("tracking_book", "records"):
        response = client.get(en(name) + "?" + (query or "from="))
        assert response.status_code == (400 if name == "tracking_book" else 200), name
        html = response.content.decode()
        assert '<div class="govuk-error-summary" data-module="govuk-error-summary">' in html
        assert "<title>Error: Records" in html
        for message in messages:
            assert message in html
        assert html.count('class="govuk-error-message"') == len(messages)
