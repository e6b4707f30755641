# SPDX-License-Identifier: EUPL-1.2
"""Submitting a draft as an online dossier, exactly once per idempotency key.

The draft's ``dossier`` is set by compare-and-set in the transaction that creates the dossier:
a concurrent or repeated submission of the same content gets the same dossier, other content
under the same key is a conflict (RELIABILITY.md S6).
"""

import hashlib
import json
import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.actors import Actor
from motcua.core import clock
from motcua.core.errors import ConcurrentUpdate, ValidationFailed
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, DocumentCheck, dossier_submit
from motcua.submissions.errors import DraftChanged, IdempotencyConflict
from motcua.submissions.models import DraftDocument, SubmissionDraft
from motcua.submissions.services.drafts import (
    missing_documents,
    missing_error,
    owner_check,
    registry_values,
)


def draft_fingerprint(draft: SubmissionDraft) -> str:
    """SHA-256 of everything a submission sends: what the applicant reviewed."""
    documents = sorted(
        DraftDocument.objects.filter(draft=draft).values_list(
            "requirement_id", "file__sha256", "filename"
        )
    )
    content = {
        "version": draft.procedure_version_id,
        "receiving_unit": draft.receiving_unit_id,
        "competent_unit": draft.competent_unit_id,
        "contact": [draft.applicant_phone, draft.applicant_email, draft.applicant_address],
        "data": {**dict(draft.applicant_data), **registry_values(draft)},
        "documents": [list(row) for row in documents],
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(draft: SubmissionDraft, fingerprint: str) -> Dossier:
    """The dossier already created under the draft's key, if the content is the same."""
    fresh = SubmissionDraft.objects.select_related("dossier").get(pk=draft.pk)
    if fresh.dossier is None:
        raise ConcurrentUpdate()
    if fresh.submitted_fingerprint != fingerprint:
        raise IdempotencyConflict()
    return fresh.dossier


class _AlreadyClaimed(Exception):
    """Another request took the key first (it committed, or is still running)."""


def draft_submit(
    draft: SubmissionDraft,
    *,
    actor: Actor,
    idempotency_key: uuid.UUID | str,
    declaration: bool,
    reviewed: str | None = None,
) -> Dossier:
    """Submit the draft as an online dossier, exactly once per idempotency key.

    ``reviewed`` is the fingerprint of the content the applicant saw on the review page (the
    current content when None). The same key and content return the dossier created first; the
    same key with other content is an ``IdempotencyConflict``; content changed since the review
    is ``DraftChanged``. Concurrent calls queue on the draft's row: the first creates the
    dossier and the others, once it commits, return it.
    """
    user = owner_check(draft, actor)
    if str(idempotency_key) != str(draft.idempotency_key):
        raise IdempotencyConflict(_("This form has expired. Check your application again."))
    current = draft_fingerprint(draft)
    fingerprint = reviewed or current
    if draft.is_submitted:
        return _replay(draft, fingerprint)
    if fingerprint != current:
        raise DraftChanged()
    if not declaration:
        raise ValidationFailed(errors={"declaration": [_("Confirm that the information is true.")]})
    missing = missing_documents(draft)
    if missing:
        raise missing_error(missing)
    documents = [
        DocumentCheck(requirement_id=d.requirement_id, file=d.file, filename=d.filename)
        for d in DraftDocument.objects.filter(draft=draft).select_related("file")
    ]
    try:
        with transaction.atomic():
            claimed = SubmissionDraft.objects.filter(
                pk=draft.pk, dossier__isnull=True, submitted_fingerprint=""
            ).update(submitted_fingerprint=fingerprint)
            if claimed != 1:
                raise _AlreadyClaimed
            dossier = dossier_submit(
                procedure_version=draft.procedure_version,
                receiving_unit=draft.receiving_unit,
                competent_unit=draft.competent_unit,
                channel="online",
                applicant=Applicant(
                    name=user.full_name,
                    id_number=user.national_id,
                    phone=draft.applicant_phone,
                    email=draft.applicant_email,
                    address=draft.applicant_address,
                ),
                applicant_data={**dict(draft.applicant_data), **registry_values(draft)},
                actor=actor,
                documents=documents,
            )
            now = clock.now()
            SubmissionDraft.objects.filter(pk=draft.pk).update(
                dossier=dossier, submitted_at=now, updated_at=now
            )
    except _AlreadyClaimed:
        return _replay(draft, fingerprint)
    draft.dossier, draft.submitted_fingerprint, draft.submitted_at = dossier, fingerprint, now
    return dossier
