# SPDX-License-Identifier: EUPL-1.2
"""Officials' login, second factor: verification, throttling, enrolment, ``official_required``."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.accounts.otp import otpauth_url, totp_install, totp_secret_grouped
from motcua.backoffice.access import actor_of, official_required
from motcua.backoffice.auth.views import qr_svg
from motcua.demo.people import DEMO_PASSWORD
from motcua.testing.builders import World

pytestmark = pytest.mark.django_db
LOGIN = "/en/backoffice/login/"
OTP = "/en/backoffice/login/otp/"
CAPACITY = "/en/backoffice/capacity/"
START = datetime(2026, 3, 2, 2, 0, 1, tzinfo=UTC)  # one second into a time step
WRONG = "The code is not correct. Enter the newest code your authenticator app shows."


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """English pages (Vietnamese, the default language, is served without a prefix)."""
    with translation.override("en"):
        yield


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    valid = {code_for(device, offset) for offset in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def desk(world: World) -> User:
    user = world.desk().user
    assert user is not None
    return user


@pytest.fixture
def device(desk: User) -> TOTPDevice:
    return totp_install(desk, b"0123456789abcdefghij", name="phone")


def password_step(client: Client, user: User, next_url: str = "") -> None:
    data = {"username": user.username, "password": DEMO_PASSWORD}
    response = client.post(LOGIN, {**data, "next": next_url} if next_url else data)
    assert response.status_code == 302


@official_required
def protected(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    return HttpResponse(f"{actor.role}@{actor.unit_id}")


def call_protected(client: Client) -> HttpResponse:
    """``protected`` behind the session, authentication and OTP middleware, as ``client``."""
    request = RequestFactory().get("/backoffice/somewhere/")
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    request.session = SessionStore(cookie.value if cookie else None)
    AuthenticationMiddleware(lambda r: HttpResponse()).process_request(request)
    response: HttpResponse = OTPMiddleware(protected)(request)
    return response


def test_official_required_asks_for_login_then_code(
    desk: User, device: TOTPDevice, client: Client
) -> None:
    anonymous = call_protected(client)
    assert anonymous["Location"] == f"{LOGIN}?next=/backoffice/somewhere/"
    password_step(client, desk)
    password_only = call_protected(client)
    assert password_only["Location"] == f"{OTP}?next=/backoffice/somewhere/"
    client.post(OTP, {"code": code_for(device)})
    assignment = RoleAssignment.objects.get(user=desk)
    allowed = call_protected(client)
    assert (allowed.status_code, allowed.content.decode()) == (
        200,
        f"{Role.RECEPTION_OFFICER}@{assignment.unit_id}",
    )


def test_correct_code_verifies_rotates_the_session_and_goes_on(
    desk: User, device: TOTPDevice, client: Client
) -> None:
    password_step(client, desk, next_url="/backoffice/records/")
    page = client.get(f"{OTP}?next=/backoffice/records/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Enter your security code" in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert "<svg" not in html  # no enrolment for a confirmed device
    before = client.session.session_key
    response = client.post(OTP, {"code": code_for(device), "next": "/backoffice/records/"})
    assert response["Location"] == f"{CAPACITY}?next=%2Fbackoffice%2Frecords%2F"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != before
    # Verified: the code page sends the official on instead of asking again.
    assert client.get(OTP)["Location"] == CAPACITY


def test_code_with_spaces_is_accepted(desk: User, device: TOTPDevice, client: Client) -> None:
    password_step(client, desk)
    code = code_for(device)
    assert client.post(OTP, {"code": f" {code[:3]} {code[3:]} "}).status_code == 302


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit security code"),
        ("12345", "Enter the security code as 6 digits, like 123456"),
        ("abcdef", "Enter the security code as 6 digits, like 123456"),
    ],
)
def test_malformed_code_is_refused_without_counting(
    desk: User, device: TOTPDevice, client: Client, code: str, message: str
) -> None:
    password_step(client, desk)
    response = client.post(OTP, {"code": code})
    assert response.status_code == 200
    assert f'<a href="#code">{message}</a>' in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_wrong_code_is_refused(desk: User, device: TOTPDevice, client: Client) -> None:
    password_step(client, desk)
    response = client.post(OTP, {"code": wrong_code(device)})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="#code">{WRONG}</a>' in html
    assert 'aria-describedby="code-hint code-error"' in html
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert call_protected(client)["Location"] == f"{OTP}?next=/backoffice/somewhere/"


def test_repeated_wrong_codes_are_throttled(
    desk: User, device: TOTPDevice, client: Client, frozen: time_machine.Traveller
) -> None:
    password_step(client, desk)
    client.post(OTP, {"code": wrong_code(device)})
    throttled = client.post(OTP, {"code": code_for(device)})  # right code, but too soon
    assert throttled.status_code == 429
    assert "Too many wrong codes. Wait 1 second, then enter the newest code." in (
        throttled.content.decode()
    )
    assert DEVICE_ID_SESSION_KEY not in client.session
    frozen.shift(2)
    client.post(OTP, {"code": wrong_code(device)})
    frozen.shift(1)
    again = client.post(OTP, {"code": code_for(device)})
    assert "Wait 1 second" in again.content.decode()  # 2 s after the second failure
    device.refresh_from_db()
    assert device.throttling_failure_count == 2
    frozen.shift(1)
    assert client.post(OTP, {"code": code_for(device)})["Location"] == CAPACITY


def test_a_used_code_cannot_be_replayed(desk: User, device: TOTPDevice, client: Client) -> None:
    password_step(client, desk)
    code = code_for(device)
    client.post(OTP, {"code": code})
    other = Client()
    password_step(other, desk)
    assert f'<a href="#code">{WRONG}</a>' in other.post(OTP, {"code": code}).content.decode()


def test_enrolment_end_to_end(desk: User, client: Client) -> None:
    password_step(client, desk)
    page = client.get(OTP)
    html = page.content.decode()
    pending = TOTPDevice.objects.get(user=desk)
    assert pending.confirmed is False
    assert "Set up your authenticator app" in html
    assert str(qr_svg(otpauth_url(pending))) in html
    assert "QR code to scan with your authenticator app" in html
    assert totp_secret_grouped(pending) in html
    assert client.get(OTP).content.decode().count(totp_secret_grouped(pending)) == 1  # same key
    assert TOTPDevice.objects.filter(user=desk).count() == 1

    refused = client.post(OTP, {"code": wrong_code(pending)})
    assert f'<a href="#code">{WRONG}</a>' in refused.content.decode()
    pending.refresh_from_db()
    assert pending.confirmed is False

    TOTPDevice.objects.filter(pk=pending.pk).update(throttling_failure_count=0)
    response = client.post(OTP, {"code": code_for(pending)})
    assert response["Location"] == CAPACITY
    pending.refresh_from_db()
    assert pending.confirmed is True
    assert client.session[DEVICE_ID_SESSION_KEY] == pending.persistent_id
    assert call_protected(client).status_code == 200


def test_code_page_needs_the_password_first(client: Client) -> None:
    response = client.get(f"{OTP}?next=/backoffice/records/")
    assert response["Location"] == f"{LOGIN}?next=%2Fbackoffice%2Frecords%2F"
    assert client.post(OTP, {"code": "123456"})["Location"] == LOGIN
    assert not TOTPDevice.objects.exists()
