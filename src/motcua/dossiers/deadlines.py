# SPDX-License-Identifier: EUPL-1.2
"""A dossier's promised date, recomputed from its reception, time limit, pauses and extensions."""

from datetime import datetime
from decimal import Decimal

from motcua.calendar.deadlines import DueResult, Extension, Pause, TimeLimit, compute_due
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


def dossier_due(dossier: Dossier) -> DueResult:
    """The due date with every shift explained (the dossier must have been received)."""
    if dossier.received_at is None or dossier.time_limit_amount is None:
        raise ValueError("the clock has not started for this dossier")
    pauses = [
        Pause(
            start=datetime.fromisoformat(p["start"]), end=_parse(p.get("end")), reason=p["reason"]
        )
        for p in dossier.clock_pauses
    ]
    extensions = [
        Extension(
            at=datetime.fromisoformat(e["at"]),
            new_due=datetime.fromisoformat(e["new_due"]),
            reason=e["reason"],
        )
        for e in dossier.extensions
    ]
    return compute_due(
        calendar_for_unit(dossier.receiving_unit),
        received_at=dossier.received_at,
        limit=TimeLimit(amount=dossier.time_limit_amount, unit=dossier.time_limit_unit),  # type: ignore[arg-type]
        pauses=pauses,
        extensions=extensions,
    )
