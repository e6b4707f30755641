# SPDX-License-Identifier: EUPL-1.2
"""URLs of the demo e-ID, mounted at the site root (outside the language prefixes) when
``MOTCUA_EID_DEMO_PROVIDER`` is true.

Issuer: ``<site>/eid-demo/o``; discovery at ``/eid-demo/o/.well-known/openid-configuration``.
Only the endpoints an OpenID provider needs are served — not django-oauth-toolkit's
application-management pages.
"""

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path, re_path
from oauth2_provider import views as dot

from motcua.portal.eid_provider.session import provider_session
from motcua.portal.eid_provider.views import DemoAuthorizationView, DemoLoginView

PREFIX = "eid-demo/"
ISSUER_PATH = "/eid-demo/o"

oidc_patterns = [
    path("authorize/", provider_session(DemoAuthorizationView.as_view()), name="authorize"),
    path("token/", dot.TokenView.as_view(), name="token"),
    re_path(
        r"^\.well-known/openid-configuration/?$",
        dot.ConnectDiscoveryInfoView.as_view(),
        name="oidc-connect-discovery-info",
    ),
    path(  # also fixes the issuer of RFC 9207's ``iss`` in authorization responses
        ".well-known/oauth-authorization-server",
        dot.OAuthServerMetadataView.as_view(),
        name="oauth-server-metadata",
    ),
    path(".well-known/jwks.json", dot.JwksInfoView.as_view(), name="jwks-info"),
    path("userinfo/", dot.UserInfoView.as_view(), name="user-info"),
    path(
        "logout/",
        provider_session(dot.RPInitiatedLogoutView.as_view()),
        name="rp-initiated-logout",
    ),
]

demo_patterns = [
    path("login/", provider_session(DemoLoginView.as_view()), name="login"),
]


def provider_urlpatterns() -> list[URLPattern | URLResolver]:
    """The demo provider's URL patterns, or none when ``MOTCUA_EID_DEMO_PROVIDER`` is false."""
    if not settings.MOTCUA_EID_DEMO_PROVIDER:
        return []
    return [
        path(f"{PREFIX}o/", include((oidc_patterns, "oauth2_provider"))),
        path(PREFIX, include((demo_patterns, "eid_demo"))),
    ]
