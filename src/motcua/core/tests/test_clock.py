# SPDX-License-Identifier: EUPL-1.2
from datetime import UTC, datetime

import pytest

from motcua.core import clock


def test_frozen_clock_returns_the_moment_and_then_real_time() -> None:
    moment = datetime(2025, 7, 1, 1, 0, tzinfo=UTC)
    with clock.frozen_at(moment):
        assert clock.now() == moment
    assert clock.now() > moment


def test_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError), clock.frozen_at(datetime(2025, 7, 1)):
        pass
