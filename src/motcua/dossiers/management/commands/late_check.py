# SPDX-License-Identifier: EUPL-1.2
from typing import Any

from django.core.management.base import BaseCommand

from motcua.dossiers.late import dossiers_flag_late


class Command(BaseCommand):
    help = "Raise alerts for dossiers due within 1 working day or overdue (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = dossiers_flag_late()
        self.stdout.write(f"at risk: {result.at_risk}, overdue: {result.overdue}")
