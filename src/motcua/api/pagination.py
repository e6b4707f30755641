# SPDX-License-Identifier: EUPL-1.2
"""Keyset pagination: a page ends with an opaque ``next`` cursor, the key of its last item.

The cursor is URL-safe base64 of the key as a JSON array (e.g. ``["2026-03-09T02:00:00+00:00",
42]``). The next page holds the items whose key comes after it, so items added or changed while
a client pages neither repeat nor go missing the way offsets would make them.
"""

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from motcua.api.problems import ApiProblem

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
CURSOR_MAX_LENGTH = 200


def cursor_encode(key: Sequence[Any]) -> str:
    raw = json.dumps(list(key), separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def invalid_cursor() -> ApiProblem:
    return ApiProblem(
        400, "invalid_cursor", _("The cursor is not one this API gave out. Start again without it.")
    )


def cursor_decode(cursor: str, types: Sequence[type]) -> list[Any]:
    """The key in ``cursor``, checked against the expected type of each part, or a 400."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw.decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise invalid_cursor() from None
    if not isinstance(key, list) or len(key) != len(types):
        raise invalid_cursor()
    for part, expected in zip(key, types, strict=True):
        if type(part) is not expected:  # bool is not an int here
            raise invalid_cursor()
    return key
