# SPDX-License-Identifier: EUPL-1.2
"""Reads of the catalog: the version in force, and accent-insensitive search."""

from datetime import date

from django.db.models import Q, QuerySet, prefetch_related_objects

from motcua.catalog.models import CompetentUnitKind, Field, ProcedureVersion, VersionStatus
from motcua.core.text import fold, search_terms


def versions_in_force(on: date) -> QuerySet[ProcedureVersion]:
    """Published versions whose effective period contains ``on``."""
    return ProcedureVersion.objects.filter(
        status=VersionStatus.PUBLISHED, effective_from__lte=on
    ).filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))


def version_in_force(national_code: str, on: date) -> ProcedureVersion | None:
    """The version of a procedure in force on a day (the highest number wins)."""
    return (
        versions_in_force(on)
        .filter(procedure__national_code=national_code)
        .select_related("procedure", "field")
        .order_by("-number")
        .first()
    )


def procedure_search(query: str, on: date, limit: int = 20) -> list[ProcedureVersion]:
    """Procedures in force matching every word of ``query``, accents ignored (đ = d).

    Ranked: whole query in the name first, then names starting with it, then by code. Runs the
    same on SQLite and PostgreSQL because both sides go through ``fold()``.
    """
    terms = search_terms(query)
    if not terms:
        return []
    matches = versions_in_force(on)
    for term in terms:
        matches = matches.filter(search_text__contains=term)
    folded = fold(query)
    # Rank every match on a few columns (a catalogue has thousands of rows, not millions),
    # then load only the winners.
    newest: dict[int, tuple[int, str, str]] = {}
    rows = matches.order_by("procedure_id", "-number").values_list(
        "procedure_id", "id", "name", "name_en", "procedure__national_code"
    )
    for procedure_id, version_id, name, name_en, code in rows:
        if procedure_id not in newest:
            newest[procedure_id] = (version_id, fold(f"{name} {name_en}"), code)

    def rank(entry: tuple[int, str, str]) -> tuple[int, int, str]:
        _, name, code = entry
        return (0 if folded in name else 1, 0 if name.startswith(folded) else 1, code)

    winners = [version_id for version_id, _, _ in sorted(newest.values(), key=rank)[:limit]]
    loaded = ProcedureVersion.objects.select_related("procedure", "field").in_bulk(winners)
    return [loaded[version_id] for version_id in winners]


def search_text_for(version: ProcedureVersion) -> str:
    """What the search matches: names, codes and field, folded."""
    parts = [
        version.name,
        version.name_en,
        version.procedure.national_code,
        version.procedure.local_code,
        version.field.name,
        version.field.name_en,
    ]
    return fold(" ".join(part for part in parts if part))


# -- the public catalog (portal): browse with filters, load a page of cards ----------------------


def _rank_key(folded_query: str, name: str, code: str) -> tuple[int, int, str]:
    """``procedure_search``'s order: whole query in the name, then names starting with it."""
    return (0 if folded_query in name else 1, 0 if name.startswith(folded_query) else 1, code)


def procedure_browse(
    on: date,
    *,
    query: str = "",
    field: str = "",
    level: str = "",
    online_level: str = "",
    agency: str = "",
) -> list[int]:
    """Ids of the newest version in force of each matching procedure, best first.

    ``query`` matches like ``procedure_search`` (every word, accents ignored, Vietnamese and
    English names) and ranks the same way; without a query the order is field code, then name.
    ``field`` is a field code, ``level`` a ``Level``, ``online_level`` an ``OnlineLevel``, and
    ``agency`` is ``"commune"`` (decided by a commune) or a department's short code.
    """
    matches = versions_in_force(on)
    if field:
        matches = matches.filter(field__code=field)
    if level:
        matches = matches.filter(level=level)
    if online_level:
        matches = matches.filter(online_level=online_level)
    if agency == CompetentUnitKind.COMMUNE:
        matches = matches.filter(competent_unit_kind=CompetentUnitKind.COMMUNE)
    elif agency:
        matches = matches.filter(
            competent_unit_kind=CompetentUnitKind.DEPARTMENT, competent_department=agency
        )
    terms = search_terms(query)
    for term in terms:
        matches = matches.filter(search_text__contains=term)
    if query and not terms:
        return []
    newest: dict[int, tuple[int, str, str, str]] = {}
    rows = matches.order_by("procedure_id", "-number").values_list(
        "procedure_id", "id", "name", "name_en", "procedure__national_code", "field__code"
    )
    for procedure_id, version_id, name, name_en, code, field_code in rows:
        if procedure_id not in newest:
            newest[procedure_id] = (version_id, fold(f"{name} {name_en}"), code, field_code)
    entries = list(newest.values())
    if terms:
        folded = fold(query)
        entries.sort(key=lambda entry: _rank_key(folded, entry[1], entry[2]))
    else:
        entries.sort(key=lambda entry: (entry[3], entry[1], entry[2]))
    return [entry[0] for entry in entries]


def procedure_cards(version_ids: list[int]) -> list[ProcedureVersion]:
    """The versions of ``version_ids`` in that order, with field, procedure and time limits."""
    loaded = (
        ProcedureVersion.objects.select_related("procedure", "field")
        .prefetch_related("time_limits")
        .in_bulk(version_ids)
    )
    return [loaded[version_id] for version_id in version_ids if version_id in loaded]


def catalog_fields(on: date) -> list[Field]:
    """The fields that have at least one procedure in force, by code."""
    return list(
        Field.objects.filter(versions__in=versions_in_force(on)).distinct().order_by("code")
    )


def catalog_departments(on: date) -> list[str]:
    """Short codes of the departments that decide a procedure in force, sorted."""
    codes = (
        versions_in_force(on)
        .filter(competent_unit_kind=CompetentUnitKind.DEPARTMENT)
        .exclude(competent_department="")
        .values_list("competent_department", flat=True)
        .distinct()
    )
    return sorted(set(codes))


def procedure_page(national_code: str, on: date) -> ProcedureVersion | None:
    """The version in force of a procedure with everything its public page shows."""
    version = version_in_force(national_code, on)
    if version is None:
        return None
    prefetch_related_objects([version], "requirements", "time_limits", "fees")
    return version
