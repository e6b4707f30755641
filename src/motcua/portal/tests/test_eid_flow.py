# SPDX-License-Identifier: EUPL-1.2
"""The whole e-ID login over HTTP: portal and demo provider on the live server (S13)."""

from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.sessions.models import Session

from motcua.accounts.models import User
from motcua.core import clock
from motcua.portal.access import EID_LOGIN_AT, may_submit
from motcua.portal.eid.config import eid_config
from motcua.portal.eid.errors import LoginRefused
from motcua.portal.eid.flow import authorization_url, pkce_challenge, start_flow
from motcua.portal.eid.provider import exchange_code, provider_for
from motcua.portal.eid_provider.session import COOKIE_NAME
from motcua.portal.tests.test_eid_support import (
    LEVEL2,
    Browser,
    Provider,
    eid,
    eid_login,
    location,
    provider_login,
    query,
    start_login,
)

__all__ = ["eid"]  # the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def _session_user(session_key: str | None) -> int | None:
    session = Session.objects.filter(session_key=session_key).first()
    if session is None:
        return None
    value = session.get_decoded().get("_auth_user_id")
    return int(value) if value is not None else None


def test_level2_citizen_logs_in_over_http_and_may_submit(eid: Provider) -> None:
    browser = Browser(eid.base)
    authorize = start_login(browser, "/thu-tuc/?q=ket+hon")
    sent = query(authorize)
    assert authorize.startswith(f"{eid.issuer}/authorize/?")
    assert sent["response_type"] == "code"
    assert sent["code_challenge_method"] == "S256"
    assert len(sent["code_challenge"]) == 43
    assert sent["acr_values"] == "urn:vn:vneid:level2 urn:vn:vneid:level1"
    assert sent["redirect_uri"] == f"{eid.base}/dang-nhap/callback/"
    before = browser.cookie("sessionid")
    assert before is not None and _session_user(before) is None

    callback = provider_login(browser, authorize, "citizen.level2")
    assert callback.startswith(f"{eid.base}/dang-nhap/callback/?")
    assert query(callback)["state"] == sent["state"]
    assert query(callback)["iss"] == eid.issuer
    answer = browser.get(callback)

    assert location(answer) == "/thu-tuc/?q=ket+hon"
    after = browser.cookie("sessionid")
    assert after != before  # the session key rotates at login
    assert not Session.objects.filter(session_key=before).exists()
    assert _session_user(after) == eid.level2.pk
    session = Session.objects.get(session_key=after).get_decoded()
    assert abs(session[EID_LOGIN_AT] - clock.now().timestamp()) < 60
    user = User.objects.get(pk=eid.level2.pk)
    assert (user.national_id, user.full_name, user.phone) == (
        LEVEL2["national_id"],
        LEVEL2["full_name"],
        LEVEL2["phone"],
    )
    assert user.eid_level == 2 and may_submit(user)
    page = browser.get("/dang-nhap/")
    assert "Trần Văn An" in page.text
    assert 'id="eid-upgrade"' not in page.text


def test_level1_citizen_logs_in_may_browse_and_is_told_how_to_upgrade(eid: Provider) -> None:
    browser = Browser(eid.base)
    answer = eid_login(browser, "citizen.level1", prefix="/en")

    assert location(answer) == "/en/ho-so-cua-toi/"  # the default destination, in English
    user = User.objects.get(pk=eid.level1.pk)
    assert user.eid_level == 1
    assert not may_submit(user)
    assert _session_user(browser.cookie("sessionid")) == user.pk
    page = browser.get("/en/dang-nhap/")
    assert 'id="eid-upgrade"' in page.text
    assert "level-1 e-ID account" in page.text  # the message after login


def test_provider_login_alone_does_not_log_into_the_portal(eid: Provider) -> None:
    browser = Browser(eid.base)
    browser.get("/dang-nhap/")
    portal_session = browser.cookie("sessionid")
    to_login = location(browser.get(f"{eid.issuer}/authorize/?client_id=x"))
    location(
        browser.post(
            to_login,
            {"username": "citizen.level2", "password": "demo-motcua-2026", "next": "/"},
        )
    )
    assert browser.cookie(COOKIE_NAME) is not None  # logged in at the provider ...
    assert browser.cookie("sessionid") == portal_session  # ... the portal session untouched
    assert _session_user(portal_session) is None
    assert _session_user(browser.cookie(COOKIE_NAME)) == eid.level2.pk
    assert "Log in with VNeID" in browser.get("/en/dang-nhap/").text


def test_provider_refuses_an_official_without_an_e_id_identity(eid: Provider) -> None:
    User.objects.create_user("desk.official", password="demo-motcua-2026")
    browser = Browser(eid.base)
    to_login = location(browser.get(start_login(browser)))
    refused = browser.post(
        to_login,
        {"username": "desk.official", "password": "demo-motcua-2026", "next": "/"},
    )
    assert refused.status_code == 200
    assert "không có danh tính điện tử" in refused.text
    assert browser.cookie(COOKIE_NAME) is None


def test_logout_kills_the_server_session_and_logs_out_at_the_provider(eid: Provider) -> None:
    browser = Browser(eid.base)
    eid_login(browser, "citizen.level2")
    old_key = browser.cookie("sessionid")
    assert _session_user(old_key) == eid.level2.pk

    to_provider = location(browser.post("/en/dang-xuat/", {}, page="/en/dang-nhap/"))
    assert to_provider.startswith(f"{eid.issuer}/logout/?")
    assert query(to_provider)["post_logout_redirect_uri"] == f"{eid.base}/en/dang-nhap/"
    assert query(to_provider)["client_id"] == "motcua-portal"
    assert not Session.objects.filter(session_key=old_key).exists()
    back = location(browser.get(to_provider))
    assert back == f"{eid.base}/en/dang-nhap/"
    assert browser.cookie(COOKIE_NAME) is None  # the provider's session ended too
    assert "You have logged out." in browser.get(back).text

    replay = Browser(eid.base)  # someone who kept the old cookie
    replay.http.cookies.set("sessionid", old_key, domain=urlsplit(eid.base).hostname)
    page = replay.get("/en/dang-nhap/")
    assert "Log in with VNeID" in page.text
    assert "Trần Văn An" not in page.text
    # Logging in again needs the provider's login page again.
    again = location(browser.get(start_login(browser)))
    assert urlsplit(again).path == "/eid-demo/login/"


def test_logout_needs_post(eid: Provider) -> None:
    browser = Browser(eid.base)
    eid_login(browser, "citizen.level2")
    assert browser.get("/dang-xuat/").status_code == 405
    assert _session_user(browser.cookie("sessionid")) == eid.level2.pk


def test_forged_missing_and_replayed_state_are_refused(eid: Provider) -> None:
    browser = Browser(eid.base)
    callback = provider_login(browser, start_login(browser), "citizen.level2")
    code, state = query(callback)["code"], query(callback)["state"]
    before = browser.cookie("sessionid")

    forged = browser.get(f"/en/dang-nhap/callback/?code={code}&state=forged-{state[:10]}")
    assert forged.status_code == 400
    assert "The login with e-ID did not succeed. Please start again." in forged.text
    missing = browser.get(f"/dang-nhap/callback/?code={code}")
    assert missing.status_code == 400
    assert _session_user(browser.cookie("sessionid")) is None

    assert browser.get(callback).status_code == 302  # the genuine answer still works once
    assert browser.cookie("sessionid") != before
    replayed = browser.get(callback)
    assert replayed.status_code == 400  # state is used once


def test_callback_of_another_browser_is_refused(eid: Provider) -> None:
    victim = Browser(eid.base)
    callback = provider_login(victim, start_login(victim), "citizen.level2")
    attacker = Browser(eid.base)
    attacker.get("/dang-nhap/")
    answer = attacker.get(callback)  # login CSRF: the state is not in this session
    assert answer.status_code == 400
    assert _session_user(attacker.cookie("sessionid")) is None


def test_provider_error_answer_is_refused_with_a_clear_message(eid: Provider) -> None:
    browser = Browser(eid.base)
    state = query(start_login(browser, prefix="/en"))["state"]
    answer = browser.get(f"/dang-nhap/callback/?error=access_denied&state={state}")
    assert answer.status_code == 400
    assert "cancelled at the national e-ID service" in answer.text
    assert _session_user(browser.cookie("sessionid")) is None


def test_replayed_code_second_exchange_fails(eid: Provider) -> None:
    browser = Browser(eid.base)
    config = eid_config()
    provider = provider_for(config.issuer)
    flow = start_flow({}, next_url="/", now=clock.now())
    callback = provider_login(
        browser, authorization_url(provider, config, flow, locale="vi"), "citizen.level2"
    )
    code = query(callback)["code"]
    exchange = {
        "code": code,
        "code_verifier": flow.code_verifier,
        "redirect_uri": config.redirect_uri,
        "client_id": config.client_id,
        "client_secret": config.client_secret,
    }
    assert "id_token" in exchange_code(provider, **exchange)
    with pytest.raises(LoginRefused) as replay:
        exchange_code(provider, **exchange)
    assert (replay.value.reason, replay.value.detail) == ("token", "invalid_grant")


def test_wrong_pkce_verifier_and_missing_verifier_fail_the_exchange(eid: Provider) -> None:
    browser = Browser(eid.base)
    config = eid_config()
    provider = provider_for(config.issuer)
    flow = start_flow({}, next_url="/", now=clock.now())
    callback = provider_login(
        browser, authorization_url(provider, config, flow, locale="vi"), "citizen.level2"
    )
    code = query(callback)["code"]
    no_verifier = requests.post(
        provider.token_endpoint,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": config.redirect_uri,
        },
        auth=(config.client_id, config.client_secret),
        timeout=30,
    )
    assert no_verifier.status_code == 400
    with pytest.raises(LoginRefused) as wrong:
        exchange_code(
            provider,
            code=code,
            code_verifier="x" * 64,
            redirect_uri=config.redirect_uri,
            client_id=config.client_id,
            client_secret=config.client_secret,
        )
    assert wrong.value.reason == "token"


def test_provider_refuses_an_authorization_request_without_pkce(eid: Provider) -> None:
    browser = Browser(eid.base)
    config = eid_config()
    provider = provider_for(config.issuer)
    flow = start_flow({}, next_url="/", now=clock.now())
    url = authorization_url(provider, config, flow, locale="vi")
    without = url.replace(f"&code_challenge={flow.code_challenge}", "").replace(
        "&code_challenge_method=S256", ""
    )
    assert "code_challenge" not in without
    answer = provider_login(browser, without, "citizen.level2")
    assert answer.startswith(config.redirect_uri)
    assert query(answer)["error"] == "invalid_request"
    assert "code" not in query(answer)
    plain = url.replace("code_challenge_method=S256", "code_challenge_method=plain").replace(
        flow.code_challenge, flow.code_verifier
    )
    assert query(location(browser.get(plain)))["error"] == "invalid_request"
    assert pkce_challenge(flow.code_verifier) == flow.code_challenge


def test_wrong_client_secret_is_refused_by_the_provider(eid: Provider, settings: object) -> None:
    browser = Browser(eid.base)
    config = eid_config()
    provider = provider_for(config.issuer)
    flow = start_flow({}, next_url="/", now=clock.now())
    callback = provider_login(
        browser, authorization_url(provider, config, flow, locale="vi"), "citizen.level2"
    )
    with pytest.raises(LoginRefused) as refused:
        exchange_code(
            provider,
            code=query(callback)["code"],
            code_verifier=flow.code_verifier,
            redirect_uri=config.redirect_uri,
            client_id=config.client_id,
            client_secret="not-the-secret",
        )
    assert refused.value.detail == "invalid_client"


def test_a_login_below_the_accepted_levels_is_refused(eid: Provider, settings: object) -> None:
    settings.MOTCUA_EID_ACR_LEVELS = {"urn:vn:vneid:level2": 2}  # type: ignore[attr-defined]
    browser = Browser(eid.base)
    answer = eid_login(browser, "citizen.level1", prefix="/en")
    assert answer.status_code == 400
    assert "level of assurance could not be confirmed" in answer.text
    assert _session_user(browser.cookie("sessionid")) is None
