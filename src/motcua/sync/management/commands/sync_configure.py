# SPDX-License-Identifier: EUPL-1.2
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.sync.setup import configure_national_portal


class Command(BaseCommand):
    help = (
        "Connect the national portal from MOTCUA_NATIONAL_PORTAL_URL and _TOKEN: its sync "
        "destination and the machine account its dossiers are submitted by (idempotent)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.MOTCUA_NATIONAL_PORTAL_URL:
            self.stdout.write("MOTCUA_NATIONAL_PORTAL_URL is empty: the national portal is off.")
            return
        destination = configure_national_portal(
            settings.MOTCUA_NATIONAL_PORTAL_URL, settings.MOTCUA_NATIONAL_PORTAL_TOKEN
        )
        self.stdout.write(f"national portal: {destination.url}")
