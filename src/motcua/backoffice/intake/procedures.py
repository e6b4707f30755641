# SPDX-License-Identifier: EUPL-1.2
"""Which procedures a desk can take in today, for the procedure picker."""

from collections.abc import Iterable
from datetime import date

from motcua.catalog.models import CompetentUnitKind, Field, ProcedureVersion
from motcua.catalog.selectors import procedure_search, versions_in_force
from motcua.orgunits.models import OrgUnit, UnitKind

#: Catalog channels a desk takes dossiers through (at the counter, or by post).
DESK_CHANNELS = {"in_person", "postal"}
SEARCH_LIMIT = 50


def receivable_at(version: ProcedureVersion, unit: OrgUnit) -> bool:
    """Whether ``unit``'s desk may take in ``version`` (the service checks it again).

    A boundary-free procedure may be brought to any centre of the province; otherwise a commune
    procedure goes to the commune's own centre and a provincial one to the provincial centre.
    """
    if not DESK_CHANNELS & set(version.channels):
        return False
    if version.boundary_free:
        return True
    if version.competent_unit_kind == CompetentUnitKind.DEPARTMENT:
        return unit.kind == UnitKind.PROVINCE_CENTRE
    return unit.kind == UnitKind.COMMUNE_CENTRE


def desk_procedures(unit: OrgUnit, day: date) -> list[ProcedureVersion]:
    """The newest version in force of every procedure ``unit`` can take in, by field and name."""
    newest: dict[int, ProcedureVersion] = {}
    rows = (
        versions_in_force(day)
        .select_related("procedure", "field")
        .order_by("procedure_id", "-number")
    )
    for version in rows:
        newest.setdefault(version.procedure_id, version)
    return sorted(
        (v for v in newest.values() if receivable_at(v, unit)),
        key=lambda v: (v.field.code, v.name),
    )


def desk_search(query: str, unit: OrgUnit, day: date) -> list[ProcedureVersion]:
    """Procedures matching ``query`` (accents ignored) that ``unit`` can take in, best first."""
    return [v for v in procedure_search(query, day, limit=SEARCH_LIMIT) if receivable_at(v, unit)]


def by_field(versions: Iterable[ProcedureVersion]) -> list[tuple[Field, list[ProcedureVersion]]]:
    """Consecutive versions grouped by their field (the input is sorted by field)."""
    groups: list[tuple[Field, list[ProcedureVersion]]] = []
    for version in versions:
        if groups and groups[-1][0].pk == version.field_id:
            groups[-1][1].append(version)
        else:
            groups.append((version.field, [version]))
    return groups
