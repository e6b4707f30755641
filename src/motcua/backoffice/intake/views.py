# SPDX-License-Identifier: EUPL-1.2
"""Counter intake for reception officers: pick the procedure, then one page to enter and decide.

The page posts once; the service ``dossier_counter_intake`` receives, asks for completion or
refuses in one transaction. On any error the page comes back (HTTP 422) with every typed value
and with the scans already stored (see ``uploads``); on success it redirects to the dossier.
The receiving unit is always the official's own unit, never a form value.
"""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role
from motcua.backoffice.access import actor_of, official_required
from motcua.backoffice.intake import page
from motcua.backoffice.intake.forms import ChecklistForm, IntakeForm, LookupForm, SearchForm
from motcua.backoffice.intake.lookup import applicant_prefill
from motcua.backoffice.intake.procedures import (
    by_field,
    desk_procedures,
    desk_search,
    receivable_at,
)
from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.catalog.selectors import versions_in_force
from motcua.core import clock
from motcua.core.errors import DomainError, ValidationFailed
from motcua.core.errors import PermissionDenied as DomainPermissionDenied
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, CounterDecision, dossier_counter_intake
from motcua.webforms.schema_form import SchemaForm
from motcua.webforms.uploads import KeptFile

PARTIAL_FORM_DECISIONS = (CounterDecision.REFUSE.value, CounterDecision.REQUEST_COMPLETION.value)


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/intake/forbidden.html", status=403)


def _desk(request: HttpRequest) -> Actor | None:
    """The reception officer at the keyboard, or None for any other capacity."""
    actor = actor_of(request)
    return actor if actor.role == Role.RECEPTION_OFFICER and actor.unit is not None else None


def _today() -> Any:
    return timezone.localtime(clock.now()).date()


@official_required
@require_GET
def intake_search(request: HttpRequest) -> HttpResponse:
    """Pick a procedure in force: a search (accents ignored) or the full list by field."""
    actor = _desk(request)
    if actor is None or actor.unit is None:
        return _forbidden(request)
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    context: dict[str, Any] = {"form": form, "query": query}
    if query:
        context["results"] = desk_search(query, actor.unit, _today())
    else:
        context["groups"] = by_field(desk_procedures(actor.unit, _today()))
    return render(request, "backoffice/intake/search.html", context)


def _version(version_id: int, in_force_only: bool) -> ProcedureVersion:
    published = ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)
    rows = versions_in_force(_today()) if in_force_only else published
    version = (
        rows.filter(pk=version_id)
        .select_related("procedure", "field")
        .prefetch_related("requirements", "time_limits", "fees")
        .first()
    )
    if version is None:
        raise Http404
    return version


def _forms(
    request: HttpRequest, actor: Actor, version: ProcedureVersion, initial: dict[str, Any]
) -> tuple[IntakeForm, SchemaForm, ChecklistForm]:
    assert actor.unit is not None and actor.user is not None
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    commune = page.default_commune(actor.unit)
    intake = IntakeForm(
        data,
        initial={"competent_unit": commune, **initial},
        channels=page.desk_channels(version),
        communes=page.commune_choices(version, actor.unit),
    )
    # The application form may be unfinished when the dossier is not received.
    partial = data is not None and data.get("decision") in PARTIAL_FORM_DECISIONS
    data_form = SchemaForm(version.applicant_schema, data, partial=partial)
    requirements = sorted(version.requirements.all(), key=lambda r: r.order)
    checklist = ChecklistForm(requirements, int(actor.user.pk), data=data, files=files)
    return intake, data_form, checklist


@never_cache
@official_required
@require_http_methods(["GET", "POST"])
def intake_form(request: HttpRequest, version_id: int) -> HttpResponse:
    """The counter intake page of one procedure (GET: empty or prefilled; POST: decide)."""
    actor = _desk(request)
    if actor is None or actor.unit is None or actor.user is None:
        return _forbidden(request)
    version = _version(version_id, in_force_only=request.method == "GET")
    if request.method == "GET":
        if not receivable_at(version, actor.unit):
            raise Http404
        lookup = LookupForm(request.GET if "lookup" in request.GET else None)
        initial: dict[str, Any] = {}
        found: bool | None = None
        if lookup.is_bound and lookup.is_valid():
            number = lookup.cleaned_data["lookup"]
            prefill = applicant_prefill(number, actor.unit)
            found = prefill is not None
            initial = prefill or {"applicant_id_number": number}
        intake, data_form, checklist = _forms(request, actor, version, initial)
        return _render(request, actor, version, intake, data_form, checklist, {}, lookup, found)
    intake, data_form, checklist = _forms(request, actor, version, {})
    valid = [intake.is_valid(), data_form.is_valid(), checklist.is_valid()]
    files = page.store_scans(checklist)
    problems = page.Problems()
    if not all(valid) and valid[2] and intake.cleaned_data.get("decision") == "receive":
        problems.documents = page.missing_for_reception(checklist, files)
    status = 422
    if all(valid):
        try:
            dossier = _decide(actor, version, intake, data_form, checklist, files)
        except ValidationFailed as error:
            problems.take(error, intake, data_form)
        except DomainPermissionDenied:
            return _forbidden(request)
        except DomainError as error:  # e.g. a concurrent change: said as it is
            problems.general.append(str(error.message))
            status = error.http_status
        else:
            _announce(request, dossier)
            return redirect(reverse("backoffice:dossier", kwargs={"pk": dossier.pk}))
    return _render(
        request,
        actor,
        version,
        intake,
        data_form,
        checklist,
        files,
        problems=problems,
        status=status,
    )


def _decide(
    actor: Actor,
    version: ProcedureVersion,
    intake: IntakeForm,
    data_form: SchemaForm,
    checklist: ChecklistForm,
    files: dict[int, KeptFile],
) -> Dossier:
    assert actor.unit is not None
    cleaned = intake.cleaned_data
    return dossier_counter_intake(
        procedure_version=version,
        receiving_unit=actor.unit,
        applicant=Applicant(
            name=cleaned["applicant_name"],
            id_number=cleaned["applicant_id_number"],
            phone=cleaned["applicant_phone"],
            email=cleaned["applicant_email"],
            address=cleaned["applicant_address"],
            kind=cleaned["applicant_kind"],
        ),
        applicant_data=data_form.to_json(),
        documents=page.document_checks(checklist, files),
        decision=cleaned["decision"],
        actor=actor,
        competent_unit=cleaned.get("competent_unit"),
        reason=cleaned["reason"],
        missing_notes=intake.missing_items(),
        channel=cleaned["channel"],
    )


def _announce(request: HttpRequest, dossier: Dossier) -> None:
    """The success message: what happened, the promised date, and the form to print."""
    code = dossier.code
    if dossier.status == Status.RECEIVED and dossier.due_at is not None:
        due = formats.date_format(timezone.localtime(dossier.due_at), "SHORT_DATETIME_FORMAT")
        text = _("Dossier %(code)s received. Promised date: %(due)s.") % {"code": code, "due": due}
        link = _("Print the receipt and appointment slip (PDF)")
    elif dossier.status == Status.AWAITING_COMPLETION:
        text = _("Dossier %(code)s: the applicant is asked to complete it.") % {"code": code}
        link = _("Print the request to complete the dossier (PDF)")
    else:
        text = _("Reception of dossier %(code)s refused.") % {"code": code}
        link = _("Print the refusal of reception (PDF)")
    try:
        url = reverse("backoffice:form_pdf", kwargs={"pk": dossier.pk, "sequence": dossier.version})
    except NoReverseMatch:  # the records part is not installed
        messages.success(request, text)
        return
    html = '{} <a class="govuk-notification-banner__link" href="{}">{}</a>'
    messages.success(request, format_html(html, text, url, link))


def _render(
    request: HttpRequest,
    actor: Actor,
    version: ProcedureVersion,
    intake: IntakeForm,
    data_form: SchemaForm,
    checklist: ChecklistForm,
    files: dict[int, KeptFile],
    lookup: LookupForm | None = None,
    found: bool | None = None,
    problems: page.Problems | None = None,
    status: int = 200,
) -> HttpResponse:
    assert actor.unit is not None and actor.user is not None
    problems = problems or page.Problems()
    rows = page.checklist_rows(checklist, files, int(actor.user.pk), problems)
    context = {
        "version": version,
        "lookup": lookup or LookupForm(),
        "found": found,
        "intake": intake,
        "data_form": data_form,
        "rows": rows,
        "problems": problems,
        "summary": page.error_summary(lookup, intake, data_form, rows, problems),
        "competent": page.fixed_competent_unit(version, actor.unit),
    }
    return render(request, "backoffice/intake/form.html", context, status=status)
