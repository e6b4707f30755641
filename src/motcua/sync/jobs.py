# SPDX-License-Identifier: EUPL-1.2
"""Sync work the worker runs on a timer: the daily reconciliation."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from motcua.sync.models import Destination, ReconciliationRun
from motcua.sync.reconciliation import reconcile


def reconcile_if_due() -> int:
    """Reconcile each national-portal destination whose last report is older than the period."""
    since = timezone.now() - timedelta(hours=settings.MOTCUA_SYNC_RECONCILE_HOURS)
    done = 0
    for destination in Destination.objects.filter(
        active=True, kind=Destination.Kind.NATIONAL_PORTAL
    ):
        if not ReconciliationRun.objects.filter(
            destination=destination, started_at__gte=since
        ).exists():
            reconcile(destination)
            done += 1
    return done
