# SPDX-License-Identifier: EUPL-1.2
"""A citizen's rating of the handling of one dossier, and whom it credits.

Written only by ``motcua.feedback.services.dossier_rate``. A rating is not part of the
dossier's lifecycle: it adds no dossier event (the hash chain and the version stay as they
were). The units and officials it credits are kept when the rating is given, so the scores in
``selectors`` are plain aggregate queries.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.feedback.choices import COMMENT_MAX_LENGTH, MAX_SCORE, MIN_SCORE
from motcua.orgunits.models import OrgUnit


class Rating(models.Model):
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="rating",
        verbose_name=_("dossier"),
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ratings",
        verbose_name=_("rated by"),
    )
    score = models.PositiveSmallIntegerField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list, help_text="Codes of feedback.Reason")
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    notice_version = models.CharField(
        _("notice shown"),
        max_length=20,
        help_text=_("Version of the personal-data notice shown on the rating form."),
    )
    created_at = models.DateTimeField(_("rated at"))
    units: "models.ManyToManyField[OrgUnit, RatingUnit]" = models.ManyToManyField(
        "orgunits.OrgUnit",
        through="RatingUnit",
        related_name="ratings",
        verbose_name=_("units credited"),
    )
    officials: "models.ManyToManyField[User, RatingOfficial]" = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="RatingOfficial",
        related_name="credited_ratings",
        verbose_name=_("officials credited"),
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=MIN_SCORE, score__lte=MAX_SCORE),
                name="rating_score_range",
            )
        ]
        indexes = [models.Index(fields=["created_at"], name="rating_created_idx")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.score}"


class RatingUnit(models.Model):
    """A unit the rating counts for: the receiving unit and the competent unit."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, db_index=False)
    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rating", "unit"], name="rating_unit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rating_id} → {self.unit_id}"


class RatingOfficial(models.Model):
    """An official the rating counts for: one who acted on the dossier (its events)."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, db_index=False)
    official = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rating", "official"], name="rating_official_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rating_id} → {self.official_id}"
