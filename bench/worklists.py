# SPDX-License-Identifier: EUPL-1.2
"""How fast an official's worklist page answers over a large database (issue 4).

    DATABASE_URL=postgres://postgres@127.0.0.1/motcua_bench python bench/worklists.py

Run after ``bench/generate.py``. For the busiest centre's desk officer and the busiest commune's
head and specialist, it requests each of their worklist pages (first page, 50 rows, tabs with
capped counts, time left per row) through Django's test client, the whole stack with templates,
and an accent-insensitive search. The ceiling, measured in the same run, is the page's own rows
query (the same SQL, 51 rows) run bare on the driver cursor; the report gives the median page
time and its ratio to the ceiling. Nothing is asserted; results go to
``bench/results/worklists-<database>-<date>.json``.
"""

import _setup  # noqa: F401  (Django must be set up before the models are imported)

# isort: split
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role, RoleAssignment
from motcua.backoffice.access import SESSION_KEY
from motcua.core import clock
from motcua.dossiers.models import Dossier
from motcua.dossiers.time_left import UnitCalendars
from motcua.dossiers.worklists import Filters, apply_filters, worklist_queryset, worklists_for

RUNS = 15


def median_seconds(call: Callable[[], object], runs: int = RUNS) -> float:
    call()  # warm caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def busiest(field: str, **where: object) -> int:
    rows = Dossier.objects.filter(**where).values(field).annotate(n=Count("id"))
    row = rows.order_by("-n").first()
    assert row is not None, "no dossiers: run bench/generate.py first"
    return int(row[field])


def actor_for(role: str, unit_id: int) -> Actor:
    assignment = (
        RoleAssignment.objects.filter(role=role, unit_id=unit_id).select_related("user", "unit")
    ).first()
    assert assignment is not None, (role, unit_id)
    return Actor(assignment.user, role, assignment.unit)


def client_for(actor: Actor) -> Client:
    assert actor.user is not None and actor.unit is not None
    device, _ = TOTPDevice.objects.get_or_create(
        user=actor.user, name="bench", defaults={"confirmed": True}
    )
    client = Client()
    client.force_login(actor.user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_KEY] = {"role": actor.role, "unit": actor.unit.pk}
    session.save()
    return client


def ceiling(actor: Actor, name: str, query: str = "") -> Callable[[], object]:
    """The page's rows query, compiled once and run bare on the driver cursor."""
    worklist = next(w for w in worklists_for(actor.role) if w.name == name)
    now = clock.now()
    calendar = UnitCalendars().for_unit(actor.unit)
    queryset = worklist_queryset(worklist, actor, now=now, calendar=calendar)
    if query:
        queryset = apply_filters(queryset, Filters(q=query))
    sql, params = queryset.order_by("-id")[:51].query.sql_with_params()

    def run() -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def measure() -> dict[str, object]:
    desk = actor_for(Role.RECEPTION_OFFICER, busiest("receiving_unit"))
    commune = busiest("current_unit", status="in_progress")
    actors = [desk, actor_for(Role.DEPARTMENT_HEAD, commune), actor_for(Role.SPECIALIST, commune)]
    rows = []
    for actor in actors:
        client = client_for(actor)
        pages = [(w.name, "") for w in worklists_for(actor.role)]
        pages.append(("unit" if actor.role != Role.RECEPTION_OFFICER else "to_forward", "tran"))
        for name, query in pages:
            url = f"/en/backoffice/worklists/{name}/" + (f"?q={query}" if query else "")
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            page = median_seconds(partial(client.get, url))
            bare = median_seconds(ceiling(actor, name, query))
            rows.append(
                {"role": actor.role, "worklist": name, "search": query,
                 "page_ms": round(page * 1000, 1), "ceiling_ms": round(bare * 1000, 2),
                 "ratio": round(bare / page, 3)}
            )  # fmt: skip
    return {
        "database": connection.vendor,
        "dossiers": Dossier.objects.count(),
        "date": date.today().isoformat(),
        "at": timezone.now().isoformat(),
        "runs": RUNS,
        "rows": rows,
    }


def markdown(result: dict[str, object]) -> str:
    lines = [
        f"**{result['database']}**, {result['dossiers']:,} dossiers, median of {RUNS} requests",
        "",
        "| Role | Worklist | Search | Page (ms) | Ceiling: rows query (ms) | Ratio |",
        "|---|---|---|---:|---:|---:|",
    ]
    for row in result["rows"]:  # type: ignore[attr-defined]
        lines.append(
            f"| {row['role']} | {row['worklist']} | {row['search'] or '—'} | {row['page_ms']} "
            f"| {row['ceiling_ms']} | {row['ratio']} |"
        )
    return "\n".join(lines)


def main() -> int:
    result = measure()
    out = (
        Path(__file__).parent / "results" / f"worklists-{result['database']}-{result['date']}.json"
    )
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2), "utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
