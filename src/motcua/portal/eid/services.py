# SPDX-License-Identifier: EUPL-1.2
"""The citizen behind a validated e-ID login: found by personal identification number, or
created, and brought up to date from the claims (name, phone, assurance level)."""

import re
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from motcua.accounts.models import User
from motcua.portal.eid.config import EidConfig
from motcua.portal.eid.errors import AccountLocked, EidLoginFailed, LevelTooLow
from motcua.portal.eid.tokens import Claims

#: A personal identification number (the 12 digits of the chip-based citizen identity card).
NATIONAL_ID = re.compile(r"\d{12}")


@dataclass(frozen=True)
class CitizenIdentity:
    national_id: str
    full_name: str
    phone: str
    level: int


def _text(claims: Claims, name: str | None, limit: int) -> str:
    value = claims.get(name) if name else None
    return value.strip()[:limit] if isinstance(value, str) else ""


def identity_from_claims(claims: Claims, config: EidConfig) -> CitizenIdentity:
    """Who logged in and at which level; refused if the level or the number is unusable."""
    level = config.acr_levels.get(claims.acr)
    if level is None or level < 1:
        raise LevelTooLow("acr", f"assurance level {claims.acr!r} is not accepted")
    id_claim = config.claims.get("national_id", "sub")
    national_id = claims.subject if id_claim == "sub" else _text(claims, id_claim, 12)
    if not NATIONAL_ID.fullmatch(national_id):
        raise EidLoginFailed("national_id", "not a 12-digit personal identification number")
    return CitizenIdentity(
        national_id=national_id,
        full_name=_text(claims, config.claims.get("full_name"), 200),
        phone=_text(claims, config.claims.get("phone"), 20),
        level=level,
    )


def citizen_sign_in(identity: CitizenIdentity) -> User:
    """The account of ``identity`` (the oldest with that number, else a new one), updated."""
    with transaction.atomic():
        user = (
            User.objects.select_for_update()
            .filter(national_id=identity.national_id)
            .order_by("pk")
            .first()
        )
        if user is None:
            user, _created = User.objects.get_or_create(
                username=f"eid.{identity.national_id}",
                defaults={"national_id": identity.national_id, "password": make_password(None)},
            )
        if not user.is_active:
            raise AccountLocked("inactive", "the account is deactivated")
        changed = []
        updates = {
            "national_id": identity.national_id,
            "full_name": identity.full_name or user.full_name,
            "phone": identity.phone or user.phone,
            "eid_level": identity.level,
        }
        for field, value in updates.items():
            if getattr(user, field) != value:
                setattr(user, field, value)
                changed.append(field)
        if changed:
            user.save(update_fields=changed)
    return user
