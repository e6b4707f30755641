# SPDX-License-Identifier: EUPL-1.2
"""TOTP services: enrolment, confirmation, throttling, replay, install and removal."""

from base64 import b32decode
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User
from motcua.accounts.otp import (
    ENROLLED_DEVICE_NAME,
    otpauth_url,
    totp_check,
    totp_device,
    totp_enrol,
    totp_install,
    totp_remove,
    totp_secret,
    totp_secret_grouped,
    totp_unthrottle,
)
from motcua.core.errors import PermissionDenied

pytestmark = pytest.mark.django_db
#: One second into a 30-second time step, so a few seconds' shift keeps the same code.
START = datetime(2026, 3, 2, 2, 0, 1, tzinfo=UTC)


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    valid = {code_for(device, offset) for offset in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def user() -> User:
    return User.objects.create_user("official.one", password="correct horse battery")


def test_enrol_gives_one_unconfirmed_device_until_confirmed(user: User) -> None:
    device = totp_enrol(user)
    assert (device.confirmed, device.name, len(device.bin_key)) == (
        False,
        ENROLLED_DEVICE_NAME,
        20,
    )
    assert totp_enrol(user).pk == device.pk  # a reload shows the same QR code
    assert totp_device(user) is None
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_enrol_refused_when_a_device_is_confirmed(user: User) -> None:
    totp_install(user, b"k" * 20, name="phone")
    with pytest.raises(PermissionDenied):
        totp_enrol(user)
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_first_correct_code_confirms_and_drops_other_pending_devices(
    user: User, clock: time_machine.Traveller
) -> None:
    device = totp_enrol(user)
    stale = TOTPDevice.objects.create(user=user, name="stale", confirmed=False)
    check = totp_check(device, code_for(device))
    assert check.ok and not check.throttled
    assert check.device.confirmed is True
    assert totp_device(user) == device
    assert not TOTPDevice.objects.filter(pk=stale.pk).exists()


def test_wrong_code_refused_and_counted(user: User, clock: time_machine.Traveller) -> None:
    device = totp_enrol(user)
    check = totp_check(device, wrong_code(device))
    assert (check.ok, check.throttled) == (False, False)
    device.refresh_from_db()
    assert (device.confirmed, device.throttling_failure_count) == (False, 1)


def test_repeated_wrong_codes_are_throttled(user: User, clock: time_machine.Traveller) -> None:
    device = totp_install(user, b"0123456789abcdefghij", name="phone")
    assert totp_check(device, wrong_code(device)).ok is False
    refused = totp_check(device, code_for(device))  # even the right code, too soon
    assert refused.ok is False
    assert refused.wait_until == START + timedelta(seconds=1)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # a throttled try is not counted again
    clock.shift(2)
    assert totp_check(device, wrong_code(device)).ok is False
    clock.shift(1)
    assert totp_check(device, code_for(device)).wait_until == START + timedelta(seconds=4)
    clock.shift(2)
    assert totp_check(device, code_for(device)).ok is True
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_code_is_accepted_once_only(user: User, clock: time_machine.Traveller) -> None:
    device = totp_install(user, b"0123456789abcdefghij", name="phone")
    code = code_for(device)
    assert totp_check(device, code).ok is True
    assert totp_check(device, code).ok is False


def test_otpauth_url_names_the_issuer_and_the_key(user: User) -> None:
    device = totp_install(user, b"0123456789abcdefghij", name="phone")
    url = urlparse(otpauth_url(device))
    query = parse_qs(url.query)
    assert (url.scheme, url.netloc, url.path) == ("otpauth", "totp", "/Motcua%3Aofficial.one")
    assert query["secret"] == [totp_secret(device)]
    assert query["issuer"] == ["Motcua"]
    assert (query["digits"], query["period"]) == (["6"], ["30"])


def test_secret_is_base32_of_the_key_grouped_by_four(user: User) -> None:
    device = totp_install(user, b"0123456789abcdefghij", name="phone")
    assert b32decode(totp_secret(device)) == b"0123456789abcdefghij"
    grouped = totp_secret_grouped(device)
    assert grouped.replace(" ", "") == totp_secret(device)
    assert [len(group) for group in grouped.split(" ")] == [4] * 8


def test_install_is_idempotent_and_replaces_a_changed_key(user: User) -> None:
    first = totp_install(user, b"a" * 20, name="demo")
    assert totp_install(user, b"a" * 20, name="demo").pk == first.pk
    again = totp_install(user, b"b" * 20, name="demo")
    assert (again.pk, again.bin_key, again.confirmed) == (first.pk, b"b" * 20, True)
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_remove_and_unthrottle(user: User, clock: time_machine.Traveller) -> None:
    device = totp_install(user, b"a" * 20, name="phone")
    totp_check(device, wrong_code(device))
    assert totp_unthrottle(user) == 1
    device.refresh_from_db()
    assert (device.throttling_failure_count, device.throttling_failure_timestamp) == (0, None)
    assert totp_check(device, code_for(device)).ok is True
    assert totp_remove(user) == 1
    assert not TOTPDevice.objects.filter(user=user).exists()
