# SPDX-License-Identifier: EUPL-1.2
"""Every write of online submission: start a draft, save a step, fill or empty an upload slot,
and submit exactly once per idempotency key.

Only the owner acts on a draft (anyone else gets ``NotFound``). Writes use compare-and-set on
``dossier IS NULL``, so nothing changes a draft once it is submitted, on SQLite as on
PostgreSQL. The applicant's name and ID number always come from the e-ID account.
"""

from motcua.submissions.services.drafts import (
    ACCEPTED_TYPES,
    ApplicationForm,
    Contact,
    DocumentsDone,
    StepData,
    Where,
    draft_attach,
    draft_remove_document,
    draft_save_step,
    draft_start,
    missing_documents,
    normalise_phone,
    registry_values,
)
from motcua.submissions.services.submit import draft_fingerprint, draft_submit

__all__ = [
    "ACCEPTED_TYPES",
    "ApplicationForm",
    "Contact",
    "DocumentsDone",
    "StepData",
    "Where",
    "draft_attach",
    "draft_fingerprint",
    "draft_remove_document",
    "draft_save_step",
    "draft_start",
    "draft_submit",
    "missing_documents",
    "normalise_phone",
    "registry_values",
]
