# SPDX-License-Identifier: EUPL-1.2
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import first_broken_link


class Command(BaseCommand):
    help = "Verify the hash chain of every dossier's history; report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        result = first_broken_link()
        if result is None:
            self.stdout.write(f"OK: {Dossier.objects.count()} dossier chains intact")
            return
        dossier_id, link = result
        code = Dossier.objects.filter(pk=dossier_id).values_list("code", flat=True).first()
        raise CommandError(
            f"BROKEN: dossier {code} (id {dossier_id}), event {link.sequence}: {link.reason}"
        )
