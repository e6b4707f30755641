# SPDX-License-Identifier: EUPL-1.2
"""Worklists (the back office's home) and the overdue report."""

from django.urls import URLPattern, URLResolver, path

from motcua.backoffice.worklists import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.worklists_home, name="worklists"),
    path("worklists/<slug:name>/", views.worklist, name="worklist"),
    path("reports/overdue/", views.overdue, name="overdue_report"),
]
