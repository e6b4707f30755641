# SPDX-License-Identifier: EUPL-1.2
"""The desk records a supplement: the application form completed, documents and scans.

A dossier returned for completion at the counter may have an unfinished application form and
missing documents; it cannot be received until both are complete. When the applicant comes
back (or answers a supplement request during processing), the desk completes the form, ticks
the checklist, attaches scans and posts once: ``dossier_supplement`` then stores it all.

As on the counter intake page, an error brings the page back (422) with every typed value and
the scans already stored. As on the dossier page (ADR 0014), the form carries the dossier
version the official saw: if the dossier changed meanwhile, nothing is saved (409) and the
input is kept, rebound to the new version.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.accounts.actors import Actor
from motcua.backoffice.access import actor_of, official_required
from motcua.backoffice.intake import page as intake_page
from motcua.backoffice.supplement import page
from motcua.core.errors import ConcurrentUpdate, DomainError, NotFound, ValidationFailed
from motcua.core.errors import PermissionDenied as DomainPermissionDenied
from motcua.dossiers.availability import actions_for
from motcua.dossiers.labels import STATUS_LABELS
from motcua.dossiers.lifecycle import Action, Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_for_official
from motcua.dossiers.services import dossier_supplement as record_supplement
from motcua.dossiers.services.documents import missing_requirements
from motcua.webforms.uploads import KeptFile


def _dossier(actor: Actor, pk: int) -> Dossier:
    try:
        return dossier_for_official(actor, pk)
    except NotFound:
        raise Http404 from None


def _forbidden(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    context = {"dossier": dossier, "status_label": _status(dossier)}
    return render(request, "backoffice/supplement/forbidden.html", context, status=403)


def _status(dossier: Dossier) -> str:
    return str(STATUS_LABELS.get(dossier.status, dossier.status))


@never_cache
@official_required
@require_http_methods(["GET", "POST"])
def dossier_supplement(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form as the dossier holds it, an empty checklist; POST: record the supplement."""
    actor = actor_of(request)
    dossier = _dossier(actor, pk)
    allowed = Action.SUPPLEMENT in actions_for(dossier, actor)
    if request.method == "GET":
        if not allowed:
            return _forbidden(request, dossier)
        return _render(request, actor, dossier, page.page_forms(request, actor, dossier), {})
    stale = request.POST.get("version", "") != str(dossier.version)
    if not allowed and not (stale and page.may_ever_supplement(dossier, actor)):
        return _forbidden(request, dossier)
    forms = page.page_forms(request, actor, dossier)
    valid = forms.is_valid()
    files = intake_page.store_scans(forms.checklist)
    if stale:
        return _conflict(request, actor, dossier, forms, files)
    problems = page.Problems()
    status = 422
    if valid:
        documents = [
            check
            for check in intake_page.document_checks(forms.checklist, files)
            if check.is_provided
        ]
        data = forms.data_form.to_json()
        try:
            dossier = record_supplement(
                dossier,
                actor=actor,
                applicant_data=None if data == dossier.applicant_data else data,
                note=forms.note.cleaned_data["note"],
                documents=documents,
            )
        except ConcurrentUpdate:  # lost a race inside the same instant
            return _conflict(request, actor, _dossier(actor, pk), forms, files)
        except ValidationFailed as error:
            problems.take(error, forms)
        except DomainPermissionDenied:
            return _forbidden(request, dossier)
        except DomainError as error:
            problems.general.append(str(error.message))
            status = error.http_status
        else:
            messages.success(request, _done_message(dossier))
            return redirect(reverse("backoffice:dossier", kwargs={"pk": dossier.pk}))
    return _render(request, actor, dossier, forms, files, problems=problems, status=status)


def _conflict(
    request: HttpRequest,
    actor: Actor,
    fresh: Dossier,
    forms: page.Forms,
    files: dict[int, KeptFile],
) -> HttpResponse:
    """Nothing saved: the page on the dossier's new state, with the input kept (HTTP 409)."""
    problems = page.Problems()
    problems.general.append(
        _(
            "Someone else changed this dossier first; it is now: %(status)s. Nothing was "
            "saved. Your input is kept below: check the dossier and submit again if still right."
        )
        % {"status": _status(fresh)}
    )
    return _render(request, actor, fresh, forms, files, problems=problems, status=409)


def _done_message(dossier: Dossier) -> str:
    text = _("Saved. The dossier %(code)s is now: %(status)s.") % {
        "code": dossier.code,
        "status": _status(dossier),
    }
    missing = missing_requirements(dossier) if dossier.status == Status.SUBMITTED else []
    if missing:
        names = "; ".join(requirement.name for requirement in missing)
        text += " " + _("Still missing for reception: %(names)s.") % {"names": names}
    return text


def _render(
    request: HttpRequest,
    actor: Actor,
    dossier: Dossier,
    forms: page.Forms,
    files: dict[int, KeptFile],
    problems: page.Problems | None = None,
    status: int = 200,
) -> HttpResponse:
    assert actor.user is not None
    problems = problems or page.Problems()
    rows = intake_page.checklist_rows(
        forms.checklist, files, int(actor.user.pk), intake_page.Problems()
    )
    items = page.rows_with_documents(dossier, rows)
    context = {
        "dossier": dossier,
        "status_label": _status(dossier),
        "version": dossier.procedure_version,
        "request_event": page.last_request(dossier),
        "data_form": forms.data_form,
        "note": forms.note["note"],
        "rows": items,
        "problems": problems,
        "summary": page.error_summary(forms, items, problems),
        "conflict": status == 409,
        "closed": Action.SUPPLEMENT not in actions_for(dossier, actor),
    }
    return render(request, "backoffice/supplement/form.html", context, status=status)
