# SPDX-License-Identifier: EUPL-1.2
"""Draft services: start, steps, upload slots, and submission exactly once per key."""

import io
from collections.abc import Iterator

import pytest
from django.test import override_settings
from django.utils import translation

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role
from motcua.core.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from motcua.documents.models import StoredFile
from motcua.dossiers.lifecycle import Channel, Status
from motcua.dossiers.models import Dossier
from motcua.orgunits.models import OrgUnit, UnitKind
from motcua.submissions import services
from motcua.submissions.errors import DraftChanged, IdempotencyConflict
from motcua.submissions.models import DraftDocument, DraftStep, SubmissionDraft
from motcua.testing.builders import VALID_FORM, World, add_procedure

from .support import PDF, PNG, ready_draft, start_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are checked in English (the source language)."""
    with translation.override("en"):
        yield


def test_start_locks_the_name_and_id_number_to_the_account(world: World) -> None:
    world.citizen_a.phone = "0912 345 678"
    world.citizen_a.save()
    draft = start_draft(world)
    assert draft.owner == world.citizen_a
    assert draft.step_reached == DraftStep.APPLICANT
    assert draft.applicant_phone == "0912345678"
    assert draft.applicant_data == {"full_name": "Trần Văn An", "id_number": "079088001234"}
    assert draft.idempotency_key is not None
    assert draft.dossier is None


def test_start_ignores_registry_keys_the_schema_does_not_have(world: World) -> None:
    draft = services.draft_start(
        actor=world.applicant(),
        version=world.version,
        where=services.Where(receiving_unit=world.centre),
        registry_keys={"nope": "name", "purpose": "phone"},
    )
    assert draft.registry_keys == {}
    assert draft.applicant_data == {}


def test_a_level_1_citizen_cannot_start(world: World) -> None:
    world.citizen_a.eid_level = 1
    world.citizen_a.save()
    with pytest.raises(PermissionDenied) as error:
        start_draft(world)
    assert "level 2" in str(error.value.message)
    assert not SubmissionDraft.objects.exists()


def test_only_an_applicant_starts_a_draft(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.draft_start(
            actor=world.desk(), version=world.version, where=services.Where(world.centre)
        )
    assert not SubmissionDraft.objects.exists()


def test_the_centre_must_be_one_that_receives_online(world: World) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.draft_start(
            actor=world.applicant(),
            version=world.version,
            where=services.Where(receiving_unit=world.commune),  # not a centre
        )
    assert list(error.value.details["errors"]) == ["receiving_unit"]
    other_province = OrgUnit.objects.create(
        code="H98", kind=UnitKind.PROVINCE, name="Other province"
    )
    with pytest.raises(ValidationFailed) as error:
        services.draft_start(
            actor=world.applicant(),
            version=world.version,
            where=services.Where(world.centre, competent_unit=other_province),
        )
    assert list(error.value.details["errors"]) == ["competent_unit"]
    assert not SubmissionDraft.objects.exists()


def test_a_procedure_not_online_cannot_be_started(world: World) -> None:
    offline = add_procedure("1.000001", channels=["in_person"], online_level="none")
    with pytest.raises(ValidationFailed) as error:
        services.draft_start(actor=world.applicant(), version=offline, where=services.Where(
            world.centre))  # fmt: skip
    assert list(error.value.details["errors"]) == ["procedure"]


def test_a_provincial_procedure_goes_to_the_provincial_centre(world: World) -> None:
    version = add_procedure(
        "1.000002", competent_unit_kind="department", competent_department="STP",
        boundary_free=False, level="province",
    )  # fmt: skip
    with pytest.raises(ValidationFailed):
        services.draft_start(actor=world.applicant(), version=version, where=services.Where(
            world.centre))  # fmt: skip
    draft = services.draft_start(
        actor=world.applicant(), version=version, where=services.Where(world.org.province_centre)
    )
    assert draft.receiving_unit == world.org.province_centre


def test_contact_step_validates_and_advances(world: World) -> None:
    draft = start_draft(world)
    actor = world.applicant()
    with pytest.raises(ValidationFailed) as error:
        services.draft_save_step(
            draft, actor=actor, data=services.Contact(phone="abc", email="not-an-email")
        )
    assert set(error.value.details["errors"]) == {"phone", "email"}
    assert SubmissionDraft.objects.get(pk=draft.pk).step_reached == DraftStep.APPLICANT
    services.draft_save_step(
        draft, actor=actor, data=services.Contact(phone="091.234.5678", address=" 1  Lê Lợi ")
    )
    saved = SubmissionDraft.objects.get(pk=draft.pk)
    assert (saved.applicant_phone, saved.applicant_address) == ("0912345678", "1 Lê Lợi")
    assert saved.step_reached == DraftStep.FORM


def test_the_form_step_keeps_the_account_name_and_id_whatever_is_sent(world: World) -> None:
    draft = start_draft(world)
    forged = {**VALID_FORM, "full_name": "Kẻ Mạo Danh", "id_number": "001122334455"}
    services.draft_save_step(
        draft, actor=world.applicant(), data=services.ApplicationForm(applicant_data=forged)
    )
    saved = SubmissionDraft.objects.get(pk=draft.pk)
    assert saved.applicant_data["full_name"] == "Trần Văn An"
    assert saved.applicant_data["id_number"] == "079088001234"
    assert saved.step_reached == DraftStep.DOCUMENTS


def test_an_invalid_form_is_refused_and_an_unfinished_one_saved(world: World) -> None:
    draft = start_draft(world)
    actor = world.applicant()
    with pytest.raises(ValidationFailed) as error:
        services.draft_save_step(
            draft, actor=actor, data=services.ApplicationForm(applicant_data={})
        )
    assert "birth_date" in error.value.details["errors"]
    services.draft_save_step(
        draft,
        actor=actor,
        data=services.ApplicationForm(applicant_data={"purpose": "other"}, complete=False),
    )
    saved = SubmissionDraft.objects.get(pk=draft.pk)
    assert saved.applicant_data == {
        "purpose": "other", "full_name": "Trần Văn An", "id_number": "079088001234"
    }  # fmt: skip
    assert saved.step_reached == DraftStep.APPLICANT  # not beyond what was reached


def test_saving_an_unfinished_form_after_review_reopens_the_form(world: World) -> None:
    draft = ready_draft(world)
    services.draft_save_step(
        draft, actor=world.applicant(), data=services.ApplicationForm(complete=False)
    )
    assert SubmissionDraft.objects.get(pk=draft.pk).step_reached == DraftStep.FORM


def test_another_citizen_cannot_touch_the_draft(world: World) -> None:
    draft = start_draft(world)
    intruder = world.applicant(world.citizen_b)
    with pytest.raises(NotFound):
        services.draft_save_step(draft, actor=intruder, data=services.Contact(phone="0987654321"))
    with pytest.raises(NotFound):
        services.draft_attach(
            draft, actor=intruder, requirement_id=world.version.requirements.get().pk,
            stream=io.BytesIO(PDF), content_type="application/pdf", filename="x.pdf",
        )  # fmt: skip
    with pytest.raises(NotFound):
        services.draft_submit(
            draft, actor=intruder, idempotency_key=draft.idempotency_key, declaration=True
        )
    assert SubmissionDraft.objects.get(pk=draft.pk).applicant_phone == ""
    assert not DraftDocument.objects.exists()
    assert not Dossier.objects.exists()


def test_attach_fills_and_replaces_one_slot(world: World) -> None:
    draft = start_draft(world)
    requirement = world.version.requirements.get()
    actor = world.applicant()
    services.draft_attach(
        draft, actor=actor, requirement_id=requirement.pk, stream=io.BytesIO(PDF),
        content_type="application/pdf", filename="C:\\scans\\to\u202ekhai.pdf",
    )  # fmt: skip
    services.draft_attach(
        draft, actor=actor, requirement_id=requirement.pk, stream=io.BytesIO(PNG),
        content_type="image/png", filename="anh\x00.png",
    )  # fmt: skip
    document = DraftDocument.objects.get()
    assert (document.requirement, document.filename) == (requirement, "anh.png")
    assert document.file.content_type == "image/png"
    services.draft_remove_document(draft, actor=actor, requirement_id=requirement.pk)
    assert not DraftDocument.objects.exists()


@pytest.mark.parametrize(
    ("content", "content_type", "message"),
    [
        (b"", "application/pdf", "The file is empty."),
        (b"MZ\x90\x00", "application/x-msdownload", "Attach a PDF, JPEG or PNG file."),
        (PDF + b"x" * (1024 * 1024), "application/pdf", "The file is larger than 1 MB."),
    ],
)
@override_settings(MOTCUA_UPLOAD_MAX_MB=1)
def test_attach_refuses_bad_files_and_stores_nothing(
    world: World, content: bytes, content_type: str, message: str
) -> None:
    draft = start_draft(world)
    requirement = world.version.requirements.get()
    with pytest.raises(ValidationFailed) as error:
        services.draft_attach(
            draft, actor=world.applicant(), requirement_id=requirement.pk,
            stream=io.BytesIO(content), content_type=content_type, filename="x",
        )  # fmt: skip
    assert error.value.details["errors"] == {f"requirement-{requirement.pk}": [message]}
    assert not StoredFile.objects.exists()
    assert not DraftDocument.objects.exists()


def test_attach_to_a_requirement_of_another_procedure_is_not_found(world: World) -> None:
    other = add_procedure("1.000003")
    draft = start_draft(world)
    with pytest.raises(NotFound):
        services.draft_attach(
            draft, actor=world.applicant(), requirement_id=other.requirements.get().pk,
            stream=io.BytesIO(PDF), content_type="application/pdf", filename="x.pdf",
        )  # fmt: skip


def test_documents_step_needs_every_mandatory_slot(world: World) -> None:
    draft = start_draft(world)
    requirement = world.version.requirements.get()
    with pytest.raises(ValidationFailed) as error:
        services.draft_save_step(draft, actor=world.applicant(), data=services.DocumentsDone())
    assert error.value.details["errors"] == {
        f"requirement-{requirement.pk}": [f"Attach “{requirement.name}”."]
    }


def test_removing_a_mandatory_file_after_review_reopens_the_documents(world: World) -> None:
    draft = ready_draft(world)
    assert draft.step_reached == DraftStep.REVIEW
    services.draft_remove_document(
        draft, actor=world.applicant(), requirement_id=world.version.requirements.get().pk
    )
    assert SubmissionDraft.objects.get(pk=draft.pk).step_reached == DraftStep.DOCUMENTS


def test_submit_creates_one_online_dossier_owned_by_the_citizen(world: World) -> None:
    draft = ready_draft(world)
    dossier = services.draft_submit(
        draft, actor=world.applicant(), idempotency_key=draft.idempotency_key, declaration=True
    )
    assert dossier.channel == Channel.ONLINE
    assert dossier.status == Status.SUBMITTED
    assert dossier.owner == world.citizen_a
    assert (dossier.applicant_name, dossier.applicant_id_number) == ("Trần Văn An", "079088001234")
    assert dossier.applicant_phone == "0912345678"
    assert dossier.receiving_unit == world.centre and dossier.competent_unit == world.commune
    assert dossier.applicant_data == {**VALID_FORM}
    (document,) = dossier.documents.all()
    assert document.requirement == world.version.requirements.get()
    assert document.file is not None and document.filename == "to-khai.pdf"
    saved = SubmissionDraft.objects.get(pk=draft.pk)
    assert saved.dossier == dossier and saved.submitted_at is not None
    assert saved.submitted_fingerprint == services.draft_fingerprint(saved)


def test_the_same_key_returns_the_same_dossier(world: World) -> None:
    draft = ready_draft(world)
    actor = world.applicant()
    first = services.draft_submit(
        draft, actor=actor, idempotency_key=draft.idempotency_key, declaration=True
    )
    stale = SubmissionDraft.objects.get(pk=draft.pk)
    stale.dossier = None  # a request that loaded the draft before the first one committed
    again = services.draft_submit(
        stale, actor=actor, idempotency_key=str(draft.idempotency_key), declaration=True
    )
    reloaded = SubmissionDraft.objects.get(pk=draft.pk)
    replay = services.draft_submit(
        reloaded, actor=actor, idempotency_key=draft.idempotency_key, declaration=True
    )
    assert first == again == replay
    assert Dossier.objects.count() == 1


def test_the_same_key_with_a_different_body_is_a_conflict(world: World) -> None:
    draft = ready_draft(world)
    actor = world.applicant()
    services.draft_submit(
        draft, actor=actor, idempotency_key=draft.idempotency_key, declaration=True
    )
    changed = {**VALID_FORM, "birth_date": "1990-01-01"}
    SubmissionDraft.objects.filter(pk=draft.pk).update(applicant_data=changed)
    with pytest.raises(IdempotencyConflict) as error:
        services.draft_submit(
            SubmissionDraft.objects.get(pk=draft.pk),
            actor=actor,
            idempotency_key=draft.idempotency_key,
            declaration=True,
        )
    assert error.value.http_status == 409
    with pytest.raises(IdempotencyConflict):
        services.draft_submit(
            SubmissionDraft.objects.get(pk=draft.pk), actor=actor,
            idempotency_key=draft.idempotency_key, declaration=True, reviewed="0" * 64,
        )  # fmt: skip
    assert Dossier.objects.count() == 1


def test_a_draft_changed_since_the_review_is_not_submitted(world: World) -> None:
    draft = ready_draft(world)
    reviewed = services.draft_fingerprint(draft)
    services.draft_save_step(
        draft, actor=world.applicant(), data=services.Contact(phone="0987654321")
    )
    with pytest.raises(DraftChanged):
        services.draft_submit(
            draft, actor=world.applicant(), idempotency_key=draft.idempotency_key,
            declaration=True, reviewed=reviewed,
        )  # fmt: skip
    assert not Dossier.objects.exists()


def test_submit_needs_the_declaration_the_documents_and_the_right_key(world: World) -> None:
    draft = ready_draft(world)
    actor = world.applicant()
    with pytest.raises(ValidationFailed) as error:
        services.draft_submit(
            draft, actor=actor, idempotency_key=draft.idempotency_key, declaration=False
        )
    assert list(error.value.details["errors"]) == ["declaration"]
    with pytest.raises(IdempotencyConflict):
        services.draft_submit(draft, actor=actor, idempotency_key="0" * 32, declaration=True)
    DraftDocument.objects.all().delete()
    with pytest.raises(ValidationFailed) as error:
        services.draft_submit(
            draft, actor=actor, idempotency_key=draft.idempotency_key, declaration=True
        )
    assert list(error.value.details["errors"]) == [
        f"requirement-{world.version.requirements.get().pk}"
    ]
    assert not Dossier.objects.exists()


def test_a_failed_submission_leaves_the_key_free(world: World) -> None:
    draft = ready_draft(world)
    world.citizen_a.eid_level = 1
    world.citizen_a.save()
    actor = world.applicant()
    with pytest.raises(PermissionDenied):
        services.draft_submit(
            draft, actor=actor, idempotency_key=draft.idempotency_key, declaration=True
        )
    saved = SubmissionDraft.objects.get(pk=draft.pk)
    assert (saved.dossier, saved.submitted_fingerprint) == (None, "")
    world.citizen_a.eid_level = 2
    world.citizen_a.save()
    dossier = services.draft_submit(
        saved, actor=world.applicant(), idempotency_key=draft.idempotency_key, declaration=True
    )
    assert Dossier.objects.get() == dossier


def test_a_submitted_draft_cannot_change(world: World) -> None:
    draft = ready_draft(world)
    actor = world.applicant()
    services.draft_submit(
        draft, actor=actor, idempotency_key=draft.idempotency_key, declaration=True
    )
    requirement = world.version.requirements.get()
    stale = SubmissionDraft.objects.get(pk=draft.pk)
    stale.dossier = None
    with pytest.raises(TransitionNotAllowed):
        services.draft_save_step(stale, actor=actor, data=services.Contact(phone="0987654321"))
    with pytest.raises(TransitionNotAllowed):
        services.draft_remove_document(stale, actor=actor, requirement_id=requirement.pk)
    with pytest.raises(TransitionNotAllowed):
        services.draft_attach(
            stale, actor=actor, requirement_id=requirement.pk, stream=io.BytesIO(PNG),
            content_type="image/png", filename="late.png",
        )  # fmt: skip
    saved = SubmissionDraft.objects.get(pk=draft.pk)
    assert saved.applicant_phone == "0912345678"
    assert DraftDocument.objects.get().filename == "to-khai.pdf"


def test_an_official_cannot_submit_a_citizen_draft(world: World) -> None:
    draft = ready_draft(world)
    desk = world.desk()
    officer_as_applicant = Actor(desk.user, Role.APPLICANT, None)
    with pytest.raises(NotFound):
        services.draft_submit(
            draft, actor=officer_as_applicant, idempotency_key=draft.idempotency_key,
            declaration=True,
        )  # fmt: skip
    assert not Dossier.objects.exists()
