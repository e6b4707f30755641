# SPDX-License-Identifier: EUPL-1.2
"""Worklists of the official's capacity, with filters and keyset pages; the overdue report."""

from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from motcua.backoffice.access import actor_of, official_required
from motcua.backoffice.worklists.forms import WorklistFilterForm
from motcua.core import clock
from motcua.core.errors import NotFound, PermissionDenied
from motcua.dossiers.time_left import UnitCalendars
from motcua.dossiers.worklists import (
    REPORT_ROLES,
    field_choices,
    overdue_report,
    worklist_named,
    worklist_page,
    worklist_tabs,
    worklists_for,
)


def _after(request: HttpRequest) -> int | None:
    """The keyset cursor; anything but a positive number starts at the first page."""
    value = request.GET.get("after", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


@official_required
def worklists_home(request: HttpRequest) -> HttpResponse:
    """The first worklist of the capacity, or a page saying there is none."""
    actor = actor_of(request)
    available = worklists_for(actor.role)
    if available:
        return redirect("backoffice:worklist", name=available[0].name)
    context = {"show_report": actor.role in REPORT_ROLES}
    return render(request, "backoffice/worklists/none.html", context)


@official_required
def worklist(request: HttpRequest, name: str) -> HttpResponse:
    actor = actor_of(request)
    try:
        chosen = worklist_named(actor, name)
    except NotFound:
        raise Http404() from None
    now = clock.now()
    calendar = UnitCalendars().for_unit(actor.unit)
    form = WorklistFilterForm(request.GET or None, fields=field_choices())
    page = worklist_page(
        chosen, actor, now=now, calendar=calendar, filters=form.filters(), after=_after(request)
    )
    query = request.GET.copy()
    query.pop("after", None)
    first_query = query.urlencode()
    next_query = None
    if page.next_after is not None:
        query["after"] = str(page.next_after)
        next_query = query.urlencode()
    context = {
        "worklist": chosen,
        "tabs": worklist_tabs(actor, now=now, calendar=calendar),
        "page": page,
        "form": form,
        "next_query": next_query,
        "first_query": first_query,
        "first_page": _after(request) is None,
        "show_report": actor.role in REPORT_ROLES,
    }
    return render(request, "backoffice/worklists/worklist.html", context)


@official_required
def overdue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    now = clock.now()
    try:
        rows = overdue_report(actor, now=now)
    except PermissionDenied:
        raise HttpForbidden() from None
    calendar = UnitCalendars().for_unit(actor.unit)
    context = {
        "rows": rows,
        "total": sum(row.count for row in rows),
        "tabs": worklist_tabs(actor, now=now, calendar=calendar),
        "show_report": True,
    }
    return render(request, "backoffice/worklists/overdue_report.html", context)
