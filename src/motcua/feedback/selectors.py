# SPDX-License-Identifier: EUPL-1.2
"""Scores of units and officials, computed from the ratings with aggregate queries.

Each rating counts once for each unit and each official it credits (``RatingUnit``,
``RatingOfficial``, written with the rating). The share of a reason is the number of ratings
giving it divided by the number of ratings. Reasons are stored as a JSON list of codes; a
rating gives reason ``c`` exactly when the list's JSON text contains ``"c"`` (codes are plain
identifiers, validated on the way in), which every database can count.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from motcua.feedback.choices import Reason
from motcua.feedback.models import Rating, RatingOfficial, RatingUnit


@dataclass(frozen=True)
class Score:
    """The ratings of one unit or official."""

    pk: int
    name: str
    count: int
    average: float
    reason_counts: dict[str, int]

    @property
    def reason_shares(self) -> dict[str, float]:
        """Share of the ratings giving each reason (0 to 1)."""
        return {code: n / self.count for code, n in self.reason_counts.items()}


def _reason_filter(prefix: str, code: str) -> Q:
    return Q(**{f"{prefix}reasons__icontains": f'"{code}"'})


def _period(rows: QuerySet[Any], since: datetime | None, until: datetime | None) -> QuerySet[Any]:
    if since is not None:
        rows = rows.filter(rating__created_at__gte=since)
    if until is not None:
        rows = rows.filter(rating__created_at__lt=until)
    return rows


def _scores(
    rows: QuerySet[Any], key: str, name: str, since: datetime | None, until: datetime | None
) -> list[Score]:
    reasons = {
        f"reason_{code}": Count("rating_id", filter=_reason_filter("rating__", code))
        for code in Reason.values
    }
    aggregated = (
        _period(rows, since, until)
        .values(key, name)
        .annotate(count=Count("rating_id"), average=Avg("rating__score"), **reasons)
        .order_by(name, key)
    )
    return [
        Score(
            pk=row[key],
            name=row[name],
            count=row["count"],
            average=float(row["average"]),
            reason_counts={code: row[f"reason_{code}"] for code in Reason.values},
        )
        for row in aggregated
    ]


def unit_scores(*, since: datetime | None = None, until: datetime | None = None) -> list[Score]:
    """Every unit with at least one rating (rated in [since, until) if given), by name."""
    return _scores(RatingUnit.objects.all(), "unit_id", "unit__name", since, until)


def official_scores(*, since: datetime | None = None, until: datetime | None = None) -> list[Score]:
    """Every official credited by at least one rating (in [since, until) if given), by name."""
    return _scores(RatingOfficial.objects.all(), "official_id", "official__full_name", since, until)


def rating_of(dossier_id: int) -> Rating | None:
    """The rating of a dossier, if it has been rated."""
    return Rating.objects.filter(dossier_id=dossier_id).first()
