# SPDX-License-Identifier: EUPL-1.2
"""The citizen's two forms on their dossier: answer a request for missing items, withdraw.

Uploads are plain multipart (no JavaScript needed). Each file is checked by its own first
bytes and size (``motcua.webforms.uploads``); a file that passed is kept across a failed or
stale POST in a signed hidden value bound to the citizen and the slot, so a slow phone never
uploads it twice.
"""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.citizen import MissingItem
from motcua.webforms.uploads import (
    ACCEPT,
    KeptFile,
    clean_filename,
    kept_from_token,
    sniff_upload,
)

NOTE_MAX = 2000
REASON_MAX = 2000


class AnswerForm(forms.Form):
    """One upload slot per missing item, and a note; at least one of them."""

    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_("Anything the office should know about what you send."),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": "3"}),
    )

    def __init__(self, items: Sequence[MissingItem], user_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(**kwargs)
        self.items = list(items)
        self.user_id = user_id
        self.kept: dict[str, KeptFile] = {}
        self.content_types: dict[str, str] = {}
        for item in self.items:
            self.fields[f"file-{item.key}"] = forms.FileField(
                label=item.label,
                required=False,
                allow_empty_file=True,  # refused by sniff_upload, with the file's name
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            )
            self.fields[f"kept-{item.key}"] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )
            self.fields[f"drop-{item.key}"] = forms.BooleanField(
                label=_("Remove the attached file"), required=False
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for item in self.items:
            upload = cleaned.get(f"file-{item.key}")
            if upload:
                try:
                    self.content_types[item.key] = sniff_upload(upload)
                except ValidationError as error:
                    self.add_error(f"file-{item.key}", error)
                continue
            token = cleaned.get(f"kept-{item.key}", "")
            if token and not cleaned.get(f"drop-{item.key}"):
                try:
                    self.kept[item.key] = kept_from_token(self.user_id, item.token_key, token)
                except ValidationError as error:
                    self.add_error(f"file-{item.key}", error)
        if not self.errors and not self.has_answer(cleaned):
            raise ValidationError(
                _("Attach at least one of the missing documents, or write a note."),
                code="empty",
            )
        return cleaned

    def has_answer(self, cleaned: dict[str, Any]) -> bool:
        return bool(self.content_types or self.kept or str(cleaned.get("note", "")).strip())

    def valid_upload(self, item: MissingItem) -> tuple[UploadedFile, str, str] | None:
        """(file, content type, name) of a newly attached file that passed the checks."""
        content_type = self.content_types.get(item.key)
        upload = (
            self.cleaned_data.get(f"file-{item.key}") if hasattr(self, "cleaned_data") else None
        )
        if content_type is None or not upload:
            return None
        return upload, content_type, clean_filename(upload.name)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you want to withdraw this dossier?"),
        help_text=_("For example: I no longer need the result, or I submitted it by mistake."),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": "3"}),
        error_messages={"required": _("Enter why you want to withdraw the dossier.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data.get("reason", "")).strip()
        if not reason:
            raise ValidationError(_("Enter why you want to withdraw the dossier."))
        return reason
