# SPDX-License-Identifier: EUPL-1.2
"""Fixtures shared by every test; database-specific tests skip with a reason."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import translation

from motcua.testing.builders import World, build_world


def pytest_configure(config: pytest.Config) -> None:
    # The SQLite test database is a file under MOTCUA_DATA_DIR (see settings.py).
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request to /en/... activates English for the thread; later tests start in Vietnamese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db: None) -> World:
    return build_world()
