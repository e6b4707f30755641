# SPDX-License-Identifier: EUPL-1.2
"""The tus 1.0.0 endpoint spoken by Django's test client: creation, offsets, resuming after an
interruption, the refusals (409, 412, 413, 404, 401), termination and OPTIONS."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings

from motcua.core import clock
from motcua.documents.services import file_open
from motcua.portal.tus.services import partial_path, tus_purge_expired
from motcua.submissions.models import DraftDocument, TusUpload
from motcua.testing.builders import World

from .test_submission_support import PDF, english, url  # noqa: F401 — fixture
from .test_tus_support import TUS, at_documents, create, data_dir, patch  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "data_dir")]

BODY = PDF + b"x" * 3000


def _new(world: World, length: int = len(BODY)) -> tuple[Client, str, TusUpload]:
    client, draft = at_documents(world)
    requirement = world.version.requirements.get()
    response = create(client, draft, requirement.pk, length)
    assert response.status_code == 201, response.content
    return client, response["Location"], TusUpload.objects.get()


def test_options_advertises_the_version_extensions_and_limit(world: World) -> None:
    response = Client().options(url("tus"))
    assert response.status_code == 204
    assert response["Tus-Resumable"] == "1.0.0"
    assert response["Tus-Version"] == "1.0.0"
    assert response["Tus-Extension"] == "creation,termination,expiration"
    assert response["Tus-Max-Size"] == str(20 * 1024 * 1024)


def test_creation_answers_a_location_and_an_expiry(world: World) -> None:
    client, location, upload = _new(world)
    assert location == f"http://testserver/en/tai-len/{upload.pk}/"
    assert (upload.length, upload.offset, upload.filename) == (len(BODY), 0, "a.pdf")
    assert upload.owner == world.citizen_a
    assert (upload.expires_at - upload.created_at).total_seconds() == 24 * 3600
    assert (partial_path(upload)).read_bytes() == b""
    head = client.head(location, headers=TUS)
    assert head.status_code == 200
    assert (head["Upload-Offset"], head["Upload-Length"]) == ("0", str(len(BODY)))
    assert head["Tus-Resumable"] == "1.0.0"
    assert head["Upload-Expires"].endswith(" GMT")
    assert "no-store" in head["Cache-Control"]


def test_three_chunks_complete_the_upload(world: World) -> None:
    client, location, upload = _new(world)
    chunks = [BODY[:1000], BODY[1000:2000], BODY[2000:]]
    offset = 0
    for chunk in chunks:
        response = patch(client, location, offset, chunk)
        assert response.status_code == 204, response.content
        offset += len(chunk)
        assert response["Upload-Offset"] == str(offset)
        assert response["Tus-Resumable"] == "1.0.0"
    upload.refresh_from_db()
    assert upload.offset == len(BODY)
    assert upload.file is not None
    assert not (partial_path(upload)).exists()


def test_resume_after_an_interruption(world: World) -> None:
    client, location, upload = _new(world)
    assert patch(client, location, 0, BODY[:1234]).status_code == 204
    # the connection is lost; a new page asks where the upload is and goes on from there
    offset = int(client.head(location, headers=TUS)["Upload-Offset"])
    assert offset == 1234
    response = patch(client, location, offset, BODY[offset:])
    assert response.status_code == 204
    document = DraftDocument.objects.get(draft=upload.draft)
    with file_open(document.file) as handle:
        assert handle.read() == BODY


def test_a_wrong_offset_is_409_and_changes_nothing(world: World) -> None:
    client, location, upload = _new(world)
    patch(client, location, 0, BODY[:100])
    response = patch(client, location, 50, BODY[50:150])
    assert response.status_code == 409
    upload.refresh_from_db()
    assert upload.offset == 100
    assert (partial_path(upload)).read_bytes() == BODY[:100]


def test_without_tus_resumable_412(world: World) -> None:
    client, location, upload = _new(world)
    response = client.patch(
        location, BODY, content_type="application/offset+octet-stream",
        headers={"Upload-Offset": "0"},
    )  # fmt: skip
    assert response.status_code == 412
    assert response["Tus-Version"] == "1.0.0"
    assert client.head(location).status_code == 412
    assert client.post(url("tus"), headers={"Upload-Length": "10"}).status_code == 412
    upload.refresh_from_db()
    assert upload.offset == 0


def test_a_patch_needs_the_offset_content_type(world: World) -> None:
    client, location, upload = _new(world)
    response = client.patch(
        location, BODY, content_type="application/pdf", headers={**TUS, "Upload-Offset": "0"}
    )
    assert response.status_code == 415
    upload.refresh_from_db()
    assert upload.offset == 0


@override_settings(MOTCUA_UPLOAD_MAX_MB=1)
def test_too_large_413(world: World) -> None:
    client, draft = at_documents(world)
    requirement = world.version.requirements.get()
    response = create(client, draft, requirement.pk, 1024 * 1024 + 1)
    assert response.status_code == 413
    assert response.content.decode() == "The file is larger than 1 MB."
    assert not TusUpload.objects.exists()


def test_more_bytes_than_announced_413(world: World) -> None:
    client, location, upload = _new(world, length=100)
    response = patch(client, location, 0, BODY[:101])
    assert response.status_code == 413
    upload.refresh_from_db()
    assert upload.offset == 0
    assert (partial_path(upload)).read_bytes() == b""


def test_another_citizens_upload_is_404(world: World) -> None:
    _client, location, upload = _new(world)
    other = Client()
    other.force_login(world.citizen_b)
    assert other.head(location, headers=TUS).status_code == 404
    assert patch(other, location, 0, BODY).status_code == 404
    assert other.delete(location, headers=TUS).status_code == 404
    upload.refresh_from_db()
    assert upload.offset == 0


def test_another_citizens_draft_is_404(world: World) -> None:
    _client, draft = at_documents(world)
    other = Client()
    other.force_login(world.citizen_b)
    response = create(other, draft, world.version.requirements.get().pk, 10)
    assert response.status_code == 404
    assert not TusUpload.objects.exists()


def test_without_login_401(world: World) -> None:
    _client, location, _upload = _new(world)
    response = Client().head(location, headers=TUS)
    assert response.status_code == 401
    assert response["Tus-Resumable"] == "1.0.0"


def test_delete_removes_the_partial_file(world: World) -> None:
    client, location, upload = _new(world)
    patch(client, location, 0, BODY[:100])
    response = client.delete(location, headers=TUS)
    assert response.status_code == 204
    assert not TusUpload.objects.exists()
    assert not (partial_path(upload)).exists()
    assert client.head(location, headers=TUS).status_code == 404


def test_an_expired_upload_is_gone_and_purged(world: World) -> None:
    client, location, upload = _new(world)
    TusUpload.objects.update(expires_at=clock.now() - timedelta(seconds=1))
    assert client.head(location, headers=TUS).status_code == 404
    assert patch(client, location, 0, BODY).status_code == 404
    assert tus_purge_expired() == 1
    assert not TusUpload.objects.exists()
    assert not (partial_path(upload)).exists()
