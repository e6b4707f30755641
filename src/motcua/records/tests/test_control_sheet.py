# SPDX-License-Identifier: EUPL-1.2
"""The control sheet (form 06): one row per hand-over, each step's due time, early/on time/late."""

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from motcua.accounts.models import Role
from motcua.core import clock
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.records.control_sheet import HandOver, Party, control_sheet
from motcua.records.forms import control_sheet_form, form_for_event, form_pdf
from motcua.records.tests.support import at, pdf_lines, pdf_text, when
from motcua.testing.builders import World, add_official

CENTRE = "Trung tâm Phục vụ hành chính công Phường An Bình"
COMMUNE = "UBND Phường An Bình"
RECEPTION = "Reception officer (one-stop desk)"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def run(world: World, d: Dossier, *steps: tuple[datetime, str]) -> Dossier:
    """Apply ``World.apply`` steps, each at its own time."""
    for moment, step in steps:
        d = when(moment, lambda d=d, step=step: world.apply(d, step))  # type: ignore[misc]
    return d


def returned(world: World) -> Dossier:
    """Received Monday 9 March 09:00 (3 working days: due Thursday 17:00), steps at set times."""
    d = world.submit(at=at(9, 8))
    return run(
        world,
        d,
        (at(9, 9), "receive"),
        (at(9, 10), "forward"),  # desk step 0.5 day from 09:00: due Monday 14:30
        (at(10, 9), "assign"),  # head step 0.5 day from Monday 10:00: due Monday 15:30
        (at(10, 15), "appraise"),  # specialist 1 day from Tuesday 09:00: due Wednesday 17:00
        (at(11, 9), "approve"),  # leader 0.5 day from Tuesday 15:00: due Wednesday 09:30
        (at(11, 14), "issue"),  # clerk 0.5 day from Wednesday 09:00: due Wednesday 14:30
        (at(12, 9), "return"),  # return: not counted
    )


def summary(row: HandOver) -> tuple[object, ...]:
    return (row.sequence, row.action, row.giver, row.receiver, row.step, row.due_at,
            row.timeliness)  # fmt: skip


def test_one_row_per_hand_over_with_the_steps_due_time_and_timeliness(world: World) -> None:
    d = returned(world)
    sheet = control_sheet(d)
    applicant = Party("Trần Văn An", "Applicant", "")
    desk = Party(world.desk().display, RECEPTION, CENTRE)
    head, specialist, leader, clerk = (
        world.processing(role).display
        for role in (Role.DEPARTMENT_HEAD, Role.SPECIALIST, Role.SIGNING_LEADER, Role.CLERK)
    )
    assert [summary(row) for row in sheet.rows] == [
        (2, "receive", applicant, desk, "Tiếp nhận hồ sơ", None, None),
        (3, "forward", desk, Party("", "", COMMUNE), "Tiếp nhận hồ sơ", at(9, 14, 30),
         "on_time"),
        (4, "process_step", Party(head, "Head of unit", COMMUNE),
         Party("", "Specialist", COMMUNE), "Phân công xử lý", at(9, 15, 30), "late"),
        (5, "process_step", Party(specialist, "Specialist", COMMUNE),
         Party("", "Signing leader", COMMUNE), "Thẩm định hồ sơ", at(11, 17), "early"),
        (6, "approve", Party(leader, "Signing leader", COMMUNE),
         Party("", "Clerk (issues and stamps results)", COMMUNE), "Ký duyệt", at(11, 9, 30),
         "on_time"),
        (7, "issue_result", Party(clerk, "Clerk (issues and stamps results)", COMMUNE),
         Party("", RECEPTION, CENTRE), "Vào sổ, đóng dấu", at(11, 14, 30), "on_time"),
        (8, "return_result", desk, applicant, "Trả kết quả", None, None),
    ]  # fmt: skip
    assert [row.not_counted for row in sheet.rows] == [False] * 6 + [True]
    assert sheet.rows[-1].note == "At the counter"
    assert sheet.rows[2].note == "Giao chuyên viên"
    # overall: decided Wednesday, promised Thursday 17:00
    assert (sheet.due_at, sheet.original_due_at, sheet.timeliness) == (at(12, 17), at(12, 17),
                                                                         "early")  # fmt: skip


def test_the_sheet_costs_a_few_queries_whatever_its_length(world: World) -> None:
    steps = [(at(9, 9), "receive"), (at(9, 10), "forward"), (at(9, 11), "assign"),
             (at(9, 13), "appraise"), (at(9, 14), "approve")]  # fmt: skip
    decided = run(world, world.submit(at=at(9, 8)), *steps)
    counts = []
    for d in (decided, returned(world)):
        with CaptureQueriesContext(connection) as queries:
            control_sheet(d)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] <= 8


def test_the_printed_control_sheet_shows_each_hand_over_and_the_overall_result(
    world: World,
) -> None:
    d = returned(world)
    with clock.frozen_at(at(13, 10)):
        form = control_sheet_form(d)
    pdf = form_pdf(form)
    text = pdf_text(pdf)
    for expected in [
        "Form 06 (Circular 03/2025/TT-VPCP)",
        "DOSSIER PROCESSING CONTROL SHEET",
        f"Dossier code {d.code}",
        "Applicant Trần Văn An",
        "Received at: 09:00 09/03/2026 · Promised date: 17:00 12/03/2026",
        "Overall: Early",
        "Issued on 13/03/2026",
    ]:
        assert expected in text
    assert re.findall(r"Early|On time|Late", text) == [
        "On time", "Late", "Early", "On time", "On time", "Early"
    ]  # fmt: skip
    assert text.count("not counted") == 1
    # each row's first printed line: number, time, giver, receiver, step, due, result
    lines = pdf_lines(pdf)
    for start, end in [
        ("1 09:00 Trần Văn An Cán bộ một cửa 2", "Tiếp nhận hồ sơ"),
        ("2 10:00 Cán bộ một cửa 2", "UBND Phường An Bình Tiếp nhận hồ sơ 14:30 On time"),
        ("3 09:00 ", "Specialist Phân công xử lý 15:30 Late Giao chuyên viên"),
        ("4 15:00 ", "Signing leader Thẩm định hồ sơ 17:00 Early"),
        ("5 09:00 ", "Ký duyệt 09:30 On time"),
        ("6 14:00 ", "Vào sổ, đóng dấu 14:30 On time"),
        ("7 09:00 Cán bộ một cửa 2 Trần Văn An", "Trả kết quả not At the counter"),
    ]:
        assert any(line.startswith(start) and line.endswith(end) for line in lines), start
    assert form.filename == f"{d.code}-mau-06-control-sheet.pdf"


def test_a_forward_prints_the_control_sheet(world: World) -> None:
    d = returned(world)
    forward = d.events.select_related("unit").get(action="forward")
    form = form_for_event(d, forward)
    assert (form.form_type, form.template_name) == ("control_sheet", "records/control_sheet.html")


def test_a_coordinating_unit_is_due_back_on_its_handover_day(world: World) -> None:
    d = run(world, world.submit(at=at(9, 8)), (at(9, 9), "receive"), (at(9, 10), "forward"))
    head = world.processing(Role.DEPARTMENT_HEAD)
    justice = world.org.departments["STP"]
    d = when(
        at(9, 11),
        lambda: services.dossier_forward(
            d, actor=head, to_unit=justice, reason="Xin ý kiến Sở Tư pháp", share_days=2
        ),
    )
    justice_head = world.processing(Role.DEPARTMENT_HEAD, justice)
    d = when(
        at(12, 9),
        lambda: services.dossier_forward(
            d, actor=justice_head, to_unit=world.commune, reason="Đã có ý kiến"
        ),
    )
    rows = control_sheet(d).rows
    assert [(r.action, r.unit, str(r.receiver), r.due_at, r.timeliness) for r in rows[2:]] == [
        ("forward", COMMUNE, "Sở Tư pháp", at(9, 15, 30), "on_time"),
        ("forward", "Sở Tư pháp", COMMUNE, at(11, 17), "late"),
    ]
    assert rows[2].note == "Xin ý kiến Sở Tư pháp"
    assert control_sheet(d).timeliness is None  # not decided yet


def test_a_supplement_pause_moves_the_steps_due_time(world: World) -> None:
    d = run(
        world,
        world.submit(at=at(9, 8)),
        (at(9, 9), "receive"),
        (at(9, 10), "forward"),
        (at(10, 9), "assign"),  # the specialist step (1 day) starts Tuesday 09:00
    )
    specialist = world.processing(Role.SPECIALIST)
    d = when(
        at(10, 10),
        lambda: services.dossier_request_supplement(
            d, actor=specialist, missing=["Bản sao"], reason="Thiếu bản sao"
        ),
    )
    d = when(at(11, 10), lambda: services.dossier_supplement(d, actor=world.applicant()))
    d = run(world, d, (at(12, 10), "appraise"))
    row = control_sheet(d).rows[-1]
    # 8 working hours paused (Tuesday 10:00 to Wednesday 10:00): due Thursday, not Wednesday
    assert (row.step, row.due_at, row.timeliness) == ("Thẩm định hồ sơ", at(12, 17), "on_time")


def test_assigning_another_official_is_a_row_and_claiming_is_not(world: World) -> None:
    d = run(
        world,
        world.submit(at=at(9, 8)),
        (at(9, 9), "receive"),
        (at(9, 10), "forward"),
        (at(9, 11), "assign"),
    )
    specialist = world.processing(Role.SPECIALIST)
    second = add_official("specialist.two", Role.SPECIALIST, world.commune)
    d = when(at(9, 13), lambda: services.dossier_assign(d, actor=specialist))
    head = world.processing(Role.DEPARTMENT_HEAD)
    d = when(at(9, 14), lambda: services.dossier_assign(d, actor=head, assignee=second.user))
    rows = control_sheet(d).rows
    assert [r.action for r in rows] == ["receive", "forward", "process_step", "assign"]
    assign = rows[-1]
    assert (assign.giver.name, assign.receiver, assign.due_at, assign.timeliness) == (
        head.display,
        Party("specialist.two", "Specialist", COMMUNE),
        None,
        None,
    )


def test_a_send_back_restarts_the_earlier_step(world: World) -> None:
    d = run(
        world,
        world.submit(at=at(9, 8)),
        (at(9, 9), "receive"),
        (at(9, 10), "forward"),
        (at(9, 11), "assign"),
        (at(10, 9), "appraise"),
    )
    leader = world.processing(Role.SIGNING_LEADER)
    d = when(
        at(10, 10),
        lambda: services.dossier_send_back(d, actor=leader, reason="Thẩm định lại"),
    )
    d = run(world, d, (at(12, 16), "appraise"))
    send_back, again = control_sheet(d).rows[-2:]
    assert (send_back.action, send_back.receiver, send_back.step, send_back.timeliness) == (
        "send_back",
        Party(world.processing(Role.SPECIALIST).display, "Specialist", COMMUNE),
        "Ký duyệt",
        "on_time",
    )
    # the specialist step restarts Tuesday 10:00: 1 working day, due Wednesday 17:00
    assert (again.step, again.due_at, again.timeliness) == ("Thẩm định hồ sơ", at(11, 17), "late")


def test_a_dossier_not_yet_received_has_an_empty_sheet(world: World) -> None:
    d = world.submit(at=at(9, 8))
    sheet = control_sheet(d)
    assert (sheet.rows, sheet.due_at, sheet.timeliness) == ([], None, None)
    text = pdf_text(form_pdf(control_sheet_form(d)))
    assert "No hand-over yet." in text and "Overall: not finished" in text
