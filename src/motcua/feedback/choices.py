# SPDX-License-Identifier: EUPL-1.2
"""What a citizen may say when rating a dossier: the score words and the set of reasons.

The reasons are a small fixed set (docs/portal.md "Rating"); ratings store their codes, so a
label may be reworded without touching stored ratings. A new reason is a new code.
"""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MIN_SCORE = 1
MAX_SCORE = 5
COMMENT_MAX_LENGTH = 1000

#: Words beside each score on the form (a 5-point satisfaction scale).
SCORE_LABELS: dict[int, Promise] = {
    1: _("Very dissatisfied"),
    2: _("Dissatisfied"),
    3: _("Neither satisfied nor dissatisfied"),
    4: _("Satisfied"),
    5: _("Very satisfied"),
}


class Reason(models.TextChoices):
    """Why the citizen gave that score (any number of them, none required)."""

    FAST = "fast", _("The dossier was handled quickly")
    CLEAR_GUIDANCE = "clear_guidance", _("The guidance was clear")
    POLITE = "polite", _("The staff were polite and helpful")
    SLOW = "slow", _("The dossier took too long")
    EXTRA_PAPERS = "extra_papers", _("I was asked for papers that are not on the list")
    UNCLEAR = "unclear", _("The guidance was unclear")
