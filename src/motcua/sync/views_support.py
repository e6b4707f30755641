# SPDX-License-Identifier: EUPL-1.2
"""Read-only lookups for the operators' sync pages (back office), beside ``selectors``."""

import uuid

from django.db.models import QuerySet

from motcua.orgunits.models import OrgUnit
from motcua.sync.models import Delivery, Destination, ReconciliationRun

#: Reconciliation runs listed on a destination's page.
RECENT_RUNS = 10


def destination_by_id(destination_id: int) -> Destination | None:
    return Destination.objects.filter(pk=destination_id).first()


def delivery_destination_id(delivery_id: int) -> int | None:
    """The destination of a delivery, or None when there is no such delivery."""
    return Delivery.objects.filter(pk=delivery_id).values_list("destination_id", flat=True).first()


def recent_runs(destination: Destination, limit: int = RECENT_RUNS) -> QuerySet[ReconciliationRun]:
    """The destination's latest reconciliation runs, newest first."""
    return ReconciliationRun.objects.filter(destination=destination).order_by("-started_at")[:limit]


def reconciliation_run(run_id: uuid.UUID) -> ReconciliationRun | None:
    return ReconciliationRun.objects.select_related("destination").filter(pk=run_id).first()


def unit_names(codes: list[str]) -> dict[str, str]:
    """Unit code → name, for the codes a report names (unknown codes are left out)."""
    return dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "name"))
