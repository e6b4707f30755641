# SPDX-License-Identifier: EUPL-1.2
"""Login, second factor, capacity and logout of officials."""

from django.urls import URLPattern, URLResolver, path

from motcua.backoffice.auth import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", views.login_view, name="login"),
    path("login/otp/", views.otp_view, name="otp"),
    path("capacity/", views.capacity_view, name="capacity"),
    path("logout/", views.logout_view, name="logout"),
]
