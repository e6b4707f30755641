# SPDX-License-Identifier: EUPL-1.2
"""Fixtures shared by every test; database-specific tests skip with a reason."""

import pytest

from motcua.testing.builders import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()
