# SPDX-License-Identifier: EUPL-1.2
"""``GET /procedures`` (browse or search, keyset-paged) and ``GET /procedures/{code}``.

Public: no token; rate-limited per address. Only versions in force today are shown. Without
``q`` procedures come in national-code order; with ``q`` in the search ranking (the whole query
in the name first, then names starting with it, then by code), accents ignored.
"""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.params.functions import Query

from motcua.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_decode, cursor_encode
from motcua.api.problems import ApiProblem, not_found
from motcua.api.schemas.catalog import (
    ProcedureDetail,
    ProcedurePage,
    procedure_detail,
    procedure_summary,
)
from motcua.api.schemas.common import Problem
from motcua.api.throttling import limit_address
from motcua.catalog.selectors import (
    procedure_browse,
    procedure_cards,
    procedure_page,
    versions_in_force,
)
from motcua.core import clock
from motcua.core.text import fold
from motcua.portal.catalog.forms import QUERY_MAX_LENGTH
from motcua.portal.catalog.views import NATIONAL_CODE

router = Router(tags=["catalog"])
#: Nothing personal: shared caches may keep catalog answers a few minutes.
PUBLIC_CACHE = "public, max-age=300"
SearchKey = tuple[int, int, str]


def _today() -> date:
    return timezone.localtime(clock.now()).date()


def _check_query(q: str) -> str:
    query = q.strip()
    if len(query) > QUERY_MAX_LENGTH:
        raise ApiProblem(
            400,
            "query_too_long",
            _("q may have at most %(max)d characters.") % {"max": QUERY_MAX_LENGTH},
        )
    if "\x00" in query:
        raise ApiProblem(400, "query_invalid", _("q contains a character that is not allowed."))
    return query


def _browse(today: date, after: str | None, limit: int) -> list[int]:
    """Ids of the newest version in force of the procedures after code ``after``, ``limit``+1."""
    rows = versions_in_force(today).order_by("procedure__national_code", "-number")
    if after is not None:
        rows = rows.filter(procedure__national_code__gt=after)
    picked: list[tuple[str, int]] = []
    for code, version_id in rows.values_list("procedure__national_code", "id").iterator():
        if picked and picked[-1][0] == code:
            continue  # an older version also in force
        picked.append((code, version_id))
        if len(picked) > limit:
            break
    return [version_id for _code, version_id in picked]


def _search_key(folded_query: str, name: str, name_en: str, code: str) -> SearchKey:
    folded = fold(f"{name} {name_en}")
    return (0 if folded_query in folded else 1, 0 if folded.startswith(folded_query) else 1, code)


def _search(
    today: date, query: str, after: SearchKey | None, limit: int
) -> list[tuple[SearchKey, int]]:
    ids = procedure_browse(today, query=query)
    rows = versions_in_force(today).filter(pk__in=ids)
    folded = fold(query)
    entries = sorted(
        (_search_key(folded, name, name_en, code), version_id)
        for version_id, name, name_en, code in rows.values_list(
            "id", "name", "name_en", "procedure__national_code"
        )
    )
    if after is not None:
        entries = [entry for entry in entries if entry[0] > after]
    return entries[: limit + 1]


@router.get(
    "/procedures",
    response={200: ProcedurePage, 400: Problem, 422: Problem, 429: Problem, 304: None},
    operation_id="listProcedures",
    summary="Browse or search the procedures in force",
)
def list_procedures(
    request: HttpRequest,
    response: HttpResponse,
    q: str | None = Query(None, description="Words of the name or the code; accents optional."),
    cursor: str | None = Query(None, description="`next` of the previous page."),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict[str, object]:
    """The procedures in force, a page at a time (`next` is null on the last page)."""
    limit_address(request)
    today = _today()
    query = _check_query(q or "")
    next_key: list[object] | None = None
    if query:
        after: SearchKey | None = None
        if cursor:
            first, second, code = cursor_decode(cursor, (int, int, str))
            after = (first, second, code)
        entries = _search(today, query, after, limit)
        ids = [version_id for _key, version_id in entries]
        if len(entries) > limit:
            next_key = list(entries[limit - 1][0])
    else:
        after_code = cursor_decode(cursor, (str,))[0] if cursor else None
        ids = _browse(today, after_code, limit)
    versions = procedure_cards(ids[:limit])
    if not query and len(ids) > limit:
        next_key = [versions[-1].procedure.national_code]
    response["Cache-Control"] = PUBLIC_CACHE
    return {
        "results": [procedure_summary(version) for version in versions],
        "next": cursor_encode(next_key) if next_key is not None else None,
    }


@router.get(
    "/procedures/{code}",
    response={200: ProcedureDetail, 400: Problem, 404: Problem, 429: Problem, 304: None},
    operation_id="getProcedure",
    summary="One procedure, in the version in force today",
)
def get_procedure(request: HttpRequest, response: HttpResponse, code: str) -> dict[str, object]:
    """Everything needed to submit: requirements, time limits, fees and the form's schema."""
    limit_address(request)
    version = procedure_page(code, _today()) if NATIONAL_CODE.fullmatch(code) else None
    if version is None:
        raise not_found()
    response["Cache-Control"] = PUBLIC_CACHE
    return procedure_detail(version)
