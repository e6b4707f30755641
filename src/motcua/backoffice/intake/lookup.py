# SPDX-License-Identifier: EUPL-1.2
"""Find an applicant by ID number to prefill the counter form, within the desk's own scope.

Only two sources are read: the citizen account holding that personal identification number
(its name only: contact details stay private to the account), and the latest dossier of that ID
number received by the official's own unit (name, contact details, address, kind). Dossiers of
other units are never read, so the lookup does not reveal who applied elsewhere.
"""

from django.db.models import Q

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.orgunits.models import OrgUnit

#: Dossier column → counter form field.
FROM_DOSSIER = {
    "applicant_kind": "applicant_kind",
    "applicant_name": "applicant_name",
    "applicant_id_number": "applicant_id_number",
    "applicant_phone": "applicant_phone",
    "applicant_email": "applicant_email",
    "applicant_address": "applicant_address",
}


def applicant_prefill(id_number: str, unit: OrgUnit) -> dict[str, str] | None:
    """Initial applicant fields for ``id_number`` at ``unit``'s desk, or None if unknown."""
    found: dict[str, str] = {}
    latest = (
        Dossier.objects.filter(receiving_unit=unit, applicant_id_number=id_number)
        .order_by("-submitted_at", "-id")
        .values(*FROM_DOSSIER)
        .first()
    )
    if latest is not None:
        found = {FROM_DOSSIER[column]: str(value or "") for column, value in latest.items()}
    account_name = (
        User.objects.filter(national_id=id_number, is_active=True)
        .filter(~Q(full_name=""))
        .order_by("id")
        .values_list("full_name", flat=True)
        .first()
    )
    if account_name:
        found["applicant_name"] = account_name
    if not found:
        return None
    found["applicant_id_number"] = id_number
    return found
