# SPDX-License-Identifier: EUPL-1.2
"""Where a citizen may submit a procedure: which centres, by post, online.

The same rule as reception (``dossiers.routing.check_receiving_unit``, Decree 118/2025 Art. 14):
a boundary-free procedure is received at any centre of the province; otherwise a department's
procedure at the provincial centre, and a commune's at the centre of that commune or ward.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.catalog.models import Channel, CompetentUnitKind, OnlineLevel, ProcedureVersion
from motcua.orgunits.models import OrgUnit, UnitKind
from motcua.portal.catalog.presentation import Localized, localized, vietnamese


@dataclass(frozen=True)
class Centre:
    name: Localized
    address: Localized | None


@dataclass(frozen=True)
class Places:
    rule: str
    centres: list[Centre]
    in_person: bool
    postal: bool
    online: bool


def accepts_online(version: ProcedureVersion) -> bool:
    """Whether the procedure can be submitted on the portal."""
    return Channel.ONLINE in version.channels and version.online_level != OnlineLevel.NONE


def _centres(kinds: tuple[str, ...]) -> list[Centre]:
    units = OrgUnit.objects.filter(kind__in=kinds, is_active=True).only(
        "kind", "name", "name_en", "address"
    )
    ordered = sorted(units, key=lambda unit: (unit.kind != UnitKind.PROVINCE_CENTRE, unit.name))
    return [
        Centre(
            name=localized(unit.name, unit.name_en),
            address=vietnamese(unit.address) if unit.address else None,
        )
        for unit in ordered
    ]


def places_for(version: ProcedureVersion) -> Places:
    in_person = Channel.IN_PERSON in version.channels
    postal = Channel.POSTAL in version.channels
    if version.boundary_free:
        rule = _("At any public administrative service centre of the province, wherever you live.")
        kinds: tuple[str, ...] = UnitKind.centres()
    elif version.competent_unit_kind == CompetentUnitKind.DEPARTMENT:
        rule = _("At the provincial public administrative service centre.")
        kinds = (UnitKind.PROVINCE_CENTRE.value,)
    else:
        rule = _(
            "At the public administrative service centre of the commune or ward that handles "
            "your case (usually where you live)."
        )
        kinds = (UnitKind.COMMUNE_CENTRE.value,)
    centres = _centres(kinds) if in_person or postal else []
    return Places(
        rule=rule,
        centres=centres,
        in_person=in_person,
        postal=postal,
        online=accepts_online(version),
    )
