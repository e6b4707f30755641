# SPDX-License-Identifier: EUPL-1.2
"""Print the dossier lifecycle as Markdown tables, generated from ``motcua.dossiers.lifecycle``.

    python docs/tools/lifecycle_table.py                      # print the tables
    python docs/tools/lifecycle_table.py --check docs/dossiers.md   # exit 1 if the page is stale

The module is pure Python, so this needs the package importable (``pip install -e .``) but no
database and no Django settings.
"""

import argparse
import sys
from pathlib import Path

from motcua.dossiers.lifecycle import (
    FINAL_STATUSES,
    NATIONAL_CHANNEL,
    NATIONAL_STATUS,
    RULES,
    SUBMIT_ROLES,
    Status,
)


def _status(status: Status) -> str:
    return f"`{status}` ({NATIONAL_STATUS[status]})"


def rules_table() -> str:
    """One row per rule of ``RULES``, in table order."""
    lines = [
        "| Action | From (national code) | To (national code) | Who (scope) | Reason | Clock |",
        "|---|---|---|---|---|---|",
        "| `submit` | — | `submitted` (1) | "
        + ", ".join(f"`{role}`" for role in sorted(SUBMIT_ROLES))
        + " | no | — |",
    ]
    order = list(Status)
    for rule in RULES:
        sources = ", ".join(_status(s) for s in sorted(rule.sources, key=order.index))
        actors = ", ".join(f"`{role}` ({scope})" for role, scope in rule.actors)
        reason = "required" if rule.needs_reason else "no"
        clock = rule.clock.value if rule.clock is not None else "—"
        lines.append(
            f"| `{rule.action}` | {sources} | {_status(rule.target)} | {actors} | {reason} "
            f"| {clock} |"
        )
    return "\n".join(lines)


def statuses_table() -> str:
    """Every status with its national code and whether it ends the dossier."""
    lines = ["| Status | National code | Final |", "|---|---|---|"]
    for status in Status:
        final = "yes" if status in FINAL_STATUSES else "no"
        lines.append(f"| `{status}` | {NATIONAL_STATUS[status]} | {final} |")
    return "\n".join(lines)


def channels_table() -> str:
    lines = ["| Channel | National channel code |", "|---|---|"]
    lines += [f"| `{channel}` | {code} |" for channel, code in NATIONAL_CHANNEL.items()]
    return "\n".join(lines)


def output() -> str:
    return "\n\n".join([rules_table(), statuses_table(), channels_table()]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", type=Path, metavar="FILE", help="fail if FILE lacks the tables")
    args = parser.parse_args(argv)
    text = output()
    if args.check is None:
        sys.stdout.write(text)
        return 0
    missing = [t for t in text.split("\n\n") if t.strip() not in args.check.read_text("utf-8")]
    if missing:
        sys.stderr.write(f"{args.check} is out of date: run docs/tools/lifecycle_table.py\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
