# SPDX-License-Identifier: EUPL-1.2
"""The desk records a supplement on its own page: form completed, documents, scans, a note."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import translation

from motcua.accounts.models import Role
from motcua.core import clock
from motcua.documents.models import StoredFile
from motcua.dossiers import services
from motcua.dossiers.lifecycle import Action, Status
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.dossiers.tests.lifecycle_support import MONDAY
from motcua.testing.builders import VALID_FORM, World

from . import test_intake as base
from .support import login_official
from .test_intake import PDF, en, html, scan
from .test_intake_files import EXE

file_storage = base.file_storage
desk = base.desk
monday = base.monday

pytestmark = pytest.mark.django_db

REQUIREMENT = "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"


def url(d: Dossier) -> str:
    return en("dossier_supplement", pk=d.pk)


def doc(world: World, part: str) -> str:
    return f"doc-{world.version.requirements.get().pk}-{part}"


def returned_for_completion(world: World) -> Dossier:
    """A counter dossier asked for completion: only the name on the form, no document."""
    with clock.frozen_at(MONDAY):
        return services.dossier_counter_intake(
            procedure_version=world.version,
            receiving_unit=world.centre,
            applicant=services.Applicant(name="Trần Văn An", id_number="079088001234"),
            applicant_data={"full_name": "Trần Văn An"},
            documents=[],
            decision="request_completion",
            actor=world.desk(),
            competent_unit=world.commune,
        )


def completed(d: Dossier, world: World, **overrides: Any) -> dict[str, Any]:
    """The page's POST: the form completed and the original of the requirement seen."""
    data: dict[str, Any] = {
        "version": str(d.version),
        "data-full_name": "Trần Văn An",
        "data-id_number": "079088001234",
        "data-birth_date": "02/05/1988",
        "data-purpose": "marriage",
        doc(world, "original"): "on",
        doc(world, "copies"): "0",
        "note": "Công dân bổ sung tờ khai và bản chính",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def unchanged(d: Dossier, events: int) -> None:
    fresh = Dossier.objects.get(pk=d.pk)
    assert (fresh.status, fresh.version, fresh.applicant_data) == (
        d.status,
        d.version,
        d.applicant_data,
    )
    assert DossierEvent.objects.count() == events
    assert not DossierDocument.objects.filter(dossier=d).exists()


# -- the page -------------------------------------------------------------------------------------


def test_the_page_shows_the_form_as_held_the_request_and_the_checklist(
    desk: Client, world: World
) -> None:
    d = returned_for_completion(world)
    response = desk.get(url(d))
    assert response.status_code == 200
    page = html(response)
    for piece in (
        'name="data-full_name" type="text" value="Trần Văn An"',
        'name="data-birth_date" type="text" value=""',
        f'<input type="hidden" name="version" value="{d.version}">',
        f'name="{doc(world, "original")}"',
        f'name="{doc(world, "file")}"',
        'enctype="multipart/form-data"',
        "What was asked for",
        f"<li>{REQUIREMENT}</li>",
        '<strong class="govuk-tag govuk-tag--red">not provided</strong>',
        "Record the supplement</button>",
    ):
        assert piece in page, piece


def test_stored_dates_are_shown_as_the_desk_types_them(desk: Client, world: World) -> None:
    d = world.dossier_in(Status.AWAITING_COMPLETION)
    page = html(desk.get(url(d)))
    assert 'name="data-birth_date" type="text" value="02/05/1988"' in page


def test_the_dossier_page_links_to_it_instead_of_an_inline_form(desk: Client, world: World) -> None:
    d = returned_for_completion(world)
    page = html(desk.get(en("dossier", pk=d.pk)))
    assert f'href="{url(d)}"' in page
    assert "/actions/supplement/" not in page
    assert "/actions/refuse/" in page  # the other actions keep their forms


# -- recording it ---------------------------------------------------------------------------------


def test_an_unfinished_form_is_completed_then_the_dossier_can_be_received(
    desk: Client, world: World, monday: None
) -> None:
    d = returned_for_completion(world)
    assert d.status == Status.AWAITING_COMPLETION
    response = desk.post(url(d), completed(d, world))
    assert response.status_code == 302
    assert response["Location"] == en("dossier", pk=d.pk)
    fresh = Dossier.objects.get(pk=d.pk)
    assert fresh.status == Status.SUBMITTED
    assert fresh.applicant_data == {**VALID_FORM, "purpose": "marriage"}
    document = DossierDocument.objects.get(dossier=d)
    assert (document.original_seen, document.copies, document.file) == (True, 0, None)
    event = fresh.events.get(sequence=fresh.version)
    assert event.action == Action.SUPPLEMENT
    assert event.data["note"] == "Công dân bổ sung tờ khai và bản chính"
    assert event.data["documents"] == 1
    [message] = get_messages(response.wsgi_request)
    assert str(message) == f"Saved. The dossier {d.code} is now: Submitted, awaiting reception."
    # then reception, from the dossier page, needs no more checklist ticks
    received = desk.post(en("dossier_act", pk=d.pk, action="receive"), {"version": fresh.version})
    assert received.status_code == 302
    assert Dossier.objects.get(pk=d.pk).status == Status.RECEIVED


def test_a_completed_dossier_is_received_by_the_service(
    desk: Client, world: World, monday: None
) -> None:
    d = returned_for_completion(world)
    desk.post(url(d), completed(d, world))
    d = services.dossier_receive(Dossier.objects.get(pk=d.pk), actor=world.desk())
    assert d.status == Status.RECEIVED


def test_an_incomplete_supplement_says_what_reception_still_needs(
    desk: Client, world: World
) -> None:
    d = returned_for_completion(world)
    response = desk.post(url(d), completed(d, world, **{doc(world, "original"): None}))
    assert response.status_code == 302
    [message] = get_messages(response.wsgi_request)
    assert str(message).endswith(f"Still missing for reception: {REQUIREMENT}.")


def test_a_supplement_during_processing_resumes_the_clock(desk: Client, world: World) -> None:
    d = world.dossier_in(Status.AWAITING_SUPPLEMENT)
    data = completed(d, world, **{"data-purpose": "", doc(world, "original"): None})
    data[doc(world, "copies")] = "2"
    assert desk.post(url(d), data).status_code == 302
    fresh = Dossier.objects.get(pk=d.pk)
    assert fresh.status == Status.IN_PROGRESS
    assert fresh.applicant_data == VALID_FORM  # unchanged
    assert fresh.clock_pauses[-1]["end"] is not None
    assert DossierDocument.objects.filter(dossier=d, copies=2).count() == 1


def test_a_scan_is_stored_and_linked_to_the_dossier(
    desk: Client, world: World, file_storage: Path
) -> None:
    d = returned_for_completion(world)
    data = completed(d, world, **{doc(world, "file"): scan()})
    assert desk.post(url(d), data).status_code == 302
    stored = StoredFile.objects.get()
    document = DossierDocument.objects.get(dossier=d)
    assert (document.file, document.filename, stored.content_type) == (
        stored,
        "to-khai.pdf",
        "application/pdf",
    )
    assert stored.size == len(PDF)


# -- errors ---------------------------------------------------------------------------------------


def test_an_unfinished_form_is_refused_with_a_summary_and_nothing_lost(
    desk: Client, world: World
) -> None:
    d = returned_for_completion(world)
    events = DossierEvent.objects.count()
    response = desk.post(url(d), completed(d, world, **{"data-birth_date": ""}))
    assert response.status_code == 422
    page = html(response)
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in page
    assert '<li><a href="#data-birth_date">Enter “Ngày sinh”.</a></li>' in page
    assert 'name="data-id_number" type="text" value="079088001234"' in page
    assert f'name="{doc(world, "original")}" type="checkbox" checked' in page
    assert "Công dân bổ sung tờ khai và bản chính</textarea>" in page
    unchanged(d, events)


def test_a_bad_file_is_refused_and_nothing_is_stored(
    desk: Client, world: World, file_storage: Path
) -> None:
    d = returned_for_completion(world)
    events = DossierEvent.objects.count()
    data = completed(d, world, **{doc(world, "file"): scan("to-khai.pdf", EXE)})
    response = desk.post(url(d), data)
    assert response.status_code == 422
    message = "The file “to-khai.pdf” is not a PDF, JPEG or PNG file."
    assert f'<li><a href="#{doc(world, "file")}">{message}</a></li>' in html(response)
    assert 'value="079088001234"' in html(response)
    assert StoredFile.objects.count() == 0
    assert not file_storage.exists() or not any(file_storage.rglob("*.*"))
    unchanged(d, events)


def test_a_stored_scan_is_kept_across_an_error(
    desk: Client, world: World, file_storage: Path
) -> None:
    d = returned_for_completion(world)
    data = completed(d, world, **{"data-birth_date": "", doc(world, "file"): scan()})
    page = html(desk.post(url(d), data))
    assert "Attached: to-khai.pdf" in page
    found = re.search(rf'name="{doc(world, "kept")}" value="([^"]+)"', page)
    assert found is not None
    again = completed(d, world, **{doc(world, "kept"): found.group(1)})
    assert desk.post(url(d), again).status_code == 302
    document = DossierDocument.objects.get(dossier=d)
    assert (document.file, document.filename) == (StoredFile.objects.get(), "to-khai.pdf")


def test_a_stale_version_saves_nothing_and_keeps_the_input(desk: Client, world: World) -> None:
    d = returned_for_completion(world)
    events = DossierEvent.objects.count()
    data = completed(d, world, version=str(d.version - 1))
    response = desk.post(url(d), data)
    assert response.status_code == 409
    page = html(response)
    assert '<h2 class="govuk-error-summary__title">The dossier changed</h2>' in page
    assert "Nothing was saved" in page
    assert 'name="data-birth_date" type="text" value="02/05/1988"' in page
    assert "Công dân bổ sung tờ khai và bản chính</textarea>" in page
    assert f'<input type="hidden" name="version" value="{d.version}">' in page
    assert "Record the supplement</button>" in page  # still possible: resubmit deliberately
    unchanged(d, events)
    assert desk.post(url(d), completed(d, world)).status_code == 302


def test_a_supplement_recorded_meanwhile_leaves_the_input_for_copying(
    desk: Client, world: World
) -> None:
    d = returned_for_completion(world)
    seen = d.version
    services.dossier_supplement(d, actor=world.desk(), note="Bàn khác đã nhận")  # first
    events = DossierEvent.objects.count()
    response = desk.post(url(d), completed(d, world, version=str(seen)))
    assert response.status_code == 409
    page = html(response)
    assert "it is now: Submitted, awaiting reception" in page
    assert "This action is no longer possible" in page
    assert 'value="079088001234"' in page
    assert "Record the supplement</button>" not in page
    assert DossierEvent.objects.count() == events
    assert not DossierDocument.objects.filter(dossier=d).exists()


# -- access ---------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client: Client, world: World) -> None:
    d = returned_for_completion(world)
    for response in (client.get(url(d)), client.post(url(d), completed(d, world))):
        assert response.status_code == 302
        assert response["Location"].startswith(en("login"))


def test_another_units_desk_gets_404_and_changes_nothing(client: Client, world: World) -> None:
    d = returned_for_completion(world)
    events = DossierEvent.objects.count()
    login_official(client, world.desk(world.org.commune_centres[1]))
    assert client.get(url(d)).status_code == 404
    assert client.post(url(d), completed(d, world)).status_code == 404
    assert client.post(url(d), completed(d, world, version="1")).status_code == 404
    unchanged(d, events)


def test_a_specialist_gets_a_403_page_and_changes_nothing(client: Client, world: World) -> None:
    d = returned_for_completion(world)
    events = DossierEvent.objects.count()
    login_official(client, world.processing(Role.SPECIALIST))
    response = client.get(url(d))
    assert response.status_code == 403
    assert "You cannot record a supplement on this dossier" in html(response)
    assert client.post(url(d), completed(d, world)).status_code == 403
    assert client.post(url(d), completed(d, world, version="1")).status_code == 403
    unchanged(d, events)


def test_the_desk_gets_403_when_nothing_was_asked(desk: Client, world: World) -> None:
    d = world.submit()
    events = DossierEvent.objects.count()
    response = desk.get(url(d))
    assert response.status_code == 403
    assert "is now: Submitted, awaiting reception." in html(response)
    assert desk.post(url(d), completed(d, world)).status_code == 403
    fresh = Dossier.objects.get(pk=d.pk)
    assert (fresh.version, DossierEvent.objects.count()) == (d.version, events)


def test_the_page_is_in_vietnamese_by_default(desk: Client, world: World) -> None:
    d = returned_for_completion(world)
    with translation.override("vi"):
        vi_url = reverse("backoffice:dossier_supplement", kwargs={"pk": d.pk})
        title = translation.gettext("Record the supplement")
    assert not vi_url.startswith("/en/")
    page = html(desk.get(vi_url))
    assert title != "Record the supplement"
    assert f"{title}</h1>" in page
