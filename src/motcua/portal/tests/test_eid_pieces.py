# SPDX-License-Identifier: EUPL-1.2
"""The e-ID pieces one by one: login attempts, PKCE, the token request, the citizen's account,
the demo client and key, and the login page without a provider."""

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.test import Client
from oauth2_provider.models import Application

from motcua.accounts.models import User
from motcua.portal.eid import provider as eid_provider
from motcua.portal.eid.config import eid_config
from motcua.portal.eid.errors import (
    AccountLocked,
    EidLoginFailed,
    LevelTooLow,
    LoginRefused,
    ProviderUnavailable,
)
from motcua.portal.eid.flow import (
    FLOW_MAX_AGE_SECONDS,
    MAX_PENDING,
    SESSION_KEY,
    authorization_url,
    pkce_challenge,
    start_flow,
    take_flow,
)
from motcua.portal.eid.provider import Provider, exchange_code
from motcua.portal.eid.services import CitizenIdentity, citizen_sign_in, identity_from_claims
from motcua.portal.eid.tokens import Claims
from motcua.portal.eid_provider.keys import demo_client_secret, demo_key_pem
from motcua.portal.eid_provider.setup import ensure_demo_client, setup_demo_provider
from motcua.portal.eid_provider.urls import provider_urlpatterns
from motcua.portal.tests.test_eid_support import URLCONF

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
PROVIDER = Provider(
    issuer="https://eid.example",
    authorization_endpoint="https://eid.example/authorize",
    token_endpoint="https://eid.example/token",
    jwks_uri="https://eid.example/jwks",
    end_session_endpoint=None,
)


# --- login attempts (state, nonce, PKCE) ---


def test_each_attempt_has_fresh_random_values_and_is_used_once() -> None:
    session: dict[str, Any] = {}
    first = start_flow(session, next_url="/a/", now=NOW)
    second = start_flow(session, next_url="/b/", now=NOW)
    assert len({first.state, second.state, first.nonce, second.nonce}) == 4
    assert 43 <= len(first.code_verifier) <= 128
    assert take_flow(session, first.state, now=NOW) == first
    with pytest.raises(EidLoginFailed) as replay:
        take_flow(session, first.state, now=NOW)
    assert replay.value.reason == "state"
    assert take_flow(session, second.state, now=NOW).next_url == "/b/"
    assert session[SESSION_KEY] == {}


def test_unknown_empty_or_stale_state_is_refused() -> None:
    session: dict[str, Any] = {}
    flow = start_flow(session, next_url="/", now=NOW)
    for state in ("", "forged"):
        with pytest.raises(EidLoginFailed):
            take_flow(session, state, now=NOW)
    late = NOW + timedelta(seconds=FLOW_MAX_AGE_SECONDS + 1)
    with pytest.raises(EidLoginFailed):
        take_flow(session, flow.state, now=late)
    assert session[SESSION_KEY] == {}  # taken out even when refused
    with pytest.raises(EidLoginFailed):
        take_flow({SESSION_KEY: {"x": {"state": "x"}}}, "x", now=NOW)


def test_only_the_newest_attempts_are_kept() -> None:
    session: dict[str, Any] = {}
    flows = [start_flow(session, next_url="/", now=NOW + timedelta(seconds=i)) for i in range(8)]
    assert set(session[SESSION_KEY]) == {flow.state for flow in flows[-MAX_PENDING:]}
    later = NOW + timedelta(seconds=FLOW_MAX_AGE_SECONDS + 20)
    start_flow(session, next_url="/", now=later)
    assert len(session[SESSION_KEY]) == 1  # stale attempts dropped


def test_pkce_challenge_is_s256_of_the_verifier() -> None:
    # RFC 7636 Appendix B.
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert pkce_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_the_authorization_request_always_carries_pkce_nonce_and_state() -> None:
    flow = start_flow({}, next_url="/", now=NOW)
    url = authorization_url(PROVIDER, eid_config(), flow, locale="en")
    sent = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    assert url.startswith("https://eid.example/authorize?")
    assert sent == {
        "response_type": "code",
        "client_id": settings.MOTCUA_EID_CLIENT_ID,
        "redirect_uri": settings.MOTCUA_PUBLIC_URL.rstrip("/") + "/dang-nhap/callback/",
        "scope": "openid profile phone",
        "state": flow.state,
        "nonce": flow.nonce,
        "code_challenge": pkce_challenge(flow.code_verifier),
        "code_challenge_method": "S256",
        "acr_values": "urn:vn:vneid:level2 urn:vn:vneid:level1",
        "ui_locales": "en",
    }


class _Answer:
    def __init__(self, status: int, data: object) -> None:
        self.status_code = status
        self._data = data

    def json(self) -> object:
        if isinstance(self._data, Exception):
            raise self._data
        return self._data


def test_the_token_request_always_sends_the_verifier(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: dict[str, Any] = {}

    def post(url: str, **kwargs: Any) -> _Answer:
        sent.update(url=url, **kwargs)
        return _Answer(200, {"id_token": "a.b.c", "access_token": "t"})

    monkeypatch.setattr(requests, "post", post)
    tokens = exchange_code(
        PROVIDER,
        code="the-code",
        code_verifier="the-verifier",
        redirect_uri="https://portal/cb/",
        client_id="motcua portal",
        client_secret="s:ecret",
    )
    assert tokens["id_token"] == "a.b.c"
    assert sent["url"] == "https://eid.example/token"
    assert sent["data"] == {
        "grant_type": "authorization_code",
        "code": "the-code",
        "redirect_uri": "https://portal/cb/",
        "code_verifier": "the-verifier",
    }
    assert sent["auth"] == ("motcua%20portal", "s%3Aecret")
    assert sent["timeout"] == 10


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (_Answer(400, {"error": "invalid_grant"}), "token"),
        (_Answer(500, ValueError("not json")), "token"),
        (_Answer(200, {"access_token": "t"}), "token"),
        (_Answer(200, ["not", "a", "dict"]), "token"),
    ],
)
def test_token_endpoint_failures_are_refusals(
    monkeypatch: pytest.MonkeyPatch, answer: _Answer, reason: str
) -> None:
    monkeypatch.setattr(requests, "post", lambda url, **kwargs: answer)
    with pytest.raises(LoginRefused) as refused:
        exchange_code(
            PROVIDER,
            code="c",
            code_verifier="v",
            redirect_uri="r",
            client_id="i",
            client_secret="s",
        )
    assert refused.value.reason == reason


def test_an_unreachable_provider_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise requests.ConnectionError("down")

    monkeypatch.setattr(requests, "post", fail)
    monkeypatch.setattr(requests, "get", fail)
    with pytest.raises(ProviderUnavailable):
        exchange_code(
            PROVIDER,
            code="c",
            code_verifier="v",
            redirect_uri="r",
            client_id="i",
            client_secret="s",
        )
    eid_provider.clear_cache()
    with pytest.raises(ProviderUnavailable):
        eid_provider.provider_for("https://nowhere.example")


def test_discovery_must_name_the_configured_issuer(monkeypatch: pytest.MonkeyPatch) -> None:
    class Response:
        def raise_for_status(self) -> None:
            pass

        def json(self) -> dict[str, str]:
            return {
                "issuer": "https://evil.example",
                "authorization_endpoint": "https://evil.example/a",
                "token_endpoint": "https://evil.example/t",
                "jwks_uri": "https://evil.example/k",
            }

    monkeypatch.setattr(requests, "get", lambda url, **kwargs: Response())
    eid_provider.clear_cache()
    with pytest.raises(ProviderUnavailable) as error:
        eid_provider.provider_for("https://eid.example")
    assert error.value.reason == "discovery"


# --- the citizen's account ---


def _claims(**values: Any) -> Claims:
    data = {"sub": "079088001234", "acr": "urn:vn:vneid:level2", "name": "Trần Văn An"}
    data.update(values)
    return Claims(subject=data["sub"], acr=data["acr"], values=data)


def test_identity_comes_from_the_claims_and_the_level_from_acr() -> None:
    config = eid_config()
    identity = identity_from_claims(_claims(phone_number="0912345678"), config)
    assert identity == CitizenIdentity("079088001234", "Trần Văn An", "0912345678", 2)
    assert identity_from_claims(_claims(acr="urn:vn:vneid:level1"), config).level == 1


@pytest.mark.parametrize("acr", ["urn:vn:vneid:level0", "urn:vn:vneid:level3", "2", "level2"])
def test_an_unknown_or_too_low_assurance_level_is_refused(acr: str, settings: Any) -> None:
    settings.MOTCUA_EID_ACR_LEVELS = {
        "urn:vn:vneid:level0": 0,
        "urn:vn:vneid:level1": 1,
        "urn:vn:vneid:level2": 2,
    }
    with pytest.raises(LevelTooLow):
        identity_from_claims(_claims(acr=acr), eid_config())


@pytest.mark.parametrize("number", ["79088001234", "0790880012345", "07908800123a", ""])
def test_a_malformed_identification_number_is_refused(number: str) -> None:
    with pytest.raises(EidLoginFailed) as error:
        identity_from_claims(_claims(sub=number or " "), eid_config())
    assert error.value.reason == "national_id"


def test_the_number_may_come_from_another_claim(settings: Any) -> None:
    settings.MOTCUA_EID_CLAIMS = {"national_id": "cccd", "full_name": "name"}
    claims = _claims(sub="pairwise-subject-1", cccd="001099000111")
    identity = identity_from_claims(claims, eid_config())
    assert (identity.national_id, identity.phone) == ("001099000111", "")


@pytest.mark.django_db
def test_a_new_citizen_gets_an_account_without_a_password() -> None:
    user = citizen_sign_in(CitizenIdentity("001099000111", "Phạm Minh", "0900000001", 1))
    assert (user.username, user.full_name, user.phone, user.eid_level) == (
        "eid.001099000111",
        "Phạm Minh",
        "0900000001",
        1,
    )
    assert not user.has_usable_password()
    again = citizen_sign_in(CitizenIdentity("001099000111", "Phạm Minh", "0900000001", 2))
    assert again.pk == user.pk and again.eid_level == 2
    assert User.objects.filter(national_id="001099000111").count() == 1


@pytest.mark.django_db
def test_an_existing_citizen_is_found_by_number_and_updated() -> None:
    old = User.objects.create(username="citizen.level2", national_id="079088001234", eid_level=2)
    newer = User.objects.create(username="dup", national_id="079088001234")
    user = citizen_sign_in(CitizenIdentity("079088001234", "Trần Văn An", "", 1))
    assert user.pk == old.pk != newer.pk
    old.refresh_from_db()
    assert (old.full_name, old.phone, old.eid_level) == ("Trần Văn An", "", 1)


@pytest.mark.django_db
def test_a_deactivated_account_cannot_log_in() -> None:
    User.objects.create(username="gone", national_id="079088001234", is_active=False)
    with pytest.raises(AccountLocked):
        citizen_sign_in(CitizenIdentity("079088001234", "X", "", 2))
    assert User.objects.get(username="gone").eid_level == 0


# --- the demo provider's client and key ---


@pytest.mark.django_db
def test_demo_client_setup_is_idempotent(settings: Any) -> None:
    settings.ROOT_URLCONF = URLCONF
    client = ensure_demo_client("http://127.0.0.1:9000/")
    assert (client.client_id, client.client_type, client.algorithm) == (
        settings.MOTCUA_EID_CLIENT_ID,
        Application.CLIENT_CONFIDENTIAL,
        "RS256",
    )
    assert client.authorization_grant_type == Application.GRANT_AUTHORIZATION_CODE
    assert client.redirect_uris == "http://127.0.0.1:9000/dang-nhap/callback/"
    assert client.post_logout_redirect_uris == (
        "http://127.0.0.1:9000/dang-nhap/ http://127.0.0.1:9000/en/dang-nhap/ "
        "http://127.0.0.1:9000/ar/dang-nhap/"
    )
    assert check_password(settings.MOTCUA_EID_CLIENT_SECRET, client.client_secret)
    updated = Application.objects.get(pk=client.pk).updated
    assert ensure_demo_client("http://127.0.0.1:9000").updated == updated  # nothing changed
    moved = ensure_demo_client("https://motcua.example")
    assert moved.pk == client.pk
    assert moved.redirect_uris == "https://motcua.example/dang-nhap/callback/"
    assert Application.objects.count() == 1


def test_the_demo_key_is_made_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "eid-demo-key.pem"
    pem = demo_key_pem(path)
    assert pem.startswith("-----BEGIN PRIVATE KEY-----")
    assert demo_key_pem(path) == pem
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["eid-demo-key.pem"]


def test_the_demo_client_secret_depends_on_the_secret_key() -> None:
    assert demo_client_secret("a") != demo_client_secret("b")
    assert len(demo_client_secret("a")) == len(hashlib.sha256().hexdigest())


# --- the login page when the provider cannot be reached ---


@pytest.mark.django_db
def test_login_with_the_provider_down_says_so(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.ROOT_URLCONF = URLCONF
    settings.MOTCUA_EID_ISSUER = "http://127.0.0.1:9/eid"
    eid_provider.clear_cache()
    client = Client()
    response = client.post("/en/dang-nhap/", {"next": "/thu-tuc/"})
    assert response.status_code == 503
    assert "cannot be reached" in response.content.decode()
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_demo_setup_does_nothing_without_the_demo_provider(settings: Any) -> None:
    settings.ROOT_URLCONF = URLCONF
    settings.MOTCUA_EID_DEMO_PROVIDER = False
    assert setup_demo_provider() is None
    assert not Application.objects.exists()
    settings.MOTCUA_EID_DEMO_PROVIDER = True
    client = setup_demo_provider()
    assert client is not None
    assert client.redirect_uris == settings.MOTCUA_PUBLIC_URL.rstrip("/") + "/dang-nhap/callback/"


def test_the_provider_urls_are_mounted_only_with_the_setting(settings: Any) -> None:
    settings.MOTCUA_EID_DEMO_PROVIDER = False
    assert provider_urlpatterns() == []
    settings.MOTCUA_EID_DEMO_PROVIDER = True
    assert [str(p.pattern) for p in provider_urlpatterns()] == ["eid-demo/o/", "eid-demo/"]
