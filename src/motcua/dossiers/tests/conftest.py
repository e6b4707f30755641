# SPDX-License-Identifier: EUPL-1.2
"""Fixtures of the lifecycle tests.

The organisation is built once per test module inside a transaction that is rolled back at the end;
each test runs in its own savepoint (pytest-django ``db``) with the clock frozen on an ordinary
working Monday, 2026-03-09 09:00 in Hà Nội time, and English messages.
"""

import sys
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.utils import translation
from pytest_django import DjangoDbBlocker

from motcua.accounts.actors import actor_as_agent
from motcua.accounts.models import User
from motcua.core import clock
from motcua.dossiers.tests.lifecycle_support import MONDAY, Shared
from motcua.testing.builders import (
    HEAD_DECIDES_STEPS,
    add_procedure,
    build_world,
    internal_steps,
)


class _Rollback(Exception):
    """Raised into the module's outer transaction to undo everything it built."""


@pytest.fixture(scope="module")
def shared(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Shared]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            head_decides = add_procedure(
                "1.000101", internal_steps=internal_steps(HEAD_DECIDES_STEPS)
            )
            local_only = add_procedure("1.000102", boundary_free=False)
            agent = actor_as_agent(User.objects.get(username="agent.bidv"))
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    yield Shared(world, head_decides, local_only, agent)
    with django_db_blocker.unblock():
        outer.__exit__(_Rollback, _Rollback(), None)


@pytest.fixture
def s(shared: Shared, db: None) -> Iterator[Shared]:
    with clock.frozen_at(MONDAY), translation.override("en"):
        yield shared
