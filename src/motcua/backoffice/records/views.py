# SPDX-License-Identifier: EUPL-1.2
"""Records of the one-stop desk: forms 01-06 as PDFs, the control sheet, the tracking book.

Every form is rendered on demand from the dossier and the audit event that produced it, in the
language of the request. Responses carry personal data: never cached, never sniffed.
"""

import tempfile
from datetime import date
from typing import TypeVar, cast

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from motcua.backoffice.access import actor_of, official_required
from motcua.backoffice.records.forms import TrackingBookForm
from motcua.core import clock
from motcua.core.errors import NotFound
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import dossier_for_official
from motcua.records import forms as printed_forms
from motcua.records.forms import PrintedForm, control_sheet_form, form_for_event
from motcua.records.tracking_book import Period, write_tracking_book

R = TypeVar("R", bound=HttpResponseBase)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _private(response: R) -> R:
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _dossier(request: HttpRequest, pk: int) -> Dossier:
    try:
        return dossier_for_official(actor_of(request), pk)
    except NotFound:
        raise Http404() from None


def _pdf_response(form: PrintedForm) -> HttpResponse:
    response = HttpResponse(printed_forms.form_pdf(form), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, form.filename) or ""
    return _private(response)


def _index(request: HttpRequest, form: TrackingBookForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "fields": [form["from"], form["to"]]}
    return _private(render(request, "backoffice/records/index.html", context, status=status))


@require_GET
@official_required
def records_index(request: HttpRequest) -> HttpResponse:
    """The tracking-book export form (this month so far by default)."""
    if "from" in request.GET or "to" in request.GET:
        form = TrackingBookForm(request.GET)
        form.is_valid()
    else:
        today = timezone.localtime(clock.now()).date()
        form = TrackingBookForm(initial={"from": today.replace(day=1), "to": today})
    return _index(request, form)


@require_GET
@official_required
def tracking_book(request: HttpRequest) -> HttpResponse:
    """The book (form 07) of the official's unit for the days asked, as an XLSX attachment."""
    form = TrackingBookForm(request.GET)
    if not form.is_valid():
        return _index(request, form, status=400)
    actor = actor_of(request)
    assert actor.unit is not None  # official_required: a capacity always has a unit
    first: date = form.cleaned_data["from"]
    last: date = form.cleaned_data["to"]
    stream = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    write_tracking_book(actor.unit, Period(first, last), stream)
    stream.seek(0)
    filename = f"tracking-book-{actor.unit.code}-{first:%Y%m%d}-{last:%Y%m%d}.xlsx"
    response = FileResponse(stream, as_attachment=True, filename=filename, content_type=XLSX)
    # A streamed file: ``official_required`` is typed for HttpResponse only.
    return cast(HttpResponse, _private(response))


@require_GET
@official_required
def form_pdf(request: HttpRequest, pk: int, sequence: int) -> HttpResponse:
    """The form that event ``sequence`` of the dossier produced; 404 if it produced none."""
    dossier = _dossier(request, pk)
    event = (
        DossierEvent.objects.filter(dossier=dossier, sequence=sequence)
        .select_related("unit__parent")
        .first()
    )
    if event is None:
        raise Http404()
    try:
        printed = form_for_event(dossier, event)
    except LookupError:
        raise Http404() from None
    return _pdf_response(printed)


@require_GET
@official_required
def control_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """Form 06 as a page: every hand-over so far, early / on time / late."""
    dossier = _dossier(request, pk)
    printed = control_sheet_form(dossier)
    context = {**printed.context, "dossier": dossier}
    return _private(render(request, "backoffice/records/control_sheet.html", context))


@require_GET
@official_required
def control_sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf_response(control_sheet_form(_dossier(request, pk)))
