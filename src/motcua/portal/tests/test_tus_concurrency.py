# SPDX-License-Identifier: EUPL-1.2
"""Concurrent PATCHes at the same offset: exactly one appends, the others get a conflict, and
the partial file holds the winner's bytes only (runs on SQLite and PostgreSQL)."""

import io
import threading

import pytest
from django.db import connection

from motcua.core import clock
from motcua.core.errors import ConcurrentUpdate
from motcua.portal.tus.services import partial_path, tus_append, tus_create
from motcua.submissions.models import DraftStep, SubmissionDraft, TusUpload
from motcua.testing.builders import World

from .test_tus_support import data_dir  # noqa: F401 — fixture

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("data_dir")]

THREADS = 8
CHUNK = 4096


def _draft(world: World) -> SubmissionDraft:
    now = clock.now()
    return SubmissionDraft.objects.create(
        owner=world.citizen_a, procedure_version=world.version, receiving_unit=world.centre,
        step_reached=DraftStep.DOCUMENTS, created_at=now, updated_at=now,
    )  # fmt: skip


def test_one_of_concurrent_patches_at_one_offset_wins(world: World) -> None:
    draft = _draft(world)
    upload = tus_create(
        world.citizen_a, draft_id=draft.pk, requirement_id=world.version.requirements.get().pk,
        length=CHUNK * 4, filename="a.pdf", filetype="application/pdf",
    )  # fmt: skip
    barrier = threading.Barrier(THREADS)
    results: dict[int, str] = {}

    def send(index: int) -> None:
        body = bytes([index + 65]) * CHUNK
        barrier.wait()
        try:
            tus_append(world.citizen_a, upload.pk, offset=0, stream=io.BytesIO(body))
            results[index] = "ok"
        except ConcurrentUpdate:
            results[index] = "conflict"
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [i for i, result in results.items() if result == "ok"]
    assert len(winners) == 1, results
    assert sorted(results.values()).count("conflict") == THREADS - 1
    assert TusUpload.objects.get().offset == CHUNK
    assert partial_path(upload).read_bytes() == bytes([winners[0] + 65]) * CHUNK
