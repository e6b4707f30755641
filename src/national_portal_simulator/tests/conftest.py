# SPDX-License-Identifier: EUPL-1.2
"""Plain fixtures (no Django): a simulator on a fresh SQLite file, and a WSGI client for it."""

from pathlib import Path

import pytest

from national_portal_simulator.app import Simulator
from national_portal_simulator.store import Store
from national_portal_simulator.tests.wsgi_client import Client


@pytest.fixture
def simulator(tmp_path: Path) -> Simulator:
    store = Store(tmp_path / "portal.sqlite3")
    store.initialise()
    return Simulator(store, max_batch=5)


@pytest.fixture
def client(simulator: Simulator) -> Client:
    return Client(simulator)
