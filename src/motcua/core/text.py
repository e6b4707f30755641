# SPDX-License-Identifier: EUPL-1.2
"""Accent-insensitive text folding, shared by every search on every database."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_LATIN_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ł": "l", "ø": "o"})


def fold(text: str) -> str:
    """Lower-case ``text``, strip Latin diacritics and fold ``đ`` to ``d``.

    Only combining marks are removed, so Arabic and Cyrillic letters stay as they are
    (unlike ``unidecode``). ``fold("Đăng ký kết hôn") == "dang ky ket hon"``.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_LATIN_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped).casefold()).strip()


def search_terms(query: str) -> list[str]:
    """The folded words of a search query, without duplicates, in order."""
    seen: dict[str, None] = {}
    for word in re.findall(r"\w+", fold(query)):
        seen.setdefault(word, None)
    return list(seen)
