# SPDX-License-Identifier: EUPL-1.2
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.sync.models import Destination
from motcua.sync.reconciliation import reconcile, resend_mismatches


class Command(BaseCommand):
    help = "Compare our dossiers with what the national portal acknowledged; optionally re-send."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--resend", action="store_true", help="Re-send every mismatch.")

    def handle(self, *args: Any, **options: Any) -> None:
        destinations = Destination.objects.filter(kind=Destination.Kind.NATIONAL_PORTAL)
        if not destinations.exists():
            raise CommandError("No national portal destination (run sync_configure).")
        for destination in destinations:
            run = reconcile(destination)
            if run.error:
                raise CommandError(f"{destination}: {run.error}")
            kinds: dict[str, int] = {}
            for mismatch in run.mismatches:
                kinds[mismatch["kind"]] = kinds.get(mismatch["kind"], 0) + 1
            self.stdout.write(
                f"{destination}: {run.dossiers_checked} dossiers, {run.in_sync} in sync "
                f"({run.in_sync_percent:.2f} %), mismatches {kinds or 0}"
            )
            if options["resend"]:
                self.stdout.write(f"re-sent {resend_mismatches(run)} messages")
