# SPDX-License-Identifier: EUPL-1.2
"""What the catalog pages show, prepared for the templates in the active language."""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.catalog.models import CompetentUnitKind, Field, OnlineLevel, ProcedureVersion
from motcua.orgunits.models import OrgUnit, UnitKind
from motcua.portal.catalog.places import places_for
from motcua.portal.catalog.presentation import (
    Localized,
    fee_rows,
    general_limit,
    limit_rows,
    localized,
    requirement_rows,
    vietnamese,
)


def field_name(field: Field) -> Localized:
    return localized(field.name, field.name_en)


def agency_choices(department_codes: list[str]) -> list[tuple[str, str]]:
    """The "agency that decides" filter: communes, then each department by its unit's name."""
    units = OrgUnit.objects.filter(
        kind=UnitKind.DEPARTMENT, department_code__in=department_codes
    ).order_by("code")
    names: dict[str, str] = {}
    for unit in units:
        names.setdefault(unit.department_code, localized(unit.name, unit.name_en).text)
    return [
        (CompetentUnitKind.COMMUNE.value, _("Commune or ward People's Committee")),
        *((code, names.get(code, code)) for code in department_codes),
    ]


def online_explanation(level: str) -> str:
    if level == OnlineLevel.FULL:
        return _("You can do everything online, from submitting to receiving the result.")
    if level == OnlineLevel.PARTIAL:
        return _(
            "You can submit online; some steps (showing originals, paying, collecting the "
            "result) happen at the centre."
        )
    return _("This procedure cannot be submitted online.")


@dataclass(frozen=True)
class Card:
    """One procedure in the result list."""

    code: str
    url: str
    name: Localized
    field: Localized
    level: str
    online: str
    limit: str


def cards(versions: list[ProcedureVersion]) -> list[Card]:
    return [
        Card(
            code=version.procedure.national_code,
            url=reverse("portal:procedure", kwargs={"code": version.procedure.national_code}),
            name=localized(version.name, version.name_en),
            field=field_name(version.field),
            level=version.get_level_display(),
            online=version.get_online_level_display(),
            limit=general_limit(list(version.time_limits.all())),
        )
        for version in versions
    ]


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: an ellipsis
    current: bool = False


def page_links(page: Page[Any]) -> list[PageLink]:
    """Page numbers for GOV.UK pagination: first, last, and the current one with neighbours."""
    total = page.paginator.num_pages
    if total <= 1:
        return []
    shown = sorted(
        {1, total, page.number - 1, page.number, page.number + 1} & set(range(1, total + 1))
    )
    links: list[PageLink] = []
    for number in shown:
        if links and links[-1].number is not None and number - links[-1].number > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, number == page.number))
    return links


def procedure_context(version: ProcedureVersion) -> dict[str, Any]:
    """Everything the procedure page shows, as template values."""
    return {
        "version": version,
        "code": version.procedure.national_code,
        "name": localized(version.name, version.name_en),
        "field": field_name(version.field),
        "online_explanation": online_explanation(version.online_level),
        "implementing_agency": vietnamese(version.implementing_agency),
        "competent_agency": vietnamese(version.competent_agency),
        "applicants": vietnamese(version.applicants) if version.applicants else None,
        "steps": vietnamese(version.steps_text) if version.steps_text else None,
        "conditions": vietnamese(version.conditions) if version.conditions else None,
        "results": localized(version.results, version.results_en) if version.results else None,
        "requirements": requirement_rows(list(version.requirements.all())),
        "fees": fee_rows(list(version.fees.all())),
        "limits": limit_rows(list(version.time_limits.all())),
        "places": places_for(version),
        "legal_basis": [vietnamese(text) for text in version.legal_basis],
    }
