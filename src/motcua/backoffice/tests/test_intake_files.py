# SPDX-License-Identifier: EUPL-1.2
"""Scans at the counter: only real PDF, JPEG and PNG within the size limit; kept across errors."""

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings

from motcua.documents.models import StoredFile
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.testing.builders import World, add_official

from . import test_intake as base
from .support import login_official
from .test_intake import PDF, doc, html, intake_post, intake_url, scan

# Fixtures shared with the main intake tests.
desk = base.desk
file_storage = base.file_storage
monday = base.monday

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
MB = 1024 * 1024


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("to-khai.pdf", EXE, "The file “to-khai.pdf” is not a PDF, JPEG or PNG file."),
        ("scan.png", b"", "The file “scan.png” is empty."),
        ("big.pdf", b"%PDF-" + b"0" * (MB + MB // 10), "The file “big.pdf” is larger than 1 MB."),
        ("note.pdf", b"  %PDF-1.7 shifted", "The file “note.pdf” is not a PDF, JPEG or PNG file."),
    ],
)
@override_settings(MOTCUA_UPLOAD_MAX_MB=1)
def test_a_bad_scan_is_refused_with_its_name_and_nothing_is_stored(
    desk: Client, world: World, file_storage: Path, name: str, content: bytes, message: str
) -> None:
    data = intake_post(world, **{doc(world, "file"): scan(name, content)})
    response = desk.post(intake_url(world), data)
    assert response.status_code == 422
    assert f'href="#{doc(world, "file")}">{message}' in html(response)
    assert (StoredFile.objects.count(), Dossier.objects.count()) == (0, 0)
    assert not file_storage.exists() or not any(file_storage.rglob("*.*"))


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(JPEG, "image/jpeg"), (PNG, "image/png"), (PDF, "application/pdf")],
)
def test_the_type_comes_from_the_file_not_its_name(
    desk: Client, world: World, file_storage: Path, monday: None, content: bytes, content_type: str
) -> None:
    data = intake_post(world, **{doc(world, "file"): scan("photo.bin", content)})
    assert desk.post(intake_url(world), data).status_code == 302
    assert StoredFile.objects.get().content_type == content_type


@override_settings(MOTCUA_UPLOAD_MAX_MB=1)
def test_a_scan_just_under_the_limit_is_accepted(
    desk: Client, world: World, file_storage: Path, monday: None
) -> None:
    content = b"%PDF-" + b"0" * (MB - 5)
    data = intake_post(world, **{doc(world, "file"): scan("exact.pdf", content)})
    assert desk.post(intake_url(world), data).status_code == 302
    assert StoredFile.objects.get().size == MB


def kept_token(page: str, world: World) -> str:
    found = re.search(rf'name="{doc(world, "kept")}" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_a_stored_scan_is_kept_when_another_field_fails(
    desk: Client, world: World, file_storage: Path, monday: None
) -> None:
    first = intake_post(world, applicant_name="", **{doc(world, "file"): scan()})
    response = desk.post(intake_url(world), first)
    assert response.status_code == 422
    page = html(response)
    assert "Attached: to-khai.pdf" in page
    assert (StoredFile.objects.count(), Dossier.objects.count()) == (1, 0)
    second = intake_post(world, **{doc(world, "kept"): kept_token(page, world)})
    assert desk.post(intake_url(world), second).status_code == 302
    document = DossierDocument.objects.get()
    assert (document.file, document.filename) == (StoredFile.objects.get(), "to-khai.pdf")


def test_a_kept_scan_can_be_removed(
    desk: Client, world: World, file_storage: Path, monday: None
) -> None:
    first = intake_post(world, applicant_name="", **{doc(world, "file"): scan()})
    page = html(desk.post(intake_url(world), first))
    data = intake_post(
        world, **{doc(world, "kept"): kept_token(page, world), doc(world, "drop"): "on"}
    )
    assert desk.post(intake_url(world), data).status_code == 302
    assert DossierDocument.objects.get().file is None


@pytest.mark.parametrize("tamper", ["forged", "swap-user", "gone"])
def test_a_forged_or_vanished_kept_scan_is_refused(
    client: Client, world: World, file_storage: Path, tamper: str
) -> None:
    login_official(client, world.desk())
    first = intake_post(world, applicant_name="", **{doc(world, "file"): scan()})
    page = html(client.post(intake_url(world), first))
    token = kept_token(page, world)
    if tamper == "forged":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif tamper == "swap-user":
        login_official(client, add_official("desk.two", "reception_officer", world.centre))
    else:
        StoredFile.objects.all().delete()
    response = client.post(intake_url(world), intake_post(world, **{doc(world, "kept"): token}))
    assert response.status_code == 422
    assert "The file attached before is no longer available. Attach it again." in html(response)
    assert Dossier.objects.count() == 0
