# SPDX-License-Identifier: EUPL-1.2
"""The one source of "now" for domain code.

Services read the time from here so that the demo loader can replay a year of history and tests
can travel in time without patching Django.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.utils import timezone

_frozen: ContextVar[datetime | None] = ContextVar("motcua_clock_frozen", default=None)


def now() -> datetime:
    """The current time, timezone-aware."""
    return _frozen.get() or timezone.now()


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    """Run a block as if it were ``moment`` (used by the demo history loader)."""
    if timezone.is_naive(moment):
        raise ValueError("frozen_at needs a timezone-aware datetime")
    token = _frozen.set(moment)
    try:
        yield
    finally:
        _frozen.reset(token)
