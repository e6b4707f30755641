# SPDX-License-Identifier: EUPL-1.2
"""My dossiers: the citizen's list, one dossier's page, and its printed forms as PDFs.

Only the owner sees a dossier: another citizen's and a missing one are the same 404, never a
403, so nobody learns which dossiers exist. Pages carry personal data: ``no-store``
(``citizen_required``), and the PDFs are never sniffed.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from motcua.accounts.models import User
from motcua.core.errors import NotFound
from motcua.dossiers.citizen import citizen_form_event, dossier_of_citizen, dossiers_of_citizen
from motcua.dossiers.models import Dossier
from motcua.portal.access import citizen_of, citizen_required
from motcua.portal.mine import page
from motcua.records.forms import form_for_event, form_pdf

PAGE_SIZE = 20


def citizen(request: HttpRequest) -> User:
    user = citizen_of(request)
    assert user is not None, "use citizen_required"
    return user


def own_dossier(user: User, pk: int) -> Dossier:
    try:
        return dossier_of_citizen(user, pk)
    except NotFound:
        raise Http404() from None


def _cursor(request: HttpRequest) -> int | None:
    value = request.GET.get("after", "")
    return int(value) if value.isdigit() else None


@citizen_required
@require_GET
def my_dossiers(request: HttpRequest) -> HttpResponse:
    """The citizen's dossiers, newest first, 20 a page (keyset: ``?after=<id>``)."""
    after = _cursor(request)
    rows, next_cursor = dossiers_of_citizen(citizen(request), after_id=after, size=PAGE_SIZE)
    items = [
        {"dossier": d, "status": page.status_label(d), "badge": page.needs_action(d)} for d in rows
    ]
    context = {"items": items, "next_cursor": next_cursor, "first_page": after is None}
    return render(request, "portal/mine/list.html", context)


@citizen_required
@require_GET
def my_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """One dossier: where it is, its history, what is asked of the citizen, its documents."""
    user = citizen(request)
    dossier = own_dossier(user, pk)
    return render(request, "portal/mine/detail.html", page.detail_context(request, user, dossier))


@citizen_required
@require_GET
def my_dossier_form(request: HttpRequest, pk: int, sequence: int) -> HttpResponse:
    """A form the applicant received (receipt, request, refusal, apology, stop notice) as PDF."""
    dossier = own_dossier(citizen(request), pk)
    try:
        event = citizen_form_event(dossier, sequence)
        printed = form_for_event(dossier, event)
    except (NotFound, LookupError):
        raise Http404() from None
    response = HttpResponse(form_pdf(printed), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, printed.filename) or ""
    response["X-Content-Type-Options"] = "nosniff"
    return response
