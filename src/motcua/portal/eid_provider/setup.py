# SPDX-License-Identifier: EUPL-1.2
"""Register the portal as a client of the demo e-ID (idempotent; demo and tests only).

The client is confidential (it authenticates with ``MOTCUA_EID_CLIENT_SECRET``), uses the
authorization-code grant with PKCE, signs ID tokens with RS256 (the key from ``keys.py``) and
may only be sent back to the portal's callback and login pages on ``MOTCUA_PUBLIC_URL``.
"""

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from oauth2_provider.models import Application

CLIENT_NAME = "Motcua citizen portal (demo e-ID client)"


def _on_every_language(url_name: str, public_url: str) -> list[str]:
    urls = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.append(public_url + reverse(url_name))
    return urls


def ensure_demo_client(public_url: str | None = None) -> Application:
    """Create or update the portal's client at the demo e-ID; a second run changes nothing."""
    base = (public_url or settings.MOTCUA_PUBLIC_URL).rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        callback = base + reverse("portal:eid_callback")
    fields = {
        "name": CLIENT_NAME,
        "client_type": Application.CLIENT_CONFIDENTIAL,
        "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
        "redirect_uris": callback,
        "post_logout_redirect_uris": " ".join(_on_every_language("portal:login", base)),
        "algorithm": Application.RS256_ALGORITHM,
        "skip_authorization": True,  # the citizen consents at the portal, as with VNeID
    }
    with transaction.atomic():
        client = (
            Application.objects.select_for_update()
            .filter(client_id=settings.MOTCUA_EID_CLIENT_ID)
            .first()
        )
        if client is None:
            client = Application(client_id=settings.MOTCUA_EID_CLIENT_ID)
        elif all(getattr(client, name) == value for name, value in fields.items()) and (
            client.hash_client_secret and _secret_matches(client)
        ):
            return client
        for name, value in fields.items():
            setattr(client, name, value)
        client.hash_client_secret = True
        client.client_secret = settings.MOTCUA_EID_CLIENT_SECRET
        client.save()
    return client


def _secret_matches(client: Application) -> bool:
    return bool(check_password(settings.MOTCUA_EID_CLIENT_SECRET, client.client_secret))


def setup_demo_provider(public_url: str | None = None) -> Application | None:
    """The demo e-ID's client when ``MOTCUA_EID_DEMO_PROVIDER`` is true (else nothing)."""
    if not settings.MOTCUA_EID_DEMO_PROVIDER:
        return None
    return ensure_demo_client(public_url)
