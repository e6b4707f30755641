# SPDX-License-Identifier: EUPL-1.2
"""A complete tus upload fills the draft's slot like the multipart form does, after the same
checks; a refused one attaches nothing. CSRF stays on: the token travels in ``X-CSRFToken``."""

import pytest
from django.test import Client

from motcua.documents.services import file_open
from motcua.portal.tus.services import partial_path
from motcua.submissions.models import DraftDocument, TusUpload
from motcua.testing.builders import World

from .test_submission_support import PDF, english, url  # noqa: F401 — fixture
from .test_tus_support import TUS, at_documents, create, data_dir, patch  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "data_dir")]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def test_completion_attaches_the_document_to_the_draft_slot(world: World) -> None:
    client, draft = at_documents(world)
    requirement = world.version.requirements.get()
    location = create(client, draft, requirement.pk, len(PNG), name="C:\\photos\\scan.png")[
        "Location"
    ]
    assert patch(client, location, 0, PNG).status_code == 204
    document = DraftDocument.objects.get(draft=draft)
    assert (document.requirement_id, document.filename) == (requirement.pk, "scan.png")
    assert (document.file.content_type, document.file.size) == ("image/png", len(PNG))
    with file_open(document.file) as handle:
        assert handle.read() == PNG
    assert TusUpload.objects.get().file == document.file
    # the server-rendered step shows it
    html = client.get(url("submission_documents", pk=draft.pk)).content.decode()
    assert "Uploaded: scan.png" in html


def test_a_completed_upload_that_is_not_pdf_jpeg_png_is_refused(world: World) -> None:
    client, draft = at_documents(world)
    requirement = world.version.requirements.get()
    body = b"MZ\x90\x00\x03" + b"\x00" * 100
    location = create(client, draft, requirement.pk, len(body), name="virus.exe")["Location"]
    upload = TusUpload.objects.get()
    response = patch(client, location, 0, body)
    assert response.status_code == 422
    assert response.content.decode() == "The file “virus.exe” is not a PDF, JPEG or PNG file."
    assert not DraftDocument.objects.exists()
    assert not TusUpload.objects.exists()
    assert not (partial_path(upload)).exists()


def test_no_upload_into_a_requirement_of_another_procedure(world: World) -> None:
    client, draft = at_documents(world)
    response = create(client, draft, 999999, 10)
    assert response.status_code == 404
    assert not TusUpload.objects.exists()


def test_no_upload_before_the_documents_step(world: World) -> None:
    from .test_submission_support import citizen_client, start

    client = citizen_client(world)
    draft = start(client, world)
    response = create(client, draft, world.version.requirements.get().pk, 10)
    assert response.status_code == 409
    assert not TusUpload.objects.exists()


def test_csrf_token_in_the_header(world: World) -> None:
    _client, draft = at_documents(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.citizen_a)
    page = client.get(url("submission_documents", pk=draft.pk))
    token = page.context["csrf_token"]
    requirement = world.version.requirements.get()
    assert create(client, draft, requirement.pk, len(PDF)).status_code == 403
    response = client.post(
        url("tus"),
        headers={**TUS, "Upload-Length": str(len(PDF)), "X-CSRFToken": str(token),
                 "Upload-Metadata": f"draft {_b64(draft.pk)},requirement {_b64(requirement.pk)}"},
    )  # fmt: skip
    assert response.status_code == 201
    assert TusUpload.objects.count() == 1


def _b64(value: object) -> str:
    import base64

    return base64.b64encode(str(value).encode()).decode()


def test_the_documents_step_carries_what_the_script_needs(world: World) -> None:
    client, draft = at_documents(world)
    requirement = world.version.requirements.get()
    html = client.get(url("submission_documents", pk=draft.pk)).content.decode()
    assert f'data-tus-endpoint="{url("tus")}"' in html
    assert f'data-draft="{draft.pk}"' in html
    assert f'data-requirement="{requirement.pk}"' in html
    assert '<script defer src="/static/portal/upload.js"></script>' in html
    catalog = client.get(url("procedures")).content.decode()
    assert "<script" not in catalog
