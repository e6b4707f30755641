# SPDX-License-Identifier: EUPL-1.2
"""S7 / issue 6 "done when": 10,000 events reach a failing national portal, none lost, none twice.

The simulator fails 30 % of calls at random (15 % answer 500 before storing, 10 % store and then
answer 500, 5 % answer after the dispatcher's timeout); two dispatcher processes deliver; one is
killed with SIGKILL mid-batch and restarted; then the portal is down for a stretch and comes back.
"""

from pathlib import Path

import pytest

from motcua.sync.models import Delivery
from motcua.sync.tests.chaos_support import (
    delivered_count,
    kill,
    national_destination,
    start_dispatcher,
    stop,
    wait_until,
    write_events,
)
from motcua.testing.builders import World
from national_portal_simulator.testing import RunningSimulator

EVENTS_PER_DOSSIER = 10
DOSSIERS = 1000
DISPATCHER_SETTINGS = {
    "MOTCUA_SYNC_RETRY_BASE_SECONDS": "0.05",
    "MOTCUA_SYNC_RETRY_MAX_SECONDS": "1",
    "MOTCUA_SYNC_LEASE_SECONDS": "4",
    "MOTCUA_SYNC_IDLE_SECONDS": "0.05",
}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_ten_thousand_events_survive_failures_kills_and_an_outage(
    world: World, tmp_path: Path
) -> None:
    template = world.submit()
    with RunningSimulator(tmp_path / "portal") as portal:
        portal.set_faults(
            error_rate=0.15, drop_after_commit_rate=0.10, timeout_rate=0.05,
            timeout_seconds=1.5, seed=6,
        )  # fmt: skip
        national_destination(portal.url, portal.token, timeout_seconds=1, batch_size=100)
        write_events(template, DOSSIERS, EVENTS_PER_DOSSIER)
        total = DOSSIERS * EVENTS_PER_DOSSIER
        assert Delivery.objects.filter(destination__name="national-portal").count() == total
        logs = tmp_path / "dispatchers.log"
        first = start_dispatcher(logs, DISPATCHER_SETTINGS)
        second = start_dispatcher(logs, DISPATCHER_SETTINGS)
        try:
            # kill one mid-run (it holds a claimed batch most of the time), then restart it
            assert wait_until(lambda: delivered_count() >= total // 5, timeout=120)
            kill(first)
            first = start_dispatcher(logs, DISPATCHER_SETTINGS)
            # the portal goes down for a stretch, then comes back on the same port and data
            assert wait_until(lambda: delivered_count() >= total // 2, timeout=120)
            portal.stop()
            assert wait_until(lambda: False, timeout=3) is False
            portal.start()
            done = wait_until(lambda: delivered_count() == total, timeout=300, interval=0.5)
        finally:
            stop(first)
            stop(second)
        stats = portal.stats()
        assert done, (delivered_count(), stats, logs.read_text()[-3000:])
        # 0 lost: every message acknowledged and stored once; 0 duplicated effects
        # (the template dossier's own submit message predates the destination: not routed)
        routed = {str(i) for i in Delivery.objects.values_list("message_id", flat=True)}
        assert len(routed) == total
        assert set(portal.event_ids()) == routed
        assert stats["accepted"] == total
        assert stats["order_violations"] == 0
        # the chaos really happened: re-sent batches met already-stored events
        assert stats["faults"]["error"] > 0
        assert stats["faults"]["drop_after_commit"] > 0
        assert stats["faults"]["timeout"] > 0
        assert stats["duplicates"] > 0
    assert Delivery.objects.exclude(state=Delivery.State.DELIVERED).count() == 0
