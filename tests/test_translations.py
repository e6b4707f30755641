# SPDX-License-Identifier: EUPL-1.2
"""Vietnamese is complete, and the compiled catalogs match their sources."""

import ast
import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1] / "src" / "motcua" / "locale"
ENTRY = re.compile(
    r'^msgid (".*"(?:\n".*")*)\n(?:msgid_plural .*\n)?msgstr(?:\[0\])? (".*"(?:\n".*")*)', re.M
)


def _po_entries(language: str) -> dict[str, str]:
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text("utf-8")
    entries = {}
    for msgid, msgstr in ENTRY.findall(text):
        key = "".join(ast.literal_eval(part) for part in msgid.split("\n"))
        if key:
            entries[key] = "".join(ast.literal_eval(part) for part in msgstr.split("\n"))
    return entries


def test_every_vietnamese_message_is_translated() -> None:
    source = (LOCALE / "vi" / "LC_MESSAGES" / "django.po").read_text("utf-8")
    assert "#, fuzzy" not in source
    entries = _po_entries("vi")
    assert len(entries) > 150
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []


@pytest.mark.parametrize("language", ["vi"])
def test_compiled_catalog_matches_the_source(language: str) -> None:
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    for msgid, msgstr in _po_entries(language).items():
        assert catalog.gettext(msgid) == msgstr or catalog.ngettext(msgid, msgid, 1) == msgstr, (
            msgid
        )
