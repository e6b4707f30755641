# SPDX-License-Identifier: EUPL-1.2
"""``motcua calendar due``: exact output, and clean errors on bad input."""

from __future__ import annotations

import pytest

from motcua.calendar.cli import due_main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = due_main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (["--working-days", "3"], "2026-02-25T17:00:00+07:00\n"),
        (["--working-days", "1.5"], "2026-02-23T15:30:00+07:00\n"),
        (["--working-hours", "4"], "2026-02-13T15:30:00+07:00\n"),
        (["--same-day"], "2026-02-13T17:00:00+07:00\n"),
    ],
)
def test_prints_only_the_due_date(
    capsys: pytest.CaptureFixture[str], limit: list[str], expected: str
) -> None:
    code, out, err = run(["--received", "2026-02-13T10:00:00+07:00", *limit], capsys)
    assert (code, out, err) == (0, expected, "")


def test_other_offsets_are_converted_to_the_calendar_time_zone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["--received", "2026-02-13T03:00:00Z", "--working-days", "3"], capsys)
    assert (code, out) == (0, "2026-02-25T17:00:00+07:00\n")


def test_explain_prints_the_lines_after_the_date(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--received", "2026-02-13T17:30:00+07:00", "--same-day", "--explain"]
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert out.splitlines() == [
        "2026-02-23T17:00:00+07:00",
        "Received at 2026-02-13T17:30:00+07:00.",
        "Received Fri 2026-02-13 17:30, after working hours; the clock starts at the start of the "
        "next working hours, Mon 2026-02-23 07:30; skipped: weekend 2026-02-14..2026-02-15, "
        "Lunar New Year (Tết) 2026-02-16..2026-02-20, weekend 2026-02-21..2026-02-22.",
        "Same-day limit: the clock started at 07:30, not after the 15:00 cut-off; due at the end "
        "of working hours, Mon 2026-02-23 17:00.",
        "Due at 2026-02-23T17:00:00+07:00.",
    ]


def test_country_and_time_zone(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "--received",
        "2026-07-02T10:00:00-04:00",
        "--working-days",
        "1",
        "--country",
        "US",
        "--timezone",
        "America/New_York",
    ]
    assert run(argv, capsys) == (0, "2026-07-06T17:00:00-04:00\n", "")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--received", "2026-02-13T10:00:00", "--working-days", "3"], "no UTC offset"),
        (["--received", "13/02/2026", "--working-days", "3"], "not an ISO 8601 date-time"),
        (["--received", "2026-02-13T10:00:00+07:00"], "one of the arguments"),
        (
            ["--received", "2026-02-13T10:00+07:00", "--working-days", "3", "--same-day"],
            "not allowed with argument",
        ),
        (["--received", "2026-02-13T10:00+07:00", "--working-days", "-1"], "non-negative"),
        (["--received", "2026-02-13T10:00+07:00", "--working-hours", "abc"], "not a number"),
        (["--received", "2026-02-13T10:00+07:00", "--working-days", "inf"], "non-negative"),
        (["--working-days", "3"], "--received"),
        (
            ["--received", "2026-02-13T10:00+07:00", "--same-day", "--country", "XX"],
            "unknown country code 'XX'",
        ),
        (
            ["--received", "2026-02-13T10:00+07:00", "--same-day", "--timezone", "Mars/Base"],
            "unknown time zone",
        ),
        (
            ["--received", "9999-12-30T10:00+07:00", "--working-days", "5"],
            "outside the supported dates",
        ),
    ],
)
def test_bad_input_exits_2_with_a_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    assert "--working-days" in out
