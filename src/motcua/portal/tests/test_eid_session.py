# SPDX-License-Identifier: EUPL-1.2
"""An e-ID session ends MOTCUA_EID_SESSION_MINUTES after login, with a clear message; the login
page and the level-1 explanation."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from motcua.accounts.models import User
from motcua.core import clock
from motcua.portal.access import (
    EID_LOGIN_AT,
    citizen_of,
    citizen_required,
    eid_session_expired,
    may_submit,
)
from motcua.portal.tests.test_eid_support import URLCONF

pytestmark = pytest.mark.django_db

EXPIRED = "Phiên làm việc đã kết thúc để bảo vệ an toàn cho bạn. Vui lòng đăng nhập lại."
EXPIRED_EN = "Your session has ended for your safety. Please log in again."


@pytest.fixture(autouse=True)
def _urls(settings: Any) -> None:
    settings.ROOT_URLCONF = URLCONF
    settings.MOTCUA_EID_SESSION_MINUTES = 30


def _citizen(level: int = 2) -> User:
    return User.objects.create(
        username=f"citizen{level}", national_id="079088001234", full_name="Trần Văn An",
        eid_level=level,
    )  # fmt: skip


def _logged_in(user: User, minutes_ago: float) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[EID_LOGIN_AT] = int((clock.now() - timedelta(minutes=minutes_ago)).timestamp())
    session.save()
    return client


@citizen_required
def _private(request: HttpRequest) -> HttpResponse:
    return HttpResponse("private")


def _request(client: Client, path: str = "/ho-so-cua-toi/") -> HttpRequest:
    request = RequestFactory().get(path)
    request.COOKIES["sessionid"] = client.cookies["sessionid"].value
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    MessageMiddleware(lambda r: HttpResponse()).process_request(request)
    request.user = get_user(request)  # type: ignore[assignment]
    return request


def test_within_the_limit_the_citizen_stays_logged_in() -> None:
    user = _citizen()
    request = _request(_logged_in(user, minutes_ago=29))
    assert not eid_session_expired(request)
    assert citizen_of(request) == user
    response = _private(request)
    assert response.content == b"private"
    assert "no-store" in response["Cache-Control"]


def test_after_the_limit_the_session_ends_and_the_login_page_says_why() -> None:
    user = _citizen()
    client = _logged_in(user, minutes_ago=31)
    old_key = client.session.session_key
    request = _request(client)
    assert eid_session_expired(request)
    assert citizen_of(request) is None
    response = _private(request)
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=/ho-so-cua-toi/"
    assert "no-store" in response["Cache-Control"]
    assert not Session.objects.filter(session_key=old_key).exists()
    assert [str(m) for m in request._messages] == [EXPIRED]  # type: ignore[attr-defined]


def test_the_login_page_ends_an_expired_session_with_the_message() -> None:
    client = _logged_in(_citizen(), minutes_ago=45)
    old_key = client.session.session_key
    page = client.get("/en/dang-nhap/")
    text = page.content.decode()
    assert EXPIRED_EN in text
    assert "Log in with VNeID" in text
    assert not Session.objects.filter(session_key=old_key).exists()
    assert "_auth_user_id" not in client.session
    assert EXPIRED_EN not in client.get("/en/dang-nhap/").content.decode()  # said once


def test_the_limit_is_a_setting(settings: Any) -> None:
    settings.MOTCUA_EID_SESSION_MINUTES = 60
    request = _request(_logged_in(_citizen(), minutes_ago=45))
    assert not eid_session_expired(request)


def test_a_session_without_an_e_id_login_time_is_not_limited() -> None:
    user = _citizen()
    client = Client()
    client.force_login(user)
    request = _request(client)
    assert not eid_session_expired(request)
    assert citizen_of(request) == user


def test_the_login_page_for_a_level1_citizen_explains_the_upgrade() -> None:
    user = _citizen(level=1)
    assert not may_submit(user)
    text = _logged_in(user, minutes_ago=1).get("/en/dang-nhap/").content.decode()
    assert "You are logged in as Trần Văn An with a level-1 e-ID account." in text
    assert 'id="eid-upgrade"' in text
    assert "chip-based citizen identity card" in text


def test_the_login_page_for_a_level2_citizen_has_no_upgrade_block() -> None:
    page = _logged_in(_citizen(level=2), minutes_ago=1).get("/en/dang-nhap/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert 'id="eid-upgrade"' not in page.content.decode()


def test_the_login_page_explains_e_id_and_keeps_a_safe_next() -> None:
    client = Client()
    text = client.get("/en/dang-nhap/?next=/ho-so-cua-toi/5/").content.decode()
    assert "Log in with the national e-ID" in text
    assert '<input type="hidden" name="next" value="/ho-so-cua-toi/5/">' in text
    for unsafe in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        other = client.get("/en/dang-nhap/", {"next": unsafe}).content.decode()
        assert 'name="next"' not in other, unsafe


def test_the_upgrade_include_takes_a_heading_level() -> None:
    html = render_to_string("portal/eid/_upgrade.html", {"heading_level": 3})
    assert "<h3 " in html and "</h3>" in html
    assert "<h2 " in render_to_string("portal/eid/_upgrade.html")


def test_login_page_refuses_other_methods() -> None:
    assert Client().put("/dang-nhap/").status_code == 405
    assert Client().post("/dang-nhap/callback/").status_code == 405
