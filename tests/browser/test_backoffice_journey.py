# SPDX-License-Identifier: EUPL-1.2
"""Issue 4 "done when": one dossier walked through the back office in a real browser.

Counter intake → hand-over → assignment → supplement round trip → forward to a coordinating
unit and back → apology with a new date → appraisal → signature → result → return at the
counter; forms 01–06 downloaded and read with pdftotext; the tracking book opened with
openpyxl; axe-core run on every page visited. A refusal (form 03) and a stop (form 05) come
from two more dossiers. Time is fixed (time-machine moves the whole process, live server
included) so the promised dates are exact.
"""

import io
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.testing.builders import World, build_world

from .conftest import AxeChecker

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime(2026, 3, 9, 8, 30, tzinfo=VN)  # no holiday in the following weeks
PASSWORD = "correct horse battery staple 2026"
TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238 test key (hex)


def pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        Path(file.name).write_bytes(data)
        return subprocess.run(  # noqa: S603
            ["pdftotext", "-layout", file.name, "-"],  # noqa: S607
            check=True,
            capture_output=True,
            text=True,
        ).stdout


class Officials:
    """One logged-in browser context per official, through the real login and TOTP pages."""

    def __init__(self, browser: Browser, base_url: str, axe: AxeChecker) -> None:
        self.browser = browser
        self.base_url = base_url
        self.axe = axe
        self.pages: dict[str, Page] = {}

    def page(self, actor: Actor) -> Page:
        assert actor.user is not None
        key = f"{actor.user.username}/{actor.role}/{actor.unit_id}"
        if key not in self.pages:
            user = actor.user
            user.set_password(PASSWORD)
            user.save()
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(
                user=user, name="phone", key=TOTP_KEY, confirmed=True
            )
            page = self.browser.new_context(locale="vi-VN").new_page()
            page.goto(f"{self.base_url}/backoffice/")
            self.check(page, "login")
            page.fill("#username", user.username)
            page.fill("#password", PASSWORD)
            page.locator("main form button[type=submit]").first.click()
            self.check(page, "otp")
            page.fill("#code", f"{totp(device.bin_key):06d}")
            page.locator("main form button[type=submit]").first.click()
            if "/capacity/" in page.url:
                page.locator(f"input[name=capacity][value='{self._assignment(actor)}']").check()
                page.locator("main form button[type=submit]").first.click()
            assert "/login" not in page.url, page.url
            self.pages[key] = page
        return self.pages[key]

    @staticmethod
    def _assignment(actor: Actor) -> int:
        assert actor.user is not None
        return actor.user.role_assignments.get(role=actor.role, unit=actor.unit).pk

    def check(self, page: Page, name: str) -> None:
        self.axe.check(page, name)

    def open_dossier(self, actor: Actor, dossier: Dossier) -> Page:
        page = self.page(actor)
        page.goto(f"{self.base_url}/backoffice/dossiers/{dossier.pk}/")
        self.check(page, f"dossier as {actor.role}")
        return page


def act(page: Page, action: str, *, fill: dict[str, str] | None = None,
        select: dict[str, str] | None = None, check: tuple[str, ...] = ()) -> None:  # fmt: skip
    """Open the action's panel on the dossier page, fill its form, submit it."""
    selector = f'form[action$="/actions/{action}/"]'
    page.locator(f"details:has({selector})").evaluate("details => { details.open = true; }")
    form = page.locator(selector)
    for name, value in (fill or {}).items():
        form.locator(f'[name="{name}"]').fill(value)
    for name, value in (select or {}).items():
        form.locator(f'select[name="{name}"]').select_option(value)
    for selector_ in check:
        form.locator(selector_).check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def download(page: Page, base_url: str, path: str) -> bytes:
    response = page.request.get(f"{base_url}{path}")
    assert response.status == 200, (path, response.status)
    return response.body()


def status_of(dossier: Dossier) -> str:
    return Dossier.objects.get(pk=dossier.pk).status


@pytest.mark.django_db(transaction=True)
@override_settings(SESSION_EXPIRE_AT_BROWSER_CLOSE=True)
def test_a_dossier_walks_through_the_whole_back_office(
    live_server: object, browser: Browser, axe: AxeChecker
) -> None:
    with time_machine.travel(MONDAY, tick=True):
        world = build_world()
        base = str(live_server.url)  # type: ignore[attr-defined]
        officials = Officials(browser, base, axe)
        run_journey(world, officials, base)
        run_refusal_and_stop(world, officials, base)
    assert axe.violations == {}, axe.violations
    assert axe.pages >= 12


def run_journey(world: World, officials: Officials, base: str) -> None:
    desk = world.desk()
    head = world.processing(Role.DEPARTMENT_HEAD)
    specialist = world.processing(Role.SPECIALIST)
    leader = world.processing(Role.SIGNING_LEADER)
    clerk = world.processing(Role.CLERK)
    coordinating_unit = world.org.departments["STP"]
    coordinating_head = world.official(Role.DEPARTMENT_HEAD, coordinating_unit)

    # counter intake: find the procedure without accents, fill the form, tick the checklist
    page = officials.page(desk)
    page.goto(f"{base}/backoffice/intake/?q=xac+nhan+tinh+trang+hon+nhan")
    officials.check(page, "intake search")
    page.locator(f'a[href$="/intake/{world.version.pk}/"]').first.click()
    officials.check(page, "intake form")
    intake = page.locator("main form[method=post]").last
    intake.locator('[name="applicant_name"]').fill("Nguyễn Thị Hoa")
    intake.locator('[name="applicant_id_number"]').fill("079190001122")
    intake.locator('[name="applicant_phone"]').fill("0912345678")
    for name, value in {"full_name": "Nguyễn Thị Hoa", "id_number": "079190001122",
                        "birth_date": "1990-04-15"}.items():  # fmt: skip
        page.locator(f'[name$="{name}"]').last.fill(value)
    requirement = world.version.requirements.get()
    page.locator(f'input[type=checkbox][name$="{requirement.pk}-original"]').check()
    page.locator("button[name=decision][value=receive]").click()
    page.wait_for_load_state()
    dossier = Dossier.objects.get(applicant_id_number="079190001122")
    assert dossier.status == Status.RECEIVED
    assert f"/backoffice/dossiers/{dossier.pk}/" in page.url
    officials.check(page, "dossier after intake")
    receipt = pdf_text(download(page, base, f"/backoffice/dossiers/{dossier.pk}/forms/2.pdf"))
    assert dossier.code in receipt
    assert "Nguyễn Thị Hoa" in receipt
    assert "12/03/2026" in receipt  # 3 working days after Monday 9 March

    # the desk hands it over; the head gives the appraisal to the specialist
    act(page, "forward")
    assert status_of(dossier) == Status.IN_PROGRESS
    page = officials.page(head)
    page.goto(f"{base}/backoffice/worklists/unit/")
    officials.check(page, "head worklist")
    assert dossier.code in page.content(), page.locator("main").inner_text()
    page = officials.open_dossier(head, dossier)
    act(page, "process_step", fill={"note": "Giao chuyên viên thẩm định"},
        select={"assignee": str(specialist.user_id)})  # fmt: skip
    assert Dossier.objects.get(pk=dossier.pk).assignee_id == specialist.user_id

    # supplement round trip through the desk (form 02), the clock pauses and resumes
    page = officials.page(specialist)
    page.goto(f"{base}/backoffice/worklists/mine/")
    officials.check(page, "specialist mine")
    assert dossier.code in page.content(), page.locator("main").inner_text()
    page = officials.open_dossier(specialist, dossier)
    act(page, "request_supplement", fill={"missing": "", "reason": ""})  # nothing typed: 422
    assert page.locator(".govuk-error-summary").count() == 1
    officials.check(page, "action refused with errors")
    act(page, "request_supplement",
        fill={"missing": "Bản sao Giấy khai sinh", "reason": "Cần đối chiếu năm sinh"})  # fmt: skip
    assert status_of(dossier) == Status.AWAITING_SUPPLEMENT
    request = pdf_text(download(page, base, f"/backoffice/dossiers/{dossier.pk}/forms/5.pdf"))
    assert "Bản sao Giấy khai sinh" in request
    page = officials.open_dossier(desk, dossier)
    page.locator(f'a[href$="/dossiers/{dossier.pk}/supplement/"]').click()
    officials.check(page, "supplement page")
    page.fill("#note", "Công dân đã nộp bản sao")
    page.locator("#supplement-form button[type=submit]").click()
    page.wait_for_load_state()
    assert status_of(dossier) == Status.IN_PROGRESS

    # forward to a coordinating unit with its share of the time, and back
    page = officials.open_dossier(head, dossier)
    act(page, "forward", select={"to_unit": str(coordinating_unit.pk)},
        fill={"share_days": "1", "reason": "Đề nghị phối hợp xác minh"})  # fmt: skip
    assert Dossier.objects.get(pk=dossier.pk).current_unit_id == coordinating_unit.pk
    page = officials.open_dossier(coordinating_head, dossier)
    act(page, "forward", select={"to_unit": str(world.commune.pk)},
        fill={"reason": "Đã có ý kiến phối hợp"})  # fmt: skip
    assert Dossier.objects.get(pk=dossier.pk).current_unit_id == world.commune.pk

    # the head's overdue report and the dossier in English
    page = officials.page(head)
    page.goto(f"{base}/backoffice/reports/overdue/")
    officials.check(page, "overdue report")
    page.goto(f"{base}/en/backoffice/dossiers/{dossier.pk}/")
    officials.check(page, "dossier in English")
    assert "Promised date" in page.content()

    # apology and a new promised date (form 04), at least a working day before the due date
    page = officials.open_dossier(head, dossier)
    act(page, "extend_deadline", fill={"new_due": "2026-03-16", "reason": "Chờ kết quả xác minh"})
    assert Dossier.objects.get(pk=dossier.pk).extensions != []
    sequence = Dossier.objects.get(pk=dossier.pk).version
    apology = pdf_text(
        download(page, base, f"/backoffice/dossiers/{dossier.pk}/forms/{sequence}.pdf")
    )
    assert "16/03/2026" in apology
    # the promised date before: Thu 12 March plus the supplement pause, counted in whole days
    assert "13/03/2026" in apology, apology

    # appraisal done, signature, result issued, returned at the counter
    page = officials.open_dossier(specialist, dossier)
    act(page, "process_step", fill={"note": "Đủ điều kiện"})
    page = officials.open_dossier(leader, dossier)
    act(page, "approve")
    assert status_of(dossier) == Status.PROCESSED
    page = officials.open_dossier(clerk, dossier)
    act(page, "issue_result", fill={"result_number": "15/GXN-UBND"})
    assert status_of(dossier) == Status.RESULT_READY
    page = officials.page(desk)
    page.goto(f"{base}/backoffice/worklists/results_to_return/")
    officials.check(page, "results to return")
    assert dossier.code in page.content()
    page = officials.open_dossier(desk, dossier)
    act(page, "return_result", fill={"receiver_name": "Nguyễn Thị Hoa",
                                     "receiver_id_number": "079190001122"},
        check=('[name="method"][value="counter"]',))  # fmt: skip
    assert status_of(dossier) == Status.RETURNED
    officials.check(page, "returned dossier")

    # control sheet (form 06): one row per hand-over with early / on time / late
    page.goto(f"{base}/backoffice/dossiers/{dossier.pk}/control-sheet/")
    officials.check(page, "control sheet")
    sheet = pdf_text(download(page, base, f"/backoffice/dossiers/{dossier.pk}/control-sheet.pdf"))
    assert dossier.code in sheet
    assert coordinating_unit.name.split()[0] in sheet

    # tracking book (form 07) for the day
    page.goto(f"{base}/backoffice/records/")
    officials.check(page, "records")
    book = download(
        page, base, "/backoffice/records/tracking-book.xlsx?from=2026-03-09&to=2026-03-09"
    )
    rows = list(
        openpyxl.load_workbook(io.BytesIO(book), read_only=True).active.iter_rows(values_only=True)
    )
    codes = [cell for row in rows for cell in row if cell == dossier.code]
    assert codes == [dossier.code]


def run_refusal_and_stop(world: World, officials: Officials, base: str) -> None:
    desk = world.desk()
    page = officials.page(desk)
    page.goto(f"{base}/backoffice/intake/{world.version.pk}/")
    page.locator('[name="applicant_name"]').fill("Lê Văn Tâm")
    page.locator('[name="applicant_id_number"]').fill("079085003344")
    page.locator('[name$="reason"]').last.fill("Không thuộc thẩm quyền của Ủy ban nhân dân xã")
    page.locator("button[name=decision][value=refuse]").click()
    page.wait_for_load_state()
    refused = Dossier.objects.get(applicant_id_number="079085003344")
    assert refused.status == Status.NOT_ACCEPTED
    refusal = pdf_text(download(page, base, f"/backoffice/dossiers/{refused.pk}/forms/2.pdf"))
    assert "Không thuộc thẩm quyền" in refusal

    stopped = world.dossier_in(Status.STOPPED)
    notice = pdf_text(
        download(page, base, f"/backoffice/dossiers/{stopped.pk}/forms/{stopped.version}.pdf")
    )
    assert stopped.code in notice
    assert "Người nộp rút hồ sơ" in notice
