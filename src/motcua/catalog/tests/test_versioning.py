# SPDX-License-Identifier: EUPL-1.2
"""Versioning services: a draft is a deep copy, only drafts change, publishing never touches a
running dossier, and only catalog editors may do any of it."""

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Model
from django.utils import translation

from motcua.accounts.actors import SYSTEM_ACTOR, Actor
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.catalog import services
from motcua.catalog.models import (
    Procedure,
    ProcedureVersion,
    ProcessingStep,
    TimeLimit,
    VersionStatus,
)
from motcua.catalog.permissions import catalog_actor, catalog_rights
from motcua.catalog.selectors import version_in_force
from motcua.core import clock
from motcua.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from motcua.dossiers import services as dossier_services
from motcua.dossiers.lifecycle import Status
from motcua.orgunits.models import OrgUnit
from motcua.testing.builders import (
    World,
    add_official,
    add_procedure,
    catalog_document,
    procedure_document,
    submit_dossier,
)

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=VN)  # no holiday that week
TUESDAY = datetime(2026, 3, 10, 9, 0, tzinfo=VN)
PARTS = ("requirements", "time_limits", "fees", "steps")


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with clock.frozen_at(MONDAY), translation.override("en"):
        yield


def editor(unit: OrgUnit, role: str = Role.SYSTEM_ADMIN, name: str = "sysadmin") -> Actor:
    return add_official(name, role, unit)


def row(obj: Model, *skip: str) -> dict[str, Any]:
    """Every stored value of a row except its id, its version and ``skip``."""
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.attname not in ("version_id", *skip)
    }


def parts(version: ProcedureVersion) -> dict[str, list[dict[str, Any]]]:
    return {part: [row(r) for r in getattr(version, part).order_by("pk")] for part in PARTS}


def rich_version() -> ProcedureVersion:
    """A published procedure with several rows of every part."""
    return add_procedure(
        "1.000200",
        requirements=[
            {"code": "R1", "name_vi": "Tờ khai", "originals": 1, "copies": 0, "mandatory": True},
            {"code": "R2", "name_vi": "Giấy tờ", "name_en": "Paper", "originals": 0,
             "copies": 2, "mandatory": False, "template": "mau-01.docx",
             "reusable_document_type": "birth_certificate", "note_vi": "Bản sao"},
        ],
        time_limits=[
            {"channel": "", "amount": "3", "unit": "working_days", "extended_amount": "5"},
            {"channel": "online", "amount": "2.5", "unit": "working_days"},
        ],
        fees=[
            {"code": "F1", "kind": "fee", "name_vi": "Lệ phí", "amount_vnd": 5000},
            {"code": "F1", "kind": "fee", "name_vi": "Lệ phí", "amount_vnd": 2500,
             "channel": "online", "legal_basis": "TT 85/2019"},
        ],
        legal_basis=["Luật Hộ tịch", "Nghị định 123/2015"],
    )  # fmt: skip


# -- drafts ---------------------------------------------------------------------------------------


def test_a_new_draft_is_a_deep_and_exact_copy(world: World) -> None:
    source = rich_version()
    draft = services.procedure_version_new_draft(version=source, actor=editor(world.org.province))
    draft.refresh_from_db()
    assert (draft.number, draft.status, draft.effective_to) == (2, VersionStatus.DRAFT, None)
    assert draft.effective_from == date(2026, 3, 9)  # today: v1 took effect long ago
    same = ("number", "status", "effective_from", "effective_to")
    assert row(draft, *same) == row(source, *same)
    assert parts(draft) == parts(source)
    assert [len(rows) for rows in parts(draft).values()] == [2, 2, 2, 6]
    assert not set(draft.steps.values_list("pk", flat=True)) & set(
        source.steps.values_list("pk", flat=True)
    )
    # the copy is independent: changing it leaves the published version alone
    draft.requirements.filter(code="R2").update(copies=9)
    assert source.requirements.get(code="R2").copies == 2


def test_a_draft_starts_the_day_after_a_version_that_takes_effect_later() -> None:
    add_procedure("1.000201", effective_from="2026-04-01")
    v1 = ProcedureVersion.objects.get(procedure__national_code="1.000201")
    draft = services.procedure_version_new_draft(version=v1, actor=SYSTEM_ACTOR)
    assert draft.effective_from == date(2026, 4, 2)


def test_only_one_draft_per_procedure(world: World) -> None:
    actor = editor(world.org.province)
    services.procedure_version_new_draft(version=world.version, actor=actor)
    with pytest.raises(ValidationFailed) as raised:
        services.procedure_version_new_draft(version=world.version, actor=actor)
    assert raised.value.details == {
        "errors": {
            "status": [
                "Version 2 of this procedure is already a draft: publish or delete it first."
            ]
        }
    }
    assert world.version.procedure.versions.count() == 2
    # a version created from scratch is refused the same way
    fresh = ProcedureVersion(**row(world.version, "search_text"))
    fresh.procedure_id = world.version.procedure_id
    with pytest.raises(ValidationFailed):
        services.procedure_draft_save(version=fresh, actor=actor)
    assert world.version.procedure.versions.count() == 2


def test_only_drafts_change_or_go(world: World) -> None:
    actor = editor(world.org.province)
    published = ProcedureVersion.objects.get(pk=world.version.pk)
    published.name = "Đổi tên"
    with pytest.raises(TransitionNotAllowed):
        services.procedure_draft_save(version=published, actor=actor)
    with pytest.raises(TransitionNotAllowed):
        services.procedure_draft_delete(version=published, actor=actor)
    with pytest.raises(TransitionNotAllowed):
        services.procedure_draft_publish(version=published, actor=actor)
    world.version.refresh_from_db()
    assert (world.version.name, world.version.status) == (
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        VersionStatus.PUBLISHED,
    )


def test_saving_a_draft_keeps_its_number_and_status_and_refreshes_search(world: World) -> None:
    actor = editor(world.org.province)
    draft = services.procedure_version_new_draft(version=world.version, actor=actor)
    draft.name, draft.number, draft.status = "Xác nhận độc thân", 7, VersionStatus.PUBLISHED
    services.procedure_draft_save(version=draft, actor=actor)
    draft.refresh_from_db()
    assert (draft.number, draft.status, draft.name) == (2, VersionStatus.DRAFT, "Xác nhận độc thân")
    assert draft.search_text.startswith("xac nhan doc than ")
    services.procedure_draft_delete(version=draft, actor=actor)
    assert list(world.version.procedure.versions.values_list("number", flat=True)) == [1]


# -- publication ----------------------------------------------------------------------------------


def test_publishing_ends_the_previous_version(world: World) -> None:
    actor = editor(world.org.province)
    draft = services.procedure_version_new_draft(version=world.version, actor=actor)
    draft.effective_from = date(2026, 3, 10)
    services.procedure_draft_save(version=draft, actor=actor)
    services.procedure_draft_publish(version=draft, actor=actor)
    world.version.refresh_from_db()
    draft.refresh_from_db()
    assert (draft.status, draft.effective_to) == (VersionStatus.PUBLISHED, None)
    assert world.version.effective_to == date(2026, 3, 10)
    assert version_in_force("1.004873", date(2026, 3, 9)) == world.version
    assert version_in_force("1.004873", date(2026, 3, 10)) == draft


def test_publishing_needs_a_later_date_and_the_import_rules(world: World) -> None:
    actor = editor(world.org.province)
    draft = services.procedure_version_new_draft(version=world.version, actor=actor)
    draft.effective_from = date(2025, 7, 1)  # the day version 1 took effect
    draft.competent_unit_kind = "department"
    services.procedure_draft_save(version=draft, actor=actor)
    draft.steps.filter(order=3).update(share=Decimal(2))
    with pytest.raises(ValidationFailed) as raised:
        services.procedure_draft_publish(version=draft, actor=actor)
    assert str(raised.value.message) == "Version 2 of 1.004873 cannot be published."
    assert raised.value.details == {
        "errors": {
            "effective_from": [
                "The effective date must be later than 2025-07-01, when version 1 took effect."
            ],
            "content": [
                "competent_department is required for a department",
                "step shares add up to 32 working hours, the limit is 24",
            ],
        }
    }
    draft.refresh_from_db()
    world.version.refresh_from_db()
    assert (draft.status, world.version.effective_to) == (VersionStatus.DRAFT, None)


def test_publishing_needs_a_general_time_limit(world: World) -> None:
    actor = editor(world.org.province)
    draft = services.procedure_version_new_draft(version=world.version, actor=actor)
    draft.time_limits.update(channel="online")
    with pytest.raises(ValidationFailed) as raised:
        services.procedure_draft_publish(version=draft, actor=actor)
    assert raised.value.details["errors"] == {
        "content": ['time_limits needs a row for every channel (channel "")']
    }
    assert ProcedureVersion.objects.get(pk=draft.pk).status == VersionStatus.DRAFT


# -- running dossiers -----------------------------------------------------------------------------


def step_rows(version: ProcedureVersion) -> list[tuple[int, str, str, Decimal, str]]:
    return list(version.steps.values_list("order", "name", "role", "share", "share_unit"))


def test_publishing_a_new_version_never_changes_a_running_dossier(world: World) -> None:
    # given a dossier in progress under version 1 (3 working days)
    dossier = world.dossier_in(Status.IN_PROGRESS)
    v1 = world.version
    kept = ("due_at", "original_due_at", "current_step", "current_unit_id", "procedure_version_id",
            "version", "status")  # fmt: skip
    before = {name: getattr(dossier, name) for name in kept}
    v1_steps, v1_limits = step_rows(v1), list(v1.time_limits.values_list("amount", "unit"))
    # when an administrator publishes version 2 (1 working day, two steps) from Tuesday
    actor = editor(world.org.province)
    v2 = services.procedure_version_new_draft(version=v1, actor=actor)
    v2.effective_from = date(2026, 3, 10)
    services.procedure_draft_save(version=v2, actor=actor)
    TimeLimit.objects.filter(version=v2).update(amount=Decimal(1), extended_amount=None)
    v2.steps.exclude(order__in=(1, 4, 6)).delete()
    ProcessingStep.objects.filter(version=v2, order=4).update(order=2, name="Ký duyệt nhanh")
    ProcessingStep.objects.filter(version=v2, order=6).update(order=3)
    v2 = services.procedure_draft_publish(version=v2, actor=actor)
    # then the running dossier is untouched: same version, promised date, step and row version
    dossier.refresh_from_db()
    assert {name: getattr(dossier, name) for name in kept} == before
    assert dossier.due_at == datetime(2026, 3, 12, 17, 0, tzinfo=VN)  # 3 working days of v1
    assert step_rows(dossier.procedure_version) == v1_steps
    assert list(dossier.procedure_version.time_limits.values_list("amount", "unit")) == v1_limits
    assert len(step_rows(v2)) == 3
    # and it carries on along version 1's steps
    dossier = world.apply(dossier, "assign")
    assert (dossier.procedure_version_id, dossier.current_step) == (v1.pk, 3)
    # while new submissions from Tuesday use version 2 and its 1-working-day limit
    v1.refresh_from_db()
    assert v1.effective_to == date(2026, 3, 10)
    with clock.frozen_at(TUESDAY):
        assert version_in_force("1.004873", TUESDAY.date()) == v2
        with pytest.raises(ValidationFailed):
            submit_dossier(world, version=v1)
        new = submit_dossier(world, version=v2)
        new = dossier_services.dossier_receive(new, actor=world.desk())
    assert new.procedure_version_id == v2.pk
    assert new.due_at == datetime(2026, 3, 11, 17, 0, tzinfo=VN)


def test_import_compares_with_the_published_version_and_leaves_a_draft_alone(
    world: World,
) -> None:
    draft = services.procedure_version_new_draft(version=world.version, actor=SYSTEM_ACTOR)
    document = catalog_document(procedure_document())
    assert services.catalog_import(document).unchanged == ["1.004873"]
    changed = procedure_document(effective_from="2026-03-10", sets=2)
    assert services.catalog_import(catalog_document(changed)).created == ["1.004873"]
    versions = ProcedureVersion.objects.filter(procedure=world.version.procedure)
    assert list(versions.order_by("number").values_list("number", "status")) == [
        (1, VersionStatus.PUBLISHED),
        (2, VersionStatus.DRAFT),
        (3, VersionStatus.PUBLISHED),
    ]
    assert ProcedureVersion.objects.get(pk=draft.pk).sets == 1


# -- who may --------------------------------------------------------------------------------------


def test_unit_admins_of_provincial_units_edit_the_catalog(world: World) -> None:
    department = world.org.departments["STP"]
    dept_admin = editor(department, Role.UNIT_ADMIN, "stp.admin")
    draft = services.procedure_version_new_draft(version=world.version, actor=dept_admin)
    assert draft.number == 2
    assert catalog_rights(dept_admin.user) == catalog_rights(User.objects.get(username="admin"))


@pytest.mark.parametrize("who", ["commune_admin", "forged", "specialist", "inactive"])
def test_others_may_not_edit_the_catalog(world: World, who: str) -> None:
    if who == "commune_admin":
        actor = editor(world.commune, Role.UNIT_ADMIN, "commune.admin")
    elif who == "forged":
        user = User.objects.create(username="nobody")
        actor = Actor(user, Role.SYSTEM_ADMIN, world.org.province)
    elif who == "specialist":
        actor = world.processing(Role.SPECIALIST)
    else:
        actor = editor(world.org.province)
        assert actor.user is not None
        User.objects.filter(pk=actor.user.pk).update(is_active=False)
        actor.user.refresh_from_db()
    before = ProcedureVersion.objects.count(), Procedure.objects.count()
    with pytest.raises(PermissionDenied):
        services.procedure_version_new_draft(version=world.version, actor=actor)
    with pytest.raises(PermissionDenied):
        services.procedure_save(procedure=Procedure(national_code="1.999999"), actor=actor)
    assert (ProcedureVersion.objects.count(), Procedure.objects.count()) == before


def test_the_catalog_actor_is_the_strongest_editing_assignment(world: World) -> None:
    commune_admin = editor(world.commune, Role.UNIT_ADMIN, "two.hats")
    assert commune_admin.user is not None
    with pytest.raises(PermissionDenied):
        catalog_actor(commune_admin.user)
    RoleAssignment.objects.create(
        user=commune_admin.user, role=Role.UNIT_ADMIN, unit=world.org.province_centre
    )
    RoleAssignment.objects.create(
        user=commune_admin.user, role=Role.SYSTEM_ADMIN, unit=world.org.province
    )
    assert catalog_actor(commune_admin.user) == Actor(
        commune_admin.user, Role.SYSTEM_ADMIN, world.org.province
    )
    superuser = User.objects.create(username="root", is_superuser=True)
    assert catalog_actor(superuser) == Actor(superuser, Role.SYSTEM_ADMIN, None)
