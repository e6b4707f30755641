# SPDX-License-Identifier: EUPL-1.2
"""The relying party's configuration, read from the ``MOTCUA_EID_*`` settings."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation


@dataclass(frozen=True)
class EidConfig:
    issuer: str
    client_id: str
    client_secret: str
    scopes: tuple[str, ...]
    #: ``acr`` value → e-ID level (1 or 2); anything else is refused.
    acr_levels: Mapping[str, int]
    #: Our field (``national_id``, ``full_name``, ``phone``) → the claim that carries it.
    claims: Mapping[str, str]
    session_minutes: int
    public_url: str

    @property
    def redirect_uri(self) -> str:
        """The callback on the public address, without a language prefix."""
        with translation.override(settings.LANGUAGE_CODE):
            return self.public_url + reverse("portal:eid_callback")

    @property
    def acr_values(self) -> str:
        """The levels we ask for, most wanted first (OpenID Connect ``acr_values``)."""
        return " ".join(sorted(self.acr_levels, key=lambda acr: -self.acr_levels[acr]))


def eid_config() -> EidConfig:
    return EidConfig(
        issuer=settings.MOTCUA_EID_ISSUER,
        client_id=settings.MOTCUA_EID_CLIENT_ID,
        client_secret=settings.MOTCUA_EID_CLIENT_SECRET,
        scopes=tuple(settings.MOTCUA_EID_SCOPES),
        acr_levels={str(acr): int(level) for acr, level in settings.MOTCUA_EID_ACR_LEVELS.items()},
        claims=dict(settings.MOTCUA_EID_CLAIMS),
        session_minutes=settings.MOTCUA_EID_SESSION_MINUTES,
        public_url=settings.MOTCUA_PUBLIC_URL.rstrip("/"),
    )
