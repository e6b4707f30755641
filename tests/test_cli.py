# SPDX-License-Identifier: EUPL-1.2
"""The `motcua` command line."""

import subprocess
import sys

import pytest

from motcua.cli import main


def test_calendar_due_prints_only_the_iso_datetime(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["calendar", "due", "--received", "2026-02-13T10:00:00+07:00", "--working-days", "3"]
    )
    assert (code, capsys.readouterr().out) == (0, "2026-02-25T17:00:00+07:00\n")


def test_calendar_due_rejects_bad_input_without_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["calendar", "due", "--received", "yesterday", "--working-days", "3"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert "not an ISO 8601 date-time" in captured.err
    assert "Traceback" not in captured.err


def test_installed_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "motcua", "calendar", "due", "--received",
         "2026-02-13T17:30:00+07:00", "--same-day"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (0, "2026-02-23T17:00:00+07:00\n")  # after Tết


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["nonsense"])
    assert raised.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
