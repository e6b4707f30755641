# SPDX-License-Identifier: EUPL-1.2
"""Online submissions in progress: a citizen's draft, step by step, and its uploaded documents.

A draft belongs to the citizen's account (so it can be resumed from any device) and to one
procedure version. It carries an idempotency key from its creation: the review form sends it
back, and the draft's ``dossier`` is set by compare-and-set in the transaction that creates the
dossier, so a double click, a retry or a reload creates exactly one dossier.

Each requirement of the procedure has one upload slot (``DraftDocument``); the file itself is a
content-addressed ``StoredFile``, so a resumable (tus) upload can later fill the same slot by
calling the same service once its bytes are complete.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DraftStep(models.TextChoices):
    """The steps of an online submission, in order."""

    WHERE = "where", _("Where to submit")
    APPLICANT = "applicant", _("Your details")
    FORM = "form", _("Application form")
    DOCUMENTS = "documents", _("Documents")
    REVIEW = "review", _("Check and submit")

    @classmethod
    def ordered(cls) -> list["DraftStep"]:
        return list(cls)

    @property
    def position(self) -> int:
        """0 for the first step, 4 for the review."""
        return list(DraftStep).index(self)


class SubmissionDraft(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submission_drafts"
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion", on_delete=models.PROTECT, related_name="+"
    )
    receiving_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+"
    )
    competent_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_email = models.CharField(_("email"), max_length=200, blank=True)
    applicant_address = models.CharField(_("address"), max_length=300, blank=True)
    applicant_data = models.JSONField(_("application form"), default=dict)
    #: Schema keys that hold the applicant's own name or ID number → "name" / "id_number": their
    #: values always come from the e-ID account, whatever the client sends.
    registry_keys = models.JSONField(default=dict)
    step_reached = models.CharField(
        _("step reached"), max_length=10, choices=DraftStep.choices, default=DraftStep.APPLICANT
    )
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    #: SHA-256 of what was submitted under the key (set with ``dossier``, in one transaction).
    submitted_fingerprint = models.CharField(max_length=64, blank=True, default="")
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submission_draft",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("submission draft")
        verbose_name_plural = _("submission drafts")
        indexes = [models.Index(fields=["owner", "-updated_at"], name="draft_owner_idx")]

    def __str__(self) -> str:
        return f"{self.owner_id} — {self.procedure_version_id} ({self.pk})"

    @property
    def is_submitted(self) -> bool:
        return self.dossier_id is not None

    @property
    def reached(self) -> DraftStep:
        return DraftStep(self.step_reached)


class DraftDocument(models.Model):
    """The file in one requirement's upload slot of a draft."""

    draft = models.ForeignKey(SubmissionDraft, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(
        "catalog.Requirement", on_delete=models.PROTECT, related_name="+"
    )
    file = models.ForeignKey("documents.StoredFile", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("file name"), max_length=255)
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        verbose_name = _("draft document")
        verbose_name_plural = _("draft documents")
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "requirement"], name="draft_document_one_per_slot"
            )
        ]

    def __str__(self) -> str:
        return self.filename


class TusUpload(models.Model):
    """A resumable (tus 1.0) upload in progress into one upload slot of a draft.

    The bytes received so far are in a temporary file named after ``id``; ``offset`` is how
    many of them there are, changed only by compare-and-set, so two concurrent PATCH requests
    cannot both append at the same offset. Once complete, ``file`` is the stored file.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tus_uploads"
    )
    draft = models.ForeignKey(SubmissionDraft, on_delete=models.CASCADE, related_name="+")
    requirement = models.ForeignKey(
        "catalog.Requirement", on_delete=models.CASCADE, related_name="+"
    )
    length = models.PositiveBigIntegerField(_("length"))
    offset = models.PositiveBigIntegerField(_("offset"), default=0)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    filetype = models.CharField(_("file type"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    file = models.ForeignKey(
        "documents.StoredFile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("resumable upload")
        verbose_name_plural = _("resumable uploads")

    def __str__(self) -> str:
        return f"{self.filename} ({self.offset}/{self.length})"

    @property
    def is_complete(self) -> bool:
        return self.file_id is not None
