# SPDX-License-Identifier: EUPL-1.2
"""Helpers for the e-ID tests (no tests here): demo citizens, the provider on the live server,
and a cookie-keeping HTTP client that follows the OpenID Connect round trip step by step."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.contrib.auth.hashers import make_password

from motcua.accounts.models import User
from motcua.demo.people import DEMO_PASSWORD
from motcua.portal.eid import provider as eid_provider
from motcua.portal.eid_provider.setup import ensure_demo_client

URLCONF = "motcua.portal.tests.test_eid_urls"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

LEVEL2 = {"national_id": "079088001234", "full_name": "Trần Văn An", "phone": "0912345678"}
LEVEL1 = {"national_id": "079090005678", "full_name": "Lê Thị Bình", "phone": "0987654321"}


def make_demo_citizens() -> tuple[User, User]:
    """``citizen.level2`` and ``citizen.level1`` as the demo loader creates them."""
    password = make_password(DEMO_PASSWORD)
    level2 = User.objects.create(
        username="citizen.level2", password=password, eid_level=2, **LEVEL2
    )
    level1 = User.objects.create(
        username="citizen.level1", password=password, eid_level=1, **LEVEL1
    )
    return level2, level1


@dataclass
class Provider:
    """The portal and its demo e-ID, both on the live server."""

    base: str
    level2: User
    level1: User

    @property
    def issuer(self) -> str:
        return f"{self.base}/eid-demo/o"


@pytest.fixture
def eid(live_server: Any, settings: Any) -> Iterator[Provider]:
    base = str(live_server.url)
    settings.ROOT_URLCONF = URLCONF
    settings.MOTCUA_PUBLIC_URL = base
    settings.MOTCUA_EID_ISSUER = f"{base}/eid-demo/o"
    eid_provider.clear_cache()
    ensure_demo_client(base)
    level2, level1 = make_demo_citizens()
    yield Provider(base=base, level2=level2, level1=level1)
    eid_provider.clear_cache()


@dataclass
class Browser:
    """A browser without JavaScript: keeps cookies, never follows redirects by itself."""

    base: str
    http: requests.Session = field(default_factory=requests.Session)

    def url(self, path: str) -> str:
        return urljoin(self.base, path)

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.url(path), allow_redirects=False, timeout=30)

    def post(
        self, path: str, data: dict[str, str], *, page: str | None = None
    ) -> requests.Response:
        """POST a form of ``page`` (default: ``path``) with the CSRF token that page carries."""
        form = self.get(page or path)
        match = CSRF_FIELD.search(form.text)
        assert match, f"no CSRF token on {page or path}"
        return self.http.post(
            self.url(path),
            data={"csrfmiddlewaretoken": match.group(1), **data},
            allow_redirects=False,
            timeout=30,
        )

    def cookie(self, name: str) -> str | None:
        return self.http.cookies.get(name)


def location(response: requests.Response) -> str:
    assert response.status_code in (301, 302, 303), (response.status_code, response.text[:500])
    return response.headers["Location"]


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def provider_login(browser: Browser, authorize_url: str, username: str) -> str:
    """Log in at the demo e-ID for ``authorize_url``; the provider's redirect to the portal."""
    to_login = location(browser.get(authorize_url))
    assert urlsplit(to_login).path == "/eid-demo/login/"
    next_url = query(to_login)["next"]
    back = location(
        browser.post(
            to_login,
            {"username": username, "password": DEMO_PASSWORD, "next": next_url},
        )
    )
    return location(browser.get(back))


def start_login(browser: Browser, next_url: str = "", *, prefix: str = "") -> str:
    """Press "Log in with VNeID" on the portal (``prefix``: ``/en`` for English); the provider's
    authorization URL."""
    page = f"{prefix}/dang-nhap/"
    return location(browser.post(page, {"next": next_url} if next_url else {}))


def eid_login(
    browser: Browser, username: str, next_url: str = "", *, prefix: str = ""
) -> requests.Response:
    """The whole round trip; the portal's answer to the callback."""
    callback = provider_login(browser, start_login(browser, next_url, prefix=prefix), username)
    return browser.get(callback)
