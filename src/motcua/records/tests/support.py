# SPDX-License-Identifier: EUPL-1.2
"""Helpers of the records tests: local times in March 2026, and a PDF's text (pdftotext)."""

import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from motcua.core import clock
from motcua.dossiers.models import Dossier

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"  # poppler-utils


def at(day: int, hour: int = 9, minute: int = 0, month: int = 3) -> datetime:
    """A local time in 2026 (March by default; 9 March 2026 is an ordinary working Monday)."""
    return datetime(2026, month, day, hour, minute, tzinfo=HANOI)


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as pdftotext extracts it, whitespace runs folded into one space."""
    assert pdf.startswith(b"%PDF-")
    result = subprocess.run(  # noqa: S603 — fixed argument list
        [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode("utf-8").split())


def when(moment: datetime, action: Callable[[], Dossier]) -> Dossier:
    """Run one service call as if it were ``moment``."""
    with clock.frozen_at(moment):
        return action()


def pdf_lines(pdf: bytes) -> list[str]:
    """The lines of a PDF laid out as printed (pdftotext -layout): table rows stay on a line."""
    result = subprocess.run(  # noqa: S603 — fixed argument list
        [PDFTOTEXT, "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    lines = (" ".join(line.split()) for line in result.stdout.decode("utf-8").splitlines())
    return [line for line in lines if line]
