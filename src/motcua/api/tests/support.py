# SPDX-License-Identifier: EUPL-1.2
"""Shared pieces of the API tests (no tests here): clients, tokens, a valid submission body."""

import base64
import copy
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import Client

from motcua.api.models import ApiChannel, ApiScope
from motcua.api.services import NewClient, api_client_create
from motcua.orgunits.models import OrgUnit
from motcua.testing.builders import VALID_FORM, World

TOKEN_URL = "/api/v1/oauth/token"
FORM = "application/x-www-form-urlencoded"
#: The smallest file each accepted type recognises by its first bytes.
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
ALL_SCOPES = tuple(ApiScope.values)
ALL_CHANNELS = tuple(ApiChannel.values)


@pytest.fixture(autouse=True)
def _fresh_counters() -> Iterator[None]:
    """Rate-limit counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


def new_client(
    world: World,
    *,
    units: Sequence[OrgUnit] | None = None,
    scopes: Sequence[str] = ALL_SCOPES,
    channels: Sequence[str] = ALL_CHANNELS,
    rate: int = 10_000,
    name: str = "Kiosk An Bình",
) -> NewClient:
    return api_client_create(
        name=name,
        units=[world.centre] if units is None else units,
        scopes=scopes,
        channels=channels,
        requests_per_minute=rate,
    )


def basic(client_id: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {raw}"}


def token_response(client: Client, new: NewClient, **form: str) -> Any:
    data = urlencode({"grant_type": "client_credentials", **form})
    return client.post(
        TOKEN_URL, data, content_type=FORM, secure=True, **basic(new.client.client_id, new.secret)
    )


def token_for(client: Client, new: NewClient, scope: str | None = None) -> str:
    response = token_response(client, new, **({"scope": scope} if scope else {}))
    assert response.status_code == 200, response.content
    access_token: str = response.json()["access_token"]
    return access_token


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def encoded(content: bytes) -> str:
    return base64.b64encode(content).decode()


def submission(world: World, **overrides: Any) -> dict[str, Any]:
    """A valid body for POST /api/v1/dossiers at ``world.centre`` through a kiosk."""
    body: dict[str, Any] = {
        "procedure": "1.004873",
        "receiving_unit": world.centre.code,
        "channel": "kiosk",
        "applicant": {"kind": "individual", "name": "Trần Văn An", "id_number": "079088001234",
                      "phone": "0912 345 678", "email": "an@example.vn",
                      "address": "Số 5 Ngõ 7"},
        "form": copy.deepcopy(VALID_FORM),
        "documents": [{"requirement": "R1", "filename": "to-khai.pdf",
                       "content_type": "application/pdf", "content_base64": encoded(PDF)}],
    }  # fmt: skip
    body.update(overrides)
    return body


def post_dossier(
    client: Client, token: str, body: dict[str, Any], key: str = "key-1", **headers: str
) -> Any:
    return client.post(
        "/api/v1/dossiers", body, content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key, **bearer(token), **headers,
    )  # fmt: skip


def problem(response: Any) -> dict[str, Any]:
    """The problem document of ``response``, checked for the RFC 9457 members."""
    assert response["Content-Type"] == "application/problem+json", response.content
    body: dict[str, Any] = response.json()
    assert body["type"] == "about:blank"
    assert body["status"] == response.status_code
    assert isinstance(body["title"], str) and isinstance(body["detail"], str) and body["detail"]
    return body
