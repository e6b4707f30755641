# SPDX-License-Identifier: EUPL-1.2
"""Dossiers for connected systems: submit one, list, read, its history and its documents.

Every operation needs a token with its scope, and sees only the dossiers of the client's units
(``selectors.client_dossiers``); anything else is 404.
"""

from datetime import UTC, datetime

from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.decorators import decorate_view
from ninja.params.functions import Header, Query
from ninja.responses import Status

from motcua.api.auth.bearer import ClientToken, request_client
from motcua.api.http import requires_json
from motcua.api.models import ApiScope
from motcua.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_decode, cursor_encode
from motcua.api.pagination import invalid_cursor as invalid_cursor_problem
from motcua.api.problems import ApiProblem
from motcua.api.schemas.common import Problem
from motcua.api.schemas.dossiers import (
    DocumentList,
    DossierCreate,
    DossierOut,
    DossierPage,
    EventPage,
    document_out,
    dossier_out,
    event_out,
)
from motcua.api.selectors import (
    client_dossier,
    dossier_document,
    dossier_documents,
    dossier_page,
    event_page,
)
from motcua.api.services import api_dossier_submit, printable
from motcua.documents.services import file_open
from motcua.dossiers.lifecycle import Status as DossierStatus
from motcua.dossiers.models import Dossier

router = Router(tags=["dossiers"])
READ = ClientToken(ApiScope.DOSSIERS_READ)
WRITE = ClientToken(ApiScope.DOSSIERS_WRITE)
DOCUMENTS = ClientToken(ApiScope.DOCUMENTS_READ)
#: Answers of protected reads are for the client only.
PRIVATE_CACHE = "private, no-cache"
#: Any protected operation: a malformed request, no or a bad token, no scope, over the rate.
DENIED = {400: Problem, 401: Problem, 403: Problem, 429: Problem}
IDEMPOTENCY_KEY = r"^[!-~]{1,64}$"


def _etag(dossier: Dossier) -> str:
    return f'W/"{dossier.version}"'


@router.post(
    "/dossiers",
    auth=WRITE,
    response={
        201: DossierOut,
        200: DossierOut,
        409: Problem,
        413: Problem,
        415: Problem,
        422: Problem,
        **DENIED,
    },
    operation_id="submitDossier",
    summary="Submit a dossier received through another channel",
)
@decorate_view(requires_json)
def submit_dossier(
    request: HttpRequest,
    response: HttpResponse,
    payload: DossierCreate,
    idempotency_key: str = Header(
        ...,
        alias="Idempotency-Key",
        pattern=IDEMPOTENCY_KEY,
        description="1–64 visible ASCII characters, unique per submission (e.g. a UUID).",
    ),
) -> Status[dict[str, object]]:
    """201 with the new dossier; the same key and body again → 200 with the same dossier; the
    same key with another body → 409. Documents are checked by their own first bytes."""
    submitted = api_dossier_submit(
        client=request_client(request), key=idempotency_key, payload=payload
    )
    dossier = submitted.dossier
    response["ETag"] = _etag(dossier)
    response["Location"] = reverse("api-v1:get_dossier", kwargs={"code": dossier.code})
    return Status(201 if submitted.created else 200, dossier_out(dossier))


def _utc(moment: datetime) -> datetime | None:
    """``moment`` in UTC (local time if naive); None if that leaves the years 1–9999."""
    try:
        aware = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
        return aware.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def _after(cursor: str | None) -> tuple[datetime, int] | None:
    if not cursor:
        return None
    text, last_id = cursor_decode(cursor, (str, int))
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise invalid_cursor_problem() from None
    utc = _utc(moment) if timezone.is_aware(moment) else None
    if utc is None:
        raise invalid_cursor_problem()
    return utc, last_id


def _since(updated_after: datetime | None) -> datetime | None:
    if updated_after is None:
        return None
    utc = _utc(updated_after)
    if utc is None:
        raise ApiProblem(
            422,
            "validation_failed",
            _("Some of the information is missing or invalid."),
            errors={"updated_after": [_("Enter a moment between the years 1 and 9999.")]},
        )
    return utc


@router.get(
    "/dossiers",
    auth=READ,
    response={200: DossierPage, 304: None, 422: Problem, **DENIED},
    operation_id="listDossiers",
    summary="The dossiers of the client's units, oldest change first",
)
def list_dossiers(
    request: HttpRequest,
    response: HttpResponse,
    status: DossierStatus | None = Query(None),  # noqa: B008
    updated_after: datetime | None = Query(  # noqa: B008
        None, description="Only dossiers changed after this moment (ISO 8601)."
    ),
    cursor: str | None = Query(None, description="`next` of the previous page."),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict[str, object]:
    """Keyset-paged on (updated_at, id): poll with `updated_after` to follow changes."""
    dossiers = dossier_page(
        request_client(request),
        status=status.value if status is not None else None,
        updated_after=_since(updated_after),
        after=_after(cursor),
        limit=limit,
    )
    page = dossiers[:limit]
    last = page[-1] if len(dossiers) > limit else None
    response["Cache-Control"] = PRIVATE_CACHE
    return {
        "results": [dossier_out(d) for d in page],
        "next": cursor_encode([last.updated_at.isoformat(), last.pk]) if last else None,
    }


@router.get(
    "/dossiers/{code}",
    auth=READ,
    response={200: DossierOut, 304: None, 404: Problem, **DENIED},
    operation_id="getDossier",
    summary='One dossier (ETag W/"version")',
)
def get_dossier(request: HttpRequest, response: HttpResponse, code: str) -> dict[str, object]:
    """`If-None-Match: W/"<version>"` → 304 while the dossier has not changed."""
    dossier = client_dossier(request_client(request), code)
    response["ETag"] = _etag(dossier)
    response["Cache-Control"] = PRIVATE_CACHE
    return dossier_out(dossier)


@router.get(
    "/dossiers/{code}/events",
    auth=READ,
    response={200: EventPage, 304: None, 404: Problem, 422: Problem, **DENIED},
    operation_id="listDossierEvents",
    summary="A dossier's history, by sequence",
)
def list_events(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    cursor: str | None = Query(None, description="`next` of the previous page."),
    limit: int = Query(MAX_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict[str, object]:
    """What happened, when, in which status and unit; never who (officials' names) nor
    officials' internal notes."""
    dossier = client_dossier(request_client(request), code)
    after = cursor_decode(cursor, (int,))[0] if cursor else None
    events = event_page(dossier, after=after, limit=limit)
    page = events[:limit]
    response["Cache-Control"] = PRIVATE_CACHE
    return {
        "results": [event_out(event) for event in page],
        "next": cursor_encode([page[-1].sequence]) if len(events) > limit else None,
    }


@router.get(
    "/dossiers/{code}/documents",
    auth=DOCUMENTS,
    response={200: DocumentList, 304: None, 404: Problem, **DENIED},
    operation_id="listDossierDocuments",
    summary="The documents of a dossier (metadata)",
)
def list_documents(request: HttpRequest, response: HttpResponse, code: str) -> dict[str, object]:
    dossier = client_dossier(request_client(request), code)
    response["Cache-Control"] = PRIVATE_CACHE
    return {"results": [document_out(document) for document in dossier_documents(dossier)]}


FILE_CONTENT = {
    kind: {"schema": {"type": "string", "format": "binary"}}
    for kind in ("application/pdf", "image/jpeg", "image/png")
}


@router.get(
    "/dossiers/{code}/documents/{document_id}/content",
    auth=DOCUMENTS,
    response={200: None, 404: Problem, 422: Problem, **DENIED},
    operation_id="getDossierDocumentContent",
    summary="The file of one document",
    openapi_extra={"responses": {200: {"description": "The file.", "content": FILE_CONTENT}}},
)
def document_content(request: HttpRequest, code: str, document_id: int) -> FileResponse:
    """An attachment, never shown inline, with `X-Content-Type-Options: nosniff`."""
    dossier = client_dossier(request_client(request), code)
    document = dossier_document(dossier, document_id)
    stored = document.file
    assert stored is not None
    response = FileResponse(
        file_open(stored),
        as_attachment=True,
        filename=printable(document.filename) or f"document-{document.pk}",
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
