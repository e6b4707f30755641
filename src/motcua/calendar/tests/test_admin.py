# SPDX-License-Identifier: EUPL-1.2
"""Calendar overrides in the Django admin: system administrators manage all, unit administrators
their own unit's only; the rights come from role assignments.

Logins carry a verified second factor, so these tests pass whether ``admin.site`` is Django's
site or django-otp's ``OTPAdminSite``.
"""

from datetime import date
from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.calendar.models import CalendarOverride
from motcua.calendar.selectors import calendar_for_unit
from motcua.demo.organisation import Organisation, create_organisation
from motcua.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db
SATURDAY = date(2026, 3, 7)
MONDAY = date(2026, 3, 9)


def url(name: str, *args: Any) -> str:
    with translation.override("en"):
        return reverse(f"admin:workcalendar_calendaroverride_{name}", args=args)


def login(client: Client, username: str, role: str | None, unit: OrgUnit | None) -> Client:
    user = User.objects.create(username=username, is_staff=True)
    if role is not None and unit is not None:
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    device = TOTPDevice.objects.create(user=user, name="admin", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def org() -> Organisation:
    return create_organisation()


@pytest.fixture
def rows(org: Organisation) -> dict[str, CalendarOverride]:
    def add(unit: OrgUnit | None, day: date, working: bool, reason: str) -> CalendarOverride:
        return CalendarOverride.objects.create(
            unit=unit, day=day, is_working_day=working, reason=reason, legal_reference="QĐ 1"
        )

    return {
        "country": add(None, SATURDAY, True, "Làm bù"),
        "mine": add(org.communes[0], MONDAY, False, "Bầu cử"),
        "other": add(org.communes[1], MONDAY, False, "Bão"),
    }


def listed(response: HttpResponse) -> set[int]:
    return {row.pk for row in response.context["cl"].result_list}


def override_form(unit: OrgUnit | None, **more: str) -> dict[str, Any]:
    data = {"day": "2026-04-04", "is_working_day": "on", "reason": "Làm bù",
            "legal_reference": "Thông báo 5/TB-VPCP", "unit": unit.pk if unit else ""}  # fmt: skip
    return {**data, **more}


def test_a_unit_admin_sees_their_units_and_the_country_rows(
    org: Organisation, rows: dict[str, CalendarOverride], client: Client
) -> None:
    login(client, "commune.admin", Role.UNIT_ADMIN, org.communes[0])
    response = client.get(url("changelist"))
    assert listed(response) == {rows["country"].pk, rows["mine"].pk}
    assert client.get(url("changelist"), {"q": "Bão"}).context["cl"].result_count == 0


def test_a_unit_admin_cannot_touch_another_units_override(
    org: Organisation, rows: dict[str, CalendarOverride], client: Client
) -> None:
    login(client, "commune.admin", Role.UNIT_ADMIN, org.communes[0])
    other = rows["other"]
    change = url("change", other.pk)
    assert client.get(change).status_code == 403
    assert client.post(change, override_form(org.communes[0], reason="Đổi")).status_code == 403
    assert client.post(url("delete", other.pk), {"post": "yes"}).status_code == 403
    assert client.get(url("history", other.pk)).status_code == 403
    assert CalendarOverride.objects.get(pk=other.pk).reason == "Bão"
    assert not LogEntry.objects.exists()
    # an address that never existed is still "not found" (a redirect to the admin index)
    assert client.get(url("change", 99999)).status_code == 302


def test_a_unit_admin_views_but_does_not_change_a_country_override(
    org: Organisation, rows: dict[str, CalendarOverride], client: Client
) -> None:
    login(client, "commune.admin", Role.UNIT_ADMIN, org.communes[0])
    change = url("change", rows["country"].pk)
    page = client.get(change)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(change, override_form(org.communes[0])).status_code == 403
    assert CalendarOverride.objects.get(pk=rows["country"].pk).unit_id is None


def test_a_unit_admin_manages_their_own_units_overrides(
    org: Organisation, rows: dict[str, CalendarOverride], client: Client
) -> None:
    login(client, "commune.admin", Role.UNIT_ADMIN, org.communes[0])
    commune = org.communes[0]
    page = client.get(url("add"))
    assert [choice for choice, _ in page.context["adminform"].form.fields["unit"].choices] == [
        commune.pk
    ]
    assert "country" not in page.context["adminform"].form.fields
    assert client.post(url("add"), override_form(commune)).status_code == 302
    added = CalendarOverride.objects.get(day=date(2026, 4, 4))
    assert (added.unit, added.country, added.is_working_day) == (commune, "VN", True)
    assert calendar_for_unit(commune).is_working_day(date(2026, 4, 4))  # a Saturday
    change = url("change", rows["mine"].pk)
    data = override_form(commune, day="2026-03-09", reason="Bầu cử HĐND")
    assert client.post(change, data).status_code == 302
    assert CalendarOverride.objects.get(pk=rows["mine"].pk).reason == "Bầu cử HĐND"
    assert client.post(url("delete", added.pk), {"post": "yes"}).status_code == 302
    assert not CalendarOverride.objects.filter(pk=added.pk).exists()
    assert LogEntry.objects.count() == 3


def test_a_unit_admin_cannot_add_for_another_unit_or_the_country(
    org: Organisation, client: Client
) -> None:
    login(client, "commune.admin", Role.UNIT_ADMIN, org.communes[0])
    for unit in (org.communes[1], None):
        response = client.post(url("add"), override_form(unit))
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["unit"] == [
            "This field is required."
            if unit is None
            else "Select a valid choice. That choice is not one of the available choices."
        ]
    assert not CalendarOverride.objects.exists()


def test_the_form_is_validated(
    org: Organisation, rows: dict[str, CalendarOverride], client: Client
) -> None:
    login(client, "sysadmin", Role.SYSTEM_ADMIN, org.province)
    bad = client.post(url("add"), override_form(None, country="v1", reason=" ", legal_reference=""))
    assert bad.context["adminform"].form.errors == {
        "country": ["Give a two-letter country code (ISO 3166), e.g. VN."],
        "reason": ["This field is required."],
        "legal_reference": ["This field is required."],
    }
    twice = client.post(url("add"), override_form(org.communes[1], day="2026-03-09"))
    assert twice.context["adminform"].form.errors == {
        "day": ["This day already has an override for this unit."]
    }
    country_twice = client.post(url("add"), override_form(None, day="2026-03-07", country="VN"))
    assert country_twice.context["adminform"].form.errors == {
        "day": ["This day already has an override for this unit."]
    }
    assert CalendarOverride.objects.count() == 3


def test_a_system_admin_manages_every_override(
    org: Organisation, rows: dict[str, CalendarOverride], client: Client
) -> None:
    login(client, "sysadmin", Role.SYSTEM_ADMIN, org.province)
    assert listed(client.get(url("changelist"))) == {row.pk for row in rows.values()}
    response = client.post(url("add"), override_form(None, country="vn"))
    assert response.status_code == 302
    added = CalendarOverride.objects.get(day=date(2026, 4, 4))
    assert (added.unit, added.country) == (None, "VN")
    change = url("change", rows["other"].pk)
    data = override_form(org.communes[1], day="2026-03-09", reason="Bão số 3", country="VN")
    assert client.post(change, data).status_code == 302
    assert CalendarOverride.objects.get(pk=rows["other"].pk).reason == "Bão số 3"


def test_staff_without_an_administrator_role_is_refused(
    org: Organisation, rows: dict[str, CalendarOverride], client: Client
) -> None:
    login(client, "specialist", Role.SPECIALIST, org.communes[0])
    assert client.get(url("changelist")).status_code == 403
    assert client.get(url("change", rows["mine"].pk)).status_code == 403
    assert client.post(url("add"), override_form(org.communes[0])).status_code == 403
    assert CalendarOverride.objects.count() == 3


def test_a_citizen_is_sent_to_the_admin_login(org: Organisation, client: Client) -> None:
    client.force_login(User.objects.create(username="citizen"))
    response = client.post(url("add"), override_form(org.communes[0]))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/admin/login/")
    assert not CalendarOverride.objects.exists()
