# SPDX-License-Identifier: EUPL-1.2
"""Smoke test of the benchmark tools on 200 dossiers: they run and the data is valid.

Speeds are printed by ``bench/run.py``, never asserted here.
"""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Sum

import generate
import run
from motcua.dossiers.models import Dossier, DossierEvent, DossierSequence
from motcua.dossiers.selectors import first_broken_link
from motcua.testing.builders import World

pytestmark = pytest.mark.django_db(transaction=True)


def _audit() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def test_generator_then_runner(tmp_path: Path) -> None:
    report = generate.generate(200, days=2, jobs=1, analyze=False)

    assert report.dossiers == Dossier.objects.count() == 200
    assert 200 < report.events == DossierEvent.objects.count() < 200 * 8
    assert Dossier.objects.values("code").distinct().count() == 200
    assert DossierSequence.objects.aggregate(n=Sum("last_value"))["n"] == 200
    assert len(Dossier.objects.values_list("status").distinct()) > 5
    assert first_broken_link() is None
    assert "OK: 200 dossier chains intact" in _audit()

    # Submissions today continue the generated sequences: a collision would raise here.
    result = run.benchmark(
        count=200, seconds=0.1, warmup=0.02, processes=(1, 2), say=lambda _line: None
    )

    names = {(m.name, m.processes) for m in result.measurements}
    assert {"submit", "insert_ceiling", "lookup", "select_ceiling"} <= {name for name, _ in names}
    assert all(m.ops > 0 and m.rate > 0 for m in result.measurements)
    assert all(m.ratio is not None for m in result.measurements if m.name in run.TARGETS)
    assert result.lookup["queries"] == 1
    assert result.lookup["uses_code_index"]
    assert result.submission_queries["warm"] >= 4
    assert first_broken_link() is None
    table = run.markdown(result)
    assert "| Submissions (`dossier_submit`) | 1 |" in table
    saved = json.loads(run.save(result, tmp_path).read_text("utf-8"))
    assert saved["dossiers"] == 200 < Dossier.objects.count()


def test_sync_benchmark_delivers_everything(world: World) -> None:
    import sync

    world.submit()  # the template of the bench's dossier messages
    results = sync.main(["--backlog", "300", "--sustained", "200"])
    drain = results["drain"]
    assert isinstance(drain, dict)
    assert (drain["portal_accepted"], drain["order_violations"]) == (300, 0)
    assert results["sustained"]["events"] == 200  # type: ignore[index]
