# SPDX-License-Identifier: EUPL-1.2
"""Online submission: the procedure's start page, the citizen's drafts, and after submitting
the confirmation page and the receipt of submission (PDF).

Drafts belong to the e-ID account, so a citizen resumes one from any device: the start page
links the latest unfinished draft of the procedure, and ``nop-ho-so/`` lists them all.
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import version_in_force
from motcua.core import clock
from motcua.core.errors import NotFound, PermissionDenied, ValidationFailed
from motcua.documents.pdf import render_pdf
from motcua.portal.access import applicant_of, citizen_of, citizen_required, may_submit
from motcua.portal.submission import page
from motcua.portal.submission.forms import WhereForm
from motcua.portal.submission.receipt import receipt_context, receipt_filename
from motcua.submissions.selectors import (
    expected_due,
    latest_open_draft,
    online_available,
    open_drafts,
    owned_dossier,
)
from motcua.submissions.services import Where, draft_start


def citizen(request: HttpRequest) -> User:
    user = citizen_of(request)
    assert user is not None, "use citizen_required"
    return user


def level_page(request: HttpRequest, version: ProcedureVersion) -> HttpResponse:
    """Why a citizen whose e-ID level is too low cannot submit, and how to get level 2."""
    context = {
        "version": version,
        "name": page.procedure_name(version),
        "upgrade_template": page.upgrade_template(),
    }
    return render(request, "portal/submission/level.html", context, status=403)


def _version(code: str) -> ProcedureVersion:
    version = version_in_force(code, timezone.localtime(clock.now()).date())
    if version is None:
        raise Http404
    return version


@citizen_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, code: str) -> HttpResponse:
    """Start (or resume) an online submission of the procedure: first, where to submit."""
    user = citizen(request)
    version = _version(code)
    context: dict[str, Any] = {"version": version, "name": page.procedure_name(version)}
    if not online_available(version):
        return render(request, "portal/submission/unavailable.html", context)
    if not may_submit(user, version.min_eid_level):
        return level_page(request, version)
    form = WhereForm(version, request.POST if request.method == "POST" else None)
    general: list[str] = []
    if request.method == "POST" and form.is_valid():
        where = Where(form.cleaned_data["receiving_unit"], form.cleaned_data.get("competent_unit"))
        keys = page.registry_keys_for(version.applicant_schema, user)
        try:
            draft = draft_start(
                actor=applicant_of(request), version=version, where=where, registry_keys=keys
            )
        except PermissionDenied:
            return level_page(request, version)
        except ValidationFailed as error:
            general = page.take_errors(error, form)
        else:
            return page.see_other(page.resume_url(draft))
    resume = latest_open_draft(user, version)
    context.update(
        {
            "form": form,
            "resume": resume,
            "resume_url": page.resume_url(resume) if resume is not None else "",
            "summary": page.summary([("main-content", m) for m in general], form),
            "requirements": sorted(version.requirements.all(), key=lambda r: r.order),
            **page.fees_context(version),
        }
    )
    status = 422 if request.method == "POST" else 200
    return render(request, "portal/submission/start.html", context, status=status)


@citizen_required
@require_GET
def submission_drafts(request: HttpRequest) -> HttpResponse:
    """The citizen's unfinished applications, to continue on this device."""
    drafts = [
        (draft, page.procedure_name(draft.procedure_version), page.resume_url(draft))
        for draft in open_drafts(citizen(request))[:50]
    ]
    return render(request, "portal/submission/drafts.html", {"drafts": drafts})


def _own(request: HttpRequest, pk: int) -> Any:
    try:
        return owned_dossier(citizen(request), pk)
    except NotFound:
        raise Http404 from None


@citizen_required
@require_GET
def submission_done(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation after submitting: the dossier code and what happens next."""
    dossier = _own(request, pk)
    context = {
        "dossier": dossier,
        "name": page.procedure_name(dossier.procedure_version),
        "received": dossier.received_at is not None,
        "due": expected_due(dossier),
        **page.fees_context(dossier.procedure_version),
    }
    return render(request, "portal/submission/done.html", context)


@citizen_required
@require_GET
def submission_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt of an online submission, as a PDF with the tracking QR code."""
    dossier = _own(request, pk)
    pdf = render_pdf("portal/submission/receipt.html", receipt_context(dossier), request)
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = content_disposition_header(False, receipt_filename(dossier))
    response["Content-Disposition"] = disposition or ""
    return response
