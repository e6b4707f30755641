# SPDX-License-Identifier: EUPL-1.2
"""What operators may do about sync: retry, re-send, reconcile — each checked and recorded."""

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role
from motcua.core.errors import NotFound, PermissionDenied
from motcua.sync.models import Delivery, Destination, OperatorAction, ReconciliationRun
from motcua.sync.reconciliation import reconcile, resend_mismatches

#: Capacities that operate the sync (the province's system administrators).
OPERATOR_ROLES = frozenset({Role.SYSTEM_ADMIN})


def check_operator(actor: Actor) -> None:
    if actor.role not in OPERATOR_ROLES or actor.user is None:
        raise PermissionDenied()


def _audit(actor: Actor, action: str, target: str, count: int) -> None:
    OperatorAction.objects.create(
        at=timezone.now(), user=actor.user, role=actor.role, action=action, target=target,
        count=count,
    )  # fmt: skip


def retry_delivery(actor: Actor, delivery_id: int) -> int:
    """Send a dead-lettered or failing delivery again now (attempt count kept)."""
    check_operator(actor)
    with transaction.atomic():
        count = Delivery.objects.filter(
            pk=delivery_id, state__in=(Delivery.State.DEAD, Delivery.State.PENDING)
        ).update(state=Delivery.State.PENDING, next_attempt_at=timezone.now(), solo=True)
        if count == 0:
            raise NotFound()
        _audit(actor, "retry_delivery", str(delivery_id), count)
    return count


def retry_dead(actor: Actor, destination_id: int) -> int:
    """Every dead letter of a destination back to pending (after the cause was fixed)."""
    check_operator(actor)
    destination = _destination(destination_id)
    with transaction.atomic():
        count = Delivery.objects.filter(destination=destination, state=Delivery.State.DEAD).update(
            state=Delivery.State.PENDING, next_attempt_at=timezone.now(), solo=True
        )
        _audit(actor, "retry_dead", destination.name, count)
    return count


def retry_failing_now(actor: Actor, destination_id: int) -> int:
    """Skip the backoff wait of a destination's failing deliveries (e.g. the portal is back)."""
    check_operator(actor)
    destination = _destination(destination_id)
    with transaction.atomic():
        count = Delivery.objects.filter(
            destination=destination,
            state=Delivery.State.PENDING,
            attempts__gte=1,
            next_attempt_at__gt=timezone.now(),
        ).update(next_attempt_at=timezone.now())
        _audit(actor, "retry_failing_now", destination.name, count)
    return count


def run_reconciliation(actor: Actor, destination_id: int) -> ReconciliationRun:
    check_operator(actor)
    destination = _destination(destination_id)
    run = reconcile(destination, requests.Session())
    _audit(actor, "reconcile", destination.name, run.dossiers_checked)
    return run


def resend_report(actor: Actor, run_id: str) -> int:
    """The one-click re-send of every mismatched dossier of a reconciliation report."""
    check_operator(actor)
    run = ReconciliationRun.objects.select_related("destination").filter(pk=run_id).first()
    if run is None:
        raise NotFound()
    with transaction.atomic():
        count = resend_mismatches(run)
        _audit(actor, "resend_report", str(run.pk), count)
    return count


def _destination(destination_id: int) -> Destination:
    destination = Destination.objects.filter(pk=destination_id).first()
    if destination is None:
        raise NotFound()
    return destination


def alert_attempts() -> int:
    return int(settings.MOTCUA_SYNC_ALERT_ATTEMPTS)
