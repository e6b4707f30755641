# SPDX-License-Identifier: EUPL-1.2
"""The steps of an online submission: where, your details, the application form, documents,
and the review with the declaration. Each step is a POST that saves the draft and redirects
(303); on an error the page comes back (422) with what was typed and an error summary.

A step beyond the one the draft reached sends the citizen to that one; a submitted draft sends
them to its confirmation. The review's POST carries the draft's idempotency key and the
fingerprint of what was shown: a double click, a retry or a reload after a lost response ends
on the confirmation of the same dossier.
"""

from collections.abc import Callable
from functools import wraps
from typing import IO, Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from motcua.core.errors import (
    ConcurrentUpdate,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from motcua.portal.access import applicant_of, citizen_required, may_submit
from motcua.portal.catalog.presentation import localized
from motcua.portal.submission import page
from motcua.portal.submission.forms import ContactForm, ReviewForm, WhereForm
from motcua.portal.submission.views import citizen, level_page
from motcua.submissions import services
from motcua.submissions.models import DraftDocument, DraftStep, SubmissionDraft
from motcua.submissions.selectors import draft_of
from motcua.webforms.schema_form import SchemaForm
from motcua.webforms.uploads import ACCEPT, clean_filename, sniff_upload

SAVED_MESSAGE = gettext_lazy(
    "Your application is saved. You can continue it later, from any device, after logging in "
    "with e-ID."
)

StepView = Callable[[HttpRequest, SubmissionDraft], HttpResponse]


def _done_url(draft: SubmissionDraft) -> str:
    return reverse("portal:submission_done", kwargs={"pk": draft.dossier_id})


def draft_step(step: DraftStep) -> Callable[[StepView], Callable[..., HttpResponseBase]]:
    """Load the citizen's own draft (404 otherwise) and send them where the draft is."""

    def decorate(view: StepView) -> Callable[..., HttpResponseBase]:
        @citizen_required
        @require_http_methods(["GET", "POST"])
        @wraps(view)
        def wrapper(request: HttpRequest, pk: int) -> HttpResponse:
            try:
                draft = draft_of(citizen(request), pk)
            except NotFound:
                raise Http404 from None
            version = draft.procedure_version
            submitting = request.method == "POST" and step == DraftStep.REVIEW
            if draft.is_submitted and not submitting:
                return page.see_other(_done_url(draft))
            if not may_submit(citizen(request), version.min_eid_level):
                return level_page(request, version)
            if step.position > draft.reached.position:
                return page.see_other(page.resume_url(draft))
            try:
                return view(request, draft)
            except PermissionDenied:
                return level_page(request, version)
            except DomainError as error:  # e.g. submitted meanwhile on another device
                fresh = draft_of(citizen(request), pk)
                if fresh.is_submitted:
                    return page.see_other(_done_url(fresh))
                context = {"message": str(error.message), "draft": fresh}
                return render(
                    request, "portal/submission/problem.html", context, status=error.http_status
                )

        return wrapper

    return decorate


def _render(
    request: HttpRequest, template: str, draft: SubmissionDraft, step: DraftStep, **context: Any
) -> HttpResponse:
    context.setdefault("summary", [])
    status = context.pop("status", 422 if context["summary"] else 200)
    base = {
        "draft": draft,
        "version": draft.procedure_version,
        "name": page.procedure_name(draft.procedure_version),
        "nav": page.steps_nav(draft, step),
    }
    return render(request, f"portal/submission/{template}", {**base, **context}, status=status)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@draft_step(DraftStep.WHERE)
def submission_where(request: HttpRequest, draft: SubmissionDraft) -> HttpResponse:
    initial = {"receiving_unit": draft.receiving_unit_id, "competent_unit": draft.competent_unit_id}
    form = WhereForm(draft.procedure_version, _posted(request), initial=initial)
    general: list[str] = []
    if form.is_bound and form.is_valid():
        reached = draft.reached
        where = services.Where(
            form.cleaned_data["receiving_unit"], form.cleaned_data.get("competent_unit")
        )
        try:
            services.draft_save_step(draft, actor=applicant_of(request), data=where)
        except ValidationFailed as error:
            general = page.take_errors(error, form)
        else:
            return page.see_other(page.next_url(draft, DraftStep.WHERE, reached))
    errors = page.summary([("main-content", m) for m in general], form)
    return _render(request, "where.html", draft, DraftStep.WHERE, form=form, summary=errors)


@draft_step(DraftStep.APPLICANT)
def submission_applicant(request: HttpRequest, draft: SubmissionDraft) -> HttpResponse:
    initial = {
        "phone": draft.applicant_phone,
        "email": draft.applicant_email,
        "address": draft.applicant_address,
    }
    form = ContactForm(_posted(request), initial=initial)
    general: list[str] = []
    if form.is_bound and form.is_valid():
        reached = draft.reached
        contact = services.Contact(**form.cleaned_data)
        try:
            services.draft_save_step(draft, actor=applicant_of(request), data=contact)
        except ValidationFailed as error:
            general = page.take_errors(error, form)
        else:
            return page.see_other(page.next_url(draft, DraftStep.APPLICANT, reached))
    errors = page.summary([("main-content", m) for m in general], form)
    return _render(request, "applicant.html", draft, DraftStep.APPLICANT, form=form, summary=errors)


def _application_form(request: HttpRequest, draft: SubmissionDraft, partial: bool) -> SchemaForm:
    schema = draft.procedure_version.applicant_schema
    saved = dict(draft.applicant_data)
    phone = page.phone_key(schema, draft.owner)
    if phone and draft.applicant_phone and phone not in saved:
        saved[phone] = draft.applicant_phone  # prefilled from the e-ID account
    initial = SchemaForm.initial_from_json(saved)
    form = SchemaForm(schema, _posted(request), initial=initial, partial=partial)
    for key in services.registry_values(draft):
        if key in form.fields:
            form.fields[key].disabled = True  # the posted value is ignored
    return form


@draft_step(DraftStep.FORM)
def submission_form(request: HttpRequest, draft: SubmissionDraft) -> HttpResponse:
    save_only = request.POST.get("action") == "save"
    form = _application_form(request, draft, partial=save_only)
    general: list[str] = []
    if form.is_bound and form.is_valid():
        reached = draft.reached
        data = services.ApplicationForm(applicant_data=form.to_json(), complete=not save_only)
        try:
            services.draft_save_step(draft, actor=applicant_of(request), data=data)
        except ValidationFailed as error:
            unmatched = form.add_schema_errors(dict(error.details.get("errors") or {}))
            general = [str(m) for texts in unmatched.values() for m in texts]
        else:
            if save_only:
                messages.success(request, SAVED_MESSAGE)
                return page.see_other(page.step_url(draft, DraftStep.FORM))
            return page.see_other(page.next_url(draft, DraftStep.FORM, reached))
    registry = services.registry_values(draft).items()
    locked = [(form.fields[key].label, value) for key, value in registry if key in form.fields]
    errors = page.summary([("application", m) for m in general], form)
    return _render(
        request, "form.html", draft, DraftStep.FORM, form=form, locked=locked, summary=errors
    )


def _slots(draft: SubmissionDraft, errors: dict[int, list[str]]) -> list[dict[str, Any]]:
    rows = DraftDocument.objects.filter(draft=draft).select_related("file")
    held = {d.requirement_id: d for d in rows}
    return [
        {
            "requirement": r,
            "anchor": f"file-{r.pk}",
            "name": localized(r.name, r.name_en),
            "document": held.get(r.pk),
            "errors": errors.get(r.pk, []),
        }
        for r in draft.procedure_version.requirements.order_by("order")
    ]


def _attach_uploads(request: HttpRequest, draft: SubmissionDraft) -> dict[int, list[str]]:
    """Store every posted file that passes the checks; the messages of those that do not."""
    errors: dict[int, list[str]] = {}
    for requirement in draft.procedure_version.requirements.all():
        upload = request.FILES.get(f"file-{requirement.pk}")
        if upload is None:
            continue
        try:
            content_type = sniff_upload(upload)
            services.draft_attach(
                draft, actor=applicant_of(request), requirement_id=requirement.pk,
                stream=cast(IO[bytes], upload), content_type=content_type,
                filename=clean_filename(upload.name),
            )  # fmt: skip
        except ValidationError as error:
            errors[requirement.pk] = [str(m) for m in error.messages]
        except ValidationFailed as error:
            errors[requirement.pk] = page.take_errors(error)
    return errors


@draft_step(DraftStep.DOCUMENTS)
def submission_documents(request: HttpRequest, draft: SubmissionDraft) -> HttpResponse:
    errors: dict[int, list[str]] = {}
    if request.method == "POST":
        remove = request.POST.get("remove", "")
        if remove.isdigit():
            services.draft_remove_document(
                draft, actor=applicant_of(request), requirement_id=int(remove)
            )
            messages.success(request, _("The file was removed."))
            return page.see_other(page.step_url(draft, DraftStep.DOCUMENTS))
        reached = draft.reached
        errors = _attach_uploads(request, draft)
        if not errors and request.POST.get("action") == "upload":
            return page.see_other(page.step_url(draft, DraftStep.DOCUMENTS))
        if not errors:
            try:
                services.draft_save_step(
                    draft, actor=applicant_of(request), data=services.DocumentsDone()
                )
            except ValidationFailed as error:
                for key, texts in dict(error.details.get("errors") or {}).items():
                    pk = int(key.removeprefix("requirement-"))
                    errors[pk] = [str(m) for m in texts]
            else:
                return page.see_other(page.next_url(draft, DraftStep.DOCUMENTS, reached))
    slots = _slots(draft, errors)
    summary = [(f"file-{s['requirement'].pk}", m) for s in slots for m in s["errors"]]
    return _render(
        request, "documents.html", draft, DraftStep.DOCUMENTS,
        slots=slots, summary=summary, accept=ACCEPT, limit_mb=page.upload_limit_mb(),
    )  # fmt: skip


def _review(
    request: HttpRequest,
    draft: SubmissionDraft,
    form: ReviewForm,
    summary: list[tuple[str, str]],
    status: int | None = None,
) -> HttpResponse:
    version = draft.procedure_version
    context: dict[str, Any] = {
        "form": form,
        "summary": summary,
        "data_rows": page.data_rows(draft),
        "slots": _slots(draft, {}),
        "fingerprint": services.draft_fingerprint(draft),
        **page.fees_context(version),
    }
    if status is not None:
        context["status"] = status
    return _render(request, "review.html", draft, DraftStep.REVIEW, **context)


@draft_step(DraftStep.REVIEW)
def submission_review(request: HttpRequest, draft: SubmissionDraft) -> HttpResponse:
    form = ReviewForm(_posted(request))
    if not form.is_bound:
        return _review(request, draft, form, [])
    form.is_valid()
    try:
        dossier = services.draft_submit(
            draft,
            actor=applicant_of(request),
            idempotency_key=request.POST.get("idempotency_key", ""),
            declaration=bool(form.cleaned_data.get("declaration")),
            reviewed=request.POST.get("reviewed") or None,
        )
    except ValidationFailed as error:
        general = page.take_errors(error, form)
        summary = page.summary([("check", m) for m in general], form)
        return _review(request, draft, form, summary)
    except ConcurrentUpdate as error:
        fresh = draft_of(citizen(request), draft.pk)
        if fresh.is_submitted:
            context = {"message": str(error.message), "draft": fresh, "done_url": _done_url(fresh)}
            return render(request, "portal/submission/problem.html", context, status=409)
        return _review(request, fresh, ReviewForm(), [("check", str(error.message))], status=409)
    return page.see_other(reverse("portal:submission_done", kwargs={"pk": dossier.pk}))
