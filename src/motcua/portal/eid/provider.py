# SPDX-License-Identifier: EUPL-1.2
"""Talking to the e-ID provider over HTTP: discovery, its keys (JWKS) and the token endpoint.

Discovery and keys are kept for ``CACHE_SECONDS`` per issuer in this process; the keys are
fetched again once when a token names a key we do not have (key rotation).
"""

import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests

from motcua.portal.eid.errors import LoginRefused, ProviderUnavailable

TIMEOUT_SECONDS = 10
CACHE_SECONDS = 3600


@dataclass(frozen=True)
class Provider:
    """The endpoints of the provider's discovery document (OpenID Connect Discovery 1.0)."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None


_cache: dict[str, tuple[float, Any]] = {}
_lock = threading.Lock()


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(
            url, timeout=TIMEOUT_SECONDS, headers={"Accept": "application/json"}
        )
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable("http", f"{url}: {type(error).__name__}") from error
    if not isinstance(data, dict):
        raise ProviderUnavailable("http", f"{url}: not a JSON object")
    return data


def _cached(key: str, fetch: Any, *, refresh: bool = False) -> Any:
    with _lock:
        entry = _cache.get(key)
    if entry is not None and not refresh and entry[0] > time.monotonic():
        return entry[1]
    value = fetch()
    with _lock:
        _cache[key] = (time.monotonic() + CACHE_SECONDS, value)
    return value


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _discover(issuer: str) -> Provider:
    data = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if data.get("issuer") != issuer:  # Discovery 1.0 §4.3: must be exactly the issuer
        raise ProviderUnavailable("discovery", "issuer in the discovery document differs")
    try:
        return Provider(
            issuer=issuer,
            authorization_endpoint=str(data["authorization_endpoint"]),
            token_endpoint=str(data["token_endpoint"]),
            jwks_uri=str(data["jwks_uri"]),
            end_session_endpoint=data.get("end_session_endpoint") or None,
        )
    except KeyError as error:
        raise ProviderUnavailable("discovery", f"missing {error}") from error


def provider_for(issuer: str) -> Provider:
    """The provider's endpoints (cached)."""
    provider: Provider = _cached(f"discovery:{issuer}", lambda: _discover(issuer))
    return provider


def provider_keys(provider: Provider, *, refresh: bool = False) -> dict[str, Any]:
    """The provider's public keys (JWKS, cached; ``refresh`` fetches them again)."""
    keys: dict[str, Any] = _cached(
        f"jwks:{provider.jwks_uri}", lambda: _get_json(provider.jwks_uri), refresh=refresh
    )
    return keys


def exchange_code(
    provider: Provider,
    *,
    code: str,
    code_verifier: str,
    redirect_uri: str,
    client_id: str,
    client_secret: str,
) -> dict[str, Any]:
    """Trade the authorization code for tokens (client_secret_basic, with the PKCE verifier)."""
    try:
        response = requests.post(
            provider.token_endpoint,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": code_verifier,
            },
            auth=(quote(client_id, safe=""), quote(client_secret, safe="")),
            headers={"Accept": "application/json"},
            timeout=TIMEOUT_SECONDS,
        )
    except requests.RequestException as error:
        raise ProviderUnavailable("http", f"token endpoint: {type(error).__name__}") from error
    try:
        data = response.json()
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    if response.status_code != 200:
        # invalid_grant: a used, expired or foreign code, or a wrong PKCE verifier.
        raise LoginRefused("token", str(data.get("error") or response.status_code))
    if not isinstance(data.get("id_token"), str):
        raise LoginRefused("token", "no id_token in the token response")
    return data
