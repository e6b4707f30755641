# SPDX-License-Identifier: EUPL-1.2
"""Officials' second factor: one TOTP authenticator app per official (django-otp).

Every write to a TOTP device goes through these functions. An official with no confirmed device
enrols at their next login: ``totp_enrol`` gives an unconfirmed device (the same one until it is
confirmed, so reloading the page shows the same QR code), and the first correct code confirms it.
Wrong codes are throttled by django-otp: after n successive failures the device refuses every
code for ``OTP_TOTP_THROTTLE_FACTOR × 2^(n-1)`` seconds (default factor 1: 1, 2, 4, 8 … s).
"""

from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User
from motcua.core.errors import PermissionDenied

#: Name of the device an official enrols themselves (shown to administrators).
ENROLLED_DEVICE_NAME = "Authenticator app"


@dataclass(frozen=True)
class TotpCheck:
    """Outcome of a code check: ``ok``, or refused (``wait_until`` set while throttled)."""

    ok: bool
    device: TOTPDevice
    wait_until: datetime | None = None

    @property
    def throttled(self) -> bool:
        return self.wait_until is not None


def totp_device(user: User) -> TOTPDevice | None:
    """The official's confirmed device, if any (the oldest one when there are several)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_enrol(user: User) -> TOTPDevice:
    """An unconfirmed device with a fresh random key, or the one already waiting.

    Refused when the user already has a confirmed device: replacing a second factor is an
    administrator's job (``totp_remove``), never something a password alone allows.
    """
    if totp_device(user) is not None:
        raise PermissionDenied()
    pending: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    )
    if pending is None:
        pending = TOTPDevice.objects.create(user=user, name=ENROLLED_DEVICE_NAME, confirmed=False)
    return pending


def totp_check(device: TOTPDevice, code: str) -> TotpCheck:
    """Check ``code`` against ``device``; the first correct code confirms an enrolling device.

    The device row is locked while checking, so two simultaneous guesses cannot both slip through
    the throttle, and a code is accepted once only (django-otp keeps the last time step used).
    """
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, info = locked.verify_is_allowed()
        if not allowed:
            details: dict[str, Any] = info or {}
            return TotpCheck(ok=False, device=locked, wait_until=details.get("locked_until"))
        if not locked.verify_token(code):
            return TotpCheck(ok=False, device=locked)
        if not locked.confirmed:
            locked.confirmed = True
            locked.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user_id=locked.user_id, confirmed=False).delete()
    return TotpCheck(ok=True, device=locked)


def otpauth_url(device: TOTPDevice) -> str:
    """The ``otpauth://totp/…`` URL an authenticator app reads from the QR code."""
    url: str = device.config_url
    return url


def totp_secret(device: TOTPDevice) -> str:
    """The key in base32, as authenticator apps ask for it when typed by hand."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def totp_secret_grouped(device: TOTPDevice) -> str:
    """The base32 key in groups of four characters, easier to read and type."""
    secret = totp_secret(device)
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_install(user: User, key: bytes, *, name: str) -> TOTPDevice:
    """A confirmed device named ``name`` with the given key (idempotent; used by the demo)."""
    key_hex = key.hex()
    device: TOTPDevice
    device, created = TOTPDevice.objects.get_or_create(
        user=user, name=name, defaults={"key": key_hex, "confirmed": True}
    )
    if not created and (device.key != key_hex or not device.confirmed):
        device.key = key_hex
        device.confirmed = True
        device.last_t = -1
        device.save(update_fields=["key", "confirmed", "last_t"])
    return device


def totp_remove(user: User) -> int:
    """Delete every device of ``user`` (lost phone); they enrol again at their next login."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted


def totp_unthrottle(user: User) -> int:
    """Clear the wrong-code throttle on every device of ``user``; the number of devices."""
    return TOTPDevice.objects.filter(user=user).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
