# SPDX-License-Identifier: EUPL-1.2
"""Benchmark submissions and status lookups against the database's own ceilings.

    DATABASE_URL=postgres://postgres@127.0.0.1/motcua_bench python bench/run.py
    DATABASE_URL=sqlite:///$PWD/var/bench.sqlite3 python bench/run.py --seconds 10

On a database holding ``--count`` dossiers (topped up with ``bench/generate.py`` if fewer):

- submissions/s through ``dossier_submit`` (an applicant; dossier + event + outbox message in one
  transaction), in 1 and 2 processes, against the ceiling: a bare ``BEGIN; INSERT; COMMIT`` of a
  row of similar width into a scratch table with one unique index, with the raw driver cursor;
  and with every process submitting at the same centre (they queue on its sequence row);
- status lookups/s through ``dossier_status_by_code`` with random existing codes, against the
  ceiling: the same ``SELECT`` by the unique ``code`` column with the raw driver cursor.

Checks and prints that a lookup is one query and that its plan uses the unique index, and
which queries one submission runs. Prints a Markdown table; writes JSON to
``bench/results/<database>-<date>.json``. Speeds are reported, never asserted.
"""

import _setup  # noqa: F401  (Django must be set up before the models are imported)

# isort: split
import argparse
import json
import multiprocessing
import os
import platform
import random
import re
import subprocess
import sys
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

import generate
from motcua.accounts.actors import actor_as_applicant
from motcua.accounts.models import User
from motcua.catalog.models import ProcedureVersion
from motcua.demo.formdata import form_for
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import dossier_status_by_code
from motcua.orgunits.models import OrgUnit
from motcua.testing.builders import World

RESULTS = Path(__file__).resolve().parent / "results"
SCRATCH = "bench_ceiling"
TARGETS = {"submit": 300.0, "submit_one_centre": 300.0, "lookup": 1500.0}
CEILINGS = {
    "submit": "insert_ceiling",
    "submit_one_centre": "insert_ceiling",
    "lookup": "select_ceiling",
}

Op = Callable[[int], None]


# --- workloads: each builds its state in the measuring process, then runs one operation ------


class Submit:
    """One online submission by an applicant through the service layer.

    The receiving centre is random (7 centres: rarely the same sequence row in two processes),
    or always ``centre``: then every submission queues on that centre's sequence row.
    """

    def __init__(self, world: World, seed: int, centre: int | None = None) -> None:
        self.rng = random.Random(seed)
        self.centre = centre
        self.version = ProcedureVersion.objects.select_related("procedure").get(pk=world.version.pk)
        org = world.org
        self.centres = [OrgUnit.objects.get(pk=c.pk) for c in org.centres]
        self.communes = [OrgUnit.objects.get(pk=c.pk) for c in org.communes]
        self.citizens = list(
            User.objects.filter(username__startswith="citizen.bench").order_by("id")[:200]
        )

    def __call__(self, i: int) -> None:
        index = self.centre if self.centre is not None else self.rng.randrange(len(self.centres))
        self.submit(index)

    def submit(self, index: int) -> None:
        """Submit at centre ``index`` (0: the province centre, with a random commune)."""
        rng = self.rng
        centre = self.centres[index]
        commune = self.communes[index - 1] if index else rng.choice(self.communes)
        citizen = rng.choice(self.citizens)
        services.dossier_submit(
            procedure_version=self.version,
            receiving_unit=centre,
            channel="online",
            applicant=services.Applicant(
                name=citizen.full_name, id_number=citizen.national_id, phone=citizen.phone
            ),
            applicant_data=form_for(self.version.applicant_schema, rng),
            actor=actor_as_applicant(citizen),
            competent_unit=commune,
        )


class InsertCeiling:
    """``BEGIN; INSERT <one dossier-wide row>; COMMIT`` with the raw driver cursor."""

    def __init__(self, seed: int) -> None:
        connection.ensure_connection()
        assert connection.connection is not None
        self.cursor = connection.connection.cursor()
        self.begin = "BEGIN IMMEDIATE" if connection.vendor == "sqlite" else "BEGIN"
        mark = "?" if connection.vendor == "sqlite" else "%s"
        self.sql = (
            f"INSERT INTO {SCRATCH} (code, status, applicant_name, applicant_address, "
            f"applicant_data, search_text, submitted_at, updated_at) "
            f"VALUES ({', '.join([mark] * 8)})"
        )
        self.prefix = f"{uuid.uuid4().hex[:16]}-"
        self.form = json.dumps(
            {"full_name": "Trần Văn An", "id_number": "079088001234", "birth_date": "1988-05-02"},
            ensure_ascii=False,
        )

    def __call__(self, i: int) -> None:
        now = time.strftime("%Y-%m-%d %H:%M:%S+00:00", time.gmtime())
        self.cursor.execute(self.begin)
        self.cursor.execute(
            self.sql,
            (
                f"{self.prefix}{i}", "submitted", "Trần Văn An",
                "Số 12 đường Lê Lợi, tỉnh An Bình", self.form, "tran van an 079088001234",
                now, now,
            ),
        )  # fmt: skip
        self.cursor.execute("COMMIT")


class Lookup:
    """A status lookup by code through the selector."""

    def __init__(self, codes: list[str], seed: int) -> None:
        self.codes = codes
        self.start = random.Random(seed).randrange(len(codes))

    def __call__(self, i: int) -> None:
        view = dossier_status_by_code(self.codes[(self.start + i) % len(self.codes)])
        assert view is not None


class SelectCeiling:
    """The same indexed SELECT by code with the raw driver cursor."""

    def __init__(self, codes: list[str], seed: int) -> None:
        connection.ensure_connection()
        assert connection.connection is not None
        self.cursor = connection.connection.cursor()
        self.codes = codes
        self.start = random.Random(seed).randrange(len(codes))
        mark = "?" if connection.vendor == "sqlite" else "%s"
        self.sql = f"SELECT code, status, due_at FROM {Dossier._meta.db_table} WHERE code = {mark}"

    def __call__(self, i: int) -> None:
        self.cursor.execute(self.sql, (self.codes[(self.start + i) % len(self.codes)],))
        assert self.cursor.fetchone() is not None


# --- measuring --------------------------------------------------------------------------------


@dataclass
class Measurement:
    """One (workload, processes) pair: ``rate`` is the median over ``runs`` (rates of repeats)."""

    name: str
    processes: int
    ops: int
    seconds: float
    rate: float
    cpu_ms_per_op: float
    runs: list[float] = field(default_factory=list)
    idle_before: list[float] = field(default_factory=list)
    ceiling: float | None = None
    ratio: float | None = None
    target: float | None = None


def _timed(op: Op, seconds: float, warmup: float) -> tuple[int, float, float]:
    """Run ``op`` for ``warmup`` then ``seconds``; returns (ops, elapsed, process CPU)."""
    i = 0
    end = time.perf_counter() + warmup
    while time.perf_counter() < end:
        op(i)
        i += 1
    ops = 0
    cpu = time.process_time()
    start = time.perf_counter()
    end = start + seconds
    now = start
    while now < end:
        op(i + ops)
        ops += 1
        now = time.perf_counter()
    return ops, now - start, time.process_time() - cpu


def _child(
    factory: Callable[[int], Op],
    seed: int,
    seconds: float,
    warmup: float,
    barrier: Any,
    results: Any,
) -> None:
    try:
        op = factory(seed)
        barrier.wait()
        results.put(("ok", _timed(op, seconds, warmup)))
    except BaseException:
        results.put(("error", traceback.format_exc()))
        barrier.abort()
    finally:
        connections.close_all()


def measure(
    name: str, factory: Callable[[int], Op], processes: int, seconds: float, warmup: float
) -> Measurement:
    """Aggregate rate of ``processes`` processes (forked, one connection each) in parallel."""
    if processes == 1:
        ops, elapsed, cpu = _timed(factory(1), seconds, warmup)
        runs = [(ops, elapsed, cpu)]
    else:
        connections.close_all()  # never share a connection with a forked process
        ctx = multiprocessing.get_context("fork")
        barrier = ctx.Barrier(processes)
        queue = ctx.Queue()
        children = [
            ctx.Process(target=_child, args=(factory, n + 1, seconds, warmup, barrier, queue))
            for n in range(processes)
        ]
        for child in children:
            child.start()
        outcomes = [queue.get() for _ in children]
        for child in children:
            child.join()
        errors = [detail for kind, detail in outcomes if kind == "error"]
        if errors:
            raise RuntimeError(f"{name}: a benchmark process failed:\n{errors[0]}")
        runs = [detail for _, detail in outcomes]
    ops = sum(r[0] for r in runs)
    rate = sum(r[0] / r[1] for r in runs)
    cpu_ms = 1000 * sum(r[2] for r in runs) / max(ops, 1)
    return Measurement(name, processes, ops, max(r[1] for r in runs), rate, cpu_ms, [rate])


def combine(repeats: list[Measurement]) -> Measurement:
    """The median repeat (by rate), with every repeat's rate kept in ``runs``."""
    ordered = sorted(repeats, key=lambda m: m.rate)
    middle = ordered[(len(ordered) - 1) // 2]
    return Measurement(
        middle.name,
        middle.processes,
        sum(m.ops for m in repeats),
        sum(m.seconds for m in repeats),
        middle.rate,
        middle.cpu_ms_per_op,
        [round(m.rate, 1) for m in repeats],
        [idle for m in repeats for idle in m.idle_before],
    )


def _cpu_times() -> tuple[int, int]:
    """(idle, total) jiffies of all CPUs since boot."""
    with Path("/proc/stat").open() as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    return values[3] + values[4], sum(values)


def wait_for_idle(max_wait: float, threshold: float = 0.9) -> float | None:
    """Wait (up to ``max_wait`` s) until the CPUs are ``threshold`` idle over one second.

    Returns the idle share seen last (None where /proc/stat is missing): other work on a small
    machine changes the rates a lot, so each measurement starts on a quiet machine if it can.
    """
    deadline = time.monotonic() + max_wait
    while True:
        try:
            idle0, total0 = _cpu_times()
            time.sleep(1.0)
            idle1, total1 = _cpu_times()
        except OSError:
            return None
        idle = (idle1 - idle0) / max(total1 - total0, 1)
        if idle >= threshold or time.monotonic() >= deadline:
            return round(idle, 3)


# --- checks -----------------------------------------------------------------------------------


def sample_codes(size: int, seed: int = 1) -> list[str]:
    """Up to ``size`` codes of random existing dossiers."""
    rng = random.Random(seed)
    low = Dossier.objects.order_by("id").values_list("id", flat=True).first() or 0
    high = Dossier.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ids = sorted({rng.randint(low, high) for _ in range(size)})
    codes: list[str] = []
    for start in range(0, len(ids), 1000):
        batch = ids[start : start + 1000]
        codes += Dossier.objects.filter(id__in=batch).values_list("code", flat=True)
    rng.shuffle(codes)
    return codes


def lookup_check(code: str) -> dict[str, Any]:
    """The lookup's queries (must be one) and its plan: which index on ``code`` it uses."""
    with CaptureQueriesContext(connection) as captured:
        dossier_status_by_code(code)
    sql = captured.captured_queries[0]["sql"]
    table = Dossier._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute(
                "SELECT indexname, indexdef LIKE 'CREATE UNIQUE INDEX%%' FROM pg_indexes "
                "WHERE tablename = %s AND indexdef ~ '\\(code( varchar_pattern_ops)?\\)$'",
                [table],
            )
            used = re.findall(r"Index (?:Only )?Scan using (\S+)", plan)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            cursor.execute(
                f"SELECT il.name, il.[unique] FROM pragma_index_list('{table}') AS il "
                "WHERE (SELECT group_concat(ii.name) FROM pragma_index_info(il.name) AS ii) "
                "= 'code'"
            )
            used = re.findall(r"USING (?:COVERING )?INDEX (\S+)", plan)
        code_indexes = {name: bool(unique) for name, unique in cursor.fetchall()}
    return {
        "queries": len(captured.captured_queries),
        "sql": sql,
        "plan": plan,
        "code_indexes": code_indexes,
        "index_used": used[0] if used else None,
        "uses_code_index": bool(used) and used[0] in code_indexes,
        "uses_unique_index": bool(used) and code_indexes.get(used[0], False),
    }


def submission_queries(world: World) -> dict[str, Any]:
    """The queries of one submission: with warm objects (as measured) and fresh ones."""
    submit = Submit(world, seed=99)
    for index in range(len(submit.centres)):
        submit.submit(index)  # warm the per-object caches (parent units) of every centre
    with CaptureQueriesContext(connection) as warm:
        submit.submit(1)
    fresh = Submit(world, seed=98)
    with CaptureQueriesContext(connection) as cold:
        fresh.submit(1)
    return {
        "warm": _statements(warm.captured_queries),
        "fresh_objects": _statements(cold.captured_queries),
        "warm_sql": [q["sql"][:160] for q in warm.captured_queries],
        "fresh_objects_sql": [q["sql"][:160] for q in cold.captured_queries],
    }


def _statements(queries: list[dict[str, Any]]) -> int:
    """Statements other than transaction control (which some backends log, others not)."""
    return sum(1 for q in queries if q["sql"].split(" ")[0].upper() not in ("BEGIN", "COMMIT"))


# --- the run ----------------------------------------------------------------------------------


def _create_scratch() -> None:
    text = "text" if connection.vendor == "sqlite" else "varchar(300)"
    pk = (
        "integer PRIMARY KEY AUTOINCREMENT"
        if connection.vendor == "sqlite"
        else "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    )
    json_type = "text" if connection.vendor == "sqlite" else "jsonb"
    stamp = "datetime" if connection.vendor == "sqlite" else "timestamptz"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
        cursor.execute(
            f"CREATE TABLE {SCRATCH} (id {pk}, code varchar(40) NOT NULL UNIQUE, "
            f"status varchar(20) NOT NULL, applicant_name {text} NOT NULL, "
            f"applicant_address {text} NOT NULL, applicant_data {json_type} NOT NULL, "
            f"search_text {text} NOT NULL, submitted_at {stamp} NOT NULL, "
            f"updated_at {stamp} NOT NULL)"
        )


def _drop_scratch() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")


def _server_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def _memory_gib() -> float | None:
    try:
        with Path("/proc/meminfo").open() as meminfo:
            kib = int(meminfo.readline().split()[1])
        return round(kib / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        return None


def _in_memory_sqlite() -> bool:
    name = str(connection.settings_dict["NAME"])
    return connection.vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name)


def _commit() -> str | None:
    """The code measured: the Git commit, marked ``-dirty`` with uncommitted changes."""
    root = Path(__file__).resolve().parents[1]
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "src"],  # noqa: S607
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{head}-dirty" if dirty else head


def _loadavg() -> list[float]:
    """1, 5 and 15 minute load averages: other work on the machine skews the rates."""
    return [round(x, 2) for x in os.getloadavg()]


@dataclass
class Result:
    database: str
    server: str
    date: str
    commit: str | None
    machine: dict[str, Any]
    dossiers: int
    events: int
    seconds_per_measure: float
    repeats: int
    measurements: list[Measurement] = field(default_factory=list)
    lookup: dict[str, Any] = field(default_factory=dict)
    submission_queries: dict[str, Any] = field(default_factory=dict)
    generation: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)


def benchmark(
    *,
    count: int,
    seconds: float,
    warmup: float,
    processes: tuple[int, ...] = (1, 2),
    repeat: int = 1,
    idle_wait: float = 0.0,
    generate_missing: bool = True,
    jobs: int = 2,
    say: Callable[[str], None] = print,
) -> Result:
    generate.migrate_if_needed()
    world = generate.ensure_world()
    existing = Dossier.objects.count()
    generation = None
    if existing < count:
        if not generate_missing:
            raise SystemExit(f"the database holds {existing} dossiers, fewer than {count}")
        say(f"generating {count - existing} dossiers (the database holds {existing}) ...")
        report = generate.generate(count - existing, jobs=jobs, progress=say)
        generation = report.as_dict()
    if _in_memory_sqlite():  # other processes cannot see it
        processes = tuple(p for p in processes if p == 1)
    result = Result(
        database=connection.vendor,
        server=_server_version(),
        date=date.today().isoformat(),
        commit=_commit(),
        machine={
            "cpus": os.cpu_count(),
            "memory_gib": _memory_gib(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        dossiers=Dossier.objects.count(),
        events=DossierEvent.objects.count(),
        seconds_per_measure=seconds,
        repeats=repeat,
        generation=generation,
    )
    say(f"{result.server}: {result.dossiers:,} dossiers, {result.events:,} events")
    result.machine["loadavg_before"] = _loadavg()
    codes = sample_codes(20_000)
    result.lookup = lookup_check(codes[0])
    result.submission_queries = submission_queries(world)
    _create_scratch()
    try:
        parallel = tuple(n for n in processes if n > 1)
        plan: list[tuple[str, str, Callable[[int], Op], tuple[int, ...]]] = [
            ("submit", "Submissions (dossier_submit)", lambda s: Submit(world, s), processes),
            ("submit_one_centre", "Submissions, all at one centre",
             lambda s: Submit(world, s, centre=1), parallel),
            ("insert_ceiling", "Ceiling: BEGIN; INSERT; COMMIT", InsertCeiling, processes),
            ("lookup", "Status lookups (dossier_status_by_code)", lambda s: Lookup(codes, s),
             processes),
            ("select_ceiling", "Ceiling: SELECT by code", lambda s: SelectCeiling(codes, s),
             processes),
        ]  # fmt: skip
        repeats: dict[tuple[str, int], list[Measurement]] = {}
        for round_ in range(1, repeat + 1):  # interleaved, so passing load spreads over all
            for key, label, factory, counts in plan:
                for n in counts:
                    idle = wait_for_idle(idle_wait) if idle_wait > 0 else None
                    say(
                        f"[{round_}/{repeat}] {label}, {n} process(es), {seconds:g} s "
                        f"(CPU idle before: {idle if idle is not None else '?'}) ..."
                    )
                    m = measure(key, factory, n, seconds, warmup)
                    m.idle_before = [idle] if idle is not None else []
                    repeats.setdefault((key, n), []).append(m)
        result.measurements = [combine(runs) for runs in repeats.values()]
    except BaseException:
        connection.close()  # a raw transaction left open by a failure must not block clean-up
        raise
    finally:
        _drop_scratch()
    result.machine["loadavg_after"] = _loadavg()
    by_key = {(m.name, m.processes): m for m in result.measurements}
    for m in result.measurements:
        ceiling_key = CEILINGS.get(m.name)
        if ceiling_key:
            ceiling = by_key[(ceiling_key, m.processes)]
            m.ceiling, m.ratio, m.target = ceiling.rate, m.rate / ceiling.rate, TARGETS[m.name]
    if 2 in processes and connection.vendor == "sqlite":
        result.notes.append("SQLite has one writer at a time: writing processes queue on BEGIN.")
    return result


LABELS = {
    "submit": "Submissions (`dossier_submit`)",
    "submit_one_centre": "Submissions, all at one centre (one sequence row)",
    "insert_ceiling": "ceiling: raw `BEGIN; INSERT; COMMIT`",
    "lookup": "Status lookups (`dossier_status_by_code`)",
    "select_ceiling": "ceiling: raw `SELECT … WHERE code = ?`",
}


def markdown(result: Result) -> str:
    idles = [idle for m in result.measurements for idle in m.idle_before]
    lines = [
        f"**{result.server}**, {result.dossiers:,} dossiers / {result.events:,} events, "
        f"{result.machine['cpus']} CPUs, {result.machine['memory_gib']} GiB, {result.date}, "
        f"commit {result.commit}, "
        f"median of {result.repeats} × {result.seconds_per_measure:g} s, load average "
        f"{result.machine['loadavg_before'][0]:g} → {result.machine['loadavg_after'][0]:g}"
        + (f", CPU idle before each run ≥ {min(idles):.0%}" if idles else ""),
        "",
        "| Measure | Processes | Rate (/s) | Runs (/s) | Ceiling (/s) | Ratio | Target "
        "| Client CPU/op |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in result.measurements:
        if m.ceiling is None:
            continue
        target = f"≥ {m.target:,.0f}" + (" ✓" if m.rate >= (m.target or 0) else " ✗")
        lines.append(
            f"| {LABELS[m.name]} | {m.processes} | {m.rate:,.0f} | {_runs(m)} | "
            f"{m.ceiling:,.0f} | {m.ratio:.2f} | {target} | {m.cpu_ms_per_op:.2f} ms |"
        )
    for m in result.measurements:
        if m.ceiling is None:
            lines.append(
                f"| {LABELS[m.name]} | {m.processes} | {m.rate:,.0f} | {_runs(m)} | | | | "
                f"{m.cpu_ms_per_op:.2f} ms |"
            )
    lookup, queries = result.lookup, result.submission_queries
    lines += [
        "",
        f"Lookup: {lookup['queries']} query; index used: `{lookup['index_used']}` "
        f"(unique: {'yes' if lookup['uses_unique_index'] else 'no'}; indexes on `code`: "
        + ", ".join(f"`{n}`{' unique' if u else ''}" for n, u in lookup["code_indexes"].items())
        + ")",
        "",
        "```sql",
        lookup["sql"],
        "```",
        "```",
        lookup["plan"],
        "```",
        "",
        f"One submission: {queries['warm']} statements plus BEGIN and COMMIT with warm objects "
        f"(as measured), {queries['fresh_objects']} with freshly loaded units:",
        "",
        *(f"{n}. `{sql}`" for n, sql in enumerate(queries["warm_sql"], start=1)),
    ]
    lines += [f"\nNote: {note}" for note in result.notes]
    return "\n".join(lines)


def _runs(m: Measurement) -> str:
    return " / ".join(f"{r:,.0f}" for r in m.runs)


def save(result: Result, directory: Path = RESULTS) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{result.database}-{result.date}.json"
    path.write_text(json.dumps(asdict(result), indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="dossiers the DB must hold")
    parser.add_argument("--seconds", type=float, default=5.0, help="per measurement")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the median is reported")
    parser.add_argument("--warmup", type=float, default=1.0, help="per measurement")
    parser.add_argument("--processes", default="1,2", help="e.g. 1,2")
    parser.add_argument(
        "--idle-wait",
        type=float,
        default=60.0,
        help="before each measurement, wait up to N s for 90%% idle CPUs (0: do not wait)",
    )
    parser.add_argument("--no-generate", action="store_true", help="refuse to top up the DB")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the top-up load")
    parser.add_argument("--output-dir", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    result = benchmark(
        count=args.count,
        seconds=args.seconds,
        warmup=args.warmup,
        processes=tuple(int(p) for p in args.processes.split(",")),
        repeat=args.repeat,
        idle_wait=args.idle_wait,
        generate_missing=not args.no_generate,
        jobs=args.jobs,
        say=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print(markdown(result))
    path = save(result, args.output_dir)
    print(f"\nJSON: {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
