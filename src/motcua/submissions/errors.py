# SPDX-License-Identifier: EUPL-1.2
"""Conflicts of online submission (HTTP 409), beside the domain errors of ``motcua.core``."""

from django.utils.translation import gettext_lazy as _

from motcua.core.errors import ConcurrentUpdate


class IdempotencyConflict(ConcurrentUpdate):
    """The idempotency key was already used to submit different content."""

    code = "idempotency_conflict"
    default_message = _(
        "This application was already submitted with different content. "
        "Open “My dossiers” to see what was submitted."
    )


class DraftChanged(ConcurrentUpdate):
    """The draft changed after the applicant opened the review page (e.g. on another device)."""

    code = "draft_changed"
    default_message = _(
        "Your application changed after you opened this page. Check it again, then submit."
    )
