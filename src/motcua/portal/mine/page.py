# SPDX-License-Identifier: EUPL-1.2
"""The pieces of a citizen's dossier page: what it says, and the answer form's upload slots.

The page is rebuilt the same way after a failed or stale answer, so the citizen's note and
the files already uploaded stay on it.
"""

from dataclasses import dataclass, field
from typing import IO, Any, cast

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.models import User
from motcua.documents.services import file_store
from motcua.dossiers import citizen
from motcua.dossiers.labels import ACTION_LABELS, RETURN_METHOD_LABELS, STATUS_LABELS
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import DocumentCheck
from motcua.dossiers.timeline import dossier_timeline
from motcua.portal.access import may_submit
from motcua.portal.mine.forms import AnswerForm
from motcua.records.numbering import FORM_TITLES, form_number
from motcua.webforms.uploads import KeptFile, kept_token

#: The reasons a clock pause records, in plain words.
PAUSE_REASONS: dict[str, Promise] = {
    "supplement": gettext_lazy("Waiting for the missing documents from you"),
    "payment": gettext_lazy("Waiting for payment of a financial obligation"),
}


def status_label(dossier: Dossier) -> str:
    return str(STATUS_LABELS.get(dossier.status, dossier.status))


def needs_action(dossier: Dossier) -> str:
    """The badge of the list: "" (nothing to do), "answer" or "result"."""
    if dossier.status_enum in citizen.ANSWER_STATUSES:
        return "answer"
    if dossier.status == Status.RESULT_READY:
        return "result"
    return ""


def rating_url(dossier: Dossier) -> str:
    """The rating page once the result is returned ("" until the rating part exists)."""
    if dossier.status != Status.RETURNED:
        return ""
    try:
        return reverse("portal:rate", kwargs={"pk": dossier.pk})
    except NoReverseMatch:
        return ""


def may_act(user: User, dossier: Dossier) -> bool:
    """Acting on a dossier needs the same e-ID level as submitting it."""
    return may_submit(user, dossier.procedure_version.min_eid_level)


@dataclass
class Slot:
    """One upload slot of the answer form: the missing item, its input, a file kept."""

    item: citizen.MissingItem
    file: Any  # BoundField
    kept: KeptFile | None = None
    kept_token: str = ""

    @property
    def errors(self) -> list[str]:
        return [str(message) for message in self.file.errors]


def answer_form(request: HttpRequest, user: User, request_: citizen.OpenRequest) -> AnswerForm:
    posted = request.method == "POST"
    return AnswerForm(
        request_.items,
        int(user.pk),
        data=request.POST if posted else None,
        files=request.FILES if posted else None,
    )


def store_files(form: AnswerForm) -> dict[str, KeptFile]:
    """Store every file that passed the checks (even if another slot failed); add kept ones."""
    files: dict[str, KeptFile] = dict(form.kept)
    for item in form.items:
        upload = form.valid_upload(item)
        if upload is not None:
            stream, content_type, name = upload
            stored = file_store(cast(IO[bytes], stream), content_type=content_type)
            files[item.key] = KeptFile(stored=stored, filename=name)
    return files


def document_checks(form: AnswerForm, files: dict[str, KeptFile]) -> list[DocumentCheck]:
    """What the service records: one document per slot with a file."""
    return [
        DocumentCheck(
            requirement_id=item.requirement.pk if item.requirement is not None else None,
            name="" if item.requirement is not None else item.label,
            file=files[item.key].stored,
            filename=files[item.key].filename,
        )
        for item in form.items
        if item.key in files
    ]


def slots(form: AnswerForm, user: User, files: dict[str, KeptFile]) -> list[Slot]:
    result = []
    for item in form.items:
        kept = files.get(item.key)
        token = kept_token(int(user.pk), item.token_key, kept) if kept is not None else ""
        result.append(Slot(item, form[f"file-{item.key}"], kept, token))
    return result


@dataclass
class Answer:
    """The answer form as the page shows it, with its errors and files kept."""

    form: AnswerForm
    files: dict[str, KeptFile] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    conflict: bool = False


def error_summary(answer: Answer, slot_list: list[Slot]) -> list[tuple[str, str]]:
    summary = [("answer-form", message) for message in answer.problems]
    summary += [("answer-form", str(m)) for m in answer.form.non_field_errors()]
    for slot in slot_list:
        summary += [(slot.file.auto_id, message) for message in slot.errors]
    summary += [("note", str(m)) for m in answer.form.errors.get("note", [])]
    return summary


def _forms(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "sequence": form.sequence,
            "title": str(FORM_TITLES.get(form.form_type, form.form_type)),
            "number": form_number(form.form_type),
            "at": form.at,
        }
        for form in citizen.citizen_forms(dossier)
    ]


def _date_changes(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "change": change,
            "why": str(ACTION_LABELS.get(change.action, change.action)),
        }
        for change in citizen.promised_date_changes(dossier)
    ]


def _pauses(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {"pause": pause, "why": str(PAUSE_REASONS.get(pause.reason, _("Clock paused")))}
        for pause in citizen.clock_pauses(dossier)
    ]


def detail_context(
    request: HttpRequest, user: User, dossier: Dossier, answer: Answer | None = None
) -> dict[str, Any]:
    """Everything the dossier page shows; ``answer`` is a bound answer form after a POST."""
    open_request = citizen.open_request(dossier)
    acting = may_act(user, dossier)
    context: dict[str, Any] = {
        "dossier": dossier,
        "procedure": dossier.procedure_version,
        "status_label": status_label(dossier),
        "holder": citizen.holder_of(dossier),
        "timeline": dossier_timeline(dossier, for_citizen=True),
        "date_changes": _date_changes(dossier),
        "pauses": _pauses(dossier),
        "forms": _forms(dossier),
        "open_request": open_request,
        "may_act": acting,
        "withdrawal": citizen.withdrawal_rule(dossier) if acting else None,
        "return_method": str(RETURN_METHOD_LABELS.get(dossier.return_method, "")),
        "rating_url": rating_url(dossier),
        "answer": None,
        "upload_max_mb": settings.MOTCUA_UPLOAD_MAX_MB,
    }
    if open_request is not None and acting and citizen.answer_allowed(dossier):
        answer = answer or Answer(answer_form(request, user, open_request))
        slot_list = slots(answer.form, user, answer.files)
        context.update(
            {
                "answer": answer,
                "slots": slot_list,
                "note": answer.form["note"],
                "summary": error_summary(answer, slot_list),
            }
        )
    elif answer is not None:  # the request was answered or closed meanwhile: keep the note
        context.update(
            {"closed_answer": answer, "summary": [("answer-form", m) for m in answer.problems]}
        )
    return context
