# SPDX-License-Identifier: EUPL-1.2
"""``motcua calendar due``: print the due date of a dossier (pure Python, no Django)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from motcua.calendar.deadlines import TimeLimit, compute_due
from motcua.calendar.workdays import WorkingCalendar


def _aware_datetime(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 date-time: {text!r} (example: 2026-02-13T10:00:00+07:00)"
        ) from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} has no UTC offset; add one, e.g. {value.isoformat()}+07:00"
        )
    return value


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"must be a non-negative number: {text!r}")
    return value


def _zone(text: str) -> ZoneInfo:
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(f"unknown time zone: {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="motcua calendar due",
        description="Print the due date-time (ISO 8601) of a dossier received at a given moment.",
    )
    parser.add_argument(
        "--received", required=True, type=_aware_datetime, help="ISO 8601 with UTC offset"
    )
    limit = parser.add_mutually_exclusive_group(required=True)
    limit.add_argument("--working-days", type=_amount, metavar="N", help="e.g. 3 or 1.5")
    limit.add_argument("--working-hours", type=_amount, metavar="N", help="e.g. 4")
    limit.add_argument("--same-day", action="store_true", help="same day, 15:00 cut-off")
    parser.add_argument("--country", default="VN", help="holidays country code (default VN)")
    parser.add_argument(
        "--timezone",
        type=_zone,
        default=ZoneInfo("Asia/Ho_Chi_Minh"),
        help="IANA time zone of the calendar (default Asia/Ho_Chi_Minh)",
    )
    parser.add_argument("--explain", action="store_true", help="print the explanation lines")
    return parser


def due_main(argv: list[str]) -> int:
    """Run ``motcua calendar due`` with the arguments after ``calendar due``; return exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse reports bad input itself, on stderr
        return exit_.code if isinstance(exit_.code, int) else 2
    if args.same_day:
        limit = TimeLimit.same_day()
    elif args.working_days is not None:
        limit = TimeLimit(args.working_days, "working_days")
    else:
        limit = TimeLimit(args.working_hours, "working_hours")
    try:
        calendar = WorkingCalendar(country=args.country, tz=args.timezone)
        result = compute_due(calendar, received_at=args.received, limit=limit)
    except ValueError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
    except OverflowError:
        print(f"{parser.prog}: error: the due date is outside the supported dates", file=sys.stderr)
        return 2
    print(result.due_at.isoformat())
    if args.explain:
        for line in result.explain():
            print(line)
    return 0
