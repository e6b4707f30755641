# SPDX-License-Identifier: EUPL-1.2
"""Generated documentation stays in step with the code."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_lifecycle_tables_in_the_docs_match_the_rules() -> None:
    result = subprocess.run(
        [sys.executable, "docs/tools/lifecycle_table.py", "--check", "docs/dossiers.md"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
