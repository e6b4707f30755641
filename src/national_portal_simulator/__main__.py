# SPDX-License-Identifier: EUPL-1.2
"""python -m national_portal_simulator --host 127.0.0.1 --port 8090 --db PATH [--threads N]

Serves the simulator with granian (WSGI, HTTP/1.1 keep-alive, one worker process with N
threads) and prints "national portal simulator on http://host:port" once it answers.
"""

import argparse
import http.client
import os
import sys
import threading
import time
from pathlib import Path

from national_portal_simulator.app import DEFAULT_DB, DEFAULT_MAX_BATCH, DEFAULT_TOKEN
from national_portal_simulator.store import Store

READY_TIMEOUT_SECONDS = 60


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m national_portal_simulator",
        description="Serve the national public service portal simulator.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8090, help="port (default 8090)")
    parser.add_argument(
        "--db", default=os.environ.get("NATSIM_DB") or DEFAULT_DB,
        help="SQLite file (env NATSIM_DB; default ./national-portal.sqlite3)",
    )  # fmt: skip
    parser.add_argument("--threads", type=int, default=4, help="worker threads (default 4)")
    parser.add_argument(
        "--token", default=os.environ.get("NATSIM_TOKEN") or DEFAULT_TOKEN,
        help="bearer token expected on /api/ (env NATSIM_TOKEN)",
    )  # fmt: skip
    parser.add_argument(
        "--max-batch", type=int,
        default=os.environ.get("NATSIM_MAX_BATCH") or DEFAULT_MAX_BATCH,  # argparse applies int
        help="most events in one sync batch (env NATSIM_MAX_BATCH; default 500)",
    )  # fmt: skip
    options = parser.parse_args(argv)
    if not 0 < options.port < 65536:
        parser.error("--port must be from 1 to 65535")
    if options.threads < 1 or options.max_batch < 1:
        parser.error("--threads and --max-batch must be at least 1")
    return options


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _answers(host: str, port: int) -> bool:
    probe = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)  # noqa: S104 — only a probe
    connection = http.client.HTTPConnection(probe, port, timeout=2)
    try:
        connection.request("GET", "/_control/stats")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def announce_when_ready(host: str, port: int) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if _answers(host, port):
            print(f"national portal simulator on http://{_url_host(host)}:{port}", flush=True)
            return
        time.sleep(0.05)
    print("national portal simulator did not answer in time", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    database = Path(options.db).resolve()
    store = Store(database)
    store.initialise()  # fail early on a bad path; the worker opens its own connections
    store.close()
    os.environ.update(
        NATSIM_DB=str(database), NATSIM_TOKEN=options.token,
        NATSIM_MAX_BATCH=str(options.max_batch),
    )  # fmt: skip

    from granian import Granian
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings
    from granian.log import LogLevels

    server = Granian(
        "national_portal_simulator.app:application",
        address=options.host,
        port=options.port,
        interface=Interfaces.WSGI,
        workers=1,
        blocking_threads=options.threads,
        http=HTTPModes.http1,
        http1_settings=HTTP1Settings(keep_alive=True),
        log_level=LogLevels.warning,
        workers_kill_timeout=5,
    )
    threading.Thread(
        target=announce_when_ready, args=(options.host, options.port), daemon=True
    ).start()
    try:
        server.serve()
    except (OSError, RuntimeError) as error:  # granian reports a failed bind as RuntimeError
        print(f"national portal simulator cannot listen: {error}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
