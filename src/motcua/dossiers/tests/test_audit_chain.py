# SPDX-License-Identifier: EUPL-1.2
"""RELIABILITY.md S18: the dossier history is append-only and hash-chained.

The database refuses UPDATE of events (PostgreSQL also DELETE; SQLite keeps DELETE so test
databases can be flushed), the ORM refuses every change, and ``first_broken_link()`` and
``motcua audit verify`` find any event that was deleted, forged or appended behind its back.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, connection, transaction

from motcua import cli
from motcua.core import clock
from motcua.core.hashchain import GENESIS, BrokenLink, link_hash
from motcua.dossiers.lifecycle import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import first_broken_link
from motcua.testing.builders import World

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=VN)
TABLE = DossierEvent._meta.db_table
COLUMNS = (
    "dossier_id, sequence, action, at, actor_id, actor_name, role, unit_id, status_before, "
    "status_after, reason, data"
)
ENDS_EARLY = "the chain ends before the dossier's version"
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="only SQLite allows DELETE of events"
)


@pytest.fixture
def returned(world: World) -> Dossier:
    """A dossier taken through its whole life: submitted … returned (8 events)."""
    with clock.frozen_at(MONDAY):
        return world.dossier_in(Status.RETURNED)


def chain(d: Dossier) -> list[DossierEvent]:
    return list(DossierEvent.objects.filter(dossier=d).order_by("sequence"))


def forge_after(last: DossierEvent, *, previous_hash: str, hash_: str) -> None:
    """Append a copy of ``last`` as the next event, with raw SQL, bypassing the services."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} ({COLUMNS}, previous_hash, hash) "
            f"SELECT dossier_id, sequence + 1, action, at, actor_id, actor_name, role, unit_id, "
            f"status_before, status_after, reason, data, %s, %s FROM {TABLE} WHERE id = %s",
            [previous_hash, hash_, last.pk],
        )


def raw(sql: str, params: list[object]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


# -- an intact chain ------------------------------------------------------------------------------


def test_full_lifecycle_chain_verifies(returned: Dossier) -> None:
    # given a dossier taken from submission to the returned result
    events = chain(returned)
    # then its history is the legal path, one link per version, each hashed over the one before
    assert [(e.sequence, e.action, e.status_after) for e in events] == [
        (1, Action.SUBMIT, Status.SUBMITTED),
        (2, Action.RECEIVE, Status.RECEIVED),
        (3, Action.FORWARD, Status.IN_PROGRESS),
        (4, Action.PROCESS_STEP, Status.IN_PROGRESS),
        (5, Action.PROCESS_STEP, Status.IN_PROGRESS),
        (6, Action.APPROVE, Status.PROCESSED),
        (7, Action.ISSUE_RESULT, Status.RESULT_READY),
        (8, Action.RETURN_RESULT, Status.RETURNED),
    ]
    assert returned.version == len(events)
    previous = GENESIS
    for event in events:
        assert event.previous_hash == previous
        assert event.hash == link_hash(previous, event.chain_content())
        previous = event.hash
    assert first_broken_link() is None


def test_no_dossiers_no_break(db: None) -> None:
    assert first_broken_link() is None


# -- the database refuses changes -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value"),
    [("reason", "sửa lén"), ("status_after", "returned"), ("hash", "0" * 64), ("sequence", 99)],
)
def test_raw_update_is_refused(returned: Dossier, column: str, value: object) -> None:
    # given an event of the history
    event = chain(returned)[1]
    row = DossierEvent.objects.filter(pk=event.pk).values().get()
    # when someone updates it with raw SQL, then the database trigger refuses
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, event.pk])
    # and the row is unchanged, the chain intact
    assert DossierEvent.objects.filter(pk=event.pk).values().get() == row
    assert first_broken_link() is None


def test_raw_delete_is_refused_on_postgresql(returned: Dossier) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite keeps DELETE for flushing test databases)")
    last = chain(returned)[-1]
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f"DELETE FROM {TABLE} WHERE id = %s", [last.pk])
    assert DossierEvent.objects.filter(dossier=returned).count() == returned.version
    assert first_broken_link() is None


@sqlite_only
def test_deleting_the_last_event_is_detected(world: World, returned: Dossier) -> None:
    # given another, intact dossier
    with clock.frozen_at(MONDAY):
        world.dossier_in(Status.IN_PROGRESS)
    # when the last event of the returned dossier is deleted behind the services' back
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [chain(returned)[-1].pk])
    # then the chain ends before the dossier's version
    assert first_broken_link() == (returned.pk, BrokenLink(8, ENDS_EARLY))


@sqlite_only
def test_deleting_an_event_in_the_middle_is_detected(returned: Dossier) -> None:
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [chain(returned)[3].pk])
    assert first_broken_link() == (returned.pk, BrokenLink(5, "sequence gap: expected 4"))


# -- forged events --------------------------------------------------------------------------------


def test_forged_event_with_a_wrong_hash_is_detected(returned: Dossier) -> None:
    # given an event appended with raw SQL, linked to the last one but with a made-up hash
    last = chain(returned)[-1]
    forge_after(last, previous_hash=last.hash, hash_="f" * 64)
    # then the forged link is reported with its sequence
    assert first_broken_link() == (returned.pk, BrokenLink(9, "content does not match its hash"))


def test_forged_event_not_linked_to_the_last_one_is_detected(returned: Dossier) -> None:
    last = chain(returned)[-1]
    content = {**last.chain_content(), "sequence": 9}
    forge_after(last, previous_hash=GENESIS, hash_=link_hash(GENESIS, content))
    assert first_broken_link() == (
        returned.pk,
        BrokenLink(9, "previous hash does not match the link before"),
    )


def test_forged_event_with_a_valid_hash_is_reported_as_the_extra_event(
    returned: Dossier,
) -> None:
    # given a perfectly hashed 9th event on a dossier at version 8 (the chain has no secret)
    last = chain(returned)[-1]
    content = {**last.chain_content(), "sequence": 9}
    forge_after(last, previous_hash=last.hash, hash_=link_hash(last.hash, content))
    assert chain(returned)[-1].hash == link_hash(last.hash, chain(returned)[-1].chain_content())
    # then it is detected as the extra event 9
    broken = first_broken_link()
    assert broken is not None
    assert broken[0] == returned.pk
    assert broken[1].sequence == 9
    assert broken[1].reason != ENDS_EARLY


def test_forged_event_with_a_valid_hash_is_detected(returned: Dossier) -> None:
    last = chain(returned)[-1]
    content = {**last.chain_content(), "sequence": 9}
    forge_after(last, previous_hash=last.hash, hash_=link_hash(last.hash, content))
    broken = first_broken_link()
    assert broken is not None and broken[0] == returned.pk


def test_the_first_broken_dossier_is_reported(world: World, returned: Dossier) -> None:
    # given two dossiers; the second one gets a forged event
    with clock.frozen_at(MONDAY):
        second = world.dossier_in(Status.RECEIVED)
    last = chain(second)[-1]
    forge_after(last, previous_hash=last.hash, hash_="e" * 64)
    assert first_broken_link() == (second.pk, BrokenLink(3, "content does not match its hash"))


# -- the ORM refuses changes ----------------------------------------------------------------------


def test_orm_refuses_to_change_events(returned: Dossier) -> None:
    events = DossierEvent.objects.filter(dossier=returned)
    event = events.get(sequence=2)
    rows = list(events.order_by("sequence").values())
    refusals = {
        "manager.update": lambda: DossierEvent.objects.update(reason="x"),
        "queryset.update": lambda: events.filter(sequence=2).update(reason="x"),
        "manager.delete": lambda: DossierEvent.objects.all().delete(),
        "queryset.delete": lambda: events.filter(sequence=2).delete(),
        "bulk_update": lambda: DossierEvent.objects.bulk_update([event], ["reason"]),
        "instance.save": lambda: event.save(),
        "instance.save(update_fields)": lambda: event.save(update_fields=["reason"]),
        "instance.delete": lambda: event.delete(),
    }
    not_refused = []
    for name, call in refusals.items():
        event.reason = "sửa lén"
        try:
            with transaction.atomic():  # bulk_update fails inside its own atomic block
                call()
        except TypeError as error:
            assert str(error) == "dossier events are append-only"
        else:
            not_refused.append(name)
    assert not_refused == []
    assert list(events.order_by("sequence").values()) == rows
    assert first_broken_link() is None


def test_orm_upsert_is_refused_by_the_database(returned: Dossier) -> None:
    # given a copy of event 2 with another reason, written as an INSERT ... ON CONFLICT UPDATE
    event = chain(returned)[1]
    row = DossierEvent.objects.filter(pk=event.pk).values().get()
    copy = DossierEvent(**{**row, "id": None, "reason": "sửa lén"})
    # then the database refuses the update part
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        DossierEvent.objects.bulk_create(
            [copy],
            update_conflicts=True,
            unique_fields=["dossier", "sequence"],
            update_fields=["reason"],
        )
    assert DossierEvent.objects.filter(pk=event.pk).values().get() == row
    assert first_broken_link() is None


def test_a_new_event_can_still_be_saved(returned: Dossier) -> None:
    # the services' own path: a new instance is inserted once
    last = chain(returned)[-1]
    event = DossierEvent(
        dossier=returned,
        sequence=9,
        action=Action.RETURN_RESULT,
        at=MONDAY,
        actor_name="x",
        role="system",
        status_before=Status.RETURNED,
        status_after=Status.RETURNED,
        previous_hash=last.hash,
    )
    event.hash = link_hash(last.hash, event.chain_content())
    event.save()
    assert event.pk is not None
    with pytest.raises(TypeError):
        event.save()


# -- the command ----------------------------------------------------------------------------------


def test_audit_verify_ok(
    world: World, returned: Dossier, capsys: pytest.CaptureFixture[str]
) -> None:
    with clock.frozen_at(MONDAY):
        world.dossier_in(Status.SUBMITTED)
    assert cli.main(["audit", "verify"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("OK: 2 dossier chains intact\n", "")


def test_audit_verify_broken(returned: Dossier, capsys: pytest.CaptureFixture[str]) -> None:
    last = chain(returned)[-1]
    forge_after(last, previous_hash=last.hash, hash_="f" * 64)
    assert cli.main(["audit", "verify"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"BROKEN: dossier {returned.code} (id {returned.pk}), event 9: "
        "content does not match its hash\n"
    )
