# SPDX-License-Identifier: EUPL-1.2
"""System checks: refuse to start with a dossier-code setting that would fail every submission."""

import re
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from motcua.dossiers.codes import LAYOUTS


@register()
def check_dossier_code_settings(**kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if settings.MOTCUA_DOSSIER_CODE_SCHEME not in LAYOUTS:
        errors.append(
            Error(
                f"MOTCUA_DOSSIER_CODE_SCHEME={settings.MOTCUA_DOSSIER_CODE_SCHEME!r} is unknown.",
                hint=f"Use one of: {', '.join(sorted(LAYOUTS))}.",
                id="motcua.E001",
            )
        )
    if not re.fullmatch(r"\d{2}", settings.MOTCUA_DOSSIER_CODE_SYSTEM_DIGITS):
        errors.append(
            Error(
                "MOTCUA_DOSSIER_CODE_SYSTEM_DIGITS must be exactly two digits.",
                id="motcua.E002",
            )
        )
    return errors
