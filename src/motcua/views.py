# SPDX-License-Identifier: EUPL-1.2
"""The landing page of a Motcua installation (the portal and back office arrive later)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.catalog.selectors import versions_in_force
from motcua.core import clock


def home(request: HttpRequest) -> HttpResponse:
    versions = (
        versions_in_force(timezone.localtime(clock.now()).date())
        .select_related("procedure", "field")
        .prefetch_related("time_limits")
        .order_by("field__code", "name")
    )
    return render(request, "home.html", {"versions": versions})
