# SPDX-License-Identifier: EUPL-1.2
"""A dossier's promised date, recomputed from its reception, time limit, pauses and extensions."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from motcua.calendar.deadlines import (
    DueResult,
    Extension,
    Pause,
    TimeLimit,
    compute_due,
    timeliness,
)
from motcua.calendar.selectors import calendar_for_unit
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.rules import LimitSpec, limit_for_channel
from motcua.dossiers.lifecycle import CATALOG_CHANNEL, Channel
from motcua.dossiers.models import Dossier


def applicable_limit(
    version: ProcedureVersion, channel: str, *, extended: bool = False
) -> TimeLimit:
    """The legal time limit for a channel; ``extended`` picks the longer limit for verification."""
    rows = {row.channel: row for row in version.time_limits.all()}
    spec = limit_for_channel(
        [LimitSpec(r.channel, r.amount, r.unit) for r in rows.values()],
        CATALOG_CHANNEL[Channel(channel)],
    )
    amount, unit = spec.amount, spec.unit
    if extended:
        longer = rows[spec.channel].extended_amount
        if longer is None:
            raise LookupError("this procedure has no longer time limit")
        # A same-day procedure's longer limit is in working days (e.g. marriage: up to 5).
        amount, unit = longer, ("working_days" if unit == "same_day" else unit)
    return TimeLimit(amount=Decimal(amount), unit=unit)  # type: ignore[arg-type]


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def dossier_due(dossier: Dossier, **changes: Any) -> DueResult:
    """The due date with every shift explained (the dossier must have been received).

    ``changes`` are field values the caller is about to save (e.g. a closed pause), used instead
    of the dossier's, so nothing in memory changes before the transition commits.
    """
    fields = {
        name: changes.get(name, getattr(dossier, name))
        for name in ("received_at", "time_limit_amount", "time_limit_unit", "clock_pauses",
                     "extensions")
    }  # fmt: skip
    if fields["received_at"] is None or fields["time_limit_amount"] is None:
        raise ValueError("the clock has not started for this dossier")
    pauses = [
        Pause(
            start=datetime.fromisoformat(p["start"]), end=_parse(p.get("end")), reason=p["reason"]
        )
        for p in fields["clock_pauses"]
    ]
    extensions = [
        Extension(
            at=datetime.fromisoformat(e["at"]),
            new_due=datetime.fromisoformat(e["new_due"]),
            reason=e["reason"],
        )
        for e in fields["extensions"]
    ]
    return compute_due(
        calendar_for_unit(dossier.receiving_unit),
        received_at=fields["received_at"],
        limit=TimeLimit(amount=fields["time_limit_amount"], unit=fields["time_limit_unit"]),
        pauses=pauses,
        extensions=extensions,
    )


def dossier_timeliness(dossier: Dossier) -> str | None:
    """Early, on time or late for a finished dossier (None while it is open or never received).

    Processing ends at the decision (or a stop); every late dossier counts against its unit.
    """
    if dossier.due_at is None or dossier.decided_at is None:
        return None
    return timeliness(dossier.due_at, dossier.decided_at, calendar_for_unit(dossier.receiving_unit))
