# SPDX-License-Identifier: EUPL-1.2
"""The public tracking page: found by either second factor, one answer for every miss, and
nothing personal on the page."""

import html

import pytest
from django.test import Client
from django.utils import translation

from motcua.dossiers.labels import STATUS_LABELS
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.testing.builders import World

from .test_track_support import (  # noqa: F401
    _fresh_counters,
    eventful_dossier,
    name_the_officials,
    personal_data,
    portal_urls,
    submit,
    track_url,
)

pytestmark = pytest.mark.django_db


def text(response: object) -> str:
    return html.unescape(response.content.decode())  # type: ignore[attr-defined]


def test_the_blank_form_asks_for_the_code_and_the_digits(client: Client) -> None:
    response = client.get(track_url())
    assert response.status_code == 200
    page = text(response)
    assert 'name="code"' in page and 'name="verifier"' in page
    assert 'method="get"' in page
    assert "govuk-error-summary" not in page
    assert "no-store" in response["Cache-Control"]


def test_the_receipt_qr_prefills_the_code_and_asks_for_the_digits(
    client: Client, world: World
) -> None:
    d = submit(world)
    response = client.get(track_url(code=d.code))
    page = text(response)
    assert response.status_code == 200
    assert f'value="{d.code}"' in page
    assert "govuk-error-summary" not in page
    assert "govuk-summary-list" not in page  # no lookup without the digits


@pytest.mark.parametrize("verifier", ["1234", "5678"], ids=["id-number", "phone"])
def test_found_with_either_second_factor(client: Client, world: World, verifier: str) -> None:
    d = submit(world)
    response = client.get(track_url(code=d.code, verifier=verifier))
    assert response.status_code == 200
    page = text(response)
    assert d.code in page
    assert world.version.name in page
    assert str(STATUS_LABELS[Status.SUBMITTED]) in page
    assert world.centre.name in page  # where it is now
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert 'value="1234"' not in page and 'value="5678"' not in page  # never echoed


def test_the_code_is_trimmed_and_its_letters_are_case_insensitive(
    client: Client, world: World
) -> None:
    d = submit(world)
    assert d.code != d.code.lower()
    response = client.get(track_url(code=f"%20{d.code.lower()}%20", verifier="1234"))
    assert response.status_code == 200
    assert str(STATUS_LABELS[Status.SUBMITTED]) in text(response)


def test_a_wrong_factor_gets_the_same_answer_as_an_unknown_code(
    client: Client, world: World
) -> None:
    d = submit(world)
    unknown = d.code[:-4] + "9999"
    assert not Dossier.objects.filter(code=unknown).exists()
    wrong_factor = client.get(track_url(code=d.code, verifier="0000"))
    wrong_code = client.get(track_url(code=unknown, verifier="1234"))
    assert wrong_factor.status_code == wrong_code.status_code == 404
    # the pages differ only by what was typed (the language links carry the query string)
    same_factor = text(wrong_factor).replace(d.code, "CODE").replace("=0000", "=V")
    same_code = text(wrong_code).replace(unknown, "CODE").replace("=1234", "=V")
    assert same_factor == same_code
    assert "govuk-error-summary" in text(wrong_code)
    assert str(STATUS_LABELS[Status.SUBMITTED]) not in text(wrong_factor)


def test_a_dossier_without_id_number_or_phone_cannot_be_tracked_publicly(
    client: Client, world: World
) -> None:
    d = submit(world)
    Dossier.objects.filter(pk=d.pk).update(applicant_id_number="", applicant_phone="12")
    for verifier in ("1234", "0000", "0012"):
        assert client.get(track_url(code=d.code, verifier=verifier)).status_code == 404


@pytest.mark.parametrize(
    ("verifier", "message"),
    [("", "Enter the last 4 digits"), ("12a4", "Enter exactly 4 digits, for example 1234"),
     ("12345", "Enter exactly 4 digits, for example 1234")],
)  # fmt: skip
def test_a_malformed_form_is_explained_and_counts_no_attempt(
    client: Client, world: World, verifier: str, message: str
) -> None:
    d = submit(world)
    with translation.override("en"):
        for _ in range(12):
            response = client.get(track_url(code=d.code, verifier=verifier))
            assert response.status_code == 200
            assert message in text(response)
            assert 'href="#verifier"' in text(response)
        # when the form is right, the attempts above were not counted
        assert client.get(track_url(code=d.code, verifier="1234")).status_code == 200


def test_the_page_shows_the_history_and_dates_but_nothing_personal(
    client: Client, world: World
) -> None:
    name_the_officials()
    d = eventful_dossier(world)
    assert d.original_due_at is not None and d.original_due_at != d.due_at
    with translation.override("en"):
        response = client.get(track_url(code=d.code, verifier="5678"))
    assert response.status_code == 200
    page = text(response)
    for secret in personal_data(world, d):
        assert secret not in page, secret
    assert "Result returned" in page
    assert "First promised date" in page
    assert "Finished" in page
    assert "Promised date moved from" in page
    assert "The clock is paused until the applicant answers." in page
    assert f"From {world.centre.name_en} to {world.commune.name_en}" in page
    assert page.count("govuk-table__row") == 1 + DossierEvent.objects.filter(dossier=d).count()
    assert "Specialist, " + world.commune.name_en in page  # roles and units, not people
    assert "rate how your dossier was handled" in page


def test_the_page_is_translated(client: Client, world: World) -> None:
    d = submit(world)
    with translation.override("en"):
        response = client.get(track_url(code=d.code, verifier="1234"))
    assert "Submitted, awaiting reception" in text(response)
    assert 'lang="en"' in text(response)


def test_only_get_and_head(client: Client) -> None:
    assert client.post(track_url(), {"code": "x", "verifier": "1234"}).status_code == 405
