# SPDX-License-Identifier: EUPL-1.2
"""Route each new outbox message to the destinations that want it (same transaction)."""

from collections.abc import Iterable

from django.utils import timezone

from motcua.core.models import OutboxMessage
from motcua.sync.models import Delivery, Destination

#: Message data keys naming the units a dossier event concerns.
UNIT_KEYS = ("receiving_unit", "competent_unit", "current_unit")


def message_units(message: OutboxMessage) -> set[str]:
    data = message.data if isinstance(message.data, dict) else {}
    return {str(data[key]) for key in UNIT_KEYS if data.get(key)}


def wants(destination: Destination, unit_codes: set[str], message: OutboxMessage) -> bool:
    """The destination takes the message's type and, if scoped to units, one of its units."""
    types: Iterable[str] = destination.event_types or ()
    if types and not any(message.type.startswith(prefix) for prefix in types):
        return False
    scope = {unit.code for unit in destination.units.all()}
    return not scope or bool(scope & unit_codes)


def route_message(message: OutboxMessage) -> list[Delivery]:
    """Create one pending delivery per interested active destination."""
    destinations = Destination.objects.filter(active=True).prefetch_related("units")
    units = message_units(message)
    now = timezone.now()
    deliveries = [
        Delivery(
            message=message,
            destination=destination,
            aggregate_id=f"{message.aggregate_type}:{message.aggregate_id}",
            sequence=message.sequence,
            next_attempt_at=now,
            created_at=now,
        )
        for destination in destinations
        if wants(destination, units, message)
    ]
    return Delivery.objects.bulk_create(deliveries)


def redeliver(messages: Iterable[OutboxMessage], destination: Destination) -> int:
    """Queue ``messages`` for ``destination`` again (re-send after reconciliation).

    A message never delivered there gets a delivery; a delivered or dead one is made pending
    again. The receiver de-duplicates by message id, so a re-send has no second effect.
    """
    now = timezone.now()
    count = 0
    for message in messages:
        delivery, created = Delivery.objects.get_or_create(
            message=message,
            destination=destination,
            defaults={
                "aggregate_id": f"{message.aggregate_type}:{message.aggregate_id}",
                "sequence": message.sequence,
                "next_attempt_at": now,
                "created_at": now,
            },
        )
        if not created:
            Delivery.objects.filter(pk=delivery.pk).update(
                state=Delivery.State.PENDING, next_attempt_at=now, solo=False, delivered_at=None
            )
        count += 1
    return count
