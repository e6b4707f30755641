# SPDX-License-Identifier: EUPL-1.2
"""The one writer of ratings: ``dossier_rate``.

Only the dossier's owner rates, only once the result has been returned, and only once. The
rating is stored with the units and officials it credits; the dossier itself is not touched
(no event, no new version): rating is not a step of the administrative procedure, and its
personal-data basis is the citizen's consent, not the state-agency task (Law 91/2025).
"""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.models import Role, User
from motcua.core import clock
from motcua.core.errors import DomainError, PermissionDenied, TransitionNotAllowed, ValidationFailed
from motcua.core.outbox import outbox_record
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.snapshot import dossier_snapshot, iso
from motcua.feedback.choices import COMMENT_MAX_LENGTH, MAX_SCORE, MIN_SCORE, Reason
from motcua.feedback.models import Rating, RatingOfficial, RatingUnit

#: Version of the personal-data notice on the rating form; stored with each rating.
NOTICE_VERSION = "2025-1"


class AlreadyRated(DomainError):
    code = "already_rated"
    http_status = 409
    default_message = gettext_lazy("This dossier has already been rated. Thank you.")


def _clean(score: Any, reasons: Any, comment: Any) -> tuple[int, list[str], str]:
    errors: dict[str, list[str]] = {}
    valid_score = isinstance(score, int) and not isinstance(score, bool)
    if not valid_score or not MIN_SCORE <= score <= MAX_SCORE:
        errors["score"] = [_("Choose a score from 1 to 5.")]
    codes: list[str] = []
    if not isinstance(reasons, Iterable) or isinstance(reasons, str | bytes):
        errors["reasons"] = [_("Choose reasons from the list.")]
    else:
        for code in reasons:
            if code not in Reason.values:
                errors["reasons"] = [_("Choose reasons from the list.")]
                break
            if code not in codes:
                codes.append(code)
    text = comment.strip() if isinstance(comment, str) else None
    if text is None:
        errors["comment"] = [_("The comment must be text.")]
    elif len(text) > COMMENT_MAX_LENGTH:
        errors["comment"] = [
            _("The comment must be %(max)d characters or fewer.") % {"max": COMMENT_MAX_LENGTH}
        ]
    if errors:
        raise ValidationFailed(errors=errors)
    return score, codes, text or ""


def officials_who_acted(dossier: Dossier) -> list[int]:
    """Ids of the officials whose actions are in the dossier's history (not the applicant's)."""
    ids = (
        DossierEvent.objects.filter(
            dossier=dossier, actor__isnull=False, role__in=Role.official_roles()
        )
        .order_by()  # DossierEvent's default ordering would defeat distinct()
        .values_list("actor_id", flat=True)
        .distinct()
    )
    return sorted(ids)


def _announce(rating: Rating, dossier: Dossier) -> None:
    """The outbox message of a rating (the national portal counts satisfaction); no free text."""
    outbox_record(
        event_type="rating.created",
        aggregate_type="rating",
        aggregate_id=str(dossier.pk),
        sequence=1,
        subject=dossier.code,
        time=rating.created_at,
        data={
            **dossier_snapshot(dossier),
            "rating": {
                "score": rating.score,
                "reasons": rating.reasons,
                "at": iso(rating.created_at),
            },
        },
    )


def dossier_rate(
    dossier: Dossier, *, citizen: User, score: int, reasons: Iterable[str], comment: str = ""
) -> Rating:
    """Record the owner's rating of ``dossier``; refused for anyone else, early, or twice."""
    if dossier.owner_id is None or dossier.owner_id != citizen.pk:
        raise PermissionDenied()
    if dossier.status != Status.RETURNED:
        raise TransitionNotAllowed(
            _("A dossier can be rated once its result has been returned."), status=dossier.status
        )
    if Rating.objects.filter(dossier=dossier).exists():
        raise AlreadyRated()
    clean_score, codes, text = _clean(score, reasons, comment)
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                dossier=dossier,
                citizen=citizen,
                score=clean_score,
                reasons=codes,
                comment=text,
                notice_version=NOTICE_VERSION,
                created_at=clock.now(),
            )
            unit_ids = dict.fromkeys([dossier.receiving_unit_id, dossier.competent_unit_id])
            RatingUnit.objects.bulk_create(
                RatingUnit(rating=rating, unit_id=unit_id) for unit_id in unit_ids
            )
            RatingOfficial.objects.bulk_create(
                RatingOfficial(rating=rating, official_id=official_id)
                for official_id in officials_who_acted(dossier)
            )
            _announce(rating, dossier)
    except IntegrityError as error:  # another request rated it first
        if Rating.objects.filter(dossier=dossier).exists():
            raise AlreadyRated() from error
        raise
    return rating
