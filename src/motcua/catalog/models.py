# SPDX-License-Identifier: EUPL-1.2
"""Procedures and their versions, with every field of the national TTHC database.

Decree 63/2010 Art. 8 cl. 2 lists the fields of a procedure record; LAW-NOTES.md §5 adds what
provincial decisions publish (internal procedure with time shares). A procedure changes by new
versions with effective dates; a dossier keeps the version it was submitted under.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")


class OnlineLevel(models.TextChoices):
    """Decree 42/2022: full online service, partial online service, or none."""

    FULL = "full", _("Full online service")
    PARTIAL = "partial", _("Partial online service")
    NONE = "none", _("Not online")


class Channel(models.TextChoices):
    """How a procedure may be carried out (Decree 118/2025 Art. 15)."""

    IN_PERSON = "in_person", _("In person")
    POSTAL = "postal", _("By post")
    ONLINE = "online", _("Online")


class LimitUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")
    SAME_DAY = "same_day", _("same day")


class ShareUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")
    NOT_COUNTED = "not_counted", _("not counted")


class StepUnitKind(models.TextChoices):
    ONE_STOP_CENTRE = "one_stop_centre", _("One-stop centre")
    COMPETENT_UNIT = "competent_unit", _("Competent unit")
    COORDINATING_UNIT = "coordinating_unit", _("Coordinating unit")


class CompetentUnitKind(models.TextChoices):
    COMMUNE = "commune", _("Commune People's Committee")
    DEPARTMENT = "department", _("Provincial department or sector agency")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Field(models.Model):
    """A field or sector of procedures (lĩnh vực), e.g. civil status."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """The stable identity of a procedure; its content lives in versions."""

    national_code = models.CharField(
        _("national code"), max_length=20, unique=True, help_text=_("d.dddddd, e.g. 1.001806")
    )
    local_code = models.CharField(_("local code"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["national_code"]

    def __str__(self) -> str:
        return self.national_code


class ProcedureVersion(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)

    name = models.CharField(_("name"), max_length=400)
    name_en = models.CharField(_("English name"), max_length=400, blank=True)
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="versions")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    implementing_agency = models.CharField(_("implementing agency"), max_length=300)
    competent_agency = models.CharField(_("competent agency"), max_length=300)
    delegated_agency = models.CharField(_("delegated agency"), max_length=300, blank=True)
    coordinating_agencies = models.CharField(_("coordinating agencies"), max_length=500, blank=True)
    competent_unit_kind = models.CharField(
        _("competent unit kind"), max_length=12, choices=CompetentUnitKind.choices
    )
    competent_department = models.CharField(
        _("competent department code"), max_length=12, blank=True
    )
    applicants = models.TextField(_("who may apply"), blank=True)
    steps_text = models.TextField(_("steps"), blank=True)
    channels = models.JSONField(_("channels"), default=list)
    conditions = models.TextField(_("conditions"), blank=True)
    sets = models.PositiveSmallIntegerField(_("number of sets"), default=1)
    results = models.TextField(_("results"), blank=True)
    results_en = models.TextField(_("results (English)"), blank=True)
    legal_basis = models.JSONField(_("legal basis"), default=list)
    online_level = models.CharField(
        _("online service level"), max_length=8, choices=OnlineLevel.choices
    )
    boundary_free = models.BooleanField(
        _("boundary-free"),
        default=True,
        help_text=_("May be submitted at any centre of the province (Decree 118/2025 Art. 14)."),
    )
    min_eid_level = models.PositiveSmallIntegerField(_("minimum e-ID level to submit"), default=2)
    applicant_schema = models.JSONField(_("applicant form schema (JSON Schema)"), default=dict)
    search_text = models.TextField(
        editable=False, default="", help_text="fold() of names and codes"
    )

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_unique")
        ]
        indexes = [
            models.Index(fields=["status", "effective_from"], name="procversion_current_idx")
        ]

    def __str__(self) -> str:
        return f"{self.procedure.national_code} v{self.number} — {self.name}"


class Requirement(models.Model):
    """A document the dossier must (or may) contain (thành phần hồ sơ)."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="requirements"
    )
    code = models.CharField(_("code"), max_length=12)
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=500)
    name_en = models.CharField(_("English name"), max_length=500, blank=True)
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    template = models.CharField(_("form template"), max_length=300, blank=True)
    reusable_document_type = models.CharField(
        _("may be satisfied from the citizen's documents of type"), max_length=60, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="requirement_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class TimeLimit(models.Model):
    """Legal time limit (thời hạn giải quyết); blank channel = every channel."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="time_limits"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=6, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=14, choices=LimitUnit.choices)
    extended_amount = models.DecimalField(
        _("longer limit when verification is needed"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")
        constraints = [
            models.UniqueConstraint(fields=["version", "channel"], name="timelimit_unique_channel")
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}"


class Fee(models.Model):
    """A fee (lệ phí) or charge (phí), possibly channel-specific (online discount)."""

    class Kind(models.TextChoices):
        FEE = "fee", _("Fee (lệ phí)")
        CHARGE = "charge", _("Charge (phí)")

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    code = models.CharField(_("code"), max_length=12)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    unit = models.CharField(_("per"), max_length=20, default="dossier")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ["version", "code", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code", "channel"], name="fee_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount_vnd} VND"


class ProcessingStep(models.Model):
    """A step of the internal procedure (quy trình nội bộ) with its share of the time limit."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    role = models.CharField(_("role"), max_length=20)
    unit_kind = models.CharField(_("unit kind"), max_length=20, choices=StepUnitKind.choices)
    share = models.DecimalField(_("share of the time limit"), max_digits=6, decimal_places=2)
    share_unit = models.CharField(_("share unit"), max_length=14, choices=ShareUnit.choices)
    inter_agency = models.BooleanField(_("inter-agency"), default=False)
    forms = models.JSONField(_("forms produced"), default=list)

    class Meta:
        verbose_name = _("processing step")
        verbose_name_plural = _("processing steps")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="step_unique_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
