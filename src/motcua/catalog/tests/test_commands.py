# SPDX-License-Identifier: EUPL-1.2
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motcua.catalog.models import ProcedureVersion
from motcua.testing.builders import catalog_document, procedure_document

pytestmark = pytest.mark.django_db


def test_import_then_export_json_and_xlsx(tmp_path: Path) -> None:
    source = tmp_path / "catalog.json"
    source.write_text(json.dumps(catalog_document(), ensure_ascii=False), encoding="utf-8")
    call_command("catalog_import", str(source))
    assert ProcedureVersion.objects.count() == 1
    call_command("catalog_export", str(tmp_path / "out.xlsx"), "--on", "2026-03-02")
    call_command("catalog_import", str(tmp_path / "out.xlsx"))
    assert ProcedureVersion.objects.count() == 1  # same content: no new version


def test_invalid_document_lists_the_problems_and_imports_nothing(tmp_path: Path) -> None:
    bad = procedure_document(field="ZZ")
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(catalog_document(bad)), encoding="utf-8")
    with pytest.raises(CommandError, match=r"unknown field 'ZZ'"):
        call_command("catalog_import", str(source))
    assert ProcedureVersion.objects.count() == 0


def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match=r"cannot read"):
        call_command("catalog_import", str(broken))
    with pytest.raises(CommandError, match=r"cannot read"):
        call_command("catalog_import", str(tmp_path / "missing.xlsx"))
