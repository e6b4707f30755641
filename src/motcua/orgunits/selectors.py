# SPDX-License-Identifier: EUPL-1.2
"""Reads about units."""

from datetime import date

from motcua.orgunits.models import AgencyCode, OrgUnit


def agency_code_on(unit: OrgUnit, day: date) -> str:
    """The national agency code valid for ``unit`` on ``day`` (history first, then current)."""
    for record in AgencyCode.objects.filter(unit=unit, valid_from__lte=day).order_by("-valid_from"):
        if record.is_valid_on(day):
            return record.code
    return unit.code


def department_by_code(province: OrgUnit, department_code: str) -> OrgUnit | None:
    """The active provincial department with a short code (e.g. ``STP``)."""
    return (
        OrgUnit.objects.filter(
            parent=province, kind="department", department_code=department_code, is_active=True
        )
        .order_by("code")
        .first()
    )
