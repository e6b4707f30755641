# SPDX-License-Identifier: EUPL-1.2
"""Shared by the chaos test and the benchmark: bulk events, dispatcher processes, the test DB."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from motcua.core.models import OutboxMessage
from motcua.core.outbox import outbox_record
from motcua.dossiers.models import Dossier
from motcua.dossiers.snapshot import dossier_snapshot
from motcua.sync.models import Delivery, Destination

#: National status of each of a synthetic dossier's events, in order (a plausible life).
STATUSES = [1, 2, 4, 4, 5, 4, 4, 9, 9, 10]


def database_url() -> str:
    """The URL of the database this test runs on, for the dispatcher processes."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}"


def national_destination(url: str, token: str, **fields: Any) -> Destination:
    return Destination.objects.create(
        name="national-portal", kind=Destination.Kind.NATIONAL_PORTAL, url=url, secret=token,
        event_types=["vn.motcua.dossier."], **fields,
    )  # fmt: skip


def write_events(template: Dossier, dossiers: int, per_dossier: int = 10) -> None:
    """``dossiers × per_dossier`` dossier messages through the outbox's one write path."""
    base = dossier_snapshot(template)
    now = template.submitted_at
    for number in range(dossiers):
        code = f"CHAOS-{number:06d}"
        with transaction.atomic():
            for sequence in range(1, per_dossier + 1):
                status = STATUSES[(sequence - 1) % len(STATUSES)]
                outbox_record(
                    event_type="dossier.chaos", aggregate_type="dossier",
                    aggregate_id=f"chaos-{number}", sequence=sequence, subject=code, time=now,
                    data={**base, "dossier_code": code, "national_status": status},
                )  # fmt: skip


def bulk_backlog(
    template: Dossier, destination: Destination, dossiers: int, per_dossier: int
) -> None:
    """A large backlog fast: the same messages and deliveries, inserted 10,000 rows at a time.

    For benchmarks only (the tests use ``write_events``, the real write path)."""
    message = OutboxMessage.objects.filter(aggregate_id=str(template.pk)).first()
    assert message is not None
    base = dict(message.envelope)
    now = timezone.now()
    messages: list[OutboxMessage] = []
    for number in range(dossiers):
        code = f"CHAOS-{number:06d}"
        for sequence in range(1, per_dossier + 1):
            event_id = uuid.uuid4()
            status = STATUSES[(sequence - 1) % len(STATUSES)]
            data = {**base["data"], "dossier_code": code, "national_status": status}
            envelope = {
                **base,
                "id": str(event_id),
                "type": "vn.motcua.dossier.chaos",
                "subject": code,
                "sequence": str(sequence),
                "data": data,
            }
            messages.append(
                OutboxMessage(
                    id=event_id,
                    type="vn.motcua.dossier.chaos",
                    aggregate_type="dossier",
                    aggregate_id=f"chaos-{number}",
                    sequence=sequence,
                    envelope=envelope,
                    created_at=now,
                )
            )
        if len(messages) >= 10_000 or number == dossiers - 1:
            OutboxMessage.objects.bulk_create(messages)
            Delivery.objects.bulk_create(
                Delivery(
                    message=m,
                    destination=destination,
                    aggregate_id=f"dossier:{m.aggregate_id}",
                    sequence=m.sequence,
                    next_attempt_at=now,
                    created_at=now,
                )
                for m in messages
            )
            messages = []


def start_dispatcher(log: Path, settings: dict[str, str]) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "DATABASE_URL": database_url(), **settings}
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "motcua", "manage", "dispatch"],
            stdout=out, stderr=subprocess.STDOUT, env=environment,
        )  # fmt: skip


def kill(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        kill(process)


def delivered_count() -> int:
    return Delivery.objects.filter(state=Delivery.State.DELIVERED).count()


def wait_until(predicate: Any, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
