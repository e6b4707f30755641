# SPDX-License-Identifier: EUPL-1.2
"""The simulator's state in one SQLite file: events, dossiers, the inbound feed, counters, faults.

One connection per thread, WAL (readers never wait), and every write in ``BEGIN IMMEDIATE`` so
writers queue on the file lock (``busy_timeout``) instead of failing.
"""

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from national_portal_simulator.faults import Faults

VIETNAM = timezone(timedelta(hours=7), "ICT")
BUSY_TIMEOUT_SECONDS = 30
COUNTERS = (
    "requests",
    "batches_stored",
    "accepted",
    "duplicates",
    "rejected",
    "order_violations",
    "fault_error",
    "fault_drop_after_commit",
    "fault_timeout",
)
SIMULATED_REJECTION = "simulated rejection"

TABLES = """
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, dossier_code TEXT NOT NULL, stream TEXT NOT NULL, seq INTEGER NOT NULL,
    type TEXT NOT NULL, serial INTEGER NOT NULL UNIQUE, received_at TEXT NOT NULL,
    payload TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_stream ON events (dossier_code, stream, seq);
CREATE INDEX IF NOT EXISTS events_by_dossier ON events (dossier_code, serial);
CREATE TABLE IF NOT EXISTS dossiers (
    code TEXT PRIMARY KEY, unit TEXT NOT NULL, receiving_unit TEXT NOT NULL,
    status TEXT NOT NULL, seq INTEGER NOT NULL, due TEXT, payload TEXT NOT NULL,
    updated_at TEXT NOT NULL, event_serial INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS dossiers_by_unit ON dossiers (unit, code);
CREATE INDEX IF NOT EXISTS dossiers_by_receiving_unit ON dossiers (receiving_unit, code);
CREATE INDEX IF NOT EXISTS dossiers_by_update ON dossiers (event_serial);
CREATE TABLE IF NOT EXISTS inbound (
    feed_id INTEGER PRIMARY KEY, code TEXT NOT NULL, payload TEXT NOT NULL,
    duplicate_of INTEGER, duplicated INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS faults (
    id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL, settings TEXT NOT NULL);
"""

DOSSIER_UPSERT = """
INSERT INTO dossiers (code, unit, receiving_unit, status, seq, due, payload, updated_at,
                      event_serial)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (code) DO UPDATE SET
    unit = excluded.unit, receiving_unit = excluded.receiving_unit, status = excluded.status,
    seq = excluded.seq, due = excluded.due, payload = excluded.payload,
    updated_at = excluded.updated_at, event_serial = excluded.event_serial
WHERE excluded.seq > dossiers.seq
"""

DOSSIER_COLUMNS = "code, status, seq, due, unit, receiving_unit, updated_at"


def now14() -> str:
    """Now as the national portal writes dates: yyyyMMddHHmmss, Vietnam local time."""
    return datetime.now(VIETNAM).strftime("%Y%m%d%H%M%S")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _dossier_summary(row: Sequence[Any]) -> dict[str, Any]:
    code, status, seq, due, unit, receiving_unit, updated_at = row
    return {
        "MaHoSo": code,
        "TrangThaiHoSo": status,
        "ThuTu": seq,
        "NgayHenTra": due,
        "DonViXuLy": unit,
        "MaDonViTiepNhan": receiving_unit,
        "CapNhatLuc": updated_at,
    }


@dataclass(frozen=True)
class Incoming:
    """One event of a batch, checked before the transaction."""

    event_id: str | None  # IdSuKien when it is a string
    event: Mapping[str, Any]
    errors: Sequence[str]  # schema errors; empty when valid


class _Connections(threading.local):
    connection: sqlite3.Connection | None = None


class Store:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._local = _Connections()

    def _connection(self) -> sqlite3.Connection:
        if self._local.connection is None:
            connection = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
            connection.execute("PRAGMA synchronous = NORMAL")
            self._local.connection = connection
        return self._local.connection

    def close(self) -> None:
        """Close this thread's connection (before the server forks its worker)."""
        if self._local.connection is not None:
            self._local.connection.close()
            self._local.connection = None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def _read(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        return self._connection().execute(sql, parameters).fetchall()

    def initialise(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = self._connection()
        connection.execute("PRAGMA journal_mode = WAL")
        with self._write() as write:
            for statement in TABLES.split(";"):
                if statement.strip():
                    write.execute(statement)
            write.execute(
                "INSERT OR IGNORE INTO faults (id, version, settings) VALUES (1, 0, ?)",
                (_dumps(Faults().as_json()),),
            )

    # --- counters and faults

    def count(self, **increments: int) -> None:
        with self._write() as write:
            _add(write, increments)

    def stats(self) -> dict[str, Any]:
        values = dict.fromkeys(COUNTERS, 0)
        values.update(self._read("SELECT name, value FROM counters"))
        return {
            "requests": values["requests"],
            "batches_stored": values["batches_stored"],
            "accepted": values["accepted"],
            "duplicates": values["duplicates"],
            "rejected": values["rejected"],
            "order_violations": values["order_violations"],
            "faults": {
                "error": values["fault_error"],
                "drop_after_commit": values["fault_drop_after_commit"],
                "timeout": values["fault_timeout"],
            },
        }

    def faults(self) -> tuple[Faults, int]:
        """The fault settings and their version (it changes on every update)."""
        [(version, settings)] = self._read("SELECT version, settings FROM faults WHERE id = 1")
        return Faults(**json.loads(settings)), version

    def faults_set(self, faults: Faults) -> None:
        with self._write() as write:
            _faults_set(write, faults)

    def reset(self) -> None:
        with self._write() as write:
            for table in ("events", "dossiers", "inbound", "counters"):
                write.execute(f"DELETE FROM {table}")  # noqa: S608 — fixed table names
            _faults_set(write, Faults())

    def totals(self) -> dict[str, int]:
        [(dossiers, events, inbound)] = self._read(
            "SELECT (SELECT count(*) FROM dossiers), (SELECT count(*) FROM events),"
            " (SELECT count(*) FROM inbound)"
        )
        return {"dossiers": dossiers, "events": events, "inbound": inbound}

    # --- the sync batch

    def batch_store(
        self, batch: Sequence[Incoming], simulate_rejection: Callable[[], bool]
    ) -> list[dict[str, Any]]:
        """Store a batch in one transaction; one result per event, in order."""
        results: list[dict[str, Any]] = []
        tally = dict.fromkeys(("accepted", "duplicates", "rejected", "order_violations"), 0)
        tally["batches_stored"] = 1
        received_at = datetime.now(UTC).isoformat(timespec="microseconds")
        updated_at = now14()
        with self._write() as write:
            [(serial,)] = write.execute("SELECT coalesce(max(serial), 0) FROM events").fetchall()
            for incoming in batch:
                status, errors = "accepted", list(incoming.errors)
                if incoming.event_id is not None and _event_known(write, incoming.event_id):
                    status, errors = "duplicate", []
                elif errors:
                    status = "rejected"
                elif simulate_rejection():
                    status, errors = "rejected", [SIMULATED_REJECTION]
                else:
                    serial += 1
                    out_of_order = _event_insert(
                        write, incoming.event, serial, received_at, updated_at
                    )
                    tally["order_violations"] += out_of_order
                tally["duplicates" if status == "duplicate" else status] += 1
                results.append({"id": incoming.event_id, "status": status, "errors": errors})
            _add(write, tally)
        return results

    # --- reads

    def dossier(self, code: str) -> dict[str, Any] | None:
        rows = self._read(f"SELECT {DOSSIER_COLUMNS} FROM dossiers WHERE code = ?", (code,))  # noqa: S608
        return _dossier_summary(rows[0]) if rows else None

    def dossiers(
        self, *, unit: str | None, receiving_unit: str | None, after: str, limit: int
    ) -> tuple[list[dict[str, Any]], str | None]:
        """One keyset page sorted by code, and the code to continue after (None at the end)."""
        conditions, parameters = ["code > ?"], [after]
        if unit is not None:
            conditions.append("unit = ?")
            parameters.append(unit)
        if receiving_unit is not None:
            conditions.append("receiving_unit = ?")
            parameters.append(receiving_unit)
        rows = self._read(
            f"SELECT {DOSSIER_COLUMNS} FROM dossiers WHERE {' AND '.join(conditions)}"  # noqa: S608
            " ORDER BY code LIMIT ?",
            [*parameters, limit + 1],
        )
        items = [_dossier_summary(row) for row in rows[:limit]]
        return items, (items[-1]["MaHoSo"] if len(rows) > limit else None)

    def recent_dossiers(self, limit: int) -> list[dict[str, Any]]:
        rows = self._read(
            f"SELECT {DOSSIER_COLUMNS} FROM dossiers ORDER BY event_serial DESC LIMIT ?",  # noqa: S608
            (limit,),
        )
        return [_dossier_summary(row) for row in rows]

    def events_of(self, code: str) -> list[dict[str, Any]]:
        rows = self._read(
            "SELECT id, seq, type, serial FROM events WHERE dossier_code = ? ORDER BY serial",
            (code,),
        )
        return [
            {"IdSuKien": event_id, "ThuTu": seq, "LoaiSuKien": kind, "serial": serial}
            for event_id, seq, kind, serial in rows
        ]

    def event_ids(self) -> list[str]:
        return [event_id for (event_id,) in self._read("SELECT id FROM events ORDER BY serial")]

    # --- the inbound feed

    def inbound_append(self, item: Mapping[str, Any]) -> int:
        with self._write() as write:
            cursor = write.execute(
                "INSERT INTO inbound (code, payload) VALUES (?, ?)",
                (item["MaHoSoQG"], _dumps(item)),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def inbound_page(self, *, after: int, limit: int, duplicate: bool) -> list[dict[str, Any]]:
        """Items after ``after``; with ``duplicate``, first repeat one item already served."""
        if duplicate:
            with self._write() as write:
                _inbound_repeat_one(write, after)
        rows = self._read(
            "SELECT feed_id, payload FROM inbound WHERE feed_id > ? ORDER BY feed_id LIMIT ?",
            (after, limit),
        )
        return [{"feed_id": feed_id, **json.loads(payload)} for feed_id, payload in rows]


def _add(write: sqlite3.Connection, increments: Mapping[str, int]) -> None:
    write.executemany(
        "INSERT INTO counters (name, value) VALUES (?, ?)"
        " ON CONFLICT (name) DO UPDATE SET value = value + excluded.value",
        [(name, value) for name, value in increments.items() if value],
    )


def _faults_set(write: sqlite3.Connection, faults: Faults) -> None:
    write.execute(
        "UPDATE faults SET version = version + 1, settings = ? WHERE id = 1",
        (_dumps(faults.as_json()),),
    )


def _event_known(write: sqlite3.Connection, event_id: str) -> bool:
    return write.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone() is not None


def _event_insert(
    write: sqlite3.Connection,
    event: Mapping[str, Any],
    serial: int,
    received_at: str,
    updated_at: str,
) -> int:
    """Store one valid event and apply it; 1 when it arrived out of order, else 0."""
    dossier = event["HoSo"]
    code, seq, kind = dossier["MaHoSo"], int(event["ThuTu"]), event["LoaiSuKien"]
    stream = kind.split(".", 1)[0]
    [(highest,)] = write.execute(
        "SELECT max(seq) FROM events WHERE dossier_code = ? AND stream = ?", (code, stream)
    ).fetchall()
    write.execute(
        "INSERT INTO events (id, dossier_code, stream, seq, type, serial, received_at, payload)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (event["IdSuKien"], code, stream, seq, kind, serial, received_at, _dumps(event)),
    )
    if stream == "dossier":
        write.execute(
            DOSSIER_UPSERT,
            (
                code, dossier["DonViXuLy"], dossier["MaDonViTiepNhan"], dossier["TrangThaiHoSo"],
                seq, dossier.get("NgayHenTra"), _dumps(dossier), updated_at, serial,
            ),
        )  # fmt: skip
    return int(highest is not None and seq <= highest)


def _inbound_repeat_one(write: sqlite3.Connection, after: int) -> None:
    """Append a copy of the oldest item already served (feed_id <= after) not yet repeated."""
    row = write.execute(
        "SELECT feed_id, code, payload FROM inbound"
        " WHERE feed_id <= ? AND duplicate_of IS NULL AND duplicated = 0"
        " ORDER BY feed_id LIMIT 1",
        (after,),
    ).fetchone()
    if row is None:
        return
    feed_id, code, payload = row
    write.execute(
        "INSERT INTO inbound (code, payload, duplicate_of) VALUES (?, ?, ?)",
        (code, payload, feed_id),
    )
    write.execute("UPDATE inbound SET duplicated = 1 WHERE feed_id = ?", (feed_id,))
