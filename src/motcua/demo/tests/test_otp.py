# SPDX-License-Identifier: EUPL-1.2
"""Demo second factor: derived keys, one confirmed device per demo official, current codes."""

import hashlib
import hmac
from base64 import b32encode
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import Role, RoleAssignment
from motcua.accounts.otp import totp_check
from motcua.demo.otp import (
    DEMO_DEVICE_NAME,
    DemoOtpUnavailable,
    create_demo_otp_devices,
    demo_otp_code,
    demo_otp_key,
    demo_otp_seconds_left,
    demo_otp_secret,
    demo_otp_text,
)
from motcua.testing.builders import World

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 2, 0, 1, tzinfo=UTC)  # one second into a time step


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_the_key_is_the_published_derivation() -> None:
    expected = hmac.new(b"motcua-demo-totp-2026", b"desk.province", hashlib.sha1).digest()
    assert demo_otp_key("desk.province") == expected
    assert len(expected) == 20
    assert demo_otp_key("desk.commune1") != expected


def test_every_demo_official_gets_one_confirmed_device(world: World) -> None:
    officials = set(
        RoleAssignment.objects.filter(role__in=Role.official_roles()).values_list(
            "user__username", flat=True
        )
    )
    assert create_demo_otp_devices(world.org) == len(officials)
    devices = TOTPDevice.objects.select_related("user")
    assert {d.user.username for d in devices} == officials
    assert all(d.confirmed and d.name == DEMO_DEVICE_NAME for d in devices)
    assert all(d.bin_key == demo_otp_key(d.user.username) for d in devices)
    assert {"admin", "desk.province", "specialist.commune1", "postal.vnpost"} <= officials
    assert not TOTPDevice.objects.filter(
        user__username__in=["citizen.level1", "citizen.level2", "agent.bidv"]
    ).exists()


def test_loading_twice_changes_nothing(world: World) -> None:
    create_demo_otp_devices(world.org)
    before = sorted(TOTPDevice.objects.values_list("pk", "key", "last_t"))
    create_demo_otp_devices(world.org)
    assert sorted(TOTPDevice.objects.values_list("pk", "key", "last_t")) == before


def test_the_printed_code_logs_in(world: World, frozen: time_machine.Traveller) -> None:
    create_demo_otp_devices(world.org)
    code = demo_otp_code("desk.province")
    assert len(code) == 6 and code.isdigit()
    assert code == "872474"  # RFC 6238 of the published key at START, computed apart
    device = TOTPDevice.objects.get(user__username="desk.province")
    assert totp_check(device, code).ok is True


def test_seconds_left_secret_and_text(world: World, frozen: time_machine.Traveller) -> None:
    create_demo_otp_devices(world.org)
    assert demo_otp_seconds_left("desk.province") == 29
    secret = demo_otp_secret("desk.province")
    assert secret == b32encode(demo_otp_key("desk.province")).decode()
    assert demo_otp_text("desk.province") == (
        f"{demo_otp_code('desk.province')}  (changes in 29 s)\n"
        f"Authenticator key of desk.province: {secret}"
    )


def test_no_code_for_accounts_without_a_demo_device(world: World) -> None:
    create_demo_otp_devices(world.org)
    for username in ("citizen.level2", "agent.bidv", "nobody"):
        with pytest.raises(DemoOtpUnavailable):
            demo_otp_code(username)


def test_no_code_when_the_device_key_was_changed(world: World) -> None:
    create_demo_otp_devices(world.org)
    TOTPDevice.objects.filter(user__username="desk.province").update(key="00" * 20)
    with pytest.raises(DemoOtpUnavailable):
        demo_otp_code("desk.province")
