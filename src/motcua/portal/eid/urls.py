# SPDX-License-Identifier: EUPL-1.2
"""e-ID login: ``login`` (``dang-nhap/``), ``eid_callback`` (``dang-nhap/callback/``) and
``logout`` (``dang-xuat/``, POST)."""

from django.urls import URLPattern, URLResolver, path

from motcua.portal.eid import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("dang-nhap/", views.login, name="login"),
    path("dang-nhap/callback/", views.eid_callback, name="eid_callback"),
    path("dang-xuat/", views.logout, name="logout"),
]
