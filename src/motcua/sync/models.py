# SPDX-License-Identifier: EUPL-1.2
"""Where outbox messages go, how each delivery stands, what came in and what was reconciled."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import OutboxMessage


class Destination(models.Model):
    """A receiver of outbox messages: the national portal or a subscriber's webhook."""

    class Kind(models.TextChoices):
        NATIONAL_PORTAL = "national_portal", _("National public service portal")
        WEBHOOK = "webhook", _("Webhook subscriber")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    url = models.URLField(_("address"), max_length=500)
    secret = models.CharField(
        _("secret"),
        max_length=200,
        help_text=_("National portal: the bearer token. Webhook: the whsec_ signing secret."),
    )
    event_types = models.JSONField(
        _("event types"),
        default=list,
        blank=True,
        help_text=_('Type prefixes delivered, e.g. ["vn.motcua.dossier."]; empty = every type.'),
    )
    units = models.ManyToManyField(
        "orgunits.OrgUnit",
        blank=True,
        verbose_name=_("units"),
        help_text=_(
            "Only events of dossiers received, decided or held by these units; none = all."
        ),
    )
    batch_size = models.PositiveSmallIntegerField(
        _("batch size"), default=100, help_text=_("Messages per request where the receiver allows.")
    )
    timeout_seconds = models.PositiveSmallIntegerField(_("timeout (seconds)"), default=10)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """One message to one destination: pending until acknowledged; dead if rejected as invalid.

    Delivered at least once, in ``sequence`` order per aggregate and destination: a message waits
    while an earlier one of its aggregate is pending or dead. A worker owns a delivery while its
    lease runs; a killed worker's lease expires and another worker takes it over.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        DEAD = "dead", _("dead-lettered")

    message = models.ForeignKey(OutboxMessage, on_delete=models.PROTECT, related_name="deliveries")
    destination = models.ForeignKey(
        Destination, on_delete=models.PROTECT, related_name="deliveries"
    )
    aggregate_id = models.CharField(max_length=64)
    sequence = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    lease_token = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    solo = models.BooleanField(
        default=False, help_text="Send alone: its batch was refused as a whole."
    )
    last_error = models.TextField(blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["destination", "message"], name="delivery_once_per_destination"
            )
        ]
        indexes = [
            # the dispatcher's scan: due messages of one destination
            models.Index(
                fields=["destination", "next_attempt_at"],
                name="delivery_due_idx",
                condition=Q(state="pending"),
            ),
            # the operators' page: delivered in the last hour
            models.Index(
                fields=["destination", "delivered_at"],
                name="delivery_recent_idx",
                condition=Q(state="delivered"),
            ),
            # order per aggregate: is an earlier one still pending or dead?
            models.Index(
                fields=["destination", "aggregate_id", "sequence"],
                name="delivery_open_idx",
                condition=~Q(state="delivered"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.destination_id} ({self.state})"


class InboundRecord(models.Model):
    """A dossier that arrived from the national portal; the unique key makes imports idempotent."""

    source = models.CharField(max_length=40)
    external_id = models.CharField(max_length=80)
    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="inbound_record"
    )
    payload_sha256 = models.CharField(max_length=64)
    received_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="inbound_once")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"


class InboundCursor(models.Model):
    """How far the pull from a source has read (its feed position)."""

    source = models.CharField(max_length=40, unique=True)
    position = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.source}@{self.position}"


class InboundFailure(models.Model):
    """An inbound item we could not import (shown to operators; the pull goes on)."""

    source = models.CharField(max_length=40)
    external_id = models.CharField(max_length=80)
    errors = models.JSONField(default=dict)
    payload = models.JSONField(default=dict)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id} failed"


class ReconciliationRun(models.Model):
    """One comparison of what Motcua holds with what the national portal acknowledged."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    destination = models.ForeignKey(Destination, on_delete=models.PROTECT)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    dossiers_checked = models.PositiveIntegerField(default=0)
    in_sync = models.PositiveIntegerField(default=0)
    per_unit = models.JSONField(
        default=dict, help_text="{unit code: {ours: {status: count}, theirs: {status: count}}}."
    )
    mismatches = models.JSONField(
        default=list,
        help_text="[{dossier, code, unit, kind, ours, theirs}] kind: missing | status | behind.",
    )
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"reconciliation {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def in_sync_percent(self) -> float:
        return 100.0 if not self.dossiers_checked else 100.0 * self.in_sync / self.dossiers_checked


class OperatorAction(models.Model):
    """Who retried, re-sent or reconciled what (the audit of sync operations)."""

    at = models.DateTimeField()
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True)
    role = models.CharField(max_length=20)
    action = models.CharField(max_length=30)
    target = models.CharField(max_length=200)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"
