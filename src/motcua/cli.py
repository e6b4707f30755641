# SPDX-License-Identifier: EUPL-1.2
"""The ``motcua`` command: set up, run and operate Motcua.

motcua setup-demo              migrate and load the demo data (idempotent)
motcua serve [--port N]        serve the web application (granian, WSGI)
motcua worker                  run the background worker, a sync dispatcher and the periodic jobs
motcua dispatcher              run one more sync dispatcher (outbox → national portal, webhooks)
motcua demo [--port N]         set up, national-portal simulator, worker in-process, serve
motcua calendar due ...        compute a promised date (see docs/calendar.md)
motcua audit verify            verify every dossier's hash chain
motcua demo-otp USERNAME       print a demo official's current security code
motcua manage ARGS...          any Django management command
"""

import argparse
import os
import subprocess
import sys
import threading

DEFAULT_PORT = 8000
#: The demo's national-portal simulator listens on the demo's port plus this.
SIMULATOR_PORT_OFFSET = 90


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)


def _manage(*args: str) -> None:
    from django.core.management import call_command

    _django()
    call_command(*args)


def setup_demo() -> None:
    _django()
    _manage("migrate", "--no-input", "--verbosity", "0")
    _manage("collectstatic", "--no-input", "--verbosity", "0")
    from django.conf import settings

    if settings.MOTCUA_NATIONAL_PORTAL_URL:
        _manage("sync_configure")  # before the history, so the demo's events are synced too
    _manage("load_demo")
    from motcua.portal.eid_provider.setup import setup_demo_provider

    setup_demo_provider()  # the portal's client at the demo e-ID (idempotent)


def serve(port: int) -> int:
    os.environ.setdefault("MOTCUA_PUBLIC_URL", f"http://127.0.0.1:{port}")
    from django.conf import settings

    _django()
    command = [
        sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
        "--port", str(port), "--static-path-route", "/static",
        "--static-path-mount", str(settings.STATIC_ROOT), "motcua.wsgi:application",
    ]  # fmt: skip
    print(f"Motcua is running at http://127.0.0.1:{port}/ — press Ctrl+C to stop.", flush=True)
    try:
        return subprocess.call(command)  # noqa: S603 — fixed argument list
    except KeyboardInterrupt:
        return 0


def periodic_jobs() -> None:
    """The late-dossier check, the purge of expired partial uploads and idempotency keys, and
    the daily reconciliation check every MOTCUA_LATE_CHECK_MINUTES, forever (run in a thread).

    Idempotent, so several workers on several hosts may all run it.
    """
    import logging
    import time

    from django.conf import settings

    from motcua.api.services import api_purge
    from motcua.dossiers.late import dossiers_flag_late
    from motcua.portal.tus.services import tus_purge_expired
    from motcua.sync.jobs import reconcile_if_due

    while True:
        for job in (dossiers_flag_late, tus_purge_expired, reconcile_if_due, api_purge):
            try:
                job()
            except Exception:
                logging.getLogger("motcua.worker").exception("periodic job %s failed", job)
        time.sleep(settings.MOTCUA_LATE_CHECK_MINUTES * 60)


def dispatcher_thread() -> None:
    """A sync dispatcher in a thread of this process (outbox → national portal, webhooks)."""
    from motcua.sync.dispatcher import Dispatcher

    Dispatcher().run(threading.Event())


def worker() -> None:
    _django()
    threading.Thread(target=periodic_jobs, name="motcua-periodic", daemon=True).start()
    threading.Thread(target=dispatcher_thread, name="motcua-dispatcher", daemon=True).start()
    _manage("db_worker")


def national_portal_simulator(port: int) -> subprocess.Popen[bytes]:
    """The demo's stand-in for the national portal, a separate web app (its own process)."""
    from django.conf import settings

    command = [
        sys.executable, "-m", "national_portal_simulator", "--host", "127.0.0.1",
        "--port", str(port), "--db", str(settings.DATA_DIR / "national-portal.sqlite3"),
    ]  # fmt: skip
    return subprocess.Popen(command)  # noqa: S603 — fixed argument list


def in_process_worker() -> None:
    """The task worker in a thread of this process (signals stay with the main thread)."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"], interval=1.0, batch=False, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="demo-in-process", excluded_queue_names=[],
    ).run()  # fmt: skip


def demo(port: int) -> int:
    os.environ.setdefault("MOTCUA_PUBLIC_URL", f"http://127.0.0.1:{port}")
    simulator_port = port + SIMULATOR_PORT_OFFSET
    os.environ.setdefault("MOTCUA_NATIONAL_PORTAL_URL", f"http://127.0.0.1:{simulator_port}")
    os.environ.setdefault("MOTCUA_NATIONAL_PORTAL_TOKEN", "demo-national-portal-token")
    _django()
    simulator = national_portal_simulator(simulator_port)
    try:
        setup_demo()
        from motcua.demo.loader import demo_logins, demo_logins_text

        print(demo_logins_text(demo_logins()), flush=True)
        print(f"National portal simulator: http://127.0.0.1:{simulator_port}/", flush=True)
        threading.Thread(target=in_process_worker, name="motcua-worker", daemon=True).start()
        threading.Thread(target=periodic_jobs, name="motcua-periodic", daemon=True).start()
        threading.Thread(target=dispatcher_thread, name="motcua-dispatcher", daemon=True).start()
        return serve(port)
    finally:
        simulator.terminate()
        simulator.wait(timeout=10)


def demo_otp(username: str) -> int:
    _django()
    from motcua.demo.otp import DemoOtpUnavailable, demo_otp_text

    try:
        print(demo_otp_text(username))
    except DemoOtpUnavailable:
        print(
            f"{username} has no demo authenticator (run motcua setup-demo first)", file=sys.stderr
        )
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == ["calendar", "due"]:
        from motcua.calendar.cli import due_main

        return due_main(argv[2:])
    if argv[:1] == ["manage"]:
        from django.core.management import execute_from_command_line

        _django()
        execute_from_command_line(["motcua manage", *argv[1:]])
        return 0
    parser = argparse.ArgumentParser(
        prog="motcua", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("setup-demo", help="migrate and load the demo data")
    for name in ("serve", "demo"):
        sub = commands.add_parser(name)
        sub.add_argument("--port", type=int, default=DEFAULT_PORT)
    commands.add_parser("worker", help="run the background worker")
    commands.add_parser("dispatcher", help="run one more sync dispatcher")
    audit = commands.add_parser("audit").add_subparsers(dest="audit_command", required=True)
    audit.add_parser("verify", help="verify every dossier's hash chain")
    commands.add_parser("calendar", help="calendar due --help")
    otp = commands.add_parser("demo-otp", help="print a demo official's current security code")
    otp.add_argument("username")
    args = parser.parse_args(argv)
    if args.command == "setup-demo":
        setup_demo()
    elif args.command == "serve":
        return serve(args.port)
    elif args.command == "demo":
        return demo(args.port)
    elif args.command == "worker":
        worker()
    elif args.command == "dispatcher":
        _manage("dispatch")
    elif args.command == "audit":
        from django.core.management.base import CommandError

        try:
            _manage("audit_verify")
        except CommandError as error:
            print(error, file=sys.stderr)
            return 1
    elif args.command == "demo-otp":
        return demo_otp(args.username)
    elif args.command == "calendar":
        parser.error("use: motcua calendar due --received ISO --working-days N")
    return 0


if __name__ == "__main__":
    sys.exit(main())
