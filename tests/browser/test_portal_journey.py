# SPDX-License-Identifier: EUPL-1.2
"""Issue 5 "done when", in a real browser: a citizen finds a procedure, logs in through the
(demo) national e-ID over a real OpenID Connect round trip, submits online with a scan, answers
the supplement the unit asks for, and rates the service once the result is returned; the same
submission again with JavaScript switched off. axe-core runs on every portal page visited, and
the catalog and procedure pages' first-load weight is measured.

The officers' steps go through the back-office pages in the same browser.
A third test cuts the resumable (tus) upload's first transfer off and watches it resume.
"""

import gzip
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from playwright.sync_api import Browser, Page

from motcua.accounts.models import Role, User
from motcua.demo.people import DEMO_PASSWORD
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.feedback.models import Rating
from motcua.portal.eid import provider as eid_provider
from motcua.portal.eid_provider.setup import ensure_demo_client
from motcua.testing.builders import World, build_world

from .conftest import AxeChecker
from .test_backoffice_journey import Officials, act

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
CSS = Path(__file__).resolve().parents[2] / "src/motcua/static/vendor/govuk/motcua.css"
QUERY = "xac nhan tinh trang hon nhan"


def continue_(page: Page) -> None:
    """The page's main "Save and continue" (or only) button."""
    group = page.locator("main form .govuk-button-group button[value=continue]")
    button = (
        group.first
        if group.count()
        else page.locator(
            "main form button.govuk-button"
            ":not(.govuk-button--secondary):not(.govuk-visually-hidden)"
        ).last
    )
    button.click()
    page.wait_for_load_state()


def choose_the_first_options(page: Page) -> None:
    """Pick the first real option of every unanswered select and radio group of the form."""
    for select in page.locator("main form select").all():
        if not select.input_value():
            values = [o.get_attribute("value") for o in select.locator("option").all()]
            select.select_option(next(v for v in values if v))
    groups = {r.get_attribute("name") for r in page.locator("main form input[type=radio]").all()}
    for name in groups:
        radios = page.locator(f"main form input[type=radio][name='{name}']")
        if not any(r.is_checked() for r in radios.all()):
            radios.first.check()


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/eid-demo/" not in page.url, page.url


def wait_for_the_upload(page: Page, filename: str) -> None:
    """The resumable upload's status line says the file is uploaded."""
    page.wait_for_function(
        "name => [...document.querySelectorAll('[aria-live]')]"
        ".some(e => e.textContent.includes(name) && !e.textContent.includes('%'))",
        arg=filename,
        timeout=30_000,
    )


def cut_the_first_transfer(page: Page) -> list[str]:
    """Abort the first PATCH of every tus upload on ``page``; returns the methods seen."""
    methods: list[str] = []

    def route(request_route: Any) -> None:
        methods.append(request_route.request.method)
        if request_route.request.method == "PATCH" and methods.count("PATCH") == 1:
            request_route.abort("connectionreset")
        else:
            request_route.continue_()

    page.route("**/tai-len/**", route)
    return methods


def submit_online(
    page: Page,
    base: str,
    world: World,
    scan: Path,
    axe: AxeChecker | None,
    *,
    resumable: bool = False,
) -> Dossier:
    before = set(Dossier.objects.values_list("pk", flat=True))
    page.goto(f"{base}/nop-ho-so/{world.version.procedure.national_code}/")
    steps = ["start", "where", "applicant", "form", "documents"]
    for step in steps:
        if axe is not None:
            axe.check(page, f"submission: {step}")
        choose_the_first_options(page)
        birth_date = page.locator("main form input[name$=birth_date]")
        if birth_date.count():
            birth_date.fill("15/04/1990")
        for file_input in page.locator("input[type=file]").all():
            file_input.set_input_files(str(scan))
            if resumable:
                wait_for_the_upload(page, scan.name)
        continue_(page)
    assert page.locator("input[name=declaration]").count() == 1, (
        page.url,
        page.locator("main").inner_text()[:1500],
    )
    if axe is not None:
        axe.check(page, "submission: review")
    assert "5.000" in page.content()  # the fee is shown before submitting
    page.locator("input[name=declaration]").check()
    continue_(page)
    if axe is not None:
        axe.check(page, "submission: done")
    created = set(Dossier.objects.values_list("pk", flat=True)) - before
    assert len(created) == 1, page.url
    dossier = Dossier.objects.get(pk=created.pop())
    assert dossier.code in page.content()
    return dossier


@pytest.fixture
def portal(live_server: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    base = str(live_server.url)
    settings.MOTCUA_PUBLIC_URL = base
    settings.MOTCUA_EID_ISSUER = f"{base}/eid-demo/o"
    eid_provider.clear_cache()
    ensure_demo_client(base)
    world = build_world()
    citizen = User.objects.create(
        username="citizen.portal", password=make_password(DEMO_PASSWORD), eid_level=2,
        national_id="079199001111", full_name="Phạm Thị Lan", phone="0909123456",
    )  # fmt: skip
    scan = tmp_path / "to-khai.pdf"
    scan.write_bytes(PDF)
    return {"base": base, "world": world, "citizen": citizen, "scan": scan}


@pytest.mark.django_db(transaction=True)
def test_a_citizen_submits_supplements_and_rates(
    portal: dict[str, Any], browser: Browser, axe: AxeChecker
) -> None:
    base, world, citizen, scan = portal["base"], portal["world"], portal["citizen"], portal["scan"]
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    sizes: dict[str, int] = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if r.ok else None)

    # find the procedure without accents; first-load weight of the two catalog pages
    page.goto(f"{base}/thu-tuc/?q={QUERY.replace(' ', '+')}")
    axe.check(page, "catalog search")
    list_html = page.content()
    page.locator(f'main a[href$="/thu-tuc/{world.version.procedure.national_code}/"]').first.click()
    page.wait_for_load_state()
    axe.check(page, "procedure page")
    procedure_html = page.content()
    css_gzip = len(gzip.compress(CSS.read_bytes()))
    for html in (list_html, procedure_html):
        assert len(gzip.compress(html.encode())) + css_gzip <= 100 * 1024
    assert sum(v for k, v in sizes.items() if "/static/" in k or "/thu-tuc/" in k) < 200 * 1024

    # e-ID login over OpenID Connect, then the online submission; the scan's resumable upload
    # is cut off once and resumes
    log_in(page, base, citizen.username)
    axe.check(page, "after login")
    methods = cut_the_first_transfer(page)
    dossier = submit_online(page, base, world, scan, axe, resumable=True)
    assert methods.count("PATCH") >= 2 and "HEAD" in methods, methods
    assert (dossier.channel, dossier.owner_id, dossier.status) == (
        "online",
        citizen.pk,
        "submitted",
    )
    assert dossier.documents.filter(file__isnull=False).count() == 1

    # the unit receives it and asks for a supplement, through the back-office pages
    officials = Officials(browser, base, axe)
    desk = world.desk()
    desk_page = officials.open_dossier(desk, dossier)
    act(desk_page, "receive")
    assert Dossier.objects.get(pk=dossier.pk).status == Status.RECEIVED
    act(desk_page, "forward")
    head_page = officials.open_dossier(world.processing(Role.DEPARTMENT_HEAD), dossier)
    act(head_page, "process_step")
    specialist = world.processing(Role.SPECIALIST)
    specialist_page = officials.open_dossier(specialist, dossier)
    act(specialist_page, "request_supplement",
        fill={"missing": "Bản sao Giấy khai sinh", "reason": "Cần đối chiếu năm sinh"})  # fmt: skip
    assert Dossier.objects.get(pk=dossier.pk).status == Status.AWAITING_SUPPLEMENT

    # the citizen answers from "My dossiers": the clock resumes
    page.goto(f"{base}/ho-so-cua-toi/")
    axe.check(page, "my dossiers")
    page.goto(f"{base}/ho-so-cua-toi/{dossier.pk}/")
    axe.check(page, "my dossier, supplement asked")
    for file_input in page.locator("main form input[type=file]").all():
        file_input.set_input_files(str(scan))
    note = page.locator("main form textarea").first
    if note.count():
        note.fill("Tôi gửi bản sao giấy khai sinh")
    page.locator(
        f'main form[action$="/ho-so-cua-toi/{dossier.pk}/bo-sung/"] button[type=submit]'
    ).click()
    page.wait_for_load_state()
    assert Dossier.objects.get(pk=dossier.pk).status == Status.IN_PROGRESS

    # decided, signed, issued and returned by the officials; then the citizen rates it once
    act(officials.open_dossier(specialist, dossier), "process_step")
    act(officials.open_dossier(world.processing(Role.SIGNING_LEADER), dossier), "approve")
    act(officials.open_dossier(world.processing(Role.CLERK), dossier), "issue_result")
    act(officials.open_dossier(desk, dossier), "return_result",
        check=('[name="method"][value="electronic"]',))  # fmt: skip
    assert Dossier.objects.get(pk=dossier.pk).status == Status.RETURNED
    page.goto(f"{base}/ho-so-cua-toi/{dossier.pk}/danh-gia/")
    axe.check(page, "rating form")
    page.locator("main form input[name=score][value='5']").check()
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    axe.check(page, "rating thanks")
    assert Rating.objects.get(dossier=dossier).score == 5

    # public tracking in English and Arabic (right to left)
    for prefix in ("/en", "/ar"):
        page.goto(f"{base}{prefix}/tra-cuu/?code={dossier.code}&verifier=1111")
        axe.check(page, f"tracking {prefix}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    context.close()
    assert axe.violations == {}, axe.violations


@pytest.mark.django_db(transaction=True)
def test_the_same_submission_works_without_javascript(
    portal: dict[str, Any], browser: Browser
) -> None:
    base, world, citizen, scan = portal["base"], portal["world"], portal["citizen"], portal["scan"]
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    log_in(page, base, citizen.username)
    dossier = submit_online(page, base, world, scan, None)
    assert (dossier.owner_id, dossier.channel) == (citizen.pk, "online")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_upload_resumes(portal: dict[str, Any], browser: Browser) -> None:
    """The first PATCH of the tus upload is cut off; the client asks the server for the offset
    (HEAD) and sends the rest; the document lands in its slot and the dossier is submitted."""
    base, world, citizen, scan = portal["base"], portal["world"], portal["citizen"], portal["scan"]
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    log_in(page, base, citizen.username)
    page.goto(f"{base}/nop-ho-so/{world.version.procedure.national_code}/")
    for _ in ("start", "where", "applicant", "form"):
        choose_the_first_options(page)
        birth_date = page.locator("main form input[name$=birth_date]")
        if birth_date.count():
            birth_date.fill("15/04/1990")
        continue_(page)
    methods = cut_the_first_transfer(page)
    page.locator("main form input[type=file]").first.set_input_files(str(scan))
    wait_for_the_upload(page, scan.name)
    assert methods.count("PATCH") >= 2, methods  # cut off, then sent again
    assert "HEAD" in methods, methods  # the client asked where to resume
    continue_(page)
    page.locator("input[name=declaration]").check()
    continue_(page)
    dossier = Dossier.objects.get(owner=citizen)
    assert dossier.documents.filter(file__isnull=False, filename="to-khai.pdf").count() == 1
    context.close()


PUBLIC_PAGES = ["/", "/thu-tuc/", "/thu-tuc/?q=zzzz", "/tra-cuu/", "/tra-cuu/?code=X&verifier=1",
                "/dang-nhap/"]  # fmt: skip
CITIZEN_PAGES = ["/ho-so-cua-toi/", "/nop-ho-so/"]


@pytest.mark.django_db(transaction=True)
def test_every_portal_page_passes_axe_in_three_languages(
    portal: dict[str, Any], browser: Browser, axe: AxeChecker
) -> None:
    base, world, citizen = portal["base"], portal["world"], portal["citizen"]
    code = world.version.procedure.national_code
    page = browser.new_context(locale="vi-VN").new_page()
    for prefix in ("", "/en", "/ar"):
        for path in [*PUBLIC_PAGES, f"/thu-tuc/{code}/"]:
            page.goto(f"{base}{prefix}{path}")
            axe.check(page, f"{prefix or '/vi'}{path}")
    log_in(page, base, citizen.username)
    for prefix in ("", "/en", "/ar"):
        for path in [*CITIZEN_PAGES, f"/nop-ho-so/{code}/"]:
            page.goto(f"{base}{prefix}{path}")
            axe.check(page, f"{prefix or '/vi'}{path} (logged in)")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert axe.violations == {}, axe.violations
    assert axe.pages == 3 * (len(PUBLIC_PAGES) + 1 + len(CITIZEN_PAGES) + 1)
