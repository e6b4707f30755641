# SPDX-License-Identifier: EUPL-1.2
"""Units of the two-tier local government (Law 72/2025): province → communes/wards.

The tree is N-level so other countries (or a future district level) fit without a schema change.
National agency codes are re-issued on mergers (Decision 20/2020 Art. 4; Hà Nội QĐ 4078/2025), so
they are stored with validity periods and never parsed for meaning.
"""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province (People's Committee)")
    DEPARTMENT = "department", _("Provincial department or sector agency")
    PROVINCE_CENTRE = "province_centre", _("Provincial public administrative service centre")
    COMMUNE = "commune", _("Commune or ward (People's Committee)")
    COMMUNE_CENTRE = "commune_centre", _("Commune public administrative service centre")

    @classmethod
    def centres(cls) -> tuple[str, ...]:
        return (cls.PROVINCE_CENTRE.value, cls.COMMUNE_CENTRE.value)


class OrgUnit(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.CharField(
        _("agency e-ID code"),
        max_length=35,
        unique=True,
        help_text=_("Current national agency code, level 1 first (Decision 20/2020 Art. 4)."),
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    department_code = models.CharField(
        _("department short code"),
        max_length=12,
        blank=True,
        help_text=_("For departments: the short code procedures use to name them (e.g. STP, CA)."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    working_hours = models.JSONField(
        _("working hours"),
        null=True,
        blank=True,
        help_text=_('Intervals like [["07:30", "11:30"], ["13:00", "17:00"]]; empty = default.'),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["code"]
        indexes = [models.Index(fields=["kind", "department_code"], name="orgunit_kind_dept_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_centre(self) -> bool:
        return self.kind in UnitKind.centres()

    def province(self) -> "OrgUnit":
        """The province this unit belongs to (itself for a province)."""
        unit = self
        while unit.kind != UnitKind.PROVINCE and unit.parent_id is not None:
            unit = unit.parent  # type: ignore[assignment]
        return unit


class AgencyCode(models.Model):
    """A national agency code of a unit with the period it was valid (history of re-issues)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="agency_codes")
    code = models.CharField(_("code"), max_length=35)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agency code")
        verbose_name_plural = _("agency codes")
        ordering = ["unit", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="agencycode_period_valid",
            )
        ]

    def __str__(self) -> str:
        return self.code

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class Counter(models.Model):
    """A reception counter (quầy) of a service centre."""

    centre = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="counters")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        ordering = ["centre", "number"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "number"], name="counter_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.centre} #{self.number}"
