# SPDX-License-Identifier: EUPL-1.2
"""``GET /track/{code}?verifier=``: a dossier's public status, as on the tracking page.

The same attempt as the page (``portal/track/attempt``): one counter per address, one of wrong
second factors per code, the same "not found" for a wrong code and a wrong verifier, no personal
data, and never stored by caches (``no-store``).
"""

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.params.functions import Query
from pydantic import Field

from motcua.api.problems import ApiProblem
from motcua.api.schemas.common import Problem
from motcua.portal.track.attempt import track_attempt
from motcua.portal.track.public import PublicStatus, is_verifier
from motcua.portal.track.views import too_many_message

router = Router(tags=["tracking"])


class TimelineEntry(Schema):
    at: datetime
    title: str
    unit: str | None = Field(description="Null for the applicant's own steps.")


class TrackResult(Schema):
    code: str
    procedure: str
    status: str = Field(description="Stable status code.", examples=["in_progress"])
    status_label: str = Field(description="The status in the request's language.")
    received_at: datetime | None
    due_at: datetime | None
    original_due_at: datetime | None = Field(description="Null unless the date has changed.")
    current_unit: str | None = Field(description="Null once the dossier is finished.")
    timeline: list[TimelineEntry]


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment) if moment is not None else None


def _document(found: PublicStatus) -> dict[str, object]:
    return {
        "code": found.code,
        "procedure": found.procedure,
        "status": found.status,
        "status_label": found.status_label,
        "received_at": _local(found.received_at),
        "due_at": _local(found.due_at),
        "original_due_at": _local(found.original_due_at),
        "current_unit": found.current_unit or None,
        "timeline": [
            {"at": _local(entry.at), "title": entry.title, "unit": entry.unit or None}
            for entry in found.timeline
        ],
    }


def _private(problem: ApiProblem) -> ApiProblem:
    problem.headers += [("Cache-Control", "no-store"), ("Referrer-Policy", "no-referrer")]
    return problem


@router.get(
    "/track/{code}",
    response={200: TrackResult, 400: Problem, 404: Problem, 429: Problem},
    operation_id="trackDossier",
    summary="A dossier's public status, with the applicant's second factor",
)
def track(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    verifier: str | None = Query(
        None, description="Last 4 digits of the applicant's ID number or phone number."
    ),
) -> dict[str, object]:
    """No login; what the receipt's holder may know, without personal data."""
    given = "".join((verifier or "").split())
    if not given:
        raise _private(
            ApiProblem(
                400,
                "verifier_missing",
                _(
                    "Give the last 4 digits of the applicant's ID number or "
                    "phone number as the verifier parameter."
                ),
            )
        )
    if not is_verifier(given):
        raise _private(
            ApiProblem(400, "verifier_invalid", _("The verifier must be exactly 4 digits."))
        )
    attempt = track_attempt(request, code, given)
    if attempt.retry_after is not None:
        raise _private(
            ApiProblem(
                429,
                "too_many_attempts",
                too_many_message(attempt.retry_after),
                headers=[("Retry-After", str(attempt.retry_after))],
            )
        )
    if attempt.found is None:
        raise _private(
            ApiProblem(404, "not_found", _("No dossier matches this code and these digits."))
        )
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    return _document(attempt.found)
