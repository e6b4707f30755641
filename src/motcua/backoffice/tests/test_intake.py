# SPDX-License-Identifier: EUPL-1.2
"""Counter intake pages: the procedure picker, access, and the three decisions of the desk.

Helpers here (English URLs, a complete POST, scans, a temporary file store) are shared with
the other ``test_intake_*`` modules.
"""

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from motcua.accounts.models import Role
from motcua.core import clock
from motcua.documents.models import StoredFile
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.dossiers.tests.lifecycle_support import MONDAY
from motcua.testing.builders import World, add_procedure

from .support import login_official

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
FORM_NAME = "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"


def en(name: str, **kwargs: Any) -> str:
    """A back-office URL in English, so messages compare with their English source."""
    with translation.override("en"):
        return reverse(f"backoffice:{name}", kwargs=kwargs or None)


def intake_url(world: World) -> str:
    return en("intake_form", version_id=world.version.pk)


def scan(name: str = "to-khai.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def intake_post(world: World, decision: str = "receive", **overrides: Any) -> dict[str, Any]:
    """A complete counter intake of the world's procedure (the original of R1 seen)."""
    requirement = world.version.requirements.get()
    data: dict[str, Any] = {
        "channel": "counter",
        "competent_unit": world.commune.pk,
        "applicant_kind": "individual",
        "applicant_name": "Trần Văn An",
        "applicant_id_number": "079088001234",
        "applicant_phone": "0912 345 678",
        "applicant_email": "an@example.vn",
        "applicant_address": "12 Lê Lợi, Phường An Bình",
        "data-full_name": "Trần Văn An",
        "data-id_number": "079088001234",
        "data-birth_date": "02/05/1988",
        "data-purpose": "marriage",
        f"doc-{requirement.pk}-original": "on",
        f"doc-{requirement.pk}-copies": "0",
        "missing_notes": "",
        "reason": "",
        "decision": decision,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def doc(world: World, part: str) -> str:
    return f"doc-{world.version.requirements.get().pk}-{part}"


@pytest.fixture
def file_storage(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """Scans go to a temporary folder."""
    location = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    yield location


@pytest.fixture
def desk(client: Client, world: World) -> Client:
    login_official(client, world.desk())
    return client


@pytest.fixture
def monday() -> Iterator[None]:
    with clock.frozen_at(MONDAY):
        yield


def html(response: Any) -> str:
    return str(response.content.decode())


# -- picking the procedure ------------------------------------------------------------------------


def test_search_ignores_accents_and_links_to_the_intake_page(desk: Client, world: World) -> None:
    response = desk.get(en("intake"), {"q": "xac nhan tinh trang hon nhan"})
    assert response.status_code == 200
    page = html(response)
    assert f'href="{intake_url(world)}"' in page
    assert "Certification of marital status" in page
    assert "1 procedure found" in page


def test_search_without_match_says_so(desk: Client) -> None:
    response = desk.get(en("intake"), {"q": "giay phep xay dung"})
    assert (response.status_code, "0 procedures found" in html(response)) == (200, True)


def test_without_a_query_every_procedure_is_listed_by_field(desk: Client, world: World) -> None:
    page = html(desk.get(en("intake")))
    assert "Civil status (1)" in page
    assert f'href="{intake_url(world)}"' in page


def test_a_procedure_another_centre_must_receive_is_not_offered(desk: Client, world: World) -> None:
    other = add_procedure(
        "1.000894",
        name_vi="Đăng ký kết hôn",
        name_en="Marriage registration",
        boundary_free=False,
        competent_unit_kind="department",
        competent_department="STP",
    )
    page = html(desk.get(en("intake"), {"q": "ket hon"}))
    assert en("intake_form", version_id=other.pk) not in page
    assert desk.get(en("intake_form", version_id=other.pk)).status_code == 404


# -- access ---------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client: Client, world: World) -> None:
    for url in (en("intake"), intake_url(world)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(en("login"))


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.DEPARTMENT_HEAD])
def test_other_roles_get_a_403_page_and_create_nothing(
    client: Client, world: World, role: str
) -> None:
    login_official(client, world.processing(role))
    assert client.get(en("intake")).status_code == 403
    response = client.get(intake_url(world))
    assert response.status_code == 403
    assert "Counter intake is for reception officers" in html(response)
    assert client.post(intake_url(world), intake_post(world)).status_code == 403
    assert Dossier.objects.count() == 0


def test_a_version_not_in_force_is_not_found(desk: Client, world: World) -> None:
    world.version.effective_to = world.version.effective_from
    world.version.save(update_fields=["effective_to"])
    assert desk.get(intake_url(world)).status_code == 404


# -- the page -------------------------------------------------------------------------------------


def test_the_page_has_every_part_of_the_intake(desk: Client, world: World) -> None:
    response = desk.get(intake_url(world))
    assert response.status_code == 200
    page = html(response)
    requirement = world.version.requirements.get()
    for piece in (
        'name="applicant_name"',
        'name="data-birth_date"',
        '<option value="marriage">marriage</option>',
        f'name="doc-{requirement.pk}-original"',
        f'name="doc-{requirement.pk}-file"',
        FORM_NAME,
        'value="postal"',
        f'<option value="{world.commune.pk}" selected>',
        'value="receive"',
        'value="request_completion"',
        'value="refuse"',
        'enctype="multipart/form-data"',
    ):
        assert piece in page, piece
    assert 'name="receiving_unit"' not in page


def test_a_complete_dossier_is_received_with_its_checklist_and_scan(
    desk: Client, world: World, file_storage: Path, monday: None
) -> None:
    data = intake_post(world, **{doc(world, "copies"): "1", doc(world, "file"): scan()})
    response = desk.post(intake_url(world), data)
    d = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == en("dossier", pk=d.pk)
    assert (d.status, d.channel, d.receiving_unit, d.competent_unit, d.tracking_book_line) == (
        "received",
        "counter",
        world.centre,
        world.commune,
        1,
    )
    assert (d.applicant_name, d.applicant_id_number, d.applicant_address) == (
        "Trần Văn An",
        "079088001234",
        "12 Lê Lợi, Phường An Bình",
    )
    assert d.applicant_data == {
        "full_name": "Trần Văn An",
        "id_number": "079088001234",
        "birth_date": "1988-05-02",
        "purpose": "marriage",
    }
    document = DossierDocument.objects.get(dossier=d)
    stored = StoredFile.objects.get()
    assert (document.original_seen, document.copies, document.file, document.filename) == (
        True,
        1,
        stored,
        "to-khai.pdf",
    )
    assert (stored.sha256, stored.content_type) == (
        hashlib.sha256(PDF).hexdigest(),
        "application/pdf",
    )
    assert (file_storage / stored.storage_name).read_bytes() == PDF
    [message] = list(get_messages(response.wsgi_request))
    with translation.override("en"):
        due = formats.date_format(timezone.localtime(d.due_at), "SHORT_DATETIME_FORMAT")
    assert f"Dossier {d.code} received. Promised date: {due}." in str(message)


def test_an_incomplete_dossier_cannot_be_received_and_nothing_is_lost(
    desk: Client, world: World
) -> None:
    data = intake_post(world, **{doc(world, "original"): None})
    response = desk.post(intake_url(world), data)
    assert response.status_code == 422
    page = html(response)
    assert f"Missing: {FORM_NAME}" in page
    assert f'href="#{doc(world, "original")}"' in page
    for typed in (
        'value="12 Lê Lợi, Phường An Bình"',
        'value="02/05/1988"',
        'value="0912 345 678"',
    ):
        assert typed in page, typed
    assert '<option value="marriage" selected>' in page
    assert (Dossier.objects.count(), DossierEvent.objects.count()) == (0, 0)


def test_missing_documents_show_at_once_with_the_other_errors(desk: Client, world: World) -> None:
    data = intake_post(world, applicant_name="", **{doc(world, "original"): None})
    page = html(desk.post(intake_url(world), data))
    assert 'href="#applicant_name">Enter the applicant’s name.' in page
    assert f'href="#{doc(world, "original")}">Missing: {FORM_NAME}' in page
    assert Dossier.objects.count() == 0


def test_completion_request_lists_every_missing_item(
    desk: Client, world: World, monday: None
) -> None:
    data = intake_post(
        world,
        "request_completion",
        missing_notes="Ảnh 4x6\n\n Bản sao sổ hộ khẩu ",
        **{doc(world, "original"): None},
    )
    response = desk.post(intake_url(world), data)
    d = Dossier.objects.get()
    assert (response.status_code, d.status) == (302, "awaiting_completion")
    event = d.events.get(sequence=2)
    assert event.data == {
        "missing": [FORM_NAME, "Ảnh 4x6", "Bản sao sổ hộ khẩu"],
        "form": "supplement_request",
    }
    assert DossierDocument.objects.count() == 0
    [message] = list(get_messages(response.wsgi_request))
    assert f"Dossier {d.code}: the applicant is asked to complete it." in str(message)


def test_completion_request_with_nothing_missing_asks_for_the_items(
    desk: Client, world: World
) -> None:
    response = desk.post(intake_url(world), intake_post(world, "request_completion"))
    assert response.status_code == 422
    assert 'href="#missing_notes">List every missing or incorrect item.' in html(response)
    assert Dossier.objects.count() == 0


def test_refusal_needs_the_legal_reason(desk: Client, world: World) -> None:
    response = desk.post(intake_url(world), intake_post(world, "refuse"))
    assert response.status_code == 422
    assert 'href="#reason">A reason is required.' in html(response)
    assert Dossier.objects.count() == 0
    reason = "Không thuộc thẩm quyền giải quyết (Điều 9 Nghị định 118/2025/NĐ-CP)"
    response = desk.post(intake_url(world), intake_post(world, "refuse", reason=reason))
    d = Dossier.objects.get()
    assert (response.status_code, d.status, d.events.get(sequence=2).reason) == (
        302,
        "not_accepted",
        reason,
    )
    [message] = list(get_messages(response.wsgi_request))
    assert f"Reception of dossier {d.code} refused." in str(message)


NO_APPLICATION_FORM = {"data-full_name": "", "data-id_number": "", "data-birth_date": ""}


@pytest.mark.parametrize("decision", ["refuse", "request_completion"])
def test_refusal_and_completion_need_no_finished_application_form(
    desk: Client, world: World, decision: str
) -> None:
    data = intake_post(world, decision, reason="Không thuộc thẩm quyền", **NO_APPLICATION_FORM)
    data[doc(world, "original")] = ""
    data["data-purpose"] = "other"
    assert desk.post(intake_url(world), data).status_code == 302
    d = Dossier.objects.get()
    assert (d.status, d.applicant_data) == (
        {"refuse": "not_accepted", "request_completion": "awaiting_completion"}[decision],
        {"purpose": "other"},
    )


def test_an_unfinished_application_form_is_still_checked_for_format(
    desk: Client, world: World
) -> None:
    data = intake_post(world, "refuse", reason="Không thuộc thẩm quyền", **NO_APPLICATION_FORM)
    data["data-birth_date"] = "1988-13-45"
    response = desk.post(intake_url(world), data)
    assert response.status_code == 422
    assert 'href="#data-birth_date">Enter a valid date.' in html(response)
    assert 'href="#data-full_name">' not in html(response)
    assert Dossier.objects.count() == 0


def test_enter_in_a_field_only_checks_the_form(desk: Client, world: World) -> None:
    response = desk.post(intake_url(world), intake_post(world, ""))
    assert response.status_code == 422
    assert 'href="#decision">Choose what to do with the dossier.' in html(response)
    assert Dossier.objects.count() == 0


def test_field_errors_of_the_form_and_of_the_procedure_link_to_their_fields(
    desk: Client, world: World
) -> None:
    data = intake_post(
        world,
        applicant_id_number="12345",
        **{"data-id_number": "12AB", "data-birth_date": "31/02/1988", "data-full_name": ""},
    )
    response = desk.post(intake_url(world), data)
    page = html(response)
    assert response.status_code == 422
    assert 'href="#applicant_id_number">Enter the 12-digit personal identification number.' in page
    assert 'href="#data-id_number">The format is not valid.' in page
    assert 'href="#data-birth_date">Enter a valid date.' in page
    assert 'href="#data-full_name">Enter “Họ và tên”.' in page
    assert 'value="12AB"' in page and 'value="31/02/1988"' in page
    assert Dossier.objects.count() == 0


def test_postal_intake_and_a_chosen_competent_commune(
    desk: Client, world: World, monday: None
) -> None:
    other = world.org.communes[2]
    desk.post(intake_url(world), intake_post(world, channel="postal", competent_unit=other.pk))
    d = Dossier.objects.get()
    assert (d.channel, d.competent_unit, d.receiving_unit, d.status) == (
        "postal",
        other,
        world.centre,
        "received",
    )


def test_a_unit_of_another_kind_cannot_be_chosen_as_competent(desk: Client, world: World) -> None:
    response = desk.post(intake_url(world), intake_post(world, competent_unit=world.centre.pk))
    assert response.status_code == 422
    assert 'href="#competent_unit">' in html(response)
    assert Dossier.objects.count() == 0


def test_receiving_unit_status_and_owner_in_the_post_are_ignored(
    desk: Client, world: World, monday: None
) -> None:
    other_centre = world.org.commune_centres[1]
    data = intake_post(
        world,
        receiving_unit=other_centre.pk,
        status="returned",
        owner=world.citizen_b.pk,
        tracking_book_line="999",
    )
    assert desk.post(intake_url(world), data).status_code == 302
    d = Dossier.objects.get()
    assert (d.receiving_unit, d.status, d.owner, d.tracking_book_line) == (
        world.centre,
        "received",
        None,
        1,
    )


# -- finding the applicant ------------------------------------------------------------------------


def test_lookup_prefills_from_the_latest_dossier_at_this_desk(
    desk: Client, world: World, monday: None
) -> None:
    desk.post(
        intake_url(world),
        intake_post(
            world,
            applicant_id_number="079111222333",
            applicant_name="Phạm Thị Cúc",
            applicant_address="5 Trần Phú",
        ),
    )
    response = desk.get(intake_url(world), {"lookup": "079111222333"})
    page = html(response)
    assert response.status_code == 200
    assert 'value="Phạm Thị Cúc"' in page and 'value="5 Trần Phú"' in page
    assert "Applicant found" in page


def test_lookup_prefills_the_name_of_the_citizen_account(desk: Client, world: World) -> None:
    page = html(desk.get(intake_url(world), {"lookup": world.citizen_b.national_id}))
    assert 'value="Lê Thị Bình"' in page
    assert f'value="{world.citizen_b.national_id}"' in page


def test_lookup_does_not_reveal_applicants_of_another_unit(
    client: Client, world: World, monday: None
) -> None:
    other_centre = world.org.commune_centres[1]
    login_official(client, world.desk(other_centre))
    other_url = en("intake_form", version_id=world.version.pk)
    data = intake_post(
        world,
        applicant_id_number="079444555666",
        applicant_name="Đỗ Văn Kín",
        applicant_address="99 Ngõ Kín",
        competent_unit=world.org.communes[1].pk,
    )
    assert client.post(other_url, data).status_code == 302
    login_official(client, world.desk())
    page = html(client.get(intake_url(world), {"lookup": "079444555666"}))
    assert "Đỗ Văn Kín" not in page and "99 Ngõ Kín" not in page
    assert "No applicant with this ID number is known here" in page
    assert 'value="079444555666"' in page


def test_a_malformed_lookup_is_an_error_not_a_search(desk: Client, world: World) -> None:
    response = desk.get(intake_url(world), {"lookup": "' OR 1=1 --"})
    assert response.status_code == 200
    assert 'href="#lookup">Enter an ID number of at most 20 letters or digits.' in html(response)
