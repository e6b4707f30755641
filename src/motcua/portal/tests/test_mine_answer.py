# SPDX-License-Identifier: EUPL-1.2
"""The citizen answers a request for missing items: files checked by content, the clock
resumes with a new promised date, a bad file or a stale page saves nothing."""

import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from motcua.documents.models import StoredFile
from motcua.documents.services import file_open
from motcua.dossiers import services
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.testing.builders import World

from .test_mine_support import MONDAY, PDF, PNG, level_1

pytestmark = pytest.mark.django_db


def answer_url(dossier: Dossier, language: str = "vi") -> str:
    with translation.override(language):
        return reverse("portal:my_dossier_answer", kwargs={"pk": dossier.pk})


def upload(content: bytes, name: str = "ban-sao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def writes(dossier: Dossier) -> tuple[int, int, int, int]:
    fresh = Dossier.objects.get(pk=dossier.pk)
    return (
        fresh.version,
        DossierEvent.objects.filter(dossier=dossier).count(),
        DossierDocument.objects.filter(dossier=dossier).count(),
        StoredFile.objects.count(),
    )


def test_the_page_shows_what_is_missing_and_one_upload_slot_each(
    client: Client, world: World
) -> None:
    d = world.dossier_in(Status.AWAITING_SUPPLEMENT)
    client.force_login(world.citizen_a)
    page = client.get(f"/en/ho-so-cua-toi/{d.pk}/").content.decode()
    assert "The office needs more documents" in page
    assert "<li>Bản sao</li>" in page and "Reason: Thiếu" in page
    assert 'enctype="multipart/form-data"' in page
    assert page.count('type="file"') == 1
    assert 'name="file-i0"' in page and 'accept="application/pdf,image/jpeg,image/png"' in page
    assert f'name="version" value="{d.version}"' in page


def test_an_answer_with_a_file_resumes_the_clock(client: Client, world: World) -> None:
    with time_machine.travel(MONDAY, tick=False):
        d = world.dossier_in(Status.AWAITING_SUPPLEMENT)
    due_before = d.due_at
    client.force_login(world.citizen_a)
    with time_machine.travel(MONDAY.replace(day=11), tick=False):
        response = client.post(
            answer_url(d, "en"),
            {"version": d.version, "file-i0": upload(PDF), "note": " Bản sao đã công chứng "},
        )
    assert response.status_code == 302
    assert response["Location"] == f"/en/ho-so-cua-toi/{d.pk}/"
    d.refresh_from_db()
    assert d.status == Status.IN_PROGRESS
    assert due_before is not None and d.due_at is not None and d.due_at > due_before
    assert d.clock_pauses[-1]["end"] is not None
    document = DossierDocument.objects.get(dossier=d, added_in_event=d.version)
    assert (document.requirement, document.name, document.filename) == (
        None,
        "Bản sao",
        "ban-sao.pdf",
    )
    assert document.file is not None and document.file.content_type == "application/pdf"
    with file_open(document.file) as stream:
        assert stream.read() == PDF
    event = d.events.get(sequence=d.version)
    assert (event.action, event.role, event.actor) == ("supplement", "applicant", world.citizen_a)
    assert event.data["note"] == "Bản sao đã công chứng"

    page = client.get(response["Location"]).content.decode()
    assert "The clock has resumed; the new promised date is 16/03/2026 17:00." in page


def test_an_answer_to_a_completion_request_goes_back_to_the_desk(
    client: Client, world: World
) -> None:
    d = world.submit()
    requirement = world.version.requirements.get()
    d = services.dossier_request_supplement(
        d, actor=world.desk(), missing=[requirement.name], reason="Chưa ký tờ khai"
    )
    client.force_login(world.citizen_a)
    response = client.post(
        answer_url(d, "en"),
        {"version": d.version, f"file-r{requirement.pk}": upload(PNG, "to-khai.png")},
        follow=True,
    )
    assert response.status_code == 200
    assert "The one-stop desk will check it and receive your dossier." in response.content.decode()
    d.refresh_from_db()
    assert d.status == Status.SUBMITTED
    document = DossierDocument.objects.get(dossier=d, added_in_event=d.version)
    assert document.requirement == requirement
    assert document.file is not None and document.file.content_type == "image/png"


def test_a_bad_file_is_named_and_nothing_is_stored(client: Client, world: World) -> None:
    d = world.dossier_in(Status.AWAITING_SUPPLEMENT)
    before = writes(d)
    client.force_login(world.citizen_a)
    response = client.post(
        answer_url(d, "en"),
        {"version": d.version, "file-i0": upload(b"MZ\x90\x00 not a scan", "virus.exe"),
         "note": "xin gửi"},
    )  # fmt: skip
    assert response.status_code == 422
    page = response.content.decode()
    assert "The file “virus.exe” is not a PDF, JPEG or PNG file." in page
    assert 'href="#file-i0"' in page  # the error summary points at the slot
    assert "xin gửi</textarea>" in page
    assert writes(d) == before


def test_an_empty_file_and_an_empty_answer_are_refused(client: Client, world: World) -> None:
    d = world.dossier_in(Status.AWAITING_SUPPLEMENT)
    before = writes(d)
    client.force_login(world.citizen_a)
    empty = client.post(
        answer_url(d, "en"), {"version": d.version, "file-i0": upload(b"", "a.pdf")}
    )
    assert empty.status_code == 422
    assert "The file “a.pdf” is empty." in empty.content.decode()
    nothing = client.post(answer_url(d, "en"), {"version": d.version, "note": "  "})
    assert nothing.status_code == 422
    assert "Attach at least one of the missing documents, or write a note." in (
        nothing.content.decode()
    )
    assert writes(d) == before


def test_a_stale_page_saves_nothing_and_keeps_the_note_and_the_file(
    client: Client, world: World
) -> None:
    d = world.dossier_in(Status.AWAITING_SUPPLEMENT)
    seen = d.version
    # Meanwhile the desk records a supplement the applicant brought, and the unit asks again.
    d = services.dossier_supplement(d, actor=world.desk(), note="Nộp tại quầy")
    d = services.dossier_request_supplement(
        d, actor=world.processing("specialist"), missing=["Bản sao"], reason="Thiếu bản sao"
    )
    before = writes(d)[:3]
    client.force_login(world.citizen_a)
    response = client.post(
        answer_url(d, "en"), {"version": seen, "file-i0": upload(PDF), "note": "Gửi bản sao"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Your dossier changed since you opened this page" in page
    assert "Gửi bản sao</textarea>" in page
    assert "Attached: ban-sao.pdf" in page
    assert f'name="version" value="{d.version}"' in page
    assert writes(d)[:3] == before

    # Sending again with the kept file works, without uploading it twice.
    token = page.split('name="kept-i0" value="', 1)[1].split('"', 1)[0]
    again = client.post(answer_url(d, "en"), {"version": d.version, "kept-i0": token})
    assert again.status_code == 302
    d.refresh_from_db()
    assert d.status == Status.IN_PROGRESS
    assert DossierDocument.objects.get(dossier=d, added_in_event=d.version).filename == (
        "ban-sao.pdf"
    )


def test_a_kept_file_of_another_citizen_cannot_be_attached(client: Client, world: World) -> None:
    from motcua.webforms.uploads import KeptFile, kept_token

    d = world.dossier_in(Status.AWAITING_SUPPLEMENT)
    from motcua.documents.services import file_store

    stored = file_store(io.BytesIO(PDF), content_type="application/pdf")
    forged = kept_token(world.citizen_b.pk, -1, KeptFile(stored, "x.pdf"))
    client.force_login(world.citizen_a)
    response = client.post(answer_url(d, "en"), {"version": d.version, "kept-i0": forged})
    assert response.status_code == 422
    assert "The file attached before is no longer available." in response.content.decode()
    assert Dossier.objects.get(pk=d.pk).status == Status.AWAITING_SUPPLEMENT


def test_nothing_to_answer_is_a_conflict(client: Client, world: World) -> None:
    d = world.dossier_in(Status.IN_PROGRESS)
    before = writes(d)
    client.force_login(world.citizen_a)
    response = client.post(answer_url(d, "en"), {"version": d.version, "note": "Xin gửi"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "There is nothing to answer now." in page and "Xin gửi" in page
    assert writes(d) == before


def test_another_citizen_cannot_answer(client: Client, world: World) -> None:
    d = world.dossier_in(Status.AWAITING_SUPPLEMENT)
    before = writes(d)
    client.force_login(world.citizen_b)
    response = client.post(answer_url(d), {"version": d.version, "file-i0": upload(PDF)})
    assert response.status_code == 404
    assert writes(d) == before


def test_a_level_1_login_may_read_but_not_answer(client: Client, world: World) -> None:
    d = world.dossier_in(Status.AWAITING_SUPPLEMENT)
    before = writes(d)
    client.force_login(level_1(world.citizen_a))
    page = client.get(f"/en/ho-so-cua-toi/{d.pk}/").content.decode()
    assert "log in with a level 2 e-ID account" in page and 'type="file"' not in page
    response = client.post(answer_url(d, "en"), {"version": d.version, "file-i0": upload(PDF)})
    assert response.status_code == 403
    assert writes(d) == before


def test_the_answer_form_is_only_posted(client: Client, world: World) -> None:
    d = world.dossier_in(Status.AWAITING_SUPPLEMENT)
    client.force_login(world.citizen_a)
    assert client.get(answer_url(d)).status_code == 405
