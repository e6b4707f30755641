# SPDX-License-Identifier: EUPL-1.2
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.api.models import ApiChannel, ApiScope
from motcua.api.services import api_client_create
from motcua.orgunits.models import OrgUnit


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class Command(BaseCommand):
    help = (
        "Register a connected system: prints its client id and secret once (only a hash of the "
        "secret is kept)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="who the client is, e.g. 'Kiosk, An Binh centre'")
        parser.add_argument("--units", required=True, help="agency codes, comma-separated")
        parser.add_argument(
            "--scopes", required=True, help=f"comma-separated, of: {', '.join(ApiScope.values)}"
        )
        parser.add_argument(
            "--channels", default="", help=f"comma-separated, of: {', '.join(ApiChannel.values)}"
        )
        parser.add_argument("--rate", type=int, default=None, help="requests per minute")

    def handle(self, *args: Any, **options: Any) -> None:
        scopes, channels = _codes(options["scopes"]), _codes(options["channels"])
        unknown = [s for s in scopes if s not in ApiScope.values]
        unknown += [c for c in channels if c not in ApiChannel.values]
        if unknown:
            raise CommandError(f"Unknown scope or channel: {', '.join(unknown)}")
        codes = _codes(options["units"])
        units = list(OrgUnit.objects.filter(code__in=codes))
        missing = sorted(set(codes) - {unit.code for unit in units})
        if missing or not codes:
            raise CommandError(f"Unknown unit: {', '.join(missing) or '(none given)'}")
        if options["rate"] is not None and options["rate"] < 1:
            raise CommandError("--rate must be at least 1")
        created = api_client_create(
            name=options["name"],
            units=units,
            scopes=scopes,
            channels=channels,
            requests_per_minute=options["rate"],
        )
        self.stdout.write(f"client_id:     {created.client.client_id}")
        self.stdout.write(f"client_secret: {created.secret}")
        self.stdout.write("Keep the secret now: it cannot be shown again.")
