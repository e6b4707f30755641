# SPDX-License-Identifier: EUPL-1.2
"""Deliver pending outbox messages: claim a batch under a lease, send it, record each outcome.

Several dispatchers may run at once, on several hosts (PostgreSQL ``SKIP LOCKED`` keeps their
claims apart; on SQLite the compare-and-set on the lease does). A message is claimed only when
no earlier message of its aggregate is still open for that destination, so each receiver sees a
dossier's events in order. Failures are retried with exponential backoff and jitter, without a
give-up; only what the receiver refuses as invalid is dead-lettered, for an operator to retry.
A dispatcher killed mid-batch loses nothing: its lease expires and another one sends the batch
again; receivers de-duplicate by message id, so the effect happens once.
"""

import logging
import random
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import requests
from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from motcua.sync.connectors.base import Connector, Outcome
from motcua.sync.connectors.national_portal import NationalPortalConnector
from motcua.sync.connectors.webhook import WebhookConnector
from motcua.sync.inbound import pull_inbound
from motcua.sync.models import Delivery, Destination

log = logging.getLogger(__name__)

CONNECTORS: dict[str, Connector] = {
    Destination.Kind.NATIONAL_PORTAL: NationalPortalConnector(),
    Destination.Kind.WEBHOOK: WebhookConnector(),
}
#: Messages per claim for receivers that take one message per request.
SINGLE_MESSAGE_CLAIM = 20


def backoff(attempts: int) -> timedelta:
    """Delay before attempt ``attempts + 1``: base·2^(n−1), capped, with jitter (½ to 1×)."""
    base = settings.MOTCUA_SYNC_RETRY_BASE_SECONDS
    ceiling = settings.MOTCUA_SYNC_RETRY_MAX_SECONDS
    delay = min(ceiling, base * 2 ** max(0, attempts - 1))
    return timedelta(seconds=delay * random.uniform(0.5, 1.0))


def _lease_is_free(now: datetime) -> Q:
    return Q(lease_until__isnull=True) | Q(lease_until__lt=now)


def claim(destination: Destination, limit: int, now: datetime) -> tuple[uuid.UUID, list[Delivery]]:
    """Take up to ``limit`` due deliveries that head their aggregate's queue, under a lease."""
    token = uuid.uuid4()
    earlier_open = Delivery.objects.filter(
        destination_id=OuterRef("destination_id"),
        aggregate_id=OuterRef("aggregate_id"),
        sequence__lt=OuterRef("sequence"),
    ).exclude(state=Delivery.State.DELIVERED)
    with transaction.atomic():
        due = (
            Delivery.objects.filter(
                destination=destination, state=Delivery.State.PENDING, next_attempt_at__lte=now
            )
            .filter(_lease_is_free(now))
            .filter(~Exists(earlier_open))
            .order_by("next_attempt_at", "id")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:limit])
        if not ids:
            return token, []
        lease = timedelta(seconds=settings.MOTCUA_SYNC_LEASE_SECONDS)
        Delivery.objects.filter(id__in=ids).filter(_lease_is_free(now)).update(
            lease_token=token, lease_until=now + lease
        )
    claimed = (
        Delivery.objects.filter(id__in=ids, lease_token=token, state=Delivery.State.PENDING)
        .select_related("message")
        .order_by("id")
    )
    return token, list(claimed)


def record(token: uuid.UUID, claimed: Sequence[Delivery], outcomes: Iterable[Outcome]) -> None:
    """Write each outcome; a worker whose lease was taken over records only successes."""
    now = timezone.now()
    attempts = {d.pk: d.attempts for d in claimed}
    delivered = [o.delivery_id for o in outcomes if o.verdict == "delivered"]
    with transaction.atomic():
        if delivered:
            Delivery.objects.filter(id__in=delivered, state=Delivery.State.PENDING).update(
                state=Delivery.State.DELIVERED,
                delivered_at=now,
                attempts=F("attempts") + 1,
                lease_token=None,
                lease_until=None,
                last_error="",
                last_status=200,
            )
        for outcome in outcomes:
            if outcome.verdict == "delivered":
                continue
            changes: dict[str, object] = {
                "attempts": F("attempts") + 1,
                "lease_token": None,
                "lease_until": None,
                "last_error": outcome.error[:4000],
                "last_status": outcome.status,
            }
            if outcome.verdict == "dead":
                changes["state"] = Delivery.State.DEAD
            elif outcome.verdict == "solo":
                changes.update(solo=True, next_attempt_at=now)
            else:
                changes["next_attempt_at"] = now + backoff(attempts.get(outcome.delivery_id, 0) + 1)
            Delivery.objects.filter(pk=outcome.delivery_id, lease_token=token).update(**changes)


@dataclass
class RoundStats:
    claimed: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


class Dispatcher:
    """One dispatcher: a keep-alive HTTP session per destination, rounds over all destinations."""

    def __init__(self) -> None:
        self.sessions: dict[int, requests.Session] = {}
        self.next_pull = 0.0

    def session(self, destination: Destination) -> requests.Session:
        if destination.pk not in self.sessions:
            session = requests.Session()
            session.headers["User-Agent"] = "motcua-dispatcher/1"
            self.sessions[destination.pk] = session
        return self.sessions[destination.pk]

    def run_round(self) -> RoundStats:
        stats = RoundStats()
        for destination in Destination.objects.filter(active=True).order_by("pk"):
            connector = CONNECTORS[destination.kind]
            limit = destination.batch_size if connector.batching else SINGLE_MESSAGE_CLAIM
            token, claimed = claim(destination, limit, timezone.now())
            if not claimed:
                continue
            stats.claimed += len(claimed)
            outcomes = self.send(connector, destination, claimed)
            record(token, claimed, outcomes)
            for outcome in outcomes:
                stats.outcomes[outcome.verdict] = stats.outcomes.get(outcome.verdict, 0) + 1
        return stats

    def send(
        self, connector: Connector, destination: Destination, claimed: Sequence[Delivery]
    ) -> list[Outcome]:
        session = self.session(destination)
        together = [d for d in claimed if not d.solo]
        outcomes = self.send_safely(connector, session, destination, together) if together else []
        for delivery in claimed:
            if delivery.solo:
                outcomes.extend(self.send_safely(connector, session, destination, [delivery]))
        return outcomes

    @staticmethod
    def send_safely(
        connector: Connector,
        session: requests.Session,
        destination: Destination,
        deliveries: Sequence[Delivery],
    ) -> list[Outcome]:
        """A connector's bug becomes a visible, retried failure, never a stuck lease."""
        try:
            return connector.send(session, destination, deliveries)
        except Exception as error:
            log.exception("connector %s failed", destination.kind)
            detail = f"internal error: {type(error).__name__}: {str(error)[:300]}"
            return [Outcome(d.pk, "retry", detail) for d in deliveries]

    def pull_inbound_if_due(self) -> None:
        """Read the national portal's inbound feed every MOTCUA_SYNC_PULL_SECONDS."""
        if time.monotonic() < self.next_pull:
            return
        self.next_pull = time.monotonic() + settings.MOTCUA_SYNC_PULL_SECONDS
        for destination in Destination.objects.filter(
            active=True, kind=Destination.Kind.NATIONAL_PORTAL
        ):
            try:
                while pull_inbound(destination, self.session(destination)):
                    pass
            except (requests.RequestException, ValueError) as error:
                log.warning("inbound pull from %s failed: %s", destination, error)

    def run(self, stop: threading.Event, *, exit_when_idle: bool = False) -> None:
        """Deliver until ``stop`` is set (or, with ``exit_when_idle``, until nothing is due)."""
        idle = settings.MOTCUA_SYNC_IDLE_SECONDS
        while not stop.is_set():
            close_old_connections()
            try:
                if not exit_when_idle:
                    self.pull_inbound_if_due()
                stats = self.run_round()
            except Exception:  # a database hiccup must not end the dispatcher
                log.exception("dispatch round failed")
                stop.wait(idle)
                continue
            if stats.claimed == 0:
                if exit_when_idle and not pending_exists():
                    return
                stop.wait(idle)


def pending_exists() -> bool:
    return Delivery.objects.filter(state=Delivery.State.PENDING).exists()
