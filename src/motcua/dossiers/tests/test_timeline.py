# SPDX-License-Identifier: EUPL-1.2
"""The dossier's history in words: officials see names, citizens see roles and units only."""

import pytest
from django.utils import translation

from motcua.accounts.models import Role
from motcua.core import clock
from motcua.dossiers import services
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.tests.lifecycle_support import MONDAY, at
from motcua.dossiers.timeline import dossier_timeline
from motcua.testing.builders import World

pytestmark = pytest.mark.django_db


def supplemented_dossier(world: World):  # type: ignore[no-untyped-def]
    with clock.frozen_at(MONDAY):
        d = world.dossier_in(Status.IN_PROGRESS)
        specialist = world.processing(Role.SPECIALIST)
        d = services.dossier_process_step(
            d, actor=world.processing(Role.DEPARTMENT_HEAD), assignee=specialist.user
        )
        d = services.dossier_request_supplement(
            d, actor=specialist, missing=["Bản sao Giấy khai sinh"], reason="Thiếu giấy tờ"
        )
    with clock.frozen_at(at(10, 9)):
        return services.dossier_supplement(d, actor=world.applicant(), note="Đã nộp")


def test_officials_read_every_step_with_names_steps_and_dates(world: World) -> None:
    d = supplemented_dossier(world)
    with translation.override("en"):
        entries = dossier_timeline(d)
    assert [e.title for e in entries] == [
        "Submitted",
        "Received at the desk",
        "Handed over",
        "Step completed",
        "Supplement requested",
        "Supplemented",
    ]
    step, request, answer = entries[3], entries[4], entries[5]
    specialist = world.processing(Role.SPECIALIST).user
    assert step.details == [
        "Step done: Phân công xử lý; next: Thẩm định hồ sơ",
        f"Handled by: {specialist}",
    ]
    assert step.actor.startswith(str(world.processing(Role.DEPARTMENT_HEAD).user))
    assert request.details == [
        "The clock is paused until the applicant answers.",
        "Missing: Bản sao Giấy khai sinh",
    ]
    assert request.reason == "Thiếu giấy tờ"
    assert answer.details == [
        "Promised date moved from 12/03/2026 17:00 to 13/03/2026 17:00",
        "Note: Đã nộp",
    ]
    assert entries[1].form == "receipt"


def test_citizens_see_roles_and_units_but_no_official_names(world: World) -> None:
    d = supplemented_dossier(world)
    with translation.override("en"):
        entries = dossier_timeline(d, for_citizen=True)
    head = world.processing(Role.DEPARTMENT_HEAD)
    assert entries[3].actor == f"Head of unit, {head.unit.name}"  # type: ignore[union-attr]
    assert entries[3].details == ["Step done: Phân công xử lý; next: Thẩm định hồ sơ"]
    text = " ".join(e.actor + " ".join(e.details) for e in entries)
    assert str(head.user) not in text
    assert str(world.processing(Role.SPECIALIST).user) not in text


def test_citizens_do_not_read_the_officials_internal_notes(world: World) -> None:
    with clock.frozen_at(MONDAY):
        d = world.dossier_in(Status.IN_PROGRESS)
        d = services.dossier_process_step(
            d, actor=world.processing(Role.DEPARTMENT_HEAD), note="Giao ông Khổng Minh Tú"
        )
        d = services.dossier_send_back(
            d, actor=world.processing(Role.SPECIALIST), reason="Ông Tú xem lại"
        )
    citizen_text = " ".join(
        f"{e.reason} {' '.join(e.details)}" for e in dossier_timeline(d, for_citizen=True)
    )
    official_text = " ".join(f"{e.reason} {' '.join(e.details)}" for e in dossier_timeline(d))
    assert "Tú" not in citizen_text
    assert "Giao ông Khổng Minh Tú" in official_text
    assert "Ông Tú xem lại" in official_text
