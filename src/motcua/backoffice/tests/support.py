# SPDX-License-Identifier: EUPL-1.2
"""Test helpers for back-office views: log an official in without going through the login pages."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.actors import Actor
from motcua.backoffice.access import SESSION_KEY


def login_official(client: Client, actor: Actor) -> None:
    """Log ``actor.user`` in on ``client``: second factor verified, capacity of ``actor``."""
    assert actor.user is not None and actor.unit is not None
    device = TOTPDevice.objects.filter(user=actor.user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor.user, name="test", confirmed=True)
    client.force_login(actor.user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_KEY] = {"role": actor.role, "unit": actor.unit.pk}
    session.save()
