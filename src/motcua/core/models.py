# SPDX-License-Identifier: EUPL-1.2
"""Kernel models: the transactional outbox."""

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A CloudEvents 1.0 message written in the same transaction as the change it reports.

    The dispatcher (a later issue) delivers pending messages at least once, in ``sequence`` order
    per aggregate; receivers de-duplicate by ``id``. Rows are never edited except for the delivery
    bookkeeping fields.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        DEAD = "dead", _("dead-lettered")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=120)
    aggregate_type = models.CharField(max_length=40)
    aggregate_id = models.CharField(max_length=64)
    sequence = models.PositiveIntegerField(help_text="Order of this message within its aggregate.")
    envelope = models.JSONField(help_text="The complete CloudEvents 1.0 structured JSON.")
    created_at = models.DateTimeField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["aggregate_type", "aggregate_id", "sequence"],
                name="outbox_unique_sequence_per_aggregate",
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.type} {self.aggregate_type}:{self.aggregate_id}#{self.sequence}"

    @property
    def data(self) -> Any:
        return self.envelope.get("data")
