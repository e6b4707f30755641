# SPDX-License-Identifier: EUPL-1.2
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.sync.dispatcher import Dispatcher


class Command(BaseCommand):
    help = "Deliver outbox messages to the national portal and subscribers (runs until stopped)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--exit-when-idle", action="store_true", help="Stop once nothing is pending."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        Dispatcher().run(stop, exit_when_idle=options["exit_when_idle"])
