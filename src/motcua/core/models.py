# SPDX-License-Identifier: EUPL-1.2
"""Kernel models: the transactional outbox."""

import uuid
from typing import Any

from django.db import models


class OutboxMessage(models.Model):
    """A CloudEvents 1.0 message written in the same transaction as the change it reports.

    Rows are immutable. Delivery to each destination is tracked by ``motcua.sync`` (one
    ``Delivery`` per message and destination, at least once, in ``sequence`` order per
    aggregate); receivers de-duplicate by ``id``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=120)
    aggregate_type = models.CharField(max_length=40)
    aggregate_id = models.CharField(max_length=64)
    sequence = models.PositiveIntegerField(help_text="Order of this message within its aggregate.")
    envelope = models.JSONField(help_text="The complete CloudEvents 1.0 structured JSON.")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["aggregate_type", "aggregate_id", "sequence"],
                name="outbox_unique_sequence_per_aggregate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.aggregate_type}:{self.aggregate_id}#{self.sequence}"

    @property
    def data(self) -> Any:
        return self.envelope.get("data")
