# SPDX-License-Identifier: EUPL-1.2
"""Files kept under their content hash: one row and one stored file per distinct content."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """A file in the default storage at ``sha256[:2]/sha256``; never changed, shared by hash."""

    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("content type"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        constraints = [models.UniqueConstraint(fields=["sha256"], name="stored_file_unique_hash")]

    def __str__(self) -> str:
        return self.sha256

    @property
    def storage_name(self) -> str:
        return f"{self.sha256[:2]}/{self.sha256}"
