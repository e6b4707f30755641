# SPDX-License-Identifier: EUPL-1.2
"""The real server (granian, subprocess) through RunningSimulator: HTTP, stop and start again."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from national_portal_simulator.testing import (
    RunningSimulator,
    SimulatorFailed,
    example_event,
    example_inbound_item,
)


def test_a_served_simulator_keeps_its_data_across_a_stop_and_start(tmp_path: Path) -> None:
    event = example_event(code="C-1", status="2")
    with RunningSimulator(tmp_path, token="secret-token") as portal:
        # the CLI announces itself once it answers (its own probe may lag ours a little)
        deadline = time.monotonic() + 10
        while "national portal simulator on" not in portal.log.read_text("utf-8"):
            assert time.monotonic() < deadline, portal.log.read_text("utf-8")
            time.sleep(0.05)
        reply = portal.sync([event])
        assert reply.status_code == 200
        assert reply.headers["Content-Type"] == "application/json"
        assert reply.json() == {
            "results": [{"id": event["IdSuKien"], "status": "accepted", "errors": []}]
        }
        assert portal.add_inbound(example_inbound_item()) == 1
        portal.set_faults(reject_rate=1.0)
        port = portal.port

        portal.stop()
        assert not portal.running
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{portal.url}/_control/stats", timeout=2)

        portal.start()  # down for a stretch, then back on the same port with the same data
        assert portal.port == port
        assert portal.event_ids() == [event["IdSuKien"]]
        assert portal.events("C-1")[0]["ThuTu"] == 1
        dossier = portal.dossier("C-1")
        assert dossier is not None
        assert (dossier["MaHoSo"], dossier["TrangThaiHoSo"]) == ("C-1", "2")
        assert portal.dossier("C-2") is None
        assert portal.stats()["accepted"] == 1
        assert portal.set_faults()["reject_rate"] == 0.0  # the faults had survived: reset them
        unauthorised = requests.get(f"{portal.url}/api/v1/inbound", timeout=5)
        assert unauthorised.status_code == 401
        assert unauthorised.headers["Content-Type"] == "application/problem+json"
        inbound = requests.get(f"{portal.url}/api/v1/inbound", headers=portal.headers, timeout=5)
        assert [item["feed_id"] for item in inbound.json()["items"]] == [1]
        portal.reset()
        assert portal.event_ids() == []
    assert not portal.running
    assert f"national portal simulator on http://127.0.0.1:{port}" in portal.log.read_text("utf-8")


def test_a_timed_out_batch_is_stored_after_the_client_gave_up(tmp_path: Path) -> None:
    event = example_event(code="HS/2026/Đ-01")
    with RunningSimulator(tmp_path) as portal:
        portal.set_faults(timeout_rate=1.0, timeout_seconds=1.0)
        with pytest.raises(requests.Timeout):
            requests.post(
                f"{portal.url}/api/v1/dossiers/sync", json={"events": [event]},
                headers=portal.headers, timeout=0.3,
            )  # fmt: skip
        assert portal.event_ids() == []  # still asleep
        deadline = time.monotonic() + 10
        while not portal.event_ids() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert portal.event_ids() == [event["IdSuKien"]]
        assert portal.dossier("HS/2026/Đ-01") is not None
        assert portal.stats()["faults"]["timeout"] == 1
        portal.set_faults(timeout_rate=1.0, timeout_seconds=30)
        with pytest.raises(requests.Timeout):
            requests.post(
                f"{portal.url}/api/v1/dossiers/sync", json={"events": [example_event()]},
                headers=portal.headers, timeout=0.3,
            )  # fmt: skip
        started = time.monotonic()
        portal.stop()  # a request asleep for 30 s does not hold the stop up for long
        assert time.monotonic() - started < 12
        assert not portal.running


def test_control_errors_are_raised(tmp_path: Path) -> None:
    with RunningSimulator(tmp_path) as portal, pytest.raises(SimulatorFailed, match="error_rate"):
        portal.set_faults(error_rate=2)


def test_a_port_in_use_is_reported(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        portal = RunningSimulator(tmp_path, port=taken.getsockname()[1])
        with pytest.raises(SimulatorFailed, match=r"cannot listen: .*Address already in use"):
            portal.start()
    assert not portal.running


def test_the_simulator_never_imports_django_or_motcua() -> None:
    code = (
        "import sys, national_portal_simulator.app, national_portal_simulator.testing,"
        " national_portal_simulator.__main__;"
        " print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'motcua')))"
    )
    result = subprocess.run(  # noqa: S603 — fixed arguments
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
