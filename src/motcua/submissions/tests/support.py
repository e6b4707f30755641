# SPDX-License-Identifier: EUPL-1.2
"""Test helpers: a draft brought to any step through the services."""

import io

from motcua.accounts.models import User
from motcua.submissions import services
from motcua.submissions.models import SubmissionDraft
from motcua.testing.builders import VALID_FORM, World

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
REGISTRY_KEYS = {"full_name": "name", "id_number": "id_number"}


def start_draft(world: World, user: User | None = None) -> SubmissionDraft:
    return services.draft_start(
        actor=world.applicant(user),
        version=world.version,
        where=services.Where(receiving_unit=world.centre),
        registry_keys=dict(REGISTRY_KEYS),
    )


def ready_draft(world: World, user: User | None = None) -> SubmissionDraft:
    """A draft with every step done and the requirement's slot filled: ready for review."""
    draft = start_draft(world, user)
    actor = world.applicant(user)
    services.draft_save_step(draft, actor=actor, data=services.Contact(phone="0912345678"))
    services.draft_save_step(
        draft, actor=actor, data=services.ApplicationForm(applicant_data=dict(VALID_FORM))
    )
    requirement = world.version.requirements.get()
    services.draft_attach(
        draft,
        actor=actor,
        requirement_id=requirement.pk,
        stream=io.BytesIO(PDF),
        content_type="application/pdf",
        filename="to-khai.pdf",
    )
    services.draft_save_step(draft, actor=actor, data=services.DocumentsDone())
    return draft
