# SPDX-License-Identifier: EUPL-1.2
"""The review page and the submission: fee shown first, declaration, exactly one dossier per
idempotency key (double click, retry, reload; RELIABILITY.md S6 over HTTP), the confirmation
page and the receipt of submission."""

import threading

import pytest
from django.db import connection
from django.test import Client

from motcua.dossiers.lifecycle import Channel, Status
from motcua.dossiers.models import Dossier
from motcua.records.tests.support import pdf_text
from motcua.submissions.models import SubmissionDraft
from motcua.testing.builders import World, build_world

from .test_submission_support import (
    citizen_client,
    english,  # noqa: F401 — fixture
    error_summary,
    hidden,
    to_review,
    url,
)

pytestmark = pytest.mark.usefixtures("english")


def _review_body(client: Client, draft: SubmissionDraft) -> dict[str, str]:
    page = client.get(url("submission_review", pk=draft.pk)).content.decode()
    return {
        "declaration": "on",
        "idempotency_key": hidden(page, "idempotency_key"),
        "reviewed": hidden(page, "reviewed"),
    }


@pytest.mark.django_db
def test_the_review_shows_everything_and_the_fee_before_submitting(world: World) -> None:
    client = citizen_client(world)
    draft = to_review(client, world)
    response = client.get(url("submission_review", pk=draft.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Step 5 of 5" in html
    assert "VND 5,000" in html and "3 working days" in html
    assert "Trần Văn An" in html and "079088001234" in html and "0912345678" in html
    assert "02/05/1988" in html  # the application form, as people read it
    assert "to-khai.pdf" in html
    assert world.centre.name in html
    assert f'name="idempotency_key" value="{draft.idempotency_key}"' in html
    assert 'name="declaration" type="checkbox"' in html
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_the_fee_is_in_vietnamese_money_on_vietnamese_pages(world: World) -> None:
    client = citizen_client(world)
    draft = to_review(client, world)
    html = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/xem-lai/").content.decode()
    assert "5.000 đồng" in html


@pytest.mark.django_db
def test_submitting_needs_the_declaration(world: World) -> None:
    client = citizen_client(world)
    draft = to_review(client, world)
    body = {**_review_body(client, draft), "declaration": ""}
    response = client.post(url("submission_review", pk=draft.pk), body)
    html = response.content.decode()
    assert response.status_code == 422
    assert error_summary(html) == ["Confirm that the information is true."]
    assert 'href="#declaration"' in html
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_the_happy_path_creates_one_online_dossier_with_its_files(world: World) -> None:
    client = citizen_client(world)
    draft = to_review(client, world)
    response = client.post(url("submission_review", pk=draft.pk), _review_body(client, draft))
    dossier = Dossier.objects.get()
    assert response.status_code == 303
    assert response["Location"] == url("submission_done", pk=dossier.pk)
    assert (dossier.channel, dossier.status) == (Channel.ONLINE, Status.SUBMITTED)
    assert dossier.owner == world.citizen_a and dossier.submitted_by == world.citizen_a
    assert (dossier.applicant_name, dossier.applicant_id_number) == ("Trần Văn An", "079088001234")
    (document,) = dossier.documents.all()
    assert document.file is not None and document.filename == "to-khai.pdf"
    assert document.requirement == world.version.requirements.get()
    assert SubmissionDraft.objects.get(pk=draft.pk).dossier == dossier

    done = client.get(response["Location"])
    html = done.content.decode()
    assert done.status_code == 200
    assert "govuk-panel--confirmation" in html and dossier.code in html
    assert "Estimate only" in html
    assert url("submission_receipt", pk=dossier.pk) in html
    assert url("my_dossier", pk=dossier.pk) in html


@pytest.mark.django_db
def test_a_double_click_or_a_reload_ends_on_the_same_dossier(world: World) -> None:
    client = citizen_client(world)
    draft = to_review(client, world)
    body = _review_body(client, draft)
    first = client.post(url("submission_review", pk=draft.pk), body)
    second = client.post(url("submission_review", pk=draft.pk), body)
    other_device = citizen_client(world)
    third = other_device.post(url("submission_review", pk=draft.pk), body)
    dossier = Dossier.objects.get()
    done = url("submission_done", pk=dossier.pk)
    assert [(r.status_code, r["Location"]) for r in (first, second, third)] == [(303, done)] * 3


@pytest.mark.django_db
def test_the_same_key_with_a_different_body_is_a_conflict(world: World) -> None:
    client = citizen_client(world)
    draft = to_review(client, world)
    body = _review_body(client, draft)
    client.post(url("submission_review", pk=draft.pk), body)
    response = client.post(url("submission_review", pk=draft.pk), {**body, "reviewed": "f" * 64})
    html = response.content.decode()
    assert response.status_code == 409
    assert "already submitted with different content" in html
    assert url("submission_done", pk=Dossier.objects.get().pk) in html
    assert Dossier.objects.count() == 1


@pytest.mark.django_db
def test_a_draft_changed_on_another_device_is_shown_again(world: World) -> None:
    client = citizen_client(world)
    draft = to_review(client, world)
    body = _review_body(client, draft)
    other_device = citizen_client(world)
    other_device.post(url("submission_applicant", pk=draft.pk), {"phone": "0987654321"})
    response = client.post(url("submission_review", pk=draft.pk), body)
    html = response.content.decode()
    assert response.status_code == 409
    assert error_summary(html) == [
        "Your application changed after you opened this page. Check it again, then submit."
    ]
    assert "0987654321" in html  # the fresh content, with a fresh fingerprint
    assert hidden(html, "reviewed") != body["reviewed"]
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_the_confirmation_and_receipt_are_the_owner_s_only(world: World) -> None:
    client = citizen_client(world)
    draft = to_review(client, world)
    client.post(url("submission_review", pk=draft.pk), _review_body(client, draft))
    dossier = Dossier.objects.get()
    intruder = Client()
    intruder.force_login(world.citizen_b)
    assert intruder.get(url("submission_done", pk=dossier.pk)).status_code == 404
    assert intruder.get(url("submission_receipt", pk=dossier.pk)).status_code == 404
    assert Client().get(url("submission_done", pk=dossier.pk)).status_code == 302


@pytest.mark.django_db
def test_the_receipt_of_submission_is_a_pdf_with_the_code(world: World) -> None:
    client = citizen_client(world)
    draft = to_review(client, world)
    client.post(url("submission_review", pk=draft.pk), _review_body(client, draft))
    dossier = Dossier.objects.get()
    response = client.get(url("submission_receipt", pk=dossier.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert f"bien-nhan-nop-truc-tuyen-{dossier.code}.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Receipt of online submission" in text
    assert dossier.code in text and "to-khai.pdf" in text
    assert "VND 5,000" in text


THREADS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_posts_with_one_key_create_one_dossier() -> None:
    """RELIABILITY.md S6: 20 concurrent POSTs with one key, then a different body → 409."""
    world = build_world()
    client = citizen_client(world)
    draft = to_review(client, world)
    body = _review_body(client, draft)
    clients = [citizen_client(world) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS, timeout=30)
    results: list[tuple[int, str] | str] = []

    def post(browser: Client) -> None:
        try:
            barrier.wait()
            response = browser.post(url("submission_review", pk=draft.pk), body)
            results.append((response.status_code, response.get("Location", "")))
        except BaseException as error:  # reported by the assertion below
            results.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(browser,)) for browser in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    dossier = Dossier.objects.get()
    assert results == [(303, url("submission_done", pk=dossier.pk))] * THREADS, results
    response = client.post(url("submission_review", pk=draft.pk), {**body, "reviewed": "0" * 64})
    assert response.status_code == 409
    assert Dossier.objects.count() == 1
