# SPDX-License-Identifier: EUPL-1.2
"""What the operators' sync page shows: backlog, lag, failures, dead letters, reports."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from motcua.sync.models import (
    Delivery,
    Destination,
    InboundCursor,
    InboundFailure,
    ReconciliationRun,
)


@dataclass(frozen=True)
class DestinationHealth:
    destination: Destination
    pending: int
    failing: int
    dead: int
    delivered_last_hour: int
    oldest_pending_at: datetime | None
    last_run: ReconciliationRun | None

    @property
    def lag(self) -> timedelta | None:
        return None if self.oldest_pending_at is None else timezone.now() - self.oldest_pending_at


def destination_health() -> list[DestinationHealth]:
    alert = settings.MOTCUA_SYNC_ALERT_ATTEMPTS
    hour_ago = timezone.now() - timedelta(hours=1)
    pending = Q(state=Delivery.State.PENDING)
    # two index-backed scans: open deliveries, and those delivered in the last hour (delivered
    # rows pile up, so never a scan of them all)
    counts = {
        row["destination"]: row
        for row in Delivery.objects.exclude(state=Delivery.State.DELIVERED)
        .values("destination")
        .annotate(
            pending=Count("id", filter=pending),
            failing=Count("id", filter=pending & Q(attempts__gte=alert)),
            dead=Count("id", filter=Q(state=Delivery.State.DEAD)),
            oldest=Min("created_at", filter=pending),
        )
    }
    delivered = dict(
        Delivery.objects.filter(state=Delivery.State.DELIVERED, delivered_at__gte=hour_ago)
        .values("destination")
        .annotate(n=Count("id"))
        .values_list("destination", "n")
    )
    health = []
    for destination in Destination.objects.order_by("name"):
        row = counts.get(destination.pk, {})
        health.append(
            DestinationHealth(
                destination=destination,
                pending=row.get("pending", 0),
                failing=row.get("failing", 0),
                dead=row.get("dead", 0),
                delivered_last_hour=delivered.get(destination.pk, 0),
                oldest_pending_at=row.get("oldest"),
                last_run=ReconciliationRun.objects.filter(destination=destination).first(),
            )
        )
    return health


def problem_deliveries(destination: Destination, limit: int = 50) -> QuerySet[Delivery]:
    """Dead letters first, then the deliveries failing longest."""
    alert = settings.MOTCUA_SYNC_ALERT_ATTEMPTS
    return (
        Delivery.objects.filter(destination=destination)
        .filter(Q(state=Delivery.State.DEAD) | Q(state=Delivery.State.PENDING, attempts__gte=alert))
        .select_related("message")
        .order_by("state", "created_at")[:limit]  # "dead" sorts before "pending"
    )


def inbound_status() -> tuple[InboundCursor | None, QuerySet[InboundFailure]]:
    return InboundCursor.objects.first(), InboundFailure.objects.order_by("-at")[:50]
