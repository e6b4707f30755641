# SPDX-License-Identifier: EUPL-1.2
import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from motcua.catalog.serialization import catalog_export, catalog_to_xlsx
from motcua.core import clock


class Command(BaseCommand):
    help = "Export the procedures in force (.json or .xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--on", type=date.fromisoformat, help="day (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        data = catalog_export(options["on"] or timezone.localtime(clock.now()).date())
        if path.suffix.lower() == ".xlsx":
            path.write_bytes(catalog_to_xlsx(data))
        else:
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        self.stdout.write(f"{len(data['procedures'])} procedures written to {path}")
