# SPDX-License-Identifier: EUPL-1.2
"""Compare what Motcua holds with what the national portal acknowledged; re-send what differs.

Run daily by the worker and on demand. Each dossier is one of: in sync (same national status and
the portal has our latest event), in flight (a delivery to the portal is still pending), or a
mismatch: ``missing`` (the portal does not know it), ``status`` (another status), ``behind``
(the portal has an older event), ``unknown`` (the portal has a dossier we do not).
"""

from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import requests
from django.db.models import Max
from django.utils import timezone

from motcua.core.models import OutboxMessage
from motcua.dossiers.lifecycle import NATIONAL_STATUS, Status
from motcua.dossiers.models import Dossier
from motcua.sync.connectors.national_portal import endpoint
from motcua.sync.models import Delivery, Destination, ReconciliationRun
from motcua.sync.routing import redeliver

PAGE = 1000


def portal_dossiers(
    destination: Destination, session: requests.Session
) -> Iterator[dict[str, Any]]:
    """Every dossier the portal acknowledged, page by page (keyset on the code)."""
    after = ""
    while True:
        response = session.get(
            endpoint(destination, "dossiers"),
            params={"after": after, "limit": str(PAGE)} if after else {"limit": str(PAGE)},
            headers={"Authorization": f"Bearer {destination.secret}"},
            timeout=(5, max(30, destination.timeout_seconds)),
        )
        response.raise_for_status()
        page = response.json()
        yield from page["items"]
        if not page.get("next"):
            return
        after = page["next"]


def reconcile(
    destination: Destination, session: requests.Session | None = None
) -> ReconciliationRun:
    """Compare every dossier and store the report (also when the portal cannot be reached)."""
    run = ReconciliationRun.objects.create(destination=destination, started_at=timezone.now())
    try:
        theirs = {
            item["MaHoSo"]: item
            for item in portal_dossiers(destination, session or requests.Session())
        }
    except (requests.RequestException, ValueError, KeyError, TypeError, AttributeError) as error:
        run.error = f"{type(error).__name__}: {str(error)[:500]}"
        run.finished_at = timezone.now()
        run.save()
        return run
    in_flight = set(
        Delivery.objects.filter(destination=destination, state=Delivery.State.PENDING)
        .values_list("aggregate_id", flat=True)
        .distinct()
    )
    per_unit: dict[str, dict[str, Counter[str]]] = defaultdict(
        lambda: {"ours": Counter(), "theirs": Counter()}
    )
    mismatches: list[dict[str, Any]] = []
    checked = synced = 0
    rows = Dossier.objects.values_list("pk", "code", "status", "version", "competent_unit__code")
    for pk, code, status, version, unit in rows.order_by("pk").iterator(chunk_size=2000):
        checked += 1
        ours = str(NATIONAL_STATUS[Status(status)])
        theirs_item = theirs.pop(code, None)
        per_unit[unit]["ours"][ours] += 1
        if theirs_item is not None:
            per_unit[unit]["theirs"][str(theirs_item.get("TrangThaiHoSo"))] += 1
        kind = _compare(ours, version, theirs_item)
        if kind is None:
            synced += 1
        elif f"dossier:{pk}" in in_flight:
            kind = "in_flight"
        if kind is not None:
            mismatches.append(
                {
                    "dossier": pk,
                    "code": code,
                    "unit": unit,
                    "kind": kind,
                    "ours": {"status": ours, "sequence": version},
                    "theirs": _their_side(theirs_item),
                }
            )
    for code, item in sorted(theirs.items()):
        unit = str(item.get("DonViXuLy", ""))
        per_unit[unit]["theirs"][str(item.get("TrangThaiHoSo"))] += 1
        mismatches.append(
            {"dossier": None, "code": code, "unit": unit, "kind": "unknown", "ours": None,
             "theirs": _their_side(item)}
        )  # fmt: skip
    run.dossiers_checked = checked
    run.in_sync = synced
    run.per_unit = {
        unit: {side: dict(sorted(counts.items())) for side, counts in sides.items()}
        for unit, sides in sorted(per_unit.items())
    }
    run.mismatches = mismatches
    run.finished_at = timezone.now()
    run.save()
    return run


def _compare(ours: str, version: int, theirs: dict[str, Any] | None) -> str | None:
    if theirs is None:
        return "missing"
    if int(theirs.get("ThuTu") or 0) < version:
        return "behind"
    if str(theirs.get("TrangThaiHoSo")) != ours:
        return "status"
    return None


def _their_side(item: dict[str, Any] | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {"status": str(item.get("TrangThaiHoSo")), "sequence": item.get("ThuTu")}


def resend_dossiers(destination: Destination, dossier_ids: list[int]) -> int:
    """Queue each dossier's latest message (its full snapshot) again; returns messages queued."""
    latest = (
        OutboxMessage.objects.filter(
            aggregate_type="dossier", aggregate_id__in=[str(i) for i in dossier_ids]
        )
        .values("aggregate_id")
        .annotate(last=Max("sequence"))
    )
    wanted = {(row["aggregate_id"], row["last"]) for row in latest}
    messages = [
        m
        for m in OutboxMessage.objects.filter(
            aggregate_type="dossier", aggregate_id__in=[a for a, _ in wanted]
        )
        if (m.aggregate_id, m.sequence) in wanted
    ]
    return redeliver(messages, destination)


def resend_mismatches(run: ReconciliationRun) -> int:
    """The one-click re-send of a report: every mismatched dossier we hold."""
    ids = [
        m["dossier"]
        for m in run.mismatches
        if m["dossier"] is not None and m["kind"] != "in_flight"
    ]
    return resend_dossiers(run.destination, ids)
