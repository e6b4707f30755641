# SPDX-License-Identifier: EUPL-1.2
"""RELIABILITY.md S5: two officials, one dossier, at the same time, with real threads.

Each race starts from a ``threading.Barrier`` and runs in real transactions on whichever
database the suite uses (SQLite by default; PostgreSQL with ``DATABASE_URL=postgres://...``).
Exactly one wins; the other gets ``ConcurrentUpdate`` naming the new status (it had read the
dossier before the winner committed) or ``TransitionNotAllowed`` (it read it after); exactly one
event is written, and the hash chain still verifies.

Dossier codes: concurrent submissions at one centre on one day get distinct codes whose
sequences are exactly 1..n.
"""

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role
from motcua.core import clock
from motcua.core.errors import ConcurrentUpdate, DomainError, TransitionNotAllowed
from motcua.core.models import OutboxMessage
from motcua.dossiers import services
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier, DossierEvent, DossierSequence
from motcua.dossiers.selectors import first_broken_link
from motcua.testing.builders import World, add_official, build_world, submit_dossier

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=VN)
ROUNDS = 3  # each race is run on this many fresh dossiers

Act = Callable[[Dossier], Dossier]


@dataclass(frozen=True)
class Outcome:
    name: str
    status: str | None = None  # the status reached by the winner
    error: DomainError | None = None


def run_together(jobs: dict[str, Callable[[], Any]]) -> list[Outcome]:
    """Start every job at the same moment in its own thread and database connection."""
    barrier = threading.Barrier(len(jobs), timeout=30)
    outcomes: list[Outcome] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def run(name: str, job: Callable[[], Any]) -> None:
        try:
            with clock.frozen_at(MONDAY):
                barrier.wait()
                try:
                    result = job()
                except DomainError as error:
                    outcome = Outcome(name, error=error)
                else:
                    outcome = Outcome(name, status=getattr(result, "status", None))
            with lock:
                outcomes.append(outcome)
        except BaseException as error:  # reported by the main thread
            with lock:
                failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in jobs.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    assert len(outcomes) == len(jobs)
    return outcomes


def race(d: Dossier, acts: dict[str, tuple[Act, Status]]) -> Outcome:
    """Run two acts on the same dossier together; check the conflict rules; return the winner."""
    events_before = DossierEvent.objects.filter(dossier=d).count()
    outbox_before = OutboxMessage.objects.filter(aggregate_id=str(d.pk)).count()

    def job(act: Act) -> Callable[[], Any]:
        mine = Dossier.objects.get(pk=d.pk)  # each official has their own copy, read now
        return lambda: act(mine)

    outcomes = run_together({name: job(act) for name, (act, _) in acts.items()})
    winners = [o for o in outcomes if o.error is None]
    losers = [o for o in outcomes if o.error is not None]
    # exactly one wins and reaches its own target
    assert len(winners) == 1, outcomes
    winner = winners[0]
    assert winner.status == acts[winner.name][1]
    final = Dossier.objects.get(pk=d.pk)
    assert (final.status, final.version) == (winner.status, d.version + 1)
    # the other hears of a conflict naming the new status, or that the action is no longer legal
    for loser in losers:
        assert isinstance(loser.error, ConcurrentUpdate | TransitionNotAllowed), loser
        if isinstance(loser.error, ConcurrentUpdate):
            assert loser.error.details == {"current_status": final.status}
        else:
            assert loser.error.details == {"status": final.status}
    # one event, one outbox message, an intact chain
    assert DossierEvent.objects.filter(dossier=d).count() == events_before + 1
    assert OutboxMessage.objects.filter(aggregate_id=str(d.pk)).count() == outbox_before + 1
    event = DossierEvent.objects.get(dossier=d, sequence=final.version)
    assert event.status_after == final.status
    assert first_broken_link() is None
    return winner


@pytest.fixture
def live_world(transactional_db: None) -> World:
    with clock.frozen_at(MONDAY):
        return build_world()


def in_status(world: World, status: Status) -> Dossier:
    with clock.frozen_at(MONDAY):
        return world.dossier_in(status)


@pytest.mark.django_db(transaction=True)
def test_two_desk_officers_receive_the_same_dossier(live_world: World) -> None:
    # given two reception officers of the same centre
    w = live_world
    first = w.desk()
    second = add_official("desk.second", Role.RECEPTION_OFFICER, w.centre)
    winners = set()
    for _ in range(ROUNDS):
        d = in_status(w, Status.SUBMITTED)
        # when both receive it at the same moment
        winner = race(
            d,
            {
                "first": (lambda x: services.dossier_receive(x, actor=first), Status.RECEIVED),
                "second": (lambda x: services.dossier_receive(x, actor=second), Status.RECEIVED),
            },
        )
        # then one reception is recorded (checked in race)
        winners.add(winner.name)
    assert winners <= {"first", "second"}


@pytest.mark.django_db(transaction=True)
def test_one_receives_while_the_other_refuses(live_world: World) -> None:
    w = live_world
    first = w.desk()
    second = add_official("desk.second", Role.RECEPTION_OFFICER, w.centre)
    for _ in range(ROUNDS):
        d = in_status(w, Status.SUBMITTED)
        race(
            d,
            {
                "receive": (lambda x: services.dossier_receive(x, actor=first), Status.RECEIVED),
                "refuse": (
                    lambda x: services.dossier_refuse(x, actor=second, reason="Ngoài thẩm quyền"),
                    Status.NOT_ACCEPTED,
                ),
            },
        )


@pytest.mark.django_db(transaction=True)
def test_citizen_withdraws_while_the_desk_receives(live_world: World) -> None:
    w = live_world
    desk, citizen = w.desk(), w.applicant()
    for _ in range(ROUNDS):
        d = in_status(w, Status.SUBMITTED)
        race(
            d,
            {
                "receive": (lambda x: services.dossier_receive(x, actor=desk), Status.RECEIVED),
                "withdraw": (
                    lambda x: services.dossier_withdraw(x, actor=citizen, reason="Nộp nhầm"),
                    Status.WITHDRAWN,
                ),
            },
        )


@pytest.mark.django_db(transaction=True)
def test_specialist_asks_for_payment_while_the_head_stops(live_world: World) -> None:
    w = live_world
    specialist = w.processing(Role.SPECIALIST)
    head = w.processing(Role.DEPARTMENT_HEAD)
    for _ in range(ROUNDS):
        d = in_status(w, Status.IN_PROGRESS)
        race(
            d,
            {
                "payment": (
                    lambda x: services.dossier_request_payment(
                        x, actor=specialist, amount_vnd=500_000, reason="Tiền sử dụng đất"
                    ),
                    Status.AWAITING_PAYMENT,
                ),
                "stop": (
                    lambda x: services.dossier_stop(x, actor=head, reason="Dừng theo đề nghị"),
                    Status.STOPPED,
                ),
            },
        )


@pytest.mark.django_db(transaction=True)
def test_two_payment_confirmations_resume_the_clock_once(live_world: World) -> None:
    # given a dossier awaiting payment, confirmed by the bank callback and the desk together
    w = live_world
    desk = w.desk()
    system = Actor(None, Role.SYSTEM, None)
    for _ in range(ROUNDS):
        d = in_status(w, Status.AWAITING_PAYMENT)
        race(
            d,
            {
                "bank": (
                    lambda x: services.dossier_confirm_payment(x, actor=system, reference="FT1"),
                    Status.IN_PROGRESS,
                ),
                "desk": (
                    lambda x: services.dossier_confirm_payment(x, actor=desk, reference="BL1"),
                    Status.IN_PROGRESS,
                ),
            },
        )
        # then the pause is closed once
        pauses = Dossier.objects.get(pk=d.pk).clock_pauses
        assert [p["end"] is not None for p in pauses] == [True]


# -- dossier codes --------------------------------------------------------------------------------

CODE = re.compile(r"^(?P<agency>.+)-(?P<day>\d{6})-(?P<sequence>\d{4,})$")


def submit_concurrently(world: World, threads: int, per_thread: int) -> list[str]:
    """``threads`` desk officers of one centre each submit ``per_thread`` dossiers at once."""
    desks = [world.desk()] + [
        add_official(f"desk.extra{i}", Role.RECEPTION_OFFICER, world.centre)
        for i in range(1, threads)
    ]
    codes: list[str] = []
    lock = threading.Lock()

    def job(actor: Actor) -> Callable[[], None]:
        def submit_all() -> None:
            for _ in range(per_thread):
                d = submit_dossier(world, actor=actor, channel="counter")
                with lock:
                    codes.append(d.code)

        return submit_all

    outcomes = run_together({f"desk{i}": job(actor) for i, actor in enumerate(desks)})
    assert [o.error for o in outcomes] == [None] * threads
    return codes


def assert_codes_are_gapless(world: World, codes: list[str], total: int) -> None:
    assert len(codes) == len(set(codes)) == total
    parts = [CODE.match(code) for code in codes]
    assert all(parts), codes
    assert {(p["agency"], p["day"]) for p in parts if p} == {(world.centre.code, "260309")}
    assert sorted(int(p["sequence"]) for p in parts if p) == list(range(1, total + 1))
    assert DossierSequence.objects.get(unit=world.centre).last_value == total
    assert Dossier.objects.count() == DossierEvent.objects.count() == total
    assert first_broken_link() is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_codes_are_distinct_and_gapless(live_world: World) -> None:
    # given 4 desk officers submitting 5 dossiers each at one centre on one day
    codes = submit_concurrently(live_world, threads=4, per_thread=5)
    # then 20 distinct codes numbered 1..20
    assert_codes_are_gapless(live_world, codes, 20)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_codes_heavy(live_world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    codes = submit_concurrently(live_world, threads=8, per_thread=25)
    assert_codes_are_gapless(live_world, codes, 200)
