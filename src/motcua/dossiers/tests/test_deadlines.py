# SPDX-License-Identifier: EUPL-1.2
"""Promised dates set at reception and moved by pauses, through the services."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.accounts.models import Role
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import catalog_import
from motcua.core import clock
from motcua.dossiers import services
from motcua.dossiers.deadlines import dossier_due, dossier_timeliness
from motcua.testing.builders import World, catalog_document, procedure_document

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0, month: int = 2) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=HCM)


def test_reception_before_tet_is_due_after_tet(world: World) -> None:
    dossier = world.submit(at=at(13, 9))
    with clock.frozen_at(at(13, 10)):
        dossier = services.dossier_receive(dossier, actor=world.desk())
    assert dossier.due_at == at(25, 17)  # 3 working days; Tết 16–20 Feb skipped
    assert dossier.original_due_at == dossier.due_at
    assert dossier.events.last().data == {  # type: ignore[union-attr]
        "due_at": "2026-02-25T10:00:00+00:00",
        "limit": "3.00 working_days",
        "tracking_book_line": 1,
        "form": "receipt",
    }


def test_longer_limit_of_a_same_day_procedure_is_in_working_days(world: World) -> None:
    catalog_import(
        catalog_document(
            procedure_document(
                national_code="1.000894",
                name_vi="Đăng ký kết hôn",
                time_limits=[
                    {"channel": "", "amount": "1", "unit": "same_day", "extended_amount": "5"}
                ],
                internal_steps=[
                    {
                        "order": 1,
                        "name_vi": "Tiếp nhận",
                        "role": "reception_officer",
                        "unit_kind": "one_stop_centre",
                        "share": "1",
                        "share_unit": "working_hours",
                    },
                    {
                        "order": 2,
                        "name_vi": "Giải quyết",
                        "role": "signing_leader",
                        "unit_kind": "competent_unit",
                        "share": "7",
                        "share_unit": "working_hours",
                    },
                ],
            )
        )
    )
    world.version = ProcedureVersion.objects.get(procedure__national_code="1.000894")
    same_day = world.submit(at=at(2, 8, month=3))
    other = world.submit(at=at(2, 8, month=3))
    with clock.frozen_at(at(2, 9, month=3)):
        same_day = services.dossier_receive(same_day, actor=world.desk())
        other = services.dossier_receive(
            other,
            actor=world.desk(),
            extended_limit=True,
            reason="Cần xác minh tình trạng hôn nhân",
        )
    assert same_day.due_at == at(2, 17, month=3)
    assert other.due_at == at(9, 17, month=3)  # Mon 2 Mar + 5 working days
    assert other.time_limit_unit == "working_days"


def test_supplement_pause_moves_the_promised_date_by_the_waiting_time(world: World) -> None:
    dossier = world.submit(at=at(2, 8, month=3))
    with clock.frozen_at(at(2, 9, month=3)):
        dossier = world.apply(world.apply(dossier, "receive"), "forward")
        dossier = world.apply(dossier, "assign")
    assert dossier.due_at == at(5, 17, month=3)
    with clock.frozen_at(at(3, 9, month=3)):
        dossier = world.apply(dossier, "supplement_request")
    assert dossier.is_paused
    assert dossier_due(dossier).paused
    with clock.frozen_at(at(5, 9, month=3)):  # two full working days later
        dossier = services.dossier_supplement(dossier, actor=world.applicant(), note="Đã nộp")
    assert not dossier.is_paused
    assert dossier.due_at == at(9, 17, month=3)  # Thu 5 → Mon 9 (weekend skipped)
    assert dossier.events.last().data == {  # type: ignore[union-attr]
        "note": "Đã nộp",
        "documents": 0,
        "due_before": "2026-03-05T10:00:00+00:00",
        "due_after": "2026-03-09T10:00:00+00:00",
    }
    assert world.processing(Role.SPECIALIST).unit == dossier.current_unit


def test_a_dossier_keeps_the_version_it_was_submitted_under(world: World) -> None:
    dossier = world.submit(at=at(2, 8, month=3))
    faster = procedure_document(
        effective_from="2026-03-02",
        time_limits=[{"channel": "", "amount": "1", "unit": "working_days"}],
        internal_steps=[
            {"order": 1, "name_vi": "Tiếp nhận", "role": "reception_officer",
             "unit_kind": "one_stop_centre", "share": "0.5", "share_unit": "working_days"},
            {"order": 2, "name_vi": "Ký", "role": "signing_leader",
             "unit_kind": "competent_unit", "share": "0.5", "share_unit": "working_days"},
        ],
    )  # fmt: skip
    assert catalog_import(catalog_document(faster)).created == ["1.004873"]
    with clock.frozen_at(at(2, 9, month=3)):
        dossier = services.dossier_receive(dossier, actor=world.desk())
    assert dossier.procedure_version.number == 1
    assert dossier.due_at == at(5, 17, month=3)  # 3 working days of version 1, not 1 of v2


@pytest.mark.parametrize(
    ("decided", "expected"),
    [(at(4, 10, month=3), "early"), (at(5, 16, month=3), "on_time"), (at(6, 8, month=3), "late")],
)
def test_timeliness_of_a_decided_dossier(world: World, decided: datetime, expected: str) -> None:
    dossier = world.submit(at=at(2, 8, month=3))
    assert dossier_timeliness(dossier) is None
    with clock.frozen_at(at(2, 9, month=3)):
        dossier = world.apply(world.apply(dossier, "receive"), "forward")
    assert dossier.due_at == at(5, 17, month=3)
    with clock.frozen_at(decided):
        for step in ("assign", "appraise", "approve"):
            dossier = world.apply(dossier, step)
    assert dossier_timeliness(dossier) == expected
