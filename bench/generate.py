# SPDX-License-Identifier: EUPL-1.2
"""Bulk-load synthetic dossiers with valid hash-chained histories, for the benchmarks.

    DATABASE_URL=postgres://postgres@127.0.0.1/motcua_bench python bench/generate.py --count 1000000
    DATABASE_URL=sqlite:///var/bench.sqlite3 python bench/generate.py --count 1000000

The database is migrated if needed and the demo organisation, officials and one procedure are
created if missing. Dossiers are spread over the last ``--days`` days (weekdays busier), the
centres of the demo province, the channels and the statuses; each one's history follows a legal
path of the lifecycle (about 3 events per dossier) and its events form a valid hash chain, so
``python -m motcua audit verify`` passes. Codes come from ``format_code`` with per-unit, per-day
sequences that continue the ``DossierSequence`` rows (which are updated), so later submissions
through the service layer do not collide. A second run adds ``--count`` more dossiers.

PostgreSQL is loaded with ``COPY``, SQLite with ``executemany`` in large transactions; both in
``--jobs`` processes (one connection each), each loading whole days in its own transaction.
"""

import _setup  # noqa: F401  (Django must be set up before the models are imported)

# isort: split
import argparse
import json
import multiprocessing
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max
from django.utils import timezone

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.calendar.deadlines import TimeLimit, compute_due
from motcua.calendar.selectors import calendar_for_unit
from motcua.calendar.workdays import WorkingCalendar
from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.catalog.services import catalog_import
from motcua.core import clock
from motcua.core.hashchain import GENESIS, link_hash
from motcua.core.models import OutboxMessage
from motcua.core.outbox import EVENT_TYPE_PREFIX
from motcua.core.text import fold
from motcua.demo.formdata import FAMILY, GIVEN, MIDDLE, STREETS, form_for
from motcua.demo.organisation import create_organisation
from motcua.demo.people import create_people
from motcua.dossiers.codes import format_code
from motcua.dossiers.lifecycle import (
    NATIONAL_CHANNEL,
    NATIONAL_STATUS,
    Action,
    Channel,
    Status,
    rule_for,
)
from motcua.dossiers.models import Dossier, DossierEvent, DossierSequence
from motcua.orgunits.models import AgencyCode, OrgUnit
from motcua.orgunits.selectors import agency_code_on
from motcua.testing.builders import World, catalog_document, procedure_document

PROCEDURE_CODE = "1.004873"
BENCH_CITIZENS = 1000
CHUNK_DOSSIERS = 20_000

#: Final status → (weight in %, steps after the submission). Mean ≈ 3 events per dossier.
STATUS_MIX: dict[Status, tuple[int, tuple[str, ...]]] = {
    Status.SUBMITTED: (20, ()),
    Status.AWAITING_COMPLETION: (4, ("completion",)),
    Status.NOT_ACCEPTED: (4, ("refuse",)),
    Status.CANCELLED: (1, ("cancel",)),
    Status.WITHDRAWN: (2, ("withdraw",)),
    Status.RECEIVED: (21, ("receive",)),
    Status.IN_PROGRESS: (27, ("receive", "forward")),
    Status.AWAITING_SUPPLEMENT: (3, ("receive", "forward", "assign", "supplement_request")),
    Status.AWAITING_PAYMENT: (2, ("receive", "forward", "assign", "payment_request")),
    Status.WITHDRAW_REQUESTED: (1, ("receive", "forward", "withdraw")),
    Status.STOPPED: (1, ("receive", "forward", "withdraw", "stop")),
    Status.PROCESSED: (4, ("receive", "forward", "assign", "appraise", "approve")),
    Status.RESULT_READY: (4, ("receive", "forward", "assign", "appraise", "approve", "issue")),
    Status.RETURNED: (
        6,
        ("receive", "forward", "assign", "appraise", "approve", "issue", "return"),
    ),
}
CHANNEL_MIX: dict[Channel, int] = {
    Channel.ONLINE: 58,
    Channel.COUNTER: 27,
    Channel.POSTAL: 7,
    Channel.AGENT: 6,
    Channel.KIOSK: 2,
}

DOSSIER_COLUMNS = (
    "id", "code", "procedure_version_id", "channel", "status", "version", "receiving_unit_id",
    "competent_unit_id", "current_unit_id", "current_step", "owner_id", "submitted_by_id",
    "applicant_kind", "applicant_name", "applicant_id_number", "applicant_phone",
    "applicant_email", "applicant_address", "applicant_data", "search_text", "submitted_at",
    "received_at", "clock_started_at", "time_limit_amount", "time_limit_unit", "due_at",
    "original_due_at", "clock_pauses", "extensions", "desk_completion_requests",
    "supplement_requests", "outcome", "decided_at", "result_issued_at", "returned_at",
    "return_method", "finished_at", "updated_at", "assignee_id", "tracking_book_line",
    "current_role",
)  # fmt: skip
EVENT_COLUMNS = (
    "dossier_id", "sequence", "action", "at", "actor_id", "actor_name", "role", "unit_id",
    "status_before", "status_after", "reason", "data", "previous_hash", "hash",
)  # fmt: skip
OUTBOX_COLUMNS = (
    "id", "type", "aggregate_type", "aggregate_id", "sequence", "envelope", "created_at",
)  # fmt: skip

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
HOUR_US = 3_600_000_000
Row = tuple[Any, ...]


def _check_columns() -> None:
    """Fail early if the models changed: every concrete column must be written."""
    for model, columns, skip in (
        (Dossier, DOSSIER_COLUMNS, set()),
        (DossierEvent, EVENT_COLUMNS, {"id"}),
        (OutboxMessage, OUTBOX_COLUMNS, set()),
    ):
        expected = {f.column for f in model._meta.concrete_fields} - skip
        if expected != set(columns):
            raise RuntimeError(f"{model.__name__} columns changed: {expected ^ set(columns)}")


# --- database set-up --------------------------------------------------------------------------


def migrate_if_needed() -> None:
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", "--no-input", "--verbosity", "0")


def ensure_world() -> World:
    """The demo organisation, officials, the procedure and citizens (created when missing)."""
    with transaction.atomic():
        org = create_organisation()
        create_people(org)
        version = _published_version()
        if version is None:
            start = timezone.localdate() - timedelta(days=3 * 365)
            catalog_import(catalog_document(procedure_document(effective_from=start.isoformat())))
            version = _published_version()
        assert version is not None
        citizens = [
            User.objects.get_or_create(
                username=username,
                defaults={"full_name": name, "national_id": national_id, "eid_level": 2},
            )[0]
            for username, name, national_id in (
                ("citizen.a", "Trần Văn An", "079088001234"),
                ("citizen.b", "Lê Thị Bình", "079090005678"),
            )
        ]
        rng = random.Random(7)
        User.objects.bulk_create(
            [
                User(
                    username=f"citizen.bench{i:04d}",
                    full_name=_person_name(rng),
                    national_id=f"0{rng.randrange(10**11):011d}",
                    phone=f"09{rng.randrange(10**8):08d}",
                    eid_level=2,
                    password="!",  # noqa: S106 — unusable password
                )
                for i in range(BENCH_CITIZENS)
            ],
            ignore_conflicts=True,
        )
    return World(org, version, citizens[0], citizens[1])


def _published_version() -> ProcedureVersion | None:
    return (
        ProcedureVersion.objects.filter(
            procedure__national_code=PROCEDURE_CODE, status=VersionStatus.PUBLISHED
        )
        .select_related("procedure")
        .order_by("-number")
        .first()
    )


def _person_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


# --- the plan: what each process loads ----------------------------------------------------------

Who = tuple[int | None, str, str, int | None]  # user id, display name, role, unit id


@dataclass
class Context:
    """Everything a loading process needs, computed once before the processes fork."""

    vendor: str
    version_id: int
    procedure_code: str
    version_number: int
    applicant_schema: dict[str, Any]
    centres: list[OrgUnit]
    centre_weights: list[int]
    commune_of: dict[int, OrgUnit | None]
    communes: list[OrgUnit]
    unit_code: dict[int, str]
    agency_history: set[int]
    officials: dict[tuple[str, int], Who]
    citizens: list[tuple[int, str, str, str]]
    province_id: int
    province_centre_id: int
    now_us: int
    tz: ZoneInfo
    seed: int
    outbox: bool
    limit_amount: Decimal = Decimal("3.00")
    limit_unit: str = "working_days"
    step_roles: dict[int, str] = field(default_factory=dict)  # step order → role
    calendar: WorkingCalendar | None = None
    due_cache: dict[tuple[date, int], tuple[datetime, datetime]] = field(default_factory=dict)


@dataclass(frozen=True)
class DayTask:
    day: date
    count: int
    first_id: int
    issued: dict[int, int]  # unit id → last sequence number already issued that day


@dataclass
class ChunkResult:
    dossiers: int = 0
    events: int = 0
    outbox: int = 0
    sequences: dict[tuple[int, date], int] = field(default_factory=dict)


def build_context(world: World, *, seed: int, outbox: bool) -> Context:
    org = world.org
    officials: dict[tuple[str, int], Who] = {}
    for ra in RoleAssignment.objects.select_related("user"):
        officials.setdefault((ra.role, ra.unit_id), (ra.user_id, str(ra.user), ra.role, ra.unit_id))
    citizens = list(
        User.objects.filter(username__startswith="citizen.", eid_level__gte=2)
        .order_by("id")
        .values_list("id", "full_name", "national_id", "phone")
    )
    centres = org.centres
    units = [org.province, *centres, *org.communes, *org.departments.values()]
    limit = world.version.time_limits.order_by("channel").first()
    return Context(
        vendor=connection.vendor,
        version_id=world.version.pk,
        procedure_code=world.version.procedure.national_code,
        version_number=world.version.number,
        applicant_schema=world.version.applicant_schema,
        centres=centres,
        centre_weights=[25] + [12] * (len(centres) - 1),
        commune_of={c.pk: (c.parent if c.kind == "commune_centre" else None) for c in centres},
        communes=org.communes,
        unit_code={u.pk: u.code for u in units},
        agency_history=set(AgencyCode.objects.values_list("unit_id", flat=True)),
        officials=officials,
        citizens=[(i, n or "", nid, p) for i, n, nid, p in citizens],
        province_id=org.province.pk,
        province_centre_id=org.province_centre.pk,
        now_us=_us(clock.now()),
        tz=ZoneInfo(settings.TIME_ZONE),
        seed=seed,
        outbox=outbox,
        limit_amount=limit.amount if limit else Decimal("3.00"),
        limit_unit=limit.unit if limit else "working_days",
        step_roles={s.order: s.role for s in world.version.steps.all()},
    )


def plan(count: int, days: int, ctx: Context) -> list[DayTask]:
    """Split ``count`` dossiers over the last ``days`` days (weekends lighter), with id ranges."""
    today = timezone.localtime(_dt(ctx.now_us)).date()
    window = [today - timedelta(days=n) for n in range(days - 1, -1, -1)]
    weights = [1.0 if d.weekday() < 5 else (0.35 if d.weekday() == 5 else 0.15) for d in window]
    total = sum(weights)
    exact = [count * w / total for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(window)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: count - sum(counts)]:
        counts[i] += 1
    issued: dict[tuple[int, date], int] = {
        (unit_id, day): value
        for unit_id, day, value in DossierSequence.objects.filter(day__gte=window[0]).values_list(
            "unit_id", "day", "last_value"
        )
    }
    next_id = (Dossier.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    tasks = []
    for day, n in zip(window, counts, strict=True):
        if n:
            before = {c.pk: issued.get((c.pk, day), 0) for c in ctx.centres}
            tasks.append(DayTask(day, n, next_id, before))
            next_id += n
    return tasks


def chunks(tasks: list[DayTask], size: int) -> list[list[DayTask]]:
    """Consecutive days grouped into transactions of about ``size`` dossiers."""
    out: list[list[DayTask]] = [[]]
    filled = 0
    for task in tasks:
        if filled >= size:
            out.append([])
            filled = 0
        out[-1].append(task)
        filled += task.count
    return [c for c in out if c]


# --- rows -----------------------------------------------------------------------------------


def _us(moment: datetime) -> int:
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _dt(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


def _iso(moment: datetime | None) -> str | None:
    """As the services write datetimes into events and JSON: ISO 8601 in UTC."""
    return moment.astimezone(UTC).isoformat() if moment is not None else None


@dataclass
class Draft:
    """A dossier being walked through its life; the fields that the steps change."""

    id: int
    code: str
    channel: Channel
    centre: OrgUnit
    commune: OrgUnit
    owner: tuple[int, str, str, str] | None
    submitter: Who
    name: str
    id_number: str
    submitted_at: datetime
    status: Status = Status.SUBMITTED
    version: int = 1
    current_unit_id: int = 0
    current_step: int = 1
    received_at: datetime | None = None
    clock_started_at: datetime | None = None
    due_at: datetime | None = None
    clock_pauses: list[dict[str, Any]] = field(default_factory=list)
    desk_completion_requests: int = 0
    supplement_requests: int = 0
    outcome: str = ""
    decided_at: datetime | None = None
    result_issued_at: datetime | None = None
    returned_at: datetime | None = None
    return_method: str = ""
    finished_at: datetime | None = None


class Loader:
    """Turns day tasks into rows and writes them with the database's bulk path."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.calendar = ctx.calendar or calendar_for_unit(None)
        self.statuses = list(STATUS_MIX)
        self.status_weights = [STATUS_MIX[s][0] for s in self.statuses]
        self.channels = list(CHANNEL_MIX)
        self.channel_weights = list(CHANNEL_MIX.values())
        self.fmt = _pg_datetime if ctx.vendor == "postgresql" else _sqlite_datetime
        self.source = settings.MOTCUA_EVENT_SOURCE

    # .. dossiers and events ..

    def day_rows(
        self, task: DayTask, result: ChunkResult
    ) -> tuple[list[Row], list[Row], list[Row]]:
        ctx = self.ctx
        rng = random.Random(ctx.seed * 1_000_003 + task.day.toordinal())
        start = _us(datetime.combine(task.day, dtime(6), tzinfo=ctx.tz))
        end = min(_us(datetime.combine(task.day, dtime(21), tzinfo=ctx.tz)), ctx.now_us - 1)
        if end <= start:
            start = min(_us(datetime.combine(task.day, dtime(0), tzinfo=ctx.tz)), end)
        moments = sorted(rng.randint(start, end) for _ in range(task.count))
        centres = rng.choices(ctx.centres, weights=ctx.centre_weights, k=task.count)
        issued = dict(task.issued)
        dossiers: list[Row] = []
        events: list[Row] = []
        outbox: list[Row] = []
        for offset, (moment, centre) in enumerate(zip(moments, centres, strict=True)):
            issued[centre.pk] += 1
            code = format_code(self.agency_code(centre, task.day), task.day, issued[centre.pk])
            self.dossier(
                rng, task.first_id + offset, code, centre, moment, dossiers, events, outbox
            )
        for unit_id, value in issued.items():
            if value != task.issued[unit_id]:
                result.sequences[(unit_id, task.day)] = value
        return dossiers, events, outbox

    def agency_code(self, unit: OrgUnit, day: date) -> str:
        if unit.pk not in self.ctx.agency_history:
            return unit.code  # what agency_code_on returns without history, without a query
        return agency_code_on(unit, day)

    def dossier(
        self,
        rng: random.Random,
        dossier_id: int,
        code: str,
        centre: OrgUnit,
        submitted_us: int,
        dossiers: list[Row],
        events: list[Row],
        outbox: list[Row],
    ) -> None:
        ctx = self.ctx
        channel = rng.choices(self.channels, weights=self.channel_weights)[0]
        commune = ctx.commune_of[centre.pk] or rng.choice(ctx.communes)
        owner = None
        if channel in (Channel.ONLINE, Channel.KIOSK):
            owner = rng.choice(ctx.citizens)
            submitter: Who = (owner[0], owner[1], Role.APPLICANT.value, None)
        elif channel == Channel.AGENT:
            owner = rng.choice(ctx.citizens) if rng.random() < 0.5 else None
            submitter = ctx.officials[(Role.AGENT, ctx.province_id)]
        elif channel == Channel.POSTAL and centre.pk == ctx.province_centre_id:
            submitter = ctx.officials[(Role.POSTAL_OFFICER, centre.pk)]
        else:
            submitter = ctx.officials[(Role.RECEPTION_OFFICER, centre.pk)]
        if owner is not None:
            name, id_number, phone = owner[1], owner[2], owner[3]
        else:
            name = _person_name(rng)
            id_number = f"0{rng.randrange(10**11):011d}"
            phone = f"0{rng.choice('9837')}{rng.randrange(10**8):08d}"
        status = rng.choices(self.statuses, weights=self.status_weights)[0]
        steps = STATUS_MIX[status][1]
        moments = self.moments(rng, submitted_us, len(steps))
        submitted_at = _dt(moments[0])
        d = Draft(
            dossier_id, code, channel, centre, commune, owner, submitter, name, id_number,
            submitted_at,
        )  # fmt: skip
        d.current_unit_id = centre.pk
        previous = self.event(
            d, Action.SUBMIT, submitter, "", {"channel": channel.value}, submitted_at, GENESIS,
            events, outbox,
        )  # fmt: skip
        for step, at_us in zip(steps, moments[1:], strict=True):
            at = _dt(at_us)
            action, actor, reason, data = self.step(rng, d, step, at)
            rule = rule_for(action, d.status)
            assert rule is not None, (action, d.status)
            d.version += 1
            previous = self.event(d, action, actor, reason, data, at, previous, events, outbox,
                                  status_after=rule.target)  # fmt: skip
        assert d.status == status
        fmt = self.fmt
        form = form_for(ctx.applicant_schema, rng)
        form.update({k: v for k, v in (("full_name", name), ("id_number", id_number)) if k in form})
        received = d.received_at is not None
        dossiers.append(
            (
                d.id, code, ctx.version_id, channel.value, d.status.value, d.version, centre.pk,
                commune.pk, d.current_unit_id, d.current_step, owner[0] if owner else None,
                submitter[0], "individual", name, id_number, phone, "",
                f"Số {rng.randint(1, 250)} đường {rng.choice(STREETS)}, tỉnh An Bình",
                json.dumps(form, ensure_ascii=False), _fold_name(name, id_number),
                fmt(submitted_at), fmt(d.received_at), fmt(d.clock_started_at),
                str(ctx.limit_amount) if received else None, ctx.limit_unit if received else "",
                fmt(d.due_at), fmt(d.due_at), json.dumps(d.clock_pauses), "[]",
                d.desk_completion_requests, d.supplement_requests, d.outcome, fmt(d.decided_at),
                fmt(d.result_issued_at), fmt(d.returned_at), d.return_method, fmt(d.finished_at),
                fmt(_dt(moments[-1])), None, None, ctx.step_roles.get(d.current_step, ""),
            )
        )  # fmt: skip

    def moments(self, rng: random.Random, first: int, steps: int) -> list[int]:
        """Strictly later event times after the submission, never after now."""
        gaps = [rng.randint(HOUR_US // 2, 36 * HOUR_US) for _ in range(steps)]
        room = self.ctx.now_us - first - 1
        total = sum(gaps)
        if total > room:
            gaps = [max(1, g * room // total) for g in gaps]
        out = [first]
        for gap in gaps:
            out.append(out[-1] + gap)
        return out

    def step(
        self, rng: random.Random, d: Draft, step: str, at: datetime
    ) -> tuple[Action, Who, str, dict[str, Any]]:
        """One service call's effect on the dossier: action, actor, reason and event data."""
        ctx = self.ctx
        desk = ctx.officials[(Role.RECEPTION_OFFICER, d.centre.pk)]

        def official(role: str) -> Who:
            return ctx.officials[(role, d.commune.pk)]

        data: dict[str, Any]
        if step == "completion":
            d.desk_completion_requests = 1
            data = {"missing": ["Tờ khai"], "form": "supplement_request"}
            return Action.REQUEST_SUPPLEMENT, desk, "Hồ sơ chưa đầy đủ", data
        if step == "refuse":
            d.finished_at = at
            return Action.REFUSE, desk, "Thủ tục không thuộc thẩm quyền", {"form": "refusal"}
        if step == "cancel":
            d.finished_at = at
            manager = ctx.officials[(Role.CENTRE_MANAGER, d.centre.pk)]
            return Action.CANCEL, manager, "Nhập trùng", {}
        if step == "withdraw":
            if d.status in (Status.SUBMITTED, Status.AWAITING_COMPLETION):
                d.finished_at = at
            if d.owner is not None:
                actor: Who = (d.owner[0], d.owner[1], Role.APPLICANT.value, None)
            elif d.channel == Channel.AGENT:
                actor = d.submitter
            else:
                actor = desk
            return Action.WITHDRAW, actor, "Người nộp đề nghị rút hồ sơ", {}
        if step == "receive":
            d.received_at = at
            d.clock_started_at, d.due_at = self.due(at)
            data = {"due_at": _iso(d.due_at), "limit": f"{ctx.limit_amount} {ctx.limit_unit}"}
            return Action.RECEIVE, desk, "", data
        if step == "forward":
            d.current_unit_id, d.current_step = d.commune.pk, 2
            data = {"from_unit": d.centre.code, "to_unit": d.commune.code, "form": "control_sheet"}
            return Action.FORWARD, desk, "", data
        if step in ("assign", "appraise"):
            role, note = (
                (Role.DEPARTMENT_HEAD, "Giao chuyên viên")
                if step == "assign"
                else (Role.SPECIALIST, "")
            )
            data = {"step": d.current_step, "next_step": d.current_step + 1, "note": note}
            d.current_step += 1
            return Action.PROCESS_STEP, official(role), note, data
        if step in ("supplement_request", "payment_request"):
            kind = "supplement" if step == "supplement_request" else "payment"
            d.clock_pauses = [{"start": _iso(at), "end": None, "reason": kind}]
            if kind == "supplement":
                d.supplement_requests = 1
                data = {"missing": ["Bản sao"], "form": "supplement_request"}
                return Action.REQUEST_SUPPLEMENT, official(Role.SPECIALIST), "Thiếu bản sao", data
            data = {"amount_vnd": 500_000}
            return Action.REQUEST_PAYMENT, official(Role.SPECIALIST), "Nghĩa vụ tài chính", data
        if step == "stop":
            d.finished_at = at
            data = {"form": "stop_notice"}
            return Action.STOP, official(Role.DEPARTMENT_HEAD), "Người nộp rút hồ sơ", data
        if step == "approve":
            data = {"step": d.current_step, "outcome": "approved"}
            d.outcome, d.decided_at, d.finished_at = "approved", at, at
            d.current_step += 1
            return Action.APPROVE, official(Role.SIGNING_LEADER), "", data
        if step == "issue":
            d.result_issued_at = at
            d.current_unit_id = d.centre.pk
            d.current_step += 1
            return Action.ISSUE_RESULT, official(Role.CLERK), "", {"result_number": f"{d.id}/XN"}
        if step == "return":
            d.returned_at = at
            d.return_method = rng.choice(("counter", "electronic"))
            counter = d.return_method == "counter"
            data = {
                "method": d.return_method,
                "receiver_name": d.name if counter else "",
                "receiver_id_number": d.id_number if counter else "",
            }
            return Action.RETURN_RESULT, desk, "", data
        raise ValueError(step)

    def due(self, received: datetime) -> tuple[datetime, datetime]:
        """Clock start and promised date (the engine's, cached per local hour of reception)."""
        local = received.astimezone(self.ctx.tz)
        key = (local.date(), local.hour)
        cached = self.ctx.due_cache.get(key)
        if cached is None:
            result = compute_due(
                self.calendar,
                received_at=local.replace(minute=0, second=0, microsecond=0),
                limit=TimeLimit(amount=self.ctx.limit_amount, unit=self.ctx.limit_unit),  # type: ignore[arg-type]
            )
            cached = (result.clock_started_at, result.due_at)
            self.ctx.due_cache[key] = cached
        return max(cached[0], received), cached[1]

    def event(
        self,
        d: Draft,
        action: Action,
        actor: Who,
        reason: str,
        data: dict[str, Any],
        at: datetime,
        previous_hash: str,
        events: list[Row],
        outbox: list[Row],
        *,
        status_after: Status = Status.SUBMITTED,
    ) -> str:
        """Append one event row (hash over exactly ``DossierEvent.chain_content``)."""
        status_before = "" if action == Action.SUBMIT else d.status.value
        d.status = status_after
        content = {
            "dossier": d.id,
            "sequence": d.version,
            "action": action.value,
            "at": at.isoformat(),
            "actor": actor[0],
            "actor_name": actor[1],
            "role": actor[2],
            "unit": actor[3],
            "status_before": status_before,
            "status_after": status_after.value,
            "reason": reason,
            "data": data,
        }
        digest = link_hash(previous_hash, content)
        events.append(
            (
                d.id, d.version, action.value, self.fmt(at), actor[0], actor[1], actor[2],
                actor[3], status_before, status_after.value, reason,
                json.dumps(data, ensure_ascii=False), previous_hash, digest,
            )
        )  # fmt: skip
        if self.ctx.outbox:
            outbox.append(self.message(d, action, actor, status_before, reason, data, at))
        return digest

    def message(
        self,
        d: Draft,
        action: Action,
        actor: Who,
        status_before: str,
        reason: str,
        data: dict[str, Any],
        at: datetime,
    ) -> Row:
        """The outbox message the services would have written with this event (not routed)."""
        ctx = self.ctx
        message_id = str(uuid.UUID(int=random.getrandbits(128), version=4))
        payload = {
            "dossier_code": d.code,
            "procedure_code": ctx.procedure_code,
            "procedure_version": ctx.version_number,
            "status": d.status.value,
            "national_status": NATIONAL_STATUS[d.status],
            "channel": d.channel.value,
            "national_channel": NATIONAL_CHANNEL[d.channel],
            "receiving_unit": d.centre.code,
            "competent_unit": d.commune.code,
            "current_unit": ctx.unit_code[d.current_unit_id],
            "applicant_name": d.name,
            "applicant_id_number": d.id_number,
            "submitted_at": _iso(d.submitted_at),
            "received_at": _iso(d.received_at),
            "due_at": _iso(d.due_at),
            "decided_at": _iso(d.decided_at),
            "returned_at": _iso(d.returned_at),
            "outcome": d.outcome,
            "event": {
                "sequence": d.version,
                "action": action.value,
                "at": _iso(at),
                "role": actor[2],
                "unit": ctx.unit_code[actor[3]] if actor[3] is not None else None,
                "status_before": status_before,
                "reason": reason,
                "data": data,
            },
        }
        event_type = f"{EVENT_TYPE_PREFIX}dossier.{action.value}"
        envelope = {
            "id": message_id,
            "source": self.source,
            "type": event_type,
            "subject": d.code,
            "sequence": str(d.version),
            "time": at.isoformat(),
            "datacontenttype": "application/json",
            "specversion": "1.0",
            "data": payload,
        }
        return (
            message_id, event_type, "dossier", str(d.id), d.version,
            json.dumps(envelope, ensure_ascii=False), self.fmt(at),
        )  # fmt: skip

    # .. writing ..

    def load(self, tasks: Sequence[DayTask]) -> ChunkResult:
        """Generate and write some days in one transaction; returns what was written."""
        result = ChunkResult()
        dossiers: list[Row] = []
        events: list[Row] = []
        outbox: list[Row] = []
        for task in tasks:
            d, e, o = self.day_rows(task, result)
            dossiers += d
            events += e
            outbox += o
        write = _copy if self.ctx.vendor == "postgresql" else _executemany
        with transaction.atomic():
            if self.ctx.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO off")
            write(Dossier._meta.db_table, DOSSIER_COLUMNS, dossiers)
            write(DossierEvent._meta.db_table, EVENT_COLUMNS, events)
            if outbox:
                write(OutboxMessage._meta.db_table, OUTBOX_COLUMNS, outbox)
            DossierSequence.objects.bulk_create(
                [
                    DossierSequence(unit_id=unit_id, day=day, last_value=value)
                    for (unit_id, day), value in result.sequences.items()
                ],
                update_conflicts=True,
                unique_fields=["unit", "day"],
                update_fields=["last_value"],
            )
        result.dossiers, result.events, result.outbox = len(dossiers), len(events), len(outbox)
        return result


def _fold_name(name: str, id_number: str) -> str:
    return fold(f"{name} {id_number}")[:300]


def _pg_datetime(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _sqlite_datetime(moment: datetime | None) -> str | None:
    """As Django stores aware datetimes on SQLite: naive UTC text."""
    return str(moment.astimezone(UTC).replace(tzinfo=None)) if moment is not None else None


def _copy(table: str, columns: Sequence[str], rows: list[Row]) -> None:
    names = ", ".join(f'"{column}"' for column in columns)  # quoted: current_role is reserved
    sql = f"COPY {table} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _executemany(table: str, columns: Sequence[str], rows: list[Row]) -> None:
    marks = ", ".join("?" * len(columns))
    names = ", ".join(f'"{column}"' for column in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    raw.executemany(sql, rows)


# --- processes ----------------------------------------------------------------------------------

_LOADER: Loader | None = None


def _prepare_connection() -> None:
    """Per-connection bulk-load settings (SQLite: no fsync, big cache, no per-row FK checks)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for pragma in (
                "synchronous=OFF",
                "cache_size=-500000",
                "temp_store=MEMORY",
                "foreign_keys=OFF",
            ):
                cursor.execute(f"PRAGMA {pragma}")


def _load_in_worker(tasks: list[DayTask]) -> ChunkResult:
    assert _LOADER is not None
    return _LOADER.load(tasks)


def _worker_init() -> None:
    _prepare_connection()


def _restore_connection() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")


@dataclass
class Report:
    count: int
    dossiers: int
    events: int
    outbox: int
    seconds_setup: float
    seconds_load: float
    seconds_finish: float

    @property
    def seconds_total(self) -> float:
        return self.seconds_setup + self.seconds_load + self.seconds_finish

    def as_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "dossiers": self.dossiers,
            "events": self.events,
            "outbox": self.outbox,
            "seconds_setup": round(self.seconds_setup, 2),
            "seconds_load": round(self.seconds_load, 2),
            "seconds_finish": round(self.seconds_finish, 2),
            "seconds_total": round(self.seconds_total, 2),
        }


def generate(
    count: int,
    *,
    days: int = 365,
    seed: int = 2026,
    jobs: int = 1,
    outbox: bool = False,
    analyze: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Load ``count`` more dossiers (with events, optionally outbox messages)."""
    global _LOADER
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    _check_columns()
    migrate_if_needed()
    world = ensure_world()
    ctx = build_context(world, seed=seed, outbox=outbox)
    tasks = plan(count, days, ctx)
    parts = chunks(tasks, CHUNK_DOSSIERS)
    _LOADER = Loader(ctx)
    setup = time.perf_counter() - started
    say(f"setup {setup:.1f} s; {count} dossiers in {len(parts)} transactions, {jobs} process(es)")
    started = time.perf_counter()
    totals = ChunkResult()
    try:
        for done, result in enumerate(_run_chunks(parts, jobs), start=1):
            totals.dossiers += result.dossiers
            totals.events += result.events
            totals.outbox += result.outbox
            if done % max(1, len(parts) // 10) == 0 or done == len(parts):
                elapsed = time.perf_counter() - started
                say(
                    f"  {totals.dossiers:>9} dossiers {totals.events:>9} events "
                    f"{elapsed:6.1f} s ({totals.dossiers / max(elapsed, 1e-9):,.0f} dossiers/s)"
                )
    finally:
        load = time.perf_counter() - started
        started = time.perf_counter()
        _finish(analyze=analyze)
    finish = time.perf_counter() - started
    return Report(count, totals.dossiers, totals.events, totals.outbox, setup, load, finish)


def _run_chunks(parts: list[list[DayTask]], jobs: int) -> Iterator[ChunkResult]:
    if jobs <= 1 or len(parts) <= 1:
        _prepare_connection()
        try:
            for part in parts:
                yield _LOADER.load(part) if _LOADER else ChunkResult()
        finally:
            _restore_connection()
        return
    connections.close_all()  # each forked process opens its own connection
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_init) as pool:
        yield from pool.imap_unordered(_load_in_worker, parts)


def _finish(*, analyze: bool) -> None:
    """Move the id sequence past the loaded ids and refresh the planner's statistics."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Dossier, DossierEvent]):
            cursor.execute(sql)
        if not analyze:
            return
        if connection.vendor == "postgresql":
            tables = [Dossier, DossierEvent, DossierSequence, OutboxMessage]
            for model in tables:
                cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
        else:
            cursor.execute("ANALYZE")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="dossiers to add")
    parser.add_argument("--days", type=int, default=365, help="spread over the last N days")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--jobs", type=int, default=min(2, multiprocessing.cpu_count()))
    parser.add_argument("--outbox", action="store_true", help="also write outbox messages")
    parser.add_argument("--no-analyze", action="store_true", help="skip VACUUM ANALYZE/ANALYZE")
    args = parser.parse_args(argv)
    report = generate(
        args.count,
        days=args.days,
        seed=args.seed,
        jobs=args.jobs,
        outbox=args.outbox,
        analyze=not args.no_analyze,
        progress=lambda line: print(line, flush=True),
    )
    print(
        f"{connection.vendor}: {report.dossiers} dossiers, {report.events} events "
        f"({report.events / max(report.dossiers, 1):.2f} per dossier), {report.outbox} outbox "
        f"messages in {report.seconds_total:.1f} s (setup {report.seconds_setup:.1f}, load "
        f"{report.seconds_load:.1f}, sequence reset + analyze {report.seconds_finish:.1f})"
    )
    print(json.dumps(report.as_dict()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
