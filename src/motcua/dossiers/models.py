# SPDX-License-Identifier: EUPL-1.2
"""Dossiers, their append-only hash-chained history, and per-unit daily code sequences.

Only the service layer (``motcua.dossiers.services``) writes these rows. Status changes are a
compare-and-set on ``version`` (SQLite ignores ``SELECT ... FOR UPDATE``), and each change writes
exactly one ``DossierEvent`` whose ``sequence`` equals the dossier's new ``version``.
"""

from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.lifecycle import Action, Channel, Status


class Dossier(models.Model):
    code = models.CharField(_("dossier code"), max_length=64)  # agency code ≤ 35 + date + seq
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion", on_delete=models.PROTECT, related_name="dossiers"
    )
    channel = models.CharField(
        _("channel"), max_length=16, choices=[(c.value, c.value) for c in Channel]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=[(s.value, s.value) for s in Status]
    )
    version = models.PositiveIntegerField(default=1)

    receiving_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        db_index=False,  # covered by dossier_desk_idx
    )
    competent_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="competent_dossiers"
    )
    current_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="held_dossiers",
        db_index=False,  # covered by dossier_holder_idx
    )
    current_step = models.PositiveSmallIntegerField(_("current internal step"), default=1)
    current_role = models.CharField(
        _("role of the current step"),
        max_length=20,
        blank=True,
        help_text=_("Kept by the service layer with current_step, for the worklists' index."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_dossiers",
        db_index=False,  # covered by dossier_owner_idx
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
        db_index=False,  # covered by dossier_assignee_idx
        help_text=_("The official handling the current step, if one has claimed it."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submitted_dossiers",
    )

    applicant_kind = models.CharField(_("applicant kind"), max_length=12, default="individual")
    applicant_name = models.CharField(_("applicant name"), max_length=200)
    applicant_id_number = models.CharField(_("applicant ID number"), max_length=20, blank=True)
    applicant_phone = models.CharField(_("applicant phone"), max_length=20, blank=True)
    applicant_email = models.CharField(_("applicant email"), max_length=200, blank=True)
    applicant_address = models.CharField(_("applicant address"), max_length=300, blank=True)
    applicant_data = models.JSONField(_("application form"), default=dict)
    search_text = models.CharField(max_length=300, default="", editable=False)

    tracking_book_line = models.PositiveIntegerField(
        _("tracking book line"), null=True, blank=True, help_text=_("Per receiving unit and year.")
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    clock_started_at = models.DateTimeField(_("clock started at"), null=True, blank=True)
    time_limit_amount = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    time_limit_unit = models.CharField(max_length=14, blank=True)
    due_at = models.DateTimeField(_("promised date"), null=True, blank=True)
    original_due_at = models.DateTimeField(_("first promised date"), null=True, blank=True)
    clock_pauses = models.JSONField(default=list, help_text="[{start, end, reason}] in ISO 8601")
    extensions = models.JSONField(default=list, help_text="[{at, new_due, reason}] in ISO 8601")
    desk_completion_requests = models.PositiveSmallIntegerField(default=0)
    supplement_requests = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(_("outcome"), max_length=10, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    result_issued_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    return_method = models.CharField(max_length=12, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        # A constraint, not unique=True: PostgreSQL then keeps one index on code, not two.
        constraints = [models.UniqueConstraint(fields=["code"], name="dossier_code_unique")]
        indexes = [
            models.Index(fields=["receiving_unit", "status", "id"], name="dossier_desk_idx"),
            models.Index(fields=["current_unit", "status", "id"], name="dossier_holder_idx"),
            models.Index(
                fields=["current_unit", "current_role", "status", "id"],
                name="dossier_step_role_idx",
            ),
            models.Index(fields=["owner", "id"], name="dossier_owner_idx"),
            models.Index(fields=["assignee", "status", "id"], name="dossier_assignee_idx"),
            models.Index(fields=["status", "due_at"], name="dossier_due_idx"),
            models.Index(fields=["submitted_at"], name="dossier_submitted_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    @property
    def is_paused(self) -> bool:
        return bool(self.clock_pauses) and self.clock_pauses[-1].get("end") is None


class AppendOnlyQuerySet(models.QuerySet["DossierEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("dossier events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("dossier events are append-only")


class DossierEvent(models.Model):
    """One link of a dossier's hash chain: who did what, in which capacity, when and why.

    The legal control sheet (form 06) and the citizen's timeline are views of these rows. The
    database refuses UPDATE (and DELETE on PostgreSQL) with triggers; see migration 0002.
    """

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.PROTECT,
        related_name="events",
        db_index=False,  # covered by event_unique_sequence (dossier, sequence)
    )
    sequence = models.PositiveIntegerField()
    action = models.CharField(max_length=20, choices=[(a.value, a.value) for a in Action])
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    actor_name = models.CharField(max_length=200)
    role = models.CharField(max_length=20)
    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, null=True, blank=True)
    status_before = models.CharField(max_length=20, blank=True)
    status_after = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["dossier", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "sequence"], name="event_unique_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("dossier events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("dossier events are append-only")

    def chain_content(self) -> dict[str, Any]:
        """What the hash commits to."""
        return {
            "dossier": self.dossier_id,
            "sequence": self.sequence,
            "action": self.action,
            "at": self.at.astimezone(UTC).isoformat(),
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "role": self.role,
            "unit": self.unit_id,
            "status_before": self.status_before,
            "status_after": self.status_after,
            "reason": self.reason,
            "data": self.data,
        }


class DossierSequence(models.Model):
    """The last dossier number issued by a unit on a day (the code's XXXX part)."""

    unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.CASCADE, db_index=False
    )  # covered by sequence_unique_unit_day
    day = models.DateField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="sequence_unique_unit_day")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.last_value}"


class TrackingBookSequence(models.Model):
    """The last line written in a unit's tracking book (form 07) of a year."""

    unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.CASCADE, db_index=False
    )  # covered by tracking_book_unique_unit_year
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="tracking_book_unique_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.last_value}"


class DossierDocument(models.Model):
    """A document of the dossier for one requirement: seen in original, copies, scanned file.

    Written by the submission and by the desk's checklist at reception or supplement; the
    reception guard counts these rows (an incomplete dossier cannot be received).
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="documents")
    requirement = models.ForeignKey(
        "catalog.Requirement", on_delete=models.PROTECT, null=True, blank=True
    )
    name = models.CharField(_("document"), max_length=500)
    original_seen = models.BooleanField(_("original seen"), default=False)
    copies = models.PositiveSmallIntegerField(_("copies received"), default=0)
    file = models.ForeignKey(
        "documents.StoredFile", on_delete=models.PROTECT, null=True, blank=True
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    added_at = models.DateTimeField()
    added_in_event = models.PositiveIntegerField(help_text=_("Sequence of the dossier event."))

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_provided(self) -> bool:
        return self.original_seen or self.copies > 0 or self.file_id is not None


class DeadlineAlert(models.Model):
    """A dossier found at risk (due within 1 working day) or overdue by the periodic check.

    One row per dossier, kind and promised date: a new promised date (extension, pause) can
    raise a new alert; the same check run twice raises nothing new. Notifications read these.
    """

    class Kind(models.TextChoices):
        AT_RISK = "at_risk", _("Due within 1 working day")
        OVERDUE = "overdue", _("Overdue")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="deadline_alerts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_at = models.DateTimeField()
    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT)
    step = models.PositiveSmallIntegerField()
    raised_at = models.DateTimeField()
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deadline alert")
        verbose_name_plural = _("deadline alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "kind", "due_at"], name="deadline_alert_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.due_at:%Y-%m-%d}"
