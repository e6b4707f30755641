# SPDX-License-Identifier: EUPL-1.2
"""Officials' login pages in a real browser: the whole journey, axe-core clean at every step."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from motcua.accounts.models import Role, RoleAssignment
from motcua.demo.people import DEMO_PASSWORD
from motcua.testing.builders import World
from tests.browser.conftest import AxeChecker


@pytest.mark.django_db(transaction=True)
def test_login_journey_is_accessible(
    live_server: object, page: Page, world: World, axe: AxeChecker
) -> None:
    base = f"{live_server}/en/backoffice"
    desk = world.desk().user
    RoleAssignment.objects.create(user=desk, role=Role.CENTRE_MANAGER, unit=world.centre)
    page.goto(f"{base}/login/")
    axe.check(page, "login")
    page.fill("#username", desk.username)
    page.fill("#password", "wrong")
    page.click("form[action$='login/'] button")
    axe.check(page, "login with error")
    page.fill("#username", desk.username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("form[action$='login/'] button")
    axe.check(page, "enrolment")
    page.fill("#code", "12")
    page.click("form[action$='otp/'] button")
    axe.check(page, "enrolment with error")
    device = TOTPDevice.objects.get(user=desk)
    page.fill("#code", f"{totp(device.bin_key):06d}")
    page.click("form[action$='otp/'] button")
    axe.check(page, "capacity")
    page.click("form[action$='capacity/'] button")
    axe.check(page, "capacity with error")
    for _ in range(5):
        page.goto(f"{base}/login/")
        page.fill("#username", "desk.province")
        page.fill("#password", "wrong")
        page.click("form[action$='login/'] button")
    assert "Login locked for now" in page.content()
    axe.check(page, "locked out")
    assert axe.violations == {}
