# SPDX-License-Identifier: EUPL-1.2
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from motcua import views

# The admin (catalog, calendars, operations) asks for the same second factor as the back office.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    *i18n_patterns(
        path("", views.home, name="home"),
        path("admin/", admin.site.urls),
        path("backoffice/", include("motcua.backoffice.urls")),
        path("", include("motcua.portal.urls")),
        prefix_default_language=False,
    ),
]
