# SPDX-License-Identifier: EUPL-1.2
"""Validate an ID token from the e-ID provider: a pure function, testable without HTTP.

Every check of OpenID Connect Core 1.0 §3.1.3.7 that applies to the code flow, done here
explicitly rather than left to a library default (RELIABILITY.md S13):

- the header's ``alg`` is an asymmetric algorithm we accept — never ``none``, never an HMAC
  (which would turn the provider's *public* key into a shared secret);
- the key is the provider's (from its JWKS, by ``kid``, of the algorithm's key type) and the
  signature verifies (joserfc, restricted to that one algorithm);
- ``iss`` is the configured issuer; ``aud`` contains our client id (and ``azp`` names us when
  there are several audiences);
- ``exp`` is in the future, ``iat`` is not in the future and not older than ``MAX_AGE``,
  ``nbf`` (if any) has passed — each with ``LEEWAY`` for clock differences;
- ``nonce`` is the one we sent (compared in constant time);
- ``sub`` and ``acr`` are present.
"""

import base64
import binascii
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import import_key

from motcua.portal.eid.errors import IdTokenRejected

#: Key type for each accepted signing algorithm. HS* and ``none`` are deliberately absent.
ACCEPTED_ALGORITHMS = {"RS256": "RSA", "PS256": "RSA", "ES256": "EC"}
LEEWAY_SECONDS = 60
MAX_AGE_SECONDS = 600


@dataclass(frozen=True)
class Claims:
    """The validated claims of an ID token."""

    subject: str
    acr: str
    values: Mapping[str, Any]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


def _b64_json(segment: str, reason: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError) as error:
        raise IdTokenRejected(reason, "not base64url JSON") from error
    if not isinstance(value, dict):
        raise IdTokenRejected(reason, "not a JSON object")
    return value


def _signing_key(jwks: Mapping[str, Any], kid: object, alg: str) -> Any:
    keys = jwks.get("keys")
    if not isinstance(keys, list):
        raise IdTokenRejected("jwks", "no keys")
    candidates = [
        key
        for key in keys
        if isinstance(key, dict)
        and key.get("kty") == ACCEPTED_ALGORITHMS[alg]
        and key.get("use", "sig") == "sig"
        and key.get("alg", alg) == alg
        and (kid is None or key.get("kid") == kid)
    ]
    if len(candidates) != 1:
        raise IdTokenRejected("kid", f"{len(candidates)} keys match kid {kid!r}")
    try:
        return import_key(candidates[0])
    except (JoseError, ValueError, TypeError) as error:
        raise IdTokenRejected("jwks", "unusable key") from error


def _number(claims: Mapping[str, Any], name: str) -> float:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise IdTokenRejected(name, "missing or not a number")
    return float(value)


def _check_audience(claims: Mapping[str, Any], client_id: str) -> None:
    aud = claims.get("aud")
    audiences = [aud] if isinstance(aud, str) else aud
    if not isinstance(audiences, list) or client_id not in audiences:
        raise IdTokenRejected("aud", "client id not in aud")
    azp = claims.get("azp")
    if (len(audiences) > 1 or azp is not None) and azp != client_id:
        raise IdTokenRejected("azp", "authorized party is not this client")


def _check_times(claims: Mapping[str, Any], now: float) -> None:
    if _number(claims, "exp") <= now - LEEWAY_SECONDS:
        raise IdTokenRejected("exp", "expired")
    issued = _number(claims, "iat")
    if issued > now + LEEWAY_SECONDS:
        raise IdTokenRejected("iat", "issued in the future")
    if issued < now - MAX_AGE_SECONDS - LEEWAY_SECONDS:
        raise IdTokenRejected("iat", "issued too long ago")
    if "nbf" in claims and _number(claims, "nbf") > now + LEEWAY_SECONDS:
        raise IdTokenRejected("nbf", "not valid yet")


def validate_id_token(
    token: str,
    *,
    jwks: Mapping[str, Any],
    issuer: str,
    client_id: str,
    nonce: str,
    now: datetime,
) -> Claims:
    """The claims of ``token`` if every check passes; ``IdTokenRejected(reason)`` otherwise."""
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 3 or not all(parts):
        raise IdTokenRejected("malformed", "not a signed compact JWT")
    header = _b64_json(parts[0], "malformed")
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in ACCEPTED_ALGORITHMS:
        raise IdTokenRejected("alg", f"algorithm {alg!r} not accepted")
    if "crit" in header:
        raise IdTokenRejected("crit", "critical header extensions are not supported")
    key = _signing_key(jwks, header.get("kid"), alg)
    try:
        signed = jws.deserialize_compact(token, key, algorithms=[alg])
    except JoseError as error:
        raise IdTokenRejected("signature", type(error).__name__) from error
    try:
        claims = json.loads(signed.payload)
    except ValueError as error:
        raise IdTokenRejected("malformed", "claims are not JSON") from error
    if not isinstance(claims, dict):
        raise IdTokenRejected("malformed", "claims are not a JSON object")

    if claims.get("iss") != issuer:
        raise IdTokenRejected("iss", "issuer differs")
    _check_audience(claims, client_id)
    _check_times(claims, now.timestamp())
    sent = claims.get("nonce")
    if (
        not nonce
        or not isinstance(sent, str)
        or not hmac.compare_digest(sent.encode(), nonce.encode())
    ):
        raise IdTokenRejected("nonce", "nonce differs")
    subject, acr = claims.get("sub"), claims.get("acr")
    if not isinstance(subject, str) or not subject:
        raise IdTokenRejected("sub", "no subject")
    if not isinstance(acr, str) or not acr:
        raise IdTokenRejected("acr", "no assurance level")
    return Claims(subject=subject, acr=acr, values=claims)
