# SPDX-License-Identifier: EUPL-1.2
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """An announced extra day off or make-up working day, overriding the holiday library.

    The government announces these every year (e.g. a make-up working Saturday for a bridge day);
    they apply to a whole country, or to one unit when ``unit`` is set.
    """

    country = models.CharField(_("country"), max_length=2, default="VN")
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_overrides",
    )
    day = models.DateField(_("day"))
    is_working_day = models.BooleanField(_("working day"))
    reason = models.CharField(_("reason"), max_length=200)
    legal_reference = models.CharField(_("legal reference"), max_length=200)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "day"],
                condition=Q(unit__isnull=True),
                name="override_unique_country_day",
            ),
            models.UniqueConstraint(
                fields=["unit", "day"],
                condition=Q(unit__isnull=False),
                name="override_unique_unit_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {'+' if self.is_working_day else '-'} {self.reason}"
