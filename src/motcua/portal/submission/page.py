# SPDX-License-Identifier: EUPL-1.2
"""Pieces shared by the submission pages: step addresses, redirects, errors, fee and limit."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpResponseRedirect
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureVersion
from motcua.core.errors import ValidationFailed
from motcua.demo.formdata import applicant_keys, with_applicant
from motcua.dossiers.applicant_data import applicant_data_display
from motcua.portal.catalog.presentation import Localized, limit_words, localized, money
from motcua.submissions.models import DraftStep, SubmissionDraft
from motcua.submissions.selectors import online_fees, online_time_limit

#: URL name of each step's page (kwarg ``pk``: the draft).
STEP_URLS = {
    DraftStep.WHERE: "portal:submission_where",
    DraftStep.APPLICANT: "portal:submission_applicant",
    DraftStep.FORM: "portal:submission_form",
    DraftStep.DOCUMENTS: "portal:submission_documents",
    DraftStep.REVIEW: "portal:submission_review",
}
UPGRADE_TEMPLATE = "portal/eid/_upgrade.html"


def see_other(url: str) -> HttpResponseRedirect:
    """303 See Other: after a POST the browser GETs the next page (a reload never re-posts)."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def step_url(draft: SubmissionDraft, step: DraftStep) -> str:
    return reverse(STEP_URLS[step], kwargs={"pk": draft.pk})


def resume_url(draft: SubmissionDraft) -> str:
    """Where to continue a draft: the furthest step it reached."""
    return step_url(draft, draft.reached)


def next_url(draft: SubmissionDraft, step: DraftStep, reached_before: DraftStep) -> str:
    """After saving ``step``: back to the review if the citizen came from there, else onward."""
    if reached_before == DraftStep.REVIEW and draft.reached == DraftStep.REVIEW:
        return step_url(draft, DraftStep.REVIEW)
    steps = DraftStep.ordered()
    following = steps[min(step.position + 1, len(steps) - 1)]
    return step_url(
        draft, following if following.position <= draft.reached.position else draft.reached
    )


def steps_nav(draft: SubmissionDraft, current: DraftStep) -> dict[str, Any]:
    """The "Step 2 of 5" caption and the back link."""
    steps = DraftStep.ordered()
    back = step_url(draft, steps[current.position - 1]) if current.position > 0 else ""
    return {
        "number": current.position + 1,
        "total": len(steps),
        "label": current.label,
        "back": back,
    }


def upgrade_template() -> str:
    """The e-ID part's "how to get level 2" include, or "" if it is not there."""
    try:
        get_template(UPGRADE_TEMPLATE)
    except TemplateDoesNotExist:
        return ""
    return UPGRADE_TEMPLATE


def registry_keys_for(schema: Mapping[str, Any], user: User) -> dict[str, str]:
    """Schema properties holding the applicant's own name / ID number, when the account's
    values fit them: those are locked to the account (``SubmissionDraft.registry_keys``)."""
    keys = applicant_keys(schema, user.full_name)
    filled = with_applicant({}, schema, name=user.full_name, id_number=user.national_id)
    return {
        key: part for part, key in keys.items() if part in ("name", "id_number") and key in filled
    }


def phone_key(schema: Mapping[str, Any], user: User) -> str | None:
    return applicant_keys(schema, user.full_name).get("phone")


def take_errors(error: ValidationFailed, form: forms.Form | None = None) -> list[str]:
    """Put the service's errors on the form's fields; returns those that fit no field."""
    general: list[str] = []
    for key, messages in dict(error.details.get("errors") or {}).items():
        texts = [str(m) for m in messages]
        if form is not None and key in form.fields:
            already = [str(m) for m in form.errors.get(key, [])] if form.is_bound else []
            fresh = [text for text in texts if text not in already]
            if fresh:
                form.add_error(key, fresh)
        else:
            general += texts
    if not error.details.get("errors"):
        general.append(str(error.message))
    return general


def summary(general: Iterable[tuple[str, str]], *bound_forms: forms.Form) -> list[tuple[str, str]]:
    """(anchor, message) of every error on the page, in page order."""
    items = list(general)
    for form in bound_forms:
        for name in form.fields:
            items += [(form[name].auto_id, str(m)) for m in form.errors.get(name, [])]
        items += [("main-content", str(m)) for m in form.non_field_errors()]
    return items


@dataclass(frozen=True)
class FeeLine:
    name: Localized
    amount: str


def fees_context(version: ProcedureVersion) -> dict[str, Any]:
    """The online fees, their total ("50.000 đồng"), and the online time limit in words."""
    fees = online_fees(version)
    total = sum(fee.amount_vnd for fee in fees)
    limit = online_time_limit(version)
    return {
        "fees": [FeeLine(localized(f.name, f.name_en), money(f.amount_vnd)) for f in fees],
        "fee_total": money(total) if total else "",
        "time_limit": limit_words(limit) if limit is not None else "",
    }


def data_rows(draft: SubmissionDraft) -> list[tuple[str, str]]:
    """(label, value) of the filled application form, for people to read."""
    return applicant_data_display(draft.procedure_version.applicant_schema, draft.applicant_data)


def upload_limit_mb() -> int:
    return int(settings.MOTCUA_UPLOAD_MAX_MB)


def procedure_name(version: ProcedureVersion) -> Localized:
    return localized(version.name, version.name_en)
