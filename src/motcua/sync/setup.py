# SPDX-License-Identifier: EUPL-1.2
"""Connect the national portal: its destination and the machine account of its dossiers."""

from django.db import transaction

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.orgunits.models import OrgUnit
from motcua.sync.inbound import NATIONAL_PORTAL_USERNAME
from motcua.sync.models import Destination

NATIONAL_PORTAL_DESTINATION = "national-portal"
#: Messages the national portal receives: dossier events and ratings.
NATIONAL_PORTAL_TYPES = ["vn.motcua.dossier.", "vn.motcua.rating."]


@transaction.atomic
def configure_national_portal(url: str, token: str) -> Destination:
    """Create or update the destination; the account may submit at every unit (idempotent)."""
    destination, _ = Destination.objects.update_or_create(
        name=NATIONAL_PORTAL_DESTINATION,
        defaults={
            "kind": Destination.Kind.NATIONAL_PORTAL,
            "url": url,
            "secret": token,
            "event_types": NATIONAL_PORTAL_TYPES,
            "active": True,
        },
    )
    user, created = User.objects.get_or_create(
        username=NATIONAL_PORTAL_USERNAME,
        defaults={"full_name": "Cổng Dịch vụ công quốc gia"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    assigned = set(
        RoleAssignment.objects.filter(user=user, role=Role.INTEGRATION).values_list(
            "unit_id", flat=True
        )
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, role=Role.INTEGRATION, unit_id=pk)
        for pk in OrgUnit.objects.exclude(pk__in=assigned).values_list("pk", flat=True)
    )
    return destination
