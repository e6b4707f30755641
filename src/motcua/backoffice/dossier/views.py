# SPDX-License-Identifier: EUPL-1.2
"""A dossier for an official: its record, history and the actions open to them now.

Each action is a POST of a small form carrying the dossier version the official saw. If the
dossier changed in the meantime, nothing happens: the page comes back with the new state, a
message naming it, and the typed input still in the form.
"""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.actors import Actor
from motcua.backoffice.access import actor_of, official_required
from motcua.backoffice.dossier.forms import FORMS, ActionForm
from motcua.core.errors import ConcurrentUpdate, DomainError, NotFound, ValidationFailed
from motcua.documents.services import file_open
from motcua.dossiers import services
from motcua.dossiers.applicant_data import applicant_data_display
from motcua.dossiers.availability import actions_for
from motcua.dossiers.labels import ACTION_VERBS, CHANNEL_LABELS, STATUS_LABELS
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.selectors import dossier_for_official
from motcua.dossiers.timeline import dossier_timeline

SERVICES: dict[Action, Callable[..., Dossier]] = {
    Action.RECEIVE: services.dossier_receive,
    Action.REQUEST_SUPPLEMENT: services.dossier_request_supplement,
    Action.SUPPLEMENT: services.dossier_supplement,
    Action.REFUSE: services.dossier_refuse,
    Action.FORWARD: services.dossier_forward,
    Action.PROCESS_STEP: services.dossier_process_step,
    Action.ASSIGN: services.dossier_assign,
    Action.SEND_BACK: services.dossier_send_back,
    Action.REQUEST_PAYMENT: services.dossier_request_payment,
    Action.CONFIRM_PAYMENT: services.dossier_confirm_payment,
    Action.EXTEND_DEADLINE: services.dossier_extend_deadline,
    Action.APPROVE: services.dossier_approve,
    Action.REJECT: services.dossier_reject,
    Action.ISSUE_RESULT: services.dossier_issue_result,
    Action.RETURN_RESULT: services.dossier_return_result,
    Action.WITHDRAW: services.dossier_withdraw,
    Action.STOP: services.dossier_stop,
    Action.CANCEL: services.dossier_cancel,
}


def _dossier(actor: Actor, pk: int) -> Dossier:
    try:
        return dossier_for_official(actor, pk)
    except NotFound:
        raise Http404 from None


def _documents(dossier: Dossier) -> list[dict[str, Any]]:
    """Each requirement with the documents provided for it, then any extra documents."""
    provided = list(DossierDocument.objects.filter(dossier=dossier).select_related("file"))
    rows = []
    for requirement in sorted(dossier.procedure_version.requirements.all(), key=lambda r: r.order):
        mine = [d for d in provided if d.requirement_id == requirement.pk]
        rows.append({"requirement": requirement, "documents": mine})
    extra = [d for d in provided if d.requirement_id is None]
    if extra:
        rows.append({"requirement": None, "documents": extra})
    return rows


def _applicant_fields(dossier: Dossier) -> list[tuple[str, str]]:
    """The application form as people read it: titles, option titles, dd/mm/yyyy dates."""
    schema = dossier.procedure_version.applicant_schema
    return applicant_data_display(schema, dossier.applicant_data)


def _render(
    request: HttpRequest,
    dossier: Dossier,
    *,
    bound: ActionForm | None = None,
    bound_action: Action | None = None,
    error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = actor_of(request)
    actions = []
    for action in actions_for(dossier, actor):
        form = bound if action == bound_action and bound is not None else None
        actions.append(
            {
                "action": action,
                "verb": ACTION_VERBS[action],
                "form": form or FORMS[action](dossier=dossier),
                "open": form is not None,
            }
        )
    if (
        bound is not None
        and bound_action is not None
        and bound_action not in actions_for(dossier, actor)
    ):
        # The action is no longer possible: keep what was typed, read-only, for copying.
        actions.append(
            {"action": bound_action, "verb": ACTION_VERBS[bound_action], "form": bound,
             "open": True, "closed": True}
        )  # fmt: skip
    context = {
        "dossier": dossier,
        "status_label": STATUS_LABELS.get(dossier.status, dossier.status),
        "channel_label": CHANNEL_LABELS.get(dossier.channel, dossier.channel),
        "applicant_fields": _applicant_fields(dossier),
        "documents": _documents(dossier),
        "timeline": dossier_timeline(dossier),
        "actions": actions,
        "error": error,
        "error_list": _error_list(error, bound),
    }
    return render(request, "backoffice/dossier/detail.html", context, status=status)


def _error_list(error: DomainError | None, form: ActionForm | None) -> list[tuple[str, str]]:
    """(message, link target) for the error summary: each field error links to its field."""
    problems: list[tuple[str, str]] = []
    if form is not None and form.is_bound:
        for name, messages_ in form.errors.items():
            target = f"#{form[name].auto_id}" if name in form.fields else "#action-form"
            label = form.fields[name].label if name in form.fields else ""
            problems += [(f"{label}: {m}" if label else str(m), target) for m in messages_]
    if error is not None and not problems:
        if isinstance(error, ValidationFailed):
            problems = [
                (str(m), "#action-form")
                for messages_ in error.details.get("errors", {}).values()
                for m in messages_
            ]
        else:
            problems = [(str(error.message), "#action-form")]
    return problems


@official_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _dossier(actor_of(request), pk))


@require_POST
@official_required
def dossier_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = actor_of(request)
    dossier = _dossier(actor, pk)
    if action not in Action._value2member_map_ or Action(action) not in SERVICES:
        raise Http404
    chosen = Action(action)
    form = FORMS[chosen](request.POST, dossier=dossier)
    if not form.is_valid():
        return _render(request, dossier, bound=form, bound_action=chosen, status=422)
    try:
        if form.cleaned_data["version"] != dossier.version:
            raise ConcurrentUpdate(current_status=dossier.status)
        dossier = SERVICES[chosen](dossier, actor=actor, **form.arguments())
    except ConcurrentUpdate:
        fresh = _dossier(actor, pk)
        message = _(
            "Someone else changed this dossier first; it is now: %(status)s. Nothing was "
            "saved. Your input is kept below: check the dossier and submit again if still right."
        ) % {"status": STATUS_LABELS.get(fresh.status, fresh.status)}
        return _render(
            request, fresh, bound=_rebound(form, fresh), bound_action=chosen,
            error=ConcurrentUpdate(message), status=409,
        )  # fmt: skip
    except DomainError as error:
        for field, problems in (error.details.get("errors") or {}).items():
            target = field if field in form.fields else None
            for problem in problems:
                form.add_error(target, str(problem))
        status = 422 if isinstance(error, ValidationFailed) else error.http_status
        return _render(
            request, dossier, bound=form, bound_action=chosen, error=error, status=status
        )
    messages.success(request, _done_message(dossier))
    return redirect(reverse("backoffice:dossier", kwargs={"pk": dossier.pk}))


def _rebound(form: ActionForm, fresh: Dossier) -> ActionForm:
    """The same input on the fresh dossier, with its new version, so a resubmit can succeed."""
    posted = cast(QueryDict, form.data)
    data = QueryDict(mutable=True)
    for key in posted:
        data.setlist(key, posted.getlist(key))
    data["version"] = str(fresh.version)
    rebound = type(form)(data, dossier=fresh)
    rebound.is_valid()
    return rebound


def _done_message(dossier: Dossier) -> str:
    return _("Saved. The dossier %(code)s is now: %(status)s.") % {
        "code": dossier.code,
        "status": STATUS_LABELS.get(dossier.status, dossier.status),
    }


@official_required
def dossier_document(request: HttpRequest, pk: int, document_id: int) -> FileResponse:
    """A scanned document of the dossier, as an attachment (never rendered in the page)."""
    dossier = _dossier(actor_of(request), pk)
    document = (
        DossierDocument.objects.filter(dossier=dossier, pk=document_id, file__isnull=False)
        .select_related("file")
        .first()
    )
    if document is None or document.file is None:
        raise Http404
    stored = document.file
    name = document.filename or f"{dossier.code}-{document.pk}"
    response = FileResponse(
        file_open(stored), as_attachment=True, filename=name, content_type=stored.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
