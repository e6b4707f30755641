# SPDX-License-Identifier: EUPL-1.2
"""Test URL configuration for the e-ID tests (no tests here).

The site's URLs plus the demo e-ID (until ``motcua/urls.py`` mounts it), plus placeholder views
for portal URL names that other parts have not provided yet (the page frame links to them).
"""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path

from motcua import urls as site
from motcua.portal import urls as portal
from motcua.portal.eid_provider.urls import provider_urlpatterns

FRAME_NAMES = ("procedures", "track", "my_dossiers", "login", "logout", "eid_callback")


def _placeholder(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse("placeholder")


def _names(patterns: list[URLPattern | URLResolver]) -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names |= _names(pattern.url_patterns)
        elif pattern.name:
            names.add(pattern.name)
    return names


def _portal_with_placeholders() -> list[URLPattern | URLResolver]:
    present = _names(portal.urlpatterns)
    missing = [name for name in FRAME_NAMES if name not in present]
    return [
        *portal.urlpatterns,
        *(path(f"__placeholder__/{name}/", _placeholder, name=name) for name in missing),
    ]


_mounted = any(getattr(p, "namespace", None) == "oauth2_provider" for p in site.urlpatterns)

urlpatterns = [
    *([] if _mounted else provider_urlpatterns()),
    *i18n_patterns(
        path("", include((_portal_with_placeholders(), "portal"))), prefix_default_language=False
    ),
    *site.urlpatterns,
]
