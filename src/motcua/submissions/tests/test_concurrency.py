# SPDX-License-Identifier: EUPL-1.2
"""RELIABILITY.md S6 at the service: 20 concurrent submissions of one draft with its key, in
real threads and transactions (PostgreSQL queues them on the draft's row; SQLite serialises
writers), then the same key with a different body."""

import threading

import pytest
from django.db import connection

from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.submissions import services
from motcua.submissions.errors import IdempotencyConflict
from motcua.submissions.models import SubmissionDraft
from motcua.testing.builders import VALID_FORM, build_world

from .support import ready_draft

THREADS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_submissions_with_one_key_create_one_dossier() -> None:
    world = build_world()
    draft = ready_draft(world)
    key = draft.idempotency_key
    barrier = threading.Barrier(THREADS, timeout=30)
    results: list[int | str] = []

    def submit() -> None:
        try:
            mine = SubmissionDraft.objects.select_related("owner").get(pk=draft.pk)
            barrier.wait()
            dossier = services.draft_submit(
                mine, actor=world.applicant(), idempotency_key=key, declaration=True
            )
            results.append(dossier.pk)
        except BaseException as error:  # reported by the assertion below
            results.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    dossier = Dossier.objects.get()
    assert results == [dossier.pk] * THREADS, results
    assert SubmissionDraft.objects.get(pk=draft.pk).dossier == dossier
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1
    assert DossierDocument.objects.filter(dossier=dossier).count() == 1

    SubmissionDraft.objects.filter(pk=draft.pk).update(
        applicant_data={**VALID_FORM, "purpose": "other"}
    )
    with pytest.raises(IdempotencyConflict):
        services.draft_submit(
            SubmissionDraft.objects.get(pk=draft.pk),
            actor=world.applicant(),
            idempotency_key=key,
            declaration=True,
        )
    assert Dossier.objects.count() == 1
