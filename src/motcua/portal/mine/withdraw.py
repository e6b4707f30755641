# SPDX-License-Identifier: EUPL-1.2
"""The citizen withdraws a dossier: a reason, then "Are you sure?", then the service.

Before reception the dossier ends at once; once received, the withdrawal is a request the
processing unit decides (it then stops the processing with a notice, form 05). Where the
lifecycle gives the applicant no withdrawal (decided, returned, closed), the page says so
with 409 and nothing is written. Both steps carry the dossier version the citizen saw: a
stale one saves nothing (409) and keeps the reason.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.core.errors import (
    ConcurrentUpdate,
    DomainError,
    TransitionNotAllowed,
    ValidationFailed,
)
from motcua.dossiers.citizen import withdrawal_rule
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_withdraw
from motcua.portal.access import applicant_of, citizen_required
from motcua.portal.mine import page
from motcua.portal.mine.forms import WithdrawForm
from motcua.portal.mine.views import citizen, own_dossier


def _page(
    request: HttpRequest,
    dossier: Dossier,
    form: WithdrawForm,
    *,
    template: str = "portal/mine/withdraw.html",
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    rule = withdrawal_rule(dossier)
    context = {
        "dossier": dossier,
        "status_label": page.status_label(dossier),
        "at_once": rule is not None and rule.target == Status.WITHDRAWN,
        "form": form,
        "reason": form["reason"],
        "problems": problems or [],
        "response_status": status,
    }
    return render(request, template, context, status=status)


def _closed(
    request: HttpRequest, dossier: Dossier, form: WithdrawForm, status: int
) -> HttpResponse:
    return _page(request, dossier, form, template="portal/mine/withdraw_closed.html", status=status)


def _changed(dossier: Dossier) -> str:
    return _(
        "Your dossier changed since you opened this page; it is now: %(status)s. Nothing was "
        "done. Check the dossier and confirm again if you still want to withdraw it."
    ) % {"status": page.status_label(dossier)}


@citizen_required
@require_http_methods(["GET", "POST"])
def my_dossier_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the reason form; POST: the confirmation page, then (``confirm``) the withdrawal."""
    user = citizen(request)
    dossier = own_dossier(user, pk)
    posted = request.method == "POST"
    form = WithdrawForm(request.POST if posted else None)
    if withdrawal_rule(dossier) is None:
        return _closed(request, dossier, form, 409)
    if not page.may_act(user, dossier):
        return _closed(request, dossier, form, 403)
    if not posted:
        return _page(request, dossier, form)
    if request.POST.get("version", "") != str(dossier.version):
        form.is_valid()
        return _page(request, dossier, form, problems=[_changed(dossier)], status=409)
    if not form.is_valid():
        return _page(request, dossier, form, status=422)
    if request.POST.get("confirm") != "yes":
        return _page(request, dossier, form, template="portal/mine/withdraw_confirm.html")
    try:
        dossier = dossier_withdraw(
            dossier, actor=applicant_of(request), reason=form.cleaned_data["reason"]
        )
    except ConcurrentUpdate:
        fresh = own_dossier(user, pk)
        if withdrawal_rule(fresh) is None:
            return _closed(request, fresh, form, 409)
        return _page(request, fresh, form, problems=[_changed(fresh)], status=409)
    except TransitionNotAllowed:
        return _closed(request, dossier, form, 409)
    except ValidationFailed as error:
        errors = error.details.get("errors") or {}
        for message in errors.get("reason", []):
            form.add_error("reason", str(message))
        return _page(request, dossier, form, status=422)
    except DomainError as error:
        return _page(
            request, dossier, form, problems=[str(error.message)], status=error.http_status
        )
    if dossier.status == Status.WITHDRAWN:
        text = _("Dossier %(code)s is withdrawn. Nothing more will be done with it.")
    else:
        text = _(
            "Your request to withdraw dossier %(code)s was sent. The office handling it will "
            "stop the processing and send you a notice."
        )
    messages.success(request, text % {"code": dossier.code})
    return redirect("portal:my_dossier", pk=dossier.pk)
