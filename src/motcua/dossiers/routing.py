# SPDX-License-Identifier: EUPL-1.2
"""Which unit decides a dossier, and which centres may receive it (Decree 118/2025 Art. 14)."""

from django.utils.translation import gettext as _

from motcua.catalog.models import CompetentUnitKind, ProcedureVersion
from motcua.core.errors import ValidationFailed
from motcua.orgunits.models import OrgUnit, UnitKind
from motcua.orgunits.selectors import department_by_code


def resolve_competent_unit(
    version: ProcedureVersion, receiving_unit: OrgUnit, requested: OrgUnit | None
) -> OrgUnit:
    """The competent unit: the requested commune, the receiving commune, or the department."""
    province = receiving_unit.province()
    if version.competent_unit_kind == CompetentUnitKind.DEPARTMENT:
        department = department_by_code(province, version.competent_department)
        if department is None:
            raise ValidationFailed(
                errors={"competent_unit": [_("No unit of this province handles this procedure.")]}
            )
        return department
    if requested is not None:
        if requested.kind != UnitKind.COMMUNE or requested.province().pk != province.pk:
            raise ValidationFailed(
                errors={"competent_unit": [_("Choose a commune or ward of this province.")]}
            )
        return requested
    if receiving_unit.kind == UnitKind.COMMUNE_CENTRE and receiving_unit.parent is not None:
        return receiving_unit.parent
    raise ValidationFailed(
        errors={"competent_unit": [_("Choose the commune or ward that should handle it.")]}
    )


def check_receiving_unit(
    version: ProcedureVersion, receiving_unit: OrgUnit, competent_unit: OrgUnit
) -> None:
    """A centre receives any boundary-free procedure of its province; others only its own."""
    if not receiving_unit.is_centre or not receiving_unit.is_active:
        raise ValidationFailed(
            errors={"receiving_unit": [_("Dossiers are received at a service centre.")]}
        )
    if receiving_unit.province().pk != competent_unit.province().pk:
        raise ValidationFailed(
            errors={"receiving_unit": [_("This centre belongs to another province.")]}
        )
    if version.boundary_free:
        return
    own_centre = (
        receiving_unit.parent_id == competent_unit.pk
        if competent_unit.kind == UnitKind.COMMUNE
        else receiving_unit.kind == UnitKind.PROVINCE_CENTRE
    )
    if not own_centre:
        raise ValidationFailed(
            errors={
                "receiving_unit": [
                    _("This procedure must be submitted at the centre of the competent unit.")
                ]
            }
        )
