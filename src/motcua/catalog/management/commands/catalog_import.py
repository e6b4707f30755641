# SPDX-License-Identifier: EUPL-1.2
import json
import zipfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.serialization import catalog_from_xlsx
from motcua.catalog.services import catalog_import
from motcua.core.errors import ValidationFailed


class Command(BaseCommand):
    help = "Import a catalog document (.json or .xlsx); changed procedures get a new version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            content = path.read_bytes()
            data = (
                catalog_from_xlsx(content)
                if path.suffix.lower() == ".xlsx"
                else json.loads(content.decode("utf-8"))
            )
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
            raise CommandError(f"cannot read {path}: {error}") from None
        try:
            report = catalog_import(data)
        except ValidationFailed as error:
            problems = "\n".join(f"  {problem}" for problem in error.details["errors"])
            raise CommandError(
                f"nothing imported; the document has problems:\n{problems}"
            ) from None
        self.stdout.write(
            f"{len(report.created)} new versions, {len(report.unchanged)} procedures unchanged"
        )
