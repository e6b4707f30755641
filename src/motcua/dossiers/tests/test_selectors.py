# SPDX-License-Identifier: EUPL-1.2
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_page, dossier_status_by_code
from motcua.testing.builders import World

pytestmark = pytest.mark.django_db


def test_status_by_code_is_one_query_on_the_unique_index(world: World) -> None:
    dossier = world.dossier_in(Status.RECEIVED)
    with CaptureQueriesContext(connection) as queries:
        view = dossier_status_by_code(dossier.code)
    assert view is not None
    assert (view.code, view.status, view.national_status) == (dossier.code, "received", 2)
    assert view.due_at == dossier.due_at
    (query,) = queries.captured_queries
    assert "JOIN" not in query["sql"].upper()
    assert dossier_status_by_code("H99.01-000000-0000") is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL-only")
def test_status_by_code_uses_the_code_index_on_postgresql(world: World) -> None:
    dossier = world.submit()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT code, status, due_at FROM dossiers_dossier WHERE code = %s",
            [dossier.code],
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "Index Scan using dossier_code_unique" in plan


def test_keyset_pages_cover_every_row_once_without_counting(world: World) -> None:
    codes = {world.submit().code for _ in range(7)}
    seen: list[str] = []
    cursor = None
    with CaptureQueriesContext(connection) as queries:
        while True:
            rows, cursor = dossier_page(Dossier.objects.all(), after_id=cursor, size=3)
            seen += [row.code for row in rows]
            if cursor is None:
                break
    assert sorted(seen) == sorted(codes) and len(seen) == 7
    assert len(queries.captured_queries) == 3
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
