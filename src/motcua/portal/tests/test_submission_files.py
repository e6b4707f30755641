# SPDX-License-Identifier: EUPL-1.2
"""The documents step: one upload slot per requirement, plain multipart (no JavaScript), type
read from the file's own bytes, size limit, clear messages, nothing stored on a refusal."""

import pytest
from django.test import Client, override_settings

from motcua.documents.models import StoredFile
from motcua.submissions.models import DraftDocument, DraftStep, SubmissionDraft
from motcua.testing.builders import World, add_procedure

from .test_submission_support import (
    PDF,
    citizen_client,
    english,  # noqa: F401 — fixture
    error_summary,
    start,
    upload,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def _at_documents(world: World) -> tuple[Client, SubmissionDraft]:
    client = citizen_client(world)
    draft = start(client, world)
    client.post(url("submission_applicant", pk=draft.pk), {"phone": "0912345678"})
    response = client.post(
        url("submission_form", pk=draft.pk), {"data-birth_date": "02/05/1988", "action": "x"}
    )
    assert response.status_code == 303
    return client, draft


def test_the_page_has_one_file_input_per_requirement(world: World) -> None:
    client, draft = _at_documents(world)
    requirement = world.version.requirements.get()
    html = client.get(url("submission_documents", pk=draft.pk)).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert (
        f'name="file-{requirement.pk}" type="file" accept="application/pdf,image/jpeg,image/png"'
        in html
    )
    assert f'<label class="govuk-label govuk-label--s" for="file-{requirement.pk}">' in html
    assert "at most 20 MB" in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00\x03", "The file “virus.exe” is not a PDF, JPEG or PNG file."),
        ("a.pdf", b"<script>alert(1)</script>", "The file “a.pdf” is not a PDF, JPEG or PNG file."),
        ("empty.pdf", b"", "The file “empty.pdf” is empty."),
        ("big.pdf", PDF + b"0" * (1024 * 1024), "The file “big.pdf” is larger than 1 MB."),
    ],
)  # fmt: skip
@override_settings(MOTCUA_UPLOAD_MAX_MB=1)
def test_a_refused_file_is_named_and_nothing_is_stored(
    world: World, name: str, content: bytes, message: str
) -> None:
    client, draft = _at_documents(world)
    requirement = world.version.requirements.get()
    response = client.post(
        url("submission_documents", pk=draft.pk),
        {f"file-{requirement.pk}": upload(name, content), "action": "continue"},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert error_summary(html) == [message]
    assert f'href="#file-{requirement.pk}"' in html
    assert f'id="file-{requirement.pk}-error"' in html
    assert not StoredFile.objects.exists()
    assert not DraftDocument.objects.exists()
    assert SubmissionDraft.objects.get(pk=draft.pk).step_reached == DraftStep.DOCUMENTS


def test_continue_without_the_mandatory_file_is_refused(world: World) -> None:
    client, draft = _at_documents(world)
    requirement = world.version.requirements.get()
    response = client.post(url("submission_documents", pk=draft.pk), {"action": "continue"})
    assert response.status_code == 422
    assert error_summary(response.content.decode()) == [f"Attach “{requirement.name}”."]


def test_a_good_file_is_kept_when_another_is_refused(world: World) -> None:
    version = add_procedure(
        "1.000010",
        requirements=[
            {"code": "R1", "name_vi": "Tờ khai", "originals": 1, "copies": 0, "mandatory": True},
            {"code": "R2", "name_vi": "Ảnh", "originals": 0, "copies": 1, "mandatory": True},
        ],
    )
    client = citizen_client(world)
    response = client.post(url("submit", code="1.000010"), {"receiving_unit": world.centre.pk})
    draft = SubmissionDraft.objects.get(procedure_version=version)
    client.post(url("submission_applicant", pk=draft.pk), {"phone": "0912345678"})
    client.post(url("submission_form", pk=draft.pk), {"data-birth_date": "02/05/1988"})
    first, second = version.requirements.order_by("order")
    response = client.post(
        url("submission_documents", pk=draft.pk),
        {
            f"file-{first.pk}": upload("to-khai.jpg", JPEG, "image/jpeg"),
            f"file-{second.pk}": upload("anh.gif", b"GIF89a...."),
            "action": "continue",
        },
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert error_summary(html) == ["The file “anh.gif” is not a PDF, JPEG or PNG file."]
    kept = DraftDocument.objects.get()
    assert (kept.requirement, kept.filename, kept.file.content_type) == (
        first, "to-khai.jpg", "image/jpeg"
    )  # fmt: skip
    assert "Uploaded: to-khai.jpg" in html


def test_upload_and_stay_then_replace_then_remove(world: World) -> None:
    client, draft = _at_documents(world)
    requirement = world.version.requirements.get()
    page = url("submission_documents", pk=draft.pk)
    field = f"file-{requirement.pk}"
    response = client.post(page, {field: upload("a.pdf", PDF), "action": "upload"})
    assert (response.status_code, response["Location"]) == (303, page)
    response = client.post(page, {field: upload("b.jpg", JPEG, "image/jpeg"), "action": "upload"})
    assert DraftDocument.objects.get().filename == "b.jpg"
    html = client.get(page).content.decode()
    assert "Uploaded: b.jpg" in html
    response = client.post(page, {"remove": str(requirement.pk)})
    assert (response.status_code, response["Location"]) == (303, page)
    assert not DraftDocument.objects.exists()


def test_continue_with_the_file_opens_the_review(world: World) -> None:
    client, draft = _at_documents(world)
    requirement = world.version.requirements.get()
    response = client.post(
        url("submission_documents", pk=draft.pk),
        {f"file-{requirement.pk}": upload("C:\\Users\\an\\to-khai.pdf", PDF), "action": "continue"},
    )
    assert (response.status_code, response["Location"]) == (
        303, url("submission_review", pk=draft.pk)
    )  # fmt: skip
    assert DraftDocument.objects.get().filename == "to-khai.pdf"
    assert SubmissionDraft.objects.get(pk=draft.pk).step_reached == DraftStep.REVIEW
