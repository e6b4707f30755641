# SPDX-License-Identifier: EUPL-1.2
"""Pure catalog rules: internal-procedure time shares and time-limit choice per channel."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

HOURS_PER_DAY = Decimal(8)  # Nghệ An QĐ 3857/QĐ-UBND: 1 working day = 8 working hours ✅


@dataclass(frozen=True)
class LimitSpec:
    channel: str
    amount: Decimal
    unit: str


@dataclass(frozen=True)
class ShareSpec:
    order: int
    share: Decimal
    share_unit: str


def limit_in_hours(amount: Decimal, unit: str) -> Decimal:
    """A time limit as working hours; "same day" counts as one working day."""
    if unit == "working_hours":
        return amount
    if unit == "same_day":
        return HOURS_PER_DAY
    return amount * HOURS_PER_DAY


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def share_problems(limit: LimitSpec, steps: Sequence[ShareSpec]) -> list[str]:
    """Why the counted step shares do not add up to the time limit (empty when they do)."""
    problems: list[str] = []
    orders = [step.order for step in steps]
    if orders != sorted(set(orders)):
        problems.append("step orders must be unique and ascending")
    counted = sum(
        (limit_in_hours(s.share, s.share_unit) for s in steps if s.share_unit != "not_counted"),
        Decimal(0),
    )
    expected = limit_in_hours(limit.amount, limit.unit)
    if counted != expected:
        problems.append(
            f"step shares add up to {_plain(counted)} working hours, "
            f"the limit is {_plain(expected)}"
        )
    return problems


def limit_for_channel(limits: Sequence[LimitSpec], channel: str) -> LimitSpec:
    """The time limit that applies to ``channel``: its own row, else the all-channel row."""
    by_channel = {limit.channel: limit for limit in limits}
    if channel in by_channel:
        return by_channel[channel]
    if "" in by_channel:
        return by_channel[""]
    raise LookupError(f"no time limit for channel {channel!r}")
