# SPDX-License-Identifier: EUPL-1.2
"""Throughput of the served simulator: python -m national_portal_simulator.bench

Starts the simulator (granian, subprocess) on a temporary database and posts batches of valid
events from N client threads over keep-alive connections; prints accepted events per second.
"""

import argparse
import tempfile
import threading
import time
from typing import Any

import requests

from national_portal_simulator.testing import RunningSimulator, example_event

EVENTS_PER_DOSSIER = 5


def batches(count: int, size: int, client: int) -> list[list[dict[str, Any]]]:
    events = [
        example_event(
            code=f"BENCH-{client}-{n // EVENTS_PER_DOSSIER:06d}",
            sequence=n % EVENTS_PER_DOSSIER + 1,
            status=str(n % EVENTS_PER_DOSSIER + 1),
        )
        for n in range(count)
    ]
    return [events[start : start + size] for start in range(0, count, size)]


def measure(
    portal: RunningSimulator, *, events: int, batch: int, clients: int
) -> tuple[float, int]:
    """Seconds taken to post ``events`` (split over ``clients``), and the events accepted."""
    work = [batches(events // clients, batch, client) for client in range(clients)]
    failures: list[str] = []

    def post_all(client_batches: list[list[dict[str, Any]]]) -> None:
        with requests.Session() as session:
            for payload in client_batches:
                reply = session.post(
                    f"{portal.url}/api/v1/dossiers/sync", json={"events": payload},
                    headers=portal.headers, timeout=60,
                )  # fmt: skip
                if reply.status_code != 200:
                    failures.append(f"{reply.status_code} {reply.text[:200]}")

    threads = [threading.Thread(target=post_all, args=(part,)) for part in work]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} batches failed, e.g. {failures[0]}")
    return elapsed, int(portal.stats()["accepted"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m national_portal_simulator.bench")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--threads", type=int, default=4, help="server threads")
    options = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory() as directory,
        RunningSimulator(directory, threads=options.threads) as portal,
    ):
        elapsed, accepted = measure(
            portal, events=options.events, batch=options.batch, clients=options.clients
        )
    print(
        f"{accepted} events in batches of {options.batch} from {options.clients} client(s):"
        f" {elapsed:.2f} s, {accepted / elapsed:.0f} events/s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
