# SPDX-License-Identifier: EUPL-1.2
"""The citizen answers a request for missing items: one file per item, and a note.

The form sits on the dossier page and posts here. As in the back office (ADR 0014), it carries
the dossier version the citizen saw: if the dossier changed meanwhile, nothing is saved (409)
and the note and the files already uploaded stay on the page. A file that fails the checks
is named in a clear message (422) and nothing is recorded.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.errors import ConcurrentUpdate, DomainError, ValidationFailed
from motcua.dossiers import citizen as citizen_reads
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_supplement
from motcua.portal.access import applicant_of, citizen_required
from motcua.portal.mine import page
from motcua.portal.mine.forms import AnswerForm
from motcua.portal.mine.views import citizen, own_dossier


def _render(
    request: HttpRequest, dossier: Dossier, answer: page.Answer, status: int
) -> HttpResponse:
    context = page.detail_context(request, citizen(request), dossier, answer)
    return render(request, "portal/mine/detail.html", context, status=status)


def _changed(dossier: Dossier) -> str:
    return _(
        "Your dossier changed since you opened this page; it is now: %(status)s. Nothing was "
        "sent. What you entered is kept below: check it and send it again if it is still needed."
    ) % {"status": page.status_label(dossier)}


def _done(dossier: Dossier) -> str:
    if dossier.status == Status.IN_PROGRESS and dossier.due_at is not None:
        due = formats.date_format(timezone.localtime(dossier.due_at), "SHORT_DATETIME_FORMAT")
        return _(
            "Thank you: what you sent was added to dossier %(code)s. The clock has resumed; "
            "the new promised date is %(due)s."
        ) % {"code": dossier.code, "due": due}
    return _(
        "Thank you: what you sent was added to dossier %(code)s. The one-stop desk will check "
        "it and receive your dossier."
    ) % {"code": dossier.code}


@citizen_required
@require_POST
def my_dossier_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = citizen(request)
    dossier = own_dossier(user, pk)
    open_request = citizen_reads.open_request(dossier)
    stale = request.POST.get("version", "") != str(dossier.version)
    allowed = open_request is not None and citizen_reads.answer_allowed(dossier)
    if not page.may_act(user, dossier):
        answer = page.Answer(AnswerForm([], int(user.pk)))
        answer.problems.append(_("To send documents, log in with a level 2 e-ID account."))
        return _render(request, dossier, answer, 403)
    if not allowed:
        answer = page.Answer(AnswerForm([], int(user.pk), data=request.POST))
        answer.form.is_valid()
        answer.problems.append(_changed(dossier) if stale else _("There is nothing to answer now."))
        return _render(request, dossier, answer, 409)
    assert open_request is not None
    form = page.answer_form(request, user, open_request)
    valid = form.is_valid()
    answer = page.Answer(form, page.store_files(form))
    if stale:
        answer.problems.append(_changed(dossier))
        answer.conflict = True
        return _render(request, dossier, answer, 409)
    if not valid:
        return _render(request, dossier, answer, 422)
    try:
        dossier = dossier_supplement(
            dossier,
            actor=applicant_of(request),
            documents=page.document_checks(form, answer.files),
            note=form.cleaned_data["note"].strip(),
        )
    except ConcurrentUpdate:  # lost a race inside the same instant
        fresh = own_dossier(user, pk)
        answer.problems.append(_changed(fresh))
        answer.conflict = True
        return _render(request, fresh, answer, 409)
    except ValidationFailed as error:
        errors = error.details.get("errors") or {}
        answer.problems += [str(m) for messages_ in errors.values() for m in messages_]
        answer.problems = answer.problems or [str(error.message)]
        return _render(request, dossier, answer, 422)
    except DomainError as error:
        answer.problems.append(str(error.message))
        return _render(request, dossier, answer, error.http_status)
    messages.success(request, _done(dossier))
    return redirect("portal:my_dossier", pk=dossier.pk)
