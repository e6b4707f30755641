# SPDX-License-Identifier: EUPL-1.2
from decimal import Decimal as D

import pytest

from motcua.catalog.rules import LimitSpec, ShareSpec, limit_for_channel, share_problems


def test_shares_in_days_adding_up_to_the_limit_are_valid() -> None:
    steps = [ShareSpec(1, D("0.5"), "working_days"), ShareSpec(2, D("2.5"), "working_days"),
             ShareSpec(3, D("0"), "not_counted")]  # fmt: skip
    assert share_problems(LimitSpec("", D(3), "working_days"), steps) == []


def test_hours_and_days_mix_through_eight_hours_a_day() -> None:
    steps = [ShareSpec(1, D(4), "working_hours"), ShareSpec(2, D("0.5"), "working_days")]
    assert share_problems(LimitSpec("", D(1), "working_days"), steps) == []
    assert share_problems(LimitSpec("", D(1), "same_day"), steps) == []


def test_shares_not_adding_up_are_reported_in_hours() -> None:
    steps = [ShareSpec(1, D(1), "working_days")]
    assert share_problems(LimitSpec("", D(3), "working_days"), steps) == [
        "step shares add up to 8 working hours, the limit is 24"
    ]


def test_step_orders_must_be_unique_and_ascending() -> None:
    steps = [ShareSpec(2, D(1), "working_days"), ShareSpec(1, D(0), "not_counted")]
    assert "step orders must be unique and ascending" in share_problems(
        LimitSpec("", D(1), "working_days"), steps
    )


def test_limit_for_channel_prefers_the_channel_row() -> None:
    limits = [LimitSpec("", D(5), "working_days"), LimitSpec("online", D(3), "working_days")]
    assert limit_for_channel(limits, "online").amount == D(3)
    assert limit_for_channel(limits, "postal").amount == D(5)
    with pytest.raises(LookupError):
        limit_for_channel([LimitSpec("online", D(3), "working_days")], "postal")
