# SPDX-License-Identifier: EUPL-1.2
"""Issue 6: the operators' sync pages in a real browser — axe-core clean, the retry button works."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import Browser

from motcua.accounts.models import Role
from motcua.sync.models import Delivery, Destination, ReconciliationRun
from motcua.testing.builders import add_official, build_world

from .conftest import AxeChecker
from .test_backoffice_journey import Officials


@pytest.mark.django_db(transaction=True)
@override_settings(SESSION_EXPIRE_AT_BROWSER_CLOSE=True)
def test_an_operator_sees_the_backlog_and_retries_a_dead_letter(
    live_server: object, browser: Browser, axe: AxeChecker
) -> None:
    world = build_world()
    portal = Destination.objects.create(
        name="national-portal", kind=Destination.Kind.NATIONAL_PORTAL,
        url="http://127.0.0.1:9", secret="token",
    )  # fmt: skip
    first, second = world.submit(), world.submit()
    Delivery.objects.filter(aggregate_id=f"dossier:{first.pk}").update(
        state="dead", attempts=1, last_status=422, last_error="rejected: MaTTHC"
    )
    Delivery.objects.filter(aggregate_id=f"dossier:{second.pk}").update(
        attempts=7,
        last_error="ConnectionError",
        next_attempt_at=timezone.now() + timedelta(minutes=5),
    )
    run = ReconciliationRun.objects.create(
        destination=portal, started_at=timezone.now(), finished_at=timezone.now(),
        dossiers_checked=2, in_sync=0,
        per_unit={world.commune.code: {"ours": {"1": 2}, "theirs": {}}},
        mismatches=[
            {"dossier": d.pk, "code": d.code, "unit": world.commune.code, "kind": "missing",
             "ours": {"status": "1", "sequence": 1}, "theirs": None}
            for d in (first, second)
        ],
    )  # fmt: skip
    admin = add_official("ops.admin", Role.SYSTEM_ADMIN, world.org.province)
    base = str(live_server.url)  # type: ignore[attr-defined]
    page = Officials(browser, base, axe).page(admin)
    # on a phone, wide tables scroll inside their own box: the page itself never scrolls sideways
    page.set_viewport_size({"width": 360, "height": 800})
    for sync in ("/backoffice/sync", "/ar/backoffice/sync"):  # left to right, right to left
        for path in (f"{sync}/", f"{sync}/{portal.pk}/", f"{sync}/reports/{run.pk}/"):
            page.goto(f"{base}{path}")
            assert page.evaluate("() => document.documentElement.scrollWidth") == 360, path
    page.set_viewport_size({"width": 1280, "height": 800})
    for prefix in ("", "/en"):
        page.goto(f"{base}{prefix}/backoffice/sync/")
        axe.check(page, f"sync overview {prefix}")
        page.goto(f"{base}{prefix}/backoffice/sync/{portal.pk}/")
        axe.check(page, f"sync destination {prefix}")
        page.goto(f"{base}{prefix}/backoffice/sync/reports/{run.pk}/")
        axe.check(page, f"sync report {prefix}")
    page.goto(f"{base}/en/backoffice/sync/{portal.pk}/")
    assert "rejected: MaTTHC" in page.content()
    page.locator("form:has(button:has-text('Retry')) button").first.click()
    page.wait_for_load_state()
    axe.check(page, "after retry")
    dead = Delivery.objects.get(aggregate_id=f"dossier:{first.pk}")
    assert (dead.state, dead.solo) == ("pending", True)
    # the same operator with JavaScript off: the buttons are plain forms
    plain = browser.new_context(
        java_script_enabled=False, storage_state=page.context.storage_state()
    )
    no_js = plain.new_page()
    no_js.goto(f"{base}/en/backoffice/sync/")
    no_js.get_by_role("button", name="Retry failing now").click()
    no_js.wait_for_load_state()
    assert "will be tried again now" in no_js.content()
    waiting = Delivery.objects.get(aggregate_id=f"dossier:{second.pk}")
    assert waiting.next_attempt_at <= timezone.now()
    plain.close()
    assert axe.violations == {}, axe.violations
