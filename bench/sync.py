# SPDX-License-Identifier: EUPL-1.2
"""How fast outbox messages reach the national portal, and how long a 100,000-event backlog takes.

    DATABASE_URL=postgres://postgres@127.0.0.1/motcua_bench python bench/sync.py [--backlog 100000]

Needs a migrated database (any: ``motcua manage migrate``). Starts the national-portal simulator
(its own process, no faults) and measures, in one run:

- **ceiling**: the simulator's own ingest rate — pre-built batches of 100 events posted by one
  client over a kept-alive connection, no Motcua database involved;
- **sustained delivery**: one dispatcher process delivering a 20,000-event backlog end to end
  (claim under lease, map, post, record), in events per second and as a ratio to the ceiling;
- **drain**: the time two dispatcher processes take to empty a ``--backlog`` event backlog
  (10 events per dossier, so per-dossier order is exercised).

The sustained run's backlog is written through the outbox's one write path (``outbox_record``,
one transaction per dossier) and that writing rate is reported too; the drain's backlog is
bulk-inserted (the same rows, 10,000 at a time) so that it is ready in seconds. The bench's
messages and deliveries are deleted afterwards. Nothing is asserted; results go to
``bench/results/sync-<database>-<date>.json``.
"""

import _setup  # noqa: F401  (Django must be set up before the models are imported)

# isort: split
import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import requests
from django.db import connection

from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Dossier
from motcua.sync.models import Delivery, Destination
from motcua.sync.tests.chaos_support import (
    bulk_backlog,
    delivered_count,
    national_destination,
    start_dispatcher,
    stop,
    wait_until,
    write_events,
)
from national_portal_simulator.testing import RunningSimulator, example_event

BATCH = 100
SUSTAINED_EVENTS = 20_000
DISPATCHER_SETTINGS = {"MOTCUA_SYNC_IDLE_SECONDS": "0.05"}


def ceiling(portal: RunningSimulator, events: int) -> float:
    """Events per second the simulator accepts from one keep-alive client (no Motcua side)."""
    batches = [
        [example_event(code=f"CEIL-{(start + n) // 10:06d}", sequence=(start + n) % 10 + 1)
         for n in range(BATCH)]
        for start in range(0, events, BATCH)
    ]  # fmt: skip
    session = requests.Session()
    began = time.perf_counter()
    for batch in batches:
        response = session.post(
            f"{portal.url}/api/v1/dossiers/sync", json={"events": batch},
            headers={"Authorization": f"Bearer {portal.token}"}, timeout=30,
        )  # fmt: skip
        response.raise_for_status()
    return events / (time.perf_counter() - began)


def template_dossier() -> Dossier:
    dossier = Dossier.objects.select_related("procedure_version").first()
    if dossier is None:
        from motcua.testing.builders import build_world

        dossier = build_world().submit()
    return dossier


def clean() -> None:
    Delivery.objects.filter(destination__name="national-portal").delete()
    OutboxMessage.objects.filter(type="vn.motcua.dossier.chaos").delete()
    Destination.objects.filter(name="national-portal").delete()


def drain(
    events: int, dispatchers: int, log: Path, *, bulk: Destination | None = None
) -> tuple[float, float]:
    """Write ``events`` to the outbox, then time ``dispatchers`` processes emptying it."""
    began = time.perf_counter()
    if bulk is None:
        write_events(template_dossier(), events // 10, 10)
    else:
        bulk_backlog(template_dossier(), bulk, events // 10, 10)
    written = time.perf_counter() - began
    began = time.perf_counter()
    processes = [start_dispatcher(log, DISPATCHER_SETTINGS) for _ in range(dispatchers)]
    try:
        done = wait_until(lambda: delivered_count() >= events, timeout=7200, interval=0.5)
    finally:
        for process in processes:
            stop(process)
    if not done:
        sys.exit(f"not drained: {delivered_count()} of {events}")
    return written, time.perf_counter() - began


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backlog", type=int, default=100_000)
    parser.add_argument("--sustained", type=int, default=SUSTAINED_EVENTS)
    options = parser.parse_args(argv)
    database = connection.vendor
    results: dict[str, object] = {"database": database, "date": date.today().isoformat()}
    with tempfile.TemporaryDirectory() as folder, RunningSimulator(Path(folder)) as portal:
        clean()
        results["ceiling_events_per_second"] = round(ceiling(portal, options.sustained), 1)
        portal.reset()
        log = Path(folder) / "dispatchers.log"
        national_destination(portal.url, portal.token, batch_size=BATCH)
        written, seconds = drain(options.sustained, 1, log)
        rate = options.sustained / seconds
        results["sustained"] = {
            "events": options.sustained, "dispatchers": 1, "seconds": round(seconds, 1),
            "events_per_second": round(rate, 1),
            "ratio_to_ceiling": round(rate / results["ceiling_events_per_second"], 3),  # type: ignore[operator]
            "outbox_write_events_per_second": round(options.sustained / written, 1),
        }  # fmt: skip
        print(json.dumps(results, indent=2), flush=True)
        clean()
        portal.reset()
        destination = national_destination(portal.url, portal.token, batch_size=BATCH)
        written, seconds = drain(options.backlog, 2, log, bulk=destination)
        stats = portal.stats()
        results["drain"] = {
            "events": options.backlog, "dispatchers": 2, "seconds": round(seconds, 1),
            "events_per_second": round(options.backlog / seconds, 1),
            "backlog_bulk_insert_seconds": round(written, 1),
            "portal_accepted": stats["accepted"], "portal_duplicates": stats["duplicates"],
            "order_violations": stats["order_violations"],
        }  # fmt: skip
        clean()
    print(json.dumps(results, indent=2))
    out = Path(__file__).parent / "results" / f"sync-{database}-{results['date']}.json"
    if argv is None:  # not the smoke test
        out.write_text(json.dumps(results, indent=2) + "\n")
    return results


if __name__ == "__main__":
    main()
