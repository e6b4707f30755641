# SPDX-License-Identifier: EUPL-1.2
"""Reads of the catalog: the version in force, and accent-insensitive search."""

from datetime import date

from django.db.models import Q, QuerySet

from motcua.catalog.models import ProcedureVersion, VersionStatus
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
