# SPDX-License-Identifier: EUPL-1.2
import difflib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.api.api import api
from motcua.api.openapi import schema_text

#: The committed schema, from the repository's root.
COMMITTED = Path("docs/api/openapi-v1.json")


def default_path() -> Path:
    return settings.BASE_DIR.parent.parent / COMMITTED


def generated_schema() -> str:
    return schema_text(dict(api.get_openapi_schema()))


class Command(BaseCommand):
    help = "Write the OpenAPI document of the REST API v1 (docs/api/openapi-v1.json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, default=None, help="default: the committed file")
        parser.add_argument(
            "--check", action="store_true", help="only compare; exit 1 with a diff if different"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"] or default_path()
        text = generated_schema()
        if options["check"]:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                diff = difflib.unified_diff(
                    current.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    fromfile=str(path),
                    tofile="generated",
                )
                self.stdout.write("".join(diff))
                raise CommandError(
                    f"{path} is not current: run `motcua manage export_openapi`.", returncode=1
                )
            self.stdout.write(f"{path} is current.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"OpenAPI document written to {path}")
