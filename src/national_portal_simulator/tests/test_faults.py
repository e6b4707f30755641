# SPDX-License-Identifier: EUPL-1.2
"""Injected faults: settings, and each fault with rate 1.0 (always) and 0.0 (never)."""

import random
import time
from collections.abc import Callable

import pytest

from national_portal_simulator.app import Simulator
from national_portal_simulator.store import Store
from national_portal_simulator.testing import example_event
from national_portal_simulator.tests.wsgi_client import Client, Reply

DEFAULTS = {
    "error_rate": 0.0, "drop_after_commit_rate": 0.0, "timeout_rate": 0.0,
    "timeout_seconds": 0.0, "slow_ms": 0, "reject_rate": 0.0, "inbound_duplicate_rate": 0.0,
    "seed": 0,
}  # fmt: skip


def faults(client: Client, **settings: object) -> None:
    reply = client.put("/_control/faults", json_body=settings)
    assert reply.status == 200, reply.text


def test_faults_start_at_zero_and_a_put_replaces_them_all(client: Client) -> None:
    assert client.get("/_control/faults").json() == DEFAULTS
    reply = client.put("/_control/faults", json_body={"error_rate": 1, "slow_ms": 5, "seed": 9})
    assert reply.json() == {**DEFAULTS, "error_rate": 1.0, "slow_ms": 5, "seed": 9}
    faults(client, reject_rate=0.25)
    assert client.get("/_control/faults").json() == {**DEFAULTS, "reject_rate": 0.25}


@pytest.mark.parametrize(
    ("settings", "errors"),
    [
        ({"error_rate": 1.5}, ["error_rate: must be a number from 0 to 1"]),
        ({"reject_rate": "0.5"}, ["reject_rate: must be a number from 0 to 1"]),
        ({"timeout_rate": True}, ["timeout_rate: must be a number from 0 to 1"]),
        ({"timeout_seconds": -1}, ["timeout_seconds: must be a number of seconds from 0 to 600"]),
        ({"slow_ms": 1.5}, ["slow_ms: must be a whole number of milliseconds from 0 to 60000"]),
        ({"seed": -1}, ["seed: must be a whole number from 0 to 9223372036854775807"]),
        ({"explode": 1, "error_rate": -0.1},
         ["error_rate: must be a number from 0 to 1", "explode: unknown setting"]),
        ([], ["the body must be a JSON object"]),
    ],
)  # fmt: skip
def test_bad_fault_settings_are_400_and_change_nothing(
    client: Client, settings: object, errors: list[str]
) -> None:
    faults(client, slow_ms=1)
    reply = client.put("/_control/faults", json_body=settings)
    assert reply.status == 400
    assert reply.json() == {"type": "about:blank", "title": "Bad Request", "status": 400,
                            "detail": "invalid fault settings", "errors": errors}  # fmt: skip
    assert client.get("/_control/faults").json() == {**DEFAULTS, "slow_ms": 1}


def test_error_rate_1_answers_500_and_stores_nothing(client: Client, simulator: Simulator) -> None:
    faults(client, error_rate=1.0)
    reply = client.sync(example_event())
    assert reply.status == 500
    assert reply.json()["detail"] == "simulated failure (error_rate); nothing was stored"
    assert simulator.store.event_ids() == []
    assert simulator.store.stats()["faults"] == {"error": 1, "drop_after_commit": 0, "timeout": 0}
    assert simulator.store.stats()["batches_stored"] == 0
    faults(client, error_rate=0.0)
    assert client.sync(example_event()).status == 200


def test_drop_after_commit_stores_the_batch_then_answers_500(
    client: Client, simulator: Simulator
) -> None:
    event = example_event()
    faults(client, drop_after_commit_rate=1.0)
    reply = client.sync(event)
    assert reply.status == 500
    assert reply.json()["detail"] == "simulated failure (drop_after_commit_rate) after storing"
    assert simulator.store.event_ids() == [event["IdSuKien"]]
    assert simulator.store.dossier(event["HoSo"]["MaHoSo"]) is not None
    faults(client, drop_after_commit_rate=0.0)
    retry = client.sync(event)  # the sender never saw the answer and sends again
    assert retry.json()["results"] == [
        {"id": event["IdSuKien"], "status": "duplicate", "errors": []}
    ]
    stats = simulator.store.stats()
    assert (stats["accepted"], stats["duplicates"], stats["batches_stored"]) == (1, 1, 2)
    assert stats["faults"] == {"error": 0, "drop_after_commit": 1, "timeout": 0}


def test_timeout_sleeps_then_stores_and_answers(client: Client, simulator: Simulator) -> None:
    event = example_event()
    faults(client, timeout_rate=1.0, timeout_seconds=0.3)
    started = time.monotonic()
    reply = client.sync(event)
    assert time.monotonic() - started >= 0.3
    assert reply.json()["results"] == [
        {"id": event["IdSuKien"], "status": "accepted", "errors": []}
    ]
    assert simulator.store.stats()["faults"] == {"error": 0, "drop_after_commit": 0, "timeout": 1}
    faults(client, timeout_rate=0.0, timeout_seconds=0.3)
    started = time.monotonic()
    client.sync(example_event())
    assert time.monotonic() - started < 0.3


def test_slow_ms_delays_every_api_request_but_not_the_control_api(client: Client) -> None:
    faults(client, slow_ms=200)
    calls: list[Callable[[], Reply]] = [
        lambda: client.get("/api/v1/dossiers"),
        lambda: client.sync(example_event()),
        lambda: client.get("/api/v1/dossiers", token="wrong"),  # refused, after the delay
    ]
    for call in calls:
        started = time.monotonic()
        call()
        assert time.monotonic() - started >= 0.2
    started = time.monotonic()
    client.get("/_control/stats")
    assert time.monotonic() - started < 0.2


def test_reject_rate_1_rejects_valid_new_events_only(client: Client, simulator: Simulator) -> None:
    known = example_event()
    client.sync(known)
    faults(client, reject_rate=1.0)
    fresh, invalid = example_event(sequence=2), example_event(sequence=3, MaTTHC="x")
    results = client.sync(known, fresh, invalid).json()["results"]
    assert [(result["status"], result["errors"]) for result in results] == [
        ("duplicate", []),
        ("rejected", ["simulated rejection"]),
        ("rejected", ["$.HoSo.MaTTHC: 'x' does not match '^[0-9]\\\\.[0-9]{6}$'"]),
    ]
    assert simulator.store.event_ids() == [known["IdSuKien"]]
    faults(client, reject_rate=0.0)
    assert client.sync(fresh).json()["results"][0]["status"] == "accepted"


def test_a_seed_makes_partial_rates_repeatable(client: Client) -> None:
    dice = random.Random(7)
    expected = ["rejected" if dice.random() < 0.5 else "accepted" for _ in range(5)]
    for _ in range(2):  # setting the faults again restarts the dice
        faults(client, reject_rate=0.5, seed=7)
        results = client.sync(*[example_event(sequence=n) for n in range(1, 6)]).json()["results"]
        assert [result["status"] for result in results] == expected
    assert set(expected) == {"accepted", "rejected"}


def test_reset_empties_everything_and_clears_the_faults(
    client: Client, simulator: Simulator
) -> None:
    client.sync(example_event())
    faults(client, reject_rate=1.0)
    assert client.post("/_control/reset").status == 204
    assert client.get("/_control/faults").json() == DEFAULTS
    assert simulator.store.event_ids() == []
    assert simulator.store.totals() == {"dossiers": 0, "events": 0, "inbound": 0}
    assert client.get("/_control/stats").json()["requests"] == 0


def test_faults_and_counters_live_in_the_store(simulator: Simulator) -> None:
    client = Client(simulator)
    faults(client, error_rate=1.0)
    client.sync(example_event())
    again = Store(simulator.store.path)  # a restarted process, or another thread
    assert again.faults()[0].error_rate == 1.0
    assert again.stats()["faults"]["error"] == 1
    assert Client(Simulator(again)).sync(example_event()).status == 500
