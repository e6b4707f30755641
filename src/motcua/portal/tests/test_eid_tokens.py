# SPDX-License-Identifier: EUPL-1.2
"""ID-token validation without HTTP: every forged or stale token is refused (S13)."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from joserfc import jws
from joserfc.jwk import ECKey, RSAKey

from motcua.portal.eid.errors import IdTokenRejected
from motcua.portal.eid.tokens import MAX_AGE_SECONDS, validate_id_token

ISSUER = "https://eid.example.gov.vn"
CLIENT = "motcua-portal"
NONCE = "n-0S6_WzA2Mj"
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
T = int(NOW.timestamp())

KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
JWKS = {"keys": [{**KEY.as_dict(private=False), "alg": "RS256", "use": "sig"}]}


def claims(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "iss": ISSUER,
        "aud": CLIENT,
        "sub": "079088001234",
        "exp": T + 300,
        "iat": T - 5,
        "auth_time": T - 10,
        "nonce": NONCE,
        "acr": "urn:vn:vneid:level2",
        "name": "Trần Văn An",
    }
    base.update(changes)
    return {name: value for name, value in base.items() if value is not None}


def sign(payload: dict[str, Any], key: Any = KEY, **header: Any) -> str:
    protected = {"alg": "RS256", "kid": "k1", **header}
    return jws.serialize_compact(protected, json.dumps(payload), key, algorithms=[protected["alg"]])


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def raw_token(header: dict[str, Any], payload: dict[str, Any]) -> str:
    """Signed by hand (RS256 with KEY), for headers the library would not write."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    signature = KEY.private_key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64(signature)}"


def validate(token: str, **changes: Any) -> Any:
    arguments: dict[str, Any] = {
        "jwks": JWKS,
        "issuer": ISSUER,
        "client_id": CLIENT,
        "nonce": NONCE,
        "now": NOW,
    }
    arguments.update(changes)
    return validate_id_token(token, **arguments)


def rejected(token: str, **changes: Any) -> str:
    with pytest.raises(IdTokenRejected) as error:
        validate(token, **changes)
    return error.value.reason


def test_a_good_token_gives_its_claims() -> None:
    result = validate(sign(claims()))
    assert (result.subject, result.acr) == ("079088001234", "urn:vn:vneid:level2")
    assert result.get("name") == "Trần Văn An"
    assert result.get("missing", "-") == "-"


def test_alg_none_is_refused() -> None:
    header = b64(json.dumps({"alg": "none", "kid": "k1"}).encode())
    body = b64(json.dumps(claims()).encode())
    assert rejected(f"{header}.{body}.") == "malformed"  # empty signature part
    assert rejected(f"{header}.{body}.c2ln") == "alg"
    for spelling in ("None", "NONE", ""):
        header = b64(json.dumps({"alg": spelling}).encode())
        assert rejected(f"{header}.{body}.c2ln") == "alg"


def test_hs256_signed_with_the_public_key_is_refused() -> None:
    public_pem = KEY.as_pem(private=False)
    header = b64(json.dumps({"alg": "HS256", "kid": "k1"}).encode())
    signing_input = f"{header}.{b64(json.dumps(claims()).encode())}"
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    assert rejected(f"{signing_input}.{b64(mac)}") == "alg"


def test_a_signature_by_another_key_is_refused() -> None:
    assert rejected(sign(claims(), OTHER_KEY)) == "signature"


def test_a_tampered_payload_is_refused() -> None:
    header, _body, signature = sign(claims()).split(".")
    body = b64(json.dumps(claims(sub="079088009999")).encode())
    assert rejected(f"{header}.{body}.{signature}") == "signature"


def test_an_unknown_key_id_or_key_type_is_refused() -> None:
    assert rejected(sign(claims(), kid="k2")) == "kid"
    assert rejected(sign(claims()), jwks={"keys": []}) == "kid"
    assert rejected(sign(claims()), jwks={}) == "jwks"
    ec = ECKey.generate_key("P-256", parameters={"kid": "k1"})
    assert rejected(sign(claims(), ec, alg="ES256")) == "kid"  # the JWKS has no EC key


def test_a_token_without_kid_uses_the_only_key() -> None:
    token = jws.serialize_compact({"alg": "RS256"}, json.dumps(claims()), KEY)
    assert validate(token).subject == "079088001234"


def test_critical_header_extensions_are_refused() -> None:
    token = raw_token({"alg": "RS256", "kid": "k1", "crit": ["x-demo"], "x-demo": 1}, claims())
    assert rejected(token) == "crit"
    assert validate(raw_token({"alg": "RS256", "kid": "k1"}, claims())).subject


def test_wrong_issuer_is_refused() -> None:
    assert rejected(sign(claims(iss="https://evil.example"))) == "iss"
    assert rejected(sign(claims(iss=ISSUER + "/"))) == "iss"
    assert rejected(sign(claims(iss=None))) == "iss"


def test_wrong_audience_is_refused() -> None:
    assert rejected(sign(claims(aud="another-client"))) == "aud"
    assert rejected(sign(claims(aud=None))) == "aud"
    assert rejected(sign(claims(aud=["another-client"]))) == "aud"
    assert validate(sign(claims(aud=[CLIENT]))).subject == "079088001234"


def test_several_audiences_need_azp_naming_us() -> None:
    assert rejected(sign(claims(aud=[CLIENT, "other"]))) == "azp"
    assert rejected(sign(claims(aud=[CLIENT, "other"], azp="other"))) == "azp"
    assert rejected(sign(claims(azp="other"))) == "azp"
    assert validate(sign(claims(aud=[CLIENT, "other"], azp=CLIENT))).acr


def test_expired_token_is_refused() -> None:
    assert rejected(sign(claims(exp=T - 61))) == "exp"
    assert validate(sign(claims(exp=T - 59))).subject  # within the leeway
    assert rejected(sign(claims(exp=None))) == "exp"
    assert rejected(sign(claims(exp="tomorrow"))) == "exp"


def test_issued_in_the_future_or_long_ago_is_refused() -> None:
    assert rejected(sign(claims(iat=T + 120))) == "iat"
    assert rejected(sign(claims(iat=T - MAX_AGE_SECONDS - 61, exp=T + 300))) == "iat"
    assert rejected(sign(claims(iat=None))) == "iat"
    assert rejected(sign(claims(nbf=T + 120))) == "nbf"


def test_nonce_mismatch_is_refused() -> None:
    assert rejected(sign(claims(nonce="another"))) == "nonce"
    assert rejected(sign(claims(nonce=None))) == "nonce"
    assert rejected(sign(claims()), nonce="") == "nonce"


def test_missing_subject_or_acr_is_refused() -> None:
    assert rejected(sign(claims(sub=None))) == "sub"
    assert rejected(sign(claims(sub=""))) == "sub"
    assert rejected(sign(claims(acr=None))) == "acr"
    assert rejected(sign(claims(acr=2))) == "acr"


def test_malformed_tokens_are_refused() -> None:
    assert rejected("") == "malformed"
    assert rejected("a.b") == "malformed"
    assert rejected("!!!.e30.c2ln") == "malformed"
    assert rejected(f"{b64(b'[1]')}.e30.c2ln") == "malformed"
    assert rejected(sign([1, 2])) == "malformed"  # type: ignore[arg-type]
