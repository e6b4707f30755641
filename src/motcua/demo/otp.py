# SPDX-License-Identifier: EUPL-1.2
"""Demo second factor: every demo official has a TOTP device with a published, derived key.

The key of an account is HMAC-SHA1(key=DEMO_OTP_SECRET, message=username) — 20 bytes, so anyone
can recompute it and add it to an authenticator app, or run ``motcua demo-otp USERNAME`` for the
current code. This is for the demo only: these keys are public.
"""

import hashlib
import hmac
import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.accounts.otp import totp_install, totp_secret
from motcua.demo.organisation import Organisation

#: Published secret the demo keys are derived from (docs/operations/officials-login.md).
DEMO_OTP_SECRET = b"motcua-demo-totp-2026"
#: Name of the demo device in the administration.
DEMO_DEVICE_NAME = "Demo authenticator"


class DemoOtpUnavailable(LookupError):
    """The account has no demo authenticator (not a demo official, or the demo is not loaded)."""


def demo_otp_key(username: str) -> bytes:
    """The 20-byte TOTP key of a demo account."""
    return hmac.new(DEMO_OTP_SECRET, username.encode("utf-8"), hashlib.sha1).digest()


def create_demo_otp_devices(org: Organisation) -> int:
    """Give every official of the demo organisation a confirmed demo device (idempotent).

    Returns the number of officials who have one.
    """
    units = [
        org.province,
        org.province_centre,
        *org.departments.values(),
        *org.communes,
        *org.commune_centres,
    ]
    user_ids = (
        RoleAssignment.objects.filter(unit__in=units, role__in=Role.official_roles())
        .values_list("user_id", flat=True)
        .distinct()
    )
    users = User.objects.filter(pk__in=user_ids).order_by("username")
    for user in users:
        totp_install(user, demo_otp_key(user.username), name=DEMO_DEVICE_NAME)
    return len(users)


def _demo_device(username: str) -> TOTPDevice:
    key_hex = demo_otp_key(username).hex()
    device: TOTPDevice | None = TOTPDevice.objects.filter(
        user__username=username, name=DEMO_DEVICE_NAME, confirmed=True, key=key_hex
    ).first()
    if device is None:
        raise DemoOtpUnavailable(username)
    return device


def demo_otp_code(username: str) -> str:
    """The 6-digit code the demo account ``username`` can type now."""
    device = _demo_device(username)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)  # type: ignore[no-untyped-call]
    token: int = totp.token()  # type: ignore[no-untyped-call]
    return f"{token:0{device.digits}d}"


def demo_otp_seconds_left(username: str) -> int:
    """Seconds before the current code of ``username`` changes."""
    device = _demo_device(username)
    return int(device.step - (int(time.time()) - device.t0) % device.step)


def demo_otp_secret(username: str) -> str:
    """The base32 key of the demo account, to type into an authenticator app."""
    return totp_secret(_demo_device(username))


def demo_otp_text(username: str) -> str:
    """What ``motcua demo-otp USERNAME`` prints."""
    return "\n".join(
        [
            f"{demo_otp_code(username)}  (changes in {demo_otp_seconds_left(username)} s)",
            f"Authenticator key of {username}: {demo_otp_secret(username)}",
        ]
    )
