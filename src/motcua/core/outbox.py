# SPDX-License-Identifier: EUPL-1.2
"""The single write path of outbox messages (CloudEvents 1.0 structured JSON)."""

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from cloudevents.v1.conversion import to_dict
from cloudevents.v1.http import CloudEvent
from django.conf import settings
from django.db import transaction

from motcua.core.models import OutboxMessage

EVENT_TYPE_PREFIX = "vn.motcua."

#: Called with every new message inside its transaction (e.g. the sync app routes it to its
#: destinations). Higher apps register here from ``AppConfig.ready``; never Django signals.
OutboxListener = Callable[[OutboxMessage], object]
_listeners: list[OutboxListener] = []


def listen(listener: OutboxListener) -> None:
    """Register ``listener`` once (idempotent, so ``ready()`` may run twice in tests)."""
    if listener not in _listeners:
        _listeners.append(listener)


def outbox_record(
    *,
    event_type: str,
    aggregate_type: str,
    aggregate_id: str,
    sequence: int,
    subject: str,
    time: datetime,
    data: Mapping[str, Any],
    event_id: uuid.UUID | None = None,
) -> OutboxMessage:
    """Record one message; must run inside the transaction of the change it reports."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_record must run inside the transaction of the change")
    message_id = event_id or uuid.uuid4()
    event = CloudEvent(
        {
            "id": str(message_id),
            "source": settings.MOTCUA_EVENT_SOURCE,
            "sequence": str(sequence),
            "type": EVENT_TYPE_PREFIX + event_type,
            "subject": subject,
            "time": time.isoformat(),
            "datacontenttype": "application/json",
        },
        dict(data),
    )
    message = OutboxMessage.objects.create(
        id=message_id,
        type=EVENT_TYPE_PREFIX + event_type,
        aggregate_type=aggregate_type,
        aggregate_id=aggregate_id,
        sequence=sequence,
        envelope=to_dict(event),
        created_at=time,
    )
    for listener in _listeners:
        listener(message)
    return message
