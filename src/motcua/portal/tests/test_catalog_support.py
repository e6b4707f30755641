# SPDX-License-Identifier: EUPL-1.2
"""Shared pieces of the catalog tests (no tests here).

The portal frame links to URL names that other parts of the portal provide (e-ID login and
logout, tracking, my dossiers). While one of them is missing, the catalog tests run with this
module as the URL configuration: the site's own, plus a stand-in for each missing name.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, URLPattern, URLResolver, include, path, reverse
from pytest_django import Settings

from motcua import views
from motcua.catalog.services import catalog_import
from motcua.demo.loader import demo_catalog
from motcua.portal import urls as portal_urls

#: Wednesday 15 July 2026, 10:00 in Hồ Chí Minh City: every demo procedure is in force.
NOW = datetime(2026, 7, 15, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

#: The public address of the site in these tests (QR codes, API links).
PUBLIC_URL = "https://dichvucong.example.vn"

#: The portal names the frame (portal/base.html) links to, and a path for a stand-in.
FRAME_NAMES = {
    "login": "dang-nhap/",
    "logout": "dang-xuat/",
    "track": "tra-cuu/",
    "my_dossiers": "ho-so-cua-toi/",
}


def _missing() -> list[str]:
    missing = []
    for name in FRAME_NAMES:
        try:
            reverse(f"portal:{name}", urlconf="motcua.urls")
        except NoReverseMatch:
            missing.append(name)
    return missing


def _stand_in(request: HttpRequest) -> HttpResponse:
    return HttpResponse("stand-in")


MISSING = _missing()
#: The URL configuration the catalog tests use (this module while a frame name is missing).
URLCONF = __name__ if MISSING else "motcua.urls"

_portal: list[URLPattern | URLResolver] = [
    *portal_urls.urlpatterns,
    *(path(FRAME_NAMES[name], _stand_in, name=name) for name in MISSING),
]
urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    *i18n_patterns(
        path("", views.home, name="home"),
        path("admin/", admin.site.urls),
        path("backoffice/", include("motcua.backoffice.urls")),
        path("", include((_portal, "portal"))),
        prefix_default_language=False,
    ),
]


def import_demo_catalog() -> None:
    """The 30 procedures of the demo catalog, published."""
    catalog_import(demo_catalog())


@contextmanager
def catalog_site(settings: Settings) -> Iterator[None]:
    """The catalog tests' set-up: this URL configuration if needed, and the clock at ``NOW``."""
    settings.ROOT_URLCONF = URLCONF
    settings.MOTCUA_PUBLIC_URL = PUBLIC_URL
    with time_machine.travel(NOW, tick=False):
        yield


def result_codes(html: str) -> list[str]:
    """The procedure codes of the result list, in order."""
    listed = html.split('<ul class="motcua-rule-list">', 1)
    if len(listed) < 2:
        return []
    return re.findall(r'href="(?:/[a-z]{2})?/thu-tuc/([0-9.]+)/"', listed[1].split("</ul>", 1)[0])


def demo_codes(**where: object) -> list[str]:
    """Codes of the demo catalog's procedures whose exchange-format keys equal ``where``."""
    procedures = demo_catalog()["procedures"]
    assert isinstance(procedures, list)
    return sorted(
        item["national_code"]
        for item in procedures
        if all(item.get(key) == value for key, value in where.items())
    )
