# SPDX-License-Identifier: EUPL-1.2
"""Online submission pages: start, the steps (validation, PRG, prefill, locked registry data),
resuming a draft, and who may see a draft."""

from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from motcua.dossiers.models import Dossier
from motcua.submissions.models import DraftStep, SubmissionDraft
from motcua.testing.builders import World, add_procedure

from .test_submission_support import (
    citizen_client,
    english,  # noqa: F401 — fixture
    error_summary,
    start,
    to_review,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_start_page_needs_an_e_id_login(client: Client, world: World) -> None:
    response = client.get(url("submit", code=world.version.procedure.national_code))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/dang-nhap/?next=")


def test_the_start_page_shows_the_fee_time_limit_and_documents(world: World) -> None:
    client = citizen_client(world)
    response = client.get(url("submit", code="1.004873"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "VND 5,000" in html
    assert "3 working days" in html
    assert "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân" in html
    assert f'<option value="{world.centre.pk}">{world.centre.name}</option>' in html
    assert f'value="{world.org.province_centre.pk}"' not in html  # commune procedure
    assert "Continue your application" not in html


def test_an_unknown_procedure_is_not_found(world: World) -> None:
    assert citizen_client(world).get(url("submit", code="9.999999")).status_code == 404


def test_a_procedure_not_online_is_explained(world: World) -> None:
    add_procedure("1.000009", channels=["in_person"], online_level="none")
    response = citizen_client(world).get(url("submit", code="1.000009"))
    assert response.status_code == 200
    assert "This procedure cannot be submitted online" in response.content.decode()


def test_start_without_a_centre_keeps_the_page_with_an_error(world: World) -> None:
    client = citizen_client(world)
    response = client.post(url("submit", code="1.004873"), {"receiving_unit": ""})
    html = response.content.decode()
    assert response.status_code == 422
    assert error_summary(html) == ["Choose the centre that should receive your dossier."]
    assert 'href="#receiving_unit"' in html and 'id="receiving_unit"' in html
    assert not SubmissionDraft.objects.exists()


def test_start_creates_a_draft_and_redirects_to_the_first_step(world: World) -> None:
    client = citizen_client(world)
    draft = start(client, world)
    assert draft.owner == world.citizen_a
    assert draft.receiving_unit == world.centre
    assert draft.registry_keys == {"full_name": "name", "id_number": "id_number"}
    response = client.get(url("submit", code="1.004873"))
    html = response.content.decode()
    assert "Continue your application" in html
    assert url("submission_applicant", pk=draft.pk) in html


def test_a_level_1_citizen_is_told_why_and_how_to_upgrade(world: World) -> None:
    world.citizen_a.eid_level = 1
    world.citizen_a.save()
    client = citizen_client(world)
    response = client.get(url("submit", code="1.004873"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "You cannot submit online yet" in html
    assert 'id="eid-upgrade"' in html  # the e-ID part's explanation
    response = client.post(url("submit", code="1.004873"), {"receiving_unit": world.centre.pk})
    assert response.status_code == 403
    assert not SubmissionDraft.objects.exists()


def test_a_draft_started_at_level_2_cannot_go_on_at_level_1(world: World) -> None:
    client = citizen_client(world)
    draft = start(client, world)
    world.citizen_a.eid_level = 1
    world.citizen_a.save()
    response = client.post(url("submission_applicant", pk=draft.pk), {"phone": "0912345678"})
    assert response.status_code == 403
    assert SubmissionDraft.objects.get(pk=draft.pk).applicant_phone == ""


def test_the_applicant_step_shows_the_account_and_saves_the_contact(world: World) -> None:
    client = citizen_client(world)
    draft = start(client, world)
    page = client.get(url("submission_applicant", pk=draft.pk)).content.decode()
    assert "Trần Văn An" in page and "079088001234" in page
    assert "Step 2 of 5" in page
    assert 'name="full_name"' not in page and 'name="national_id"' not in page
    response = client.post(
        url("submission_applicant", pk=draft.pk),
        {"phone": "0912 345 678", "email": "an@example.vn", "full_name": "Kẻ Khác"},
    )
    assert response.status_code == 303
    assert response["Location"] == url("submission_form", pk=draft.pk)
    draft.refresh_from_db()
    assert (draft.applicant_phone, draft.applicant_email) == ("0912345678", "an@example.vn")
    assert draft.step_reached == DraftStep.FORM


def test_an_invalid_contact_keeps_the_input_with_errors(world: World) -> None:
    client = citizen_client(world)
    draft = start(client, world)
    response = client.post(
        url("submission_applicant", pk=draft.pk), {"phone": "12ab", "email": "nope"}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert error_summary(html) == [
        "Enter a phone number like 0912345678.",
        "Enter an email address like name@example.com.",
    ]
    assert 'value="12ab"' in html and 'value="nope"' in html
    assert SubmissionDraft.objects.get(pk=draft.pk).step_reached == DraftStep.APPLICANT


def test_a_later_step_sends_back_to_the_step_reached(world: World) -> None:
    client = citizen_client(world)
    draft = start(client, world)
    response = client.get(url("submission_review", pk=draft.pk))
    assert response.status_code == 303
    assert response["Location"] == url("submission_applicant", pk=draft.pk)
    response = client.post(url("submission_documents", pk=draft.pk), {"action": "continue"})
    assert response.status_code == 303
    assert response["Location"] == url("submission_applicant", pk=draft.pk)


def test_the_form_step_validates_and_keeps_the_input(world: World) -> None:
    client = citizen_client(world)
    draft = start(client, world)
    client.post(url("submission_applicant", pk=draft.pk), {"phone": "0912345678"})
    response = client.post(
        url("submission_form", pk=draft.pk),
        {"data-birth_date": "31/02/1988", "data-purpose": "marriage", "action": "continue"},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert error_summary(html) == ["Enter a valid date."]
    assert 'value="31/02/1988"' in html
    assert '<option value="marriage" selected>' in html
    assert SubmissionDraft.objects.get(pk=draft.pk).step_reached == DraftStep.FORM


def test_the_name_and_id_number_cannot_be_overridden_by_a_posted_value(world: World) -> None:
    client = citizen_client(world)
    draft = start(client, world)
    client.post(url("submission_applicant", pk=draft.pk), {"phone": "0912345678"})
    page = client.get(url("submission_form", pk=draft.pk)).content.decode()
    assert 'name="data-full_name"' not in page and 'name="data-id_number"' not in page
    assert "(from your e-ID account)" in page
    response = client.post(
        url("submission_form", pk=draft.pk),
        {
            "data-full_name": "Kẻ Mạo Danh",
            "data-id_number": "001122334455",
            "data-birth_date": "02/05/1988",
            "action": "continue",
        },
    )
    assert response.status_code == 303
    draft.refresh_from_db()
    assert draft.applicant_data == {
        "full_name": "Trần Văn An", "id_number": "079088001234", "birth_date": "1988-05-02"
    }  # fmt: skip


def test_save_and_come_back_later_keeps_an_unfinished_form(world: World) -> None:
    client = citizen_client(world)
    draft = start(client, world)
    client.post(url("submission_applicant", pk=draft.pk), {"phone": "0912345678"})
    response = client.post(
        url("submission_form", pk=draft.pk), {"data-purpose": "other", "action": "save"}
    )
    assert response.status_code == 303
    assert response["Location"] == url("submission_form", pk=draft.pk)
    draft.refresh_from_db()
    assert draft.applicant_data["purpose"] == "other"
    assert draft.step_reached == DraftStep.FORM
    # Another device, same account: the drafts list and the start page lead back to it.
    other_device = citizen_client(world)
    listing = other_device.get(url("submission_drafts")).content.decode()
    assert url("submission_form", pk=draft.pk) in listing
    page = other_device.get(url("submission_form", pk=draft.pk)).content.decode()
    assert '<option value="other" selected>' in page


def draft_routes() -> list[str]:
    """Names of the portal routes whose ``pk`` is a submission draft, from the URL conf."""
    names: list[str] = []

    def walk(patterns: list[Any], namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace == "portal" and "/ban-nhap/" in str(pattern.pattern):
                names.append(str(pattern.name))

    walk(get_resolver().url_patterns)
    return sorted(names)


def test_another_citizen_gets_404_on_every_draft_route(world: World) -> None:
    draft = start(citizen_client(world), world)
    routes = draft_routes()
    assert len(routes) == 5, routes
    intruder = Client()
    intruder.force_login(world.citizen_b)
    for name in routes:
        assert intruder.get(url(name, pk=draft.pk)).status_code == 404, name
        response = intruder.post(url(name, pk=draft.pk), {"phone": "0987654321"})
        assert response.status_code == 404, name
        anonymous = Client().post(url(name, pk=draft.pk), {"phone": "0987654321"})
        assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"], name
    listing = intruder.get(url("submission_drafts")).content.decode()
    assert url("submission_form", pk=draft.pk) not in listing
    assert SubmissionDraft.objects.get(pk=draft.pk).applicant_phone == ""


def test_the_where_step_changes_the_centre(world: World) -> None:
    client = citizen_client(world)
    draft = start(client, world)
    other = world.org.commune_centres[1]
    response = client.post(url("submission_where", pk=draft.pk), {"receiving_unit": other.pk})
    assert response.status_code == 303
    assert response["Location"] == url("submission_applicant", pk=draft.pk)
    assert SubmissionDraft.objects.get(pk=draft.pk).receiving_unit == other
    response = client.post(
        url("submission_where", pk=draft.pk), {"receiving_unit": world.org.province_centre.pk}
    )
    assert response.status_code == 422
    assert error_summary(response.content.decode()) == [
        "Choose a centre that receives this procedure."
    ]


def test_a_change_from_the_review_returns_to_the_review(world: World) -> None:
    client = citizen_client(world)
    draft = to_review(client, world)
    response = client.post(url("submission_applicant", pk=draft.pk), {"phone": "0987654321"})
    assert response["Location"] == url("submission_review", pk=draft.pk)


def test_a_submitted_draft_leads_to_its_confirmation(world: World) -> None:
    client = citizen_client(world)
    draft = to_review(client, world)
    page = client.get(url("submission_review", pk=draft.pk)).content.decode()
    from .test_submission_support import hidden

    client.post(
        url("submission_review", pk=draft.pk),
        {
            "declaration": "on",
            "idempotency_key": hidden(page, "idempotency_key"),
            "reviewed": hidden(page, "reviewed"),
        },
    )
    dossier = Dossier.objects.get()
    done = url("submission_done", pk=dossier.pk)
    for name in ("submission_where", "submission_form", "submission_documents"):
        response = client.get(url(name, pk=draft.pk))
        assert (response.status_code, response["Location"]) == (303, done)
    response = client.post(url("submission_applicant", pk=draft.pk), {"phone": "0987654321"})
    assert (response.status_code, response["Location"]) == (303, done)
    assert SubmissionDraft.objects.get(pk=draft.pk).applicant_phone == "0912345678"
