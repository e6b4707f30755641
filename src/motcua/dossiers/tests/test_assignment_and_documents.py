# SPDX-License-Identifier: EUPL-1.2
"""Assigning and claiming steps, sending back, the reception checklist and counter intake."""

import io

import pytest

from motcua.accounts.models import Role
from motcua.core import clock
from motcua.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from motcua.documents.services import file_store
from motcua.dossiers import services
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.dossiers.tests.lifecycle_support import MONDAY, denied, fresh
from motcua.testing.builders import VALID_FORM, World, add_official, submit_dossier

pytestmark = pytest.mark.django_db


def in_progress_at_specialist_step(world: World) -> Dossier:
    d = world.dossier_in(Status.IN_PROGRESS)  # at the head's step (2)
    return services.dossier_process_step(d, actor=world.processing(Role.DEPARTMENT_HEAD))


def test_head_assigns_the_step_to_a_specialist_of_the_unit(world: World) -> None:
    d = in_progress_at_specialist_step(world)
    specialist = world.processing(Role.SPECIALIST)
    d = services.dossier_assign(
        d, actor=world.processing(Role.DEPARTMENT_HEAD), assignee=specialist.user
    )
    assert (fresh(d).assignee_id, d.status, d.current_step) == (
        specialist.user_id,
        "in_progress",
        3,
    )
    event = d.events.get(sequence=d.version)
    assert (event.action, event.data) == (
        "assign",
        {"step": 3, "assignee_id": specialist.user_id, "assignee": str(specialist.user)},
    )


def test_specialist_claims_but_cannot_assign_others(world: World) -> None:
    d = in_progress_at_specialist_step(world)
    specialist = world.processing(Role.SPECIALIST)
    colleague = add_official("specialist.two", Role.SPECIALIST, world.commune)
    denied(
        lambda: services.dossier_assign(d, actor=specialist, assignee=colleague.user),
        d,
        PermissionDenied,
    )
    d = services.dossier_assign(d, actor=specialist)
    assert fresh(d).assignee_id == specialist.user_id
    denied(lambda: services.dossier_assign(d, actor=specialist), d, TransitionNotAllowed)


def test_assignee_must_hold_the_step_role_in_the_unit(world: World) -> None:
    d = in_progress_at_specialist_step(world)
    elsewhere = world.official(Role.SPECIALIST, world.org.communes[1])
    error = denied(
        lambda: services.dossier_assign(
            d, actor=world.processing(Role.DEPARTMENT_HEAD), assignee=elsewhere.user
        ),
        d,
        ValidationFailed,
    )
    assert list(error.details["errors"]) == ["assignee"]


def test_claim_of_another_roles_step_is_refused(world: World) -> None:
    d = in_progress_at_specialist_step(world)
    denied(
        lambda: services.dossier_assign(d, actor=world.processing(Role.CLERK)),
        d,
        TransitionNotAllowed,
    )


def test_send_back_returns_to_the_previous_step_and_its_handler(world: World) -> None:
    d = in_progress_at_specialist_step(world)
    specialist = world.processing(Role.SPECIALIST)
    d = services.dossier_process_step(d, actor=specialist, note="Đủ điều kiện")
    assert (d.current_step, d.assignee_id) == (4, None)
    leader = world.processing(Role.SIGNING_LEADER)
    d = services.dossier_send_back(d, actor=leader, reason="Thẩm định lại mục 2")
    row = fresh(d)
    assert (row.current_step, row.assignee_id, row.status) == (3, specialist.user_id, "in_progress")
    event = DossierEvent.objects.get(dossier=d, sequence=d.version)
    assert (event.action, event.reason, event.data["to_step"]) == (
        "send_back",
        "Thẩm định lại mục 2",
        3,
    )


def test_send_back_from_the_first_unit_step_is_refused(world: World) -> None:
    d = world.dossier_in(Status.IN_PROGRESS)
    denied(
        lambda: services.dossier_send_back(
            d, actor=world.processing(Role.DEPARTMENT_HEAD), reason="Xem lại"
        ),
        d,
        TransitionNotAllowed,
    )


def test_process_step_hands_the_next_step_to_a_named_official(world: World) -> None:
    d = world.dossier_in(Status.IN_PROGRESS)
    specialist = world.processing(Role.SPECIALIST)
    d = services.dossier_process_step(
        d, actor=world.processing(Role.DEPARTMENT_HEAD), assignee=specialist.user
    )
    assert fresh(d).assignee_id == specialist.user_id


def test_incomplete_dossier_cannot_be_received(world: World) -> None:
    d = submit_dossier(world, actor=world.desk(), documents=[])
    error = denied(lambda: services.dossier_receive(d, actor=world.desk()), d, ValidationFailed)
    assert error.details["errors"] == {
        "documents": ["Còn thiếu: Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"]
    }
    assert DossierDocument.objects.filter(dossier=d).count() == 0


def test_the_desk_checklist_completes_the_dossier_at_reception(world: World) -> None:
    d = submit_dossier(world, actor=world.desk(), documents=[])
    requirement = world.version.requirements.get()
    scan = file_store(io.BytesIO(b"%PDF-1.4 scan"), content_type="application/pdf")
    check = services.DocumentCheck(
        requirement_id=requirement.pk, original_seen=True, file=scan, filename="to-khai.pdf"
    )
    d = services.dossier_receive(d, actor=world.desk(), documents=[check])
    document = DossierDocument.objects.get(dossier=d)
    assert (document.name, document.original_seen, document.file_id, document.added_in_event) == (
        requirement.name,
        True,
        scan.pk,
        2,
    )


def test_a_document_of_another_procedure_is_refused(world: World) -> None:
    d = submit_dossier(world, actor=world.desk(), documents=[])
    check = services.DocumentCheck(requirement_id=999_999, copies=1)
    denied(
        lambda: services.dossier_receive(d, actor=world.desk(), documents=[check]),
        d,
        ValidationFailed,
    )


def test_tracking_book_lines_follow_each_other_per_unit_and_year(world: World) -> None:
    with clock.frozen_at(MONDAY):
        lines = [
            services.dossier_receive(world.submit(), actor=world.desk()).tracking_book_line
            for _ in range(3)
        ]
        other_centre = world.org.commune_centres[1]
        other = submit_dossier(world, actor=world.desk(other_centre), receiving_unit=other_centre)
        other = services.dossier_receive(other, actor=world.desk(other_centre))
    assert (lines, other.tracking_book_line) == ([1, 2, 3], 1)


def counter_intake(world: World, decision: str, **overrides: object) -> Dossier:
    arguments: dict[str, object] = {
        "procedure_version": world.version,
        "receiving_unit": world.centre,
        "applicant": services.Applicant(name="Trần Văn An", id_number="079088001234"),
        "applicant_data": dict(VALID_FORM),
        "documents": [],
        "decision": decision,
        "actor": world.desk(),
        "competent_unit": world.commune,
        **overrides,
    }
    with clock.frozen_at(MONDAY):
        return services.dossier_counter_intake(**arguments)  # type: ignore[arg-type]


def test_counter_intake_of_a_complete_dossier_receives_it(world: World) -> None:
    requirement = world.version.requirements.get()
    d = counter_intake(
        world,
        "receive",
        documents=[services.DocumentCheck(requirement_id=requirement.pk, original_seen=True)],
    )
    assert (d.status, d.channel, d.version, d.tracking_book_line) == ("received", "counter", 2, 1)


def test_counter_intake_cannot_receive_an_incomplete_dossier_and_leaves_nothing(
    world: World,
) -> None:
    with pytest.raises(ValidationFailed):
        counter_intake(world, "receive")
    assert (Dossier.objects.count(), DossierEvent.objects.count()) == (0, 0)


def test_counter_intake_completion_request_lists_every_missing_item(world: World) -> None:
    d = counter_intake(world, "request_completion", missing_notes=["Ảnh 4x6"])
    event = d.events.get(sequence=2)
    assert (d.status, event.data["missing"], event.data["form"]) == (
        "awaiting_completion",
        ["Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", "Ảnh 4x6"],
        "supplement_request",
    )


def test_counter_refusal_needs_the_legal_reason(world: World) -> None:
    with pytest.raises(ValidationFailed):
        counter_intake(world, "refuse")
    assert Dossier.objects.count() == 0
    d = counter_intake(world, "refuse", reason="Không thuộc thẩm quyền (Điều 9 NĐ 118/2025)")
    assert (d.status, d.events.get(sequence=2).data) == ("not_accepted", {"form": "refusal"})


def test_unknown_counter_decision_is_refused(world: World) -> None:
    with pytest.raises(ValidationFailed):
        counter_intake(world, "archive")
    assert Dossier.objects.count() == 0


def test_forward_to_a_coordinating_unit_carries_its_share_of_time(world: World) -> None:
    with clock.frozen_at(MONDAY):
        d = world.dossier_in(Status.IN_PROGRESS)
        d = services.dossier_forward(
            d,
            actor=world.processing(Role.DEPARTMENT_HEAD),
            to_unit=world.org.departments["STP"],
            reason="Lấy ý kiến phối hợp",
            share_days=2,
        )
    event = d.events.get(sequence=d.version)
    assert (event.data["share_days"], event.data["handover_due"]) == (2, "2026-03-11")
    assert fresh(d).current_unit_id == world.org.departments["STP"].pk


def test_a_refusal_at_the_counter_needs_no_finished_form(world: World) -> None:
    d = counter_intake(world, "refuse", applicant_data={}, reason="Ngoài thẩm quyền")
    assert (d.status, d.applicant_data) == ("not_accepted", {})


def test_an_unfinished_form_cannot_be_received(world: World) -> None:
    d = counter_intake(world, "request_completion", applicant_data={"full_name": "Trần Văn An"})
    d = services.dossier_supplement(d, actor=world.desk(), note="Đã bổ sung giấy tờ")
    requirement = world.version.requirements.get()
    check = services.DocumentCheck(requirement_id=requirement.pk, original_seen=True)
    error = denied(
        lambda: services.dossier_receive(d, actor=world.desk(), documents=[check]),
        d,
        ValidationFailed,
    )
    assert sorted(error.details["errors"]) == ["birth_date", "id_number"]


def test_current_role_follows_the_internal_steps(world: World) -> None:
    d = world.submit()
    roles = [d.current_role]
    for step in ("receive", "forward", "assign", "appraise", "approve", "issue"):
        d = world.apply(d, step)
        roles.append(Dossier.objects.get(pk=d.pk).current_role)
    d = world.apply(d, "return")
    assert roles == [
        "reception_officer",  # 1: desk
        "reception_officer",  # still at the desk after reception
        "department_head",  # 2: assigns
        "specialist",  # 3: appraises
        "signing_leader",  # 4: signs
        "clerk",  # 5: registers the result
        "reception_officer",  # 6: the desk returns it
    ]


def test_send_back_restores_the_previous_steps_role(world: World) -> None:
    d = in_progress_at_specialist_step(world)
    d = services.dossier_process_step(d, actor=world.processing(Role.SPECIALIST))
    d = services.dossier_send_back(d, actor=world.processing(Role.SIGNING_LEADER), reason="Xem lại")
    assert Dossier.objects.get(pk=d.pk).current_role == "specialist"
