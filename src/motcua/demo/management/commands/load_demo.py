# SPDX-License-Identifier: EUPL-1.2
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.demo.loader import HISTORY_SIZE, demo_logins_text, load_demo
from motcua.dossiers.models import Dossier


class Command(BaseCommand):
    help = "Load the demo province, catalog, accounts and historic dossiers (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--history", type=int, default=HISTORY_SIZE)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_demo(history=options["history"], seed=options["seed"])
        self.stdout.write(f"Demo data ready: {Dossier.objects.count()} dossiers.")
        if options["verbosity"] > 1:
            self.stdout.write(demo_logins_text(logins))
