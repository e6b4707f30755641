# SPDX-License-Identifier: EUPL-1.2
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from motcua import views
from motcua.api.urls import api_urlpatterns
from motcua.portal.eid_provider.urls import provider_urlpatterns

# The admin (catalog, calendars, operations) asks for the same second factor as the back office.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    *api_urlpatterns(),  # the REST API at /api/v1/, outside the language prefixes
    *provider_urlpatterns(),  # the demo national e-ID at /eid-demo/ when MOTCUA_EID_DEMO_PROVIDER
    *i18n_patterns(
        path("", views.home, name="home"),
        path("admin/", admin.site.urls),
        path("backoffice/", include("motcua.backoffice.urls")),
        path("", include("motcua.portal.urls")),
        prefix_default_language=False,
    ),
]
