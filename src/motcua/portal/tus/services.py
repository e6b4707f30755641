# SPDX-License-Identifier: EUPL-1.2
"""Resumable uploads (tus 1.0.0): create, append a chunk, complete into a draft's slot, end.

The bytes received so far are in ``DATA_DIR / "uploads-partial" / <id>``. Appending takes an
exclusive lock on that file, checks the offset the client sent against the row, truncates any
bytes a crash left beyond it, appends, and moves the row's offset by compare-and-set: two
concurrent PATCH requests cannot both write at the same offset. The database row is the truth.

Once every byte is there the file is checked like a multipart upload (its type read from its
own first bytes, the size limit) and attached with ``draft_attach``, the same service the plain
form uses; the partial file is then deleted.
"""

import fcntl
from datetime import timedelta
from pathlib import Path
from typing import IO, cast
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.actors import actor_as_applicant
from motcua.accounts.models import User
from motcua.core import clock
from motcua.core.errors import (
    ConcurrentUpdate,
    DomainError,
    NotFound,
    TransitionNotAllowed,
    ValidationFailed,
)
from motcua.submissions.models import DraftStep, TusUpload
from motcua.submissions.selectors import draft_of
from motcua.submissions.services import draft_attach
from motcua.webforms.uploads import clean_filename, sniff_upload, upload_limit_bytes

#: How long an unfinished upload may be resumed.
EXPIRY = timedelta(hours=24)
CHUNK = 64 * 1024


class UploadTooLarge(DomainError):
    """More bytes than the size limit, or than the upload's announced length (413)."""

    http_status = 413
    default_message = gettext_lazy("The file is too large.")


def partial_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads-partial"


def partial_path(upload: TusUpload) -> Path:
    return partial_dir() / upload.id.hex


def _too_large() -> UploadTooLarge:
    limit = int(settings.MOTCUA_UPLOAD_MAX_MB)
    return UploadTooLarge(_("The file is larger than %(limit)s MB.") % {"limit": limit})


def tus_create(
    user: User, *, draft_id: int, requirement_id: int, length: int, filename: str, filetype: str
) -> TusUpload:
    """A new, empty upload of ``length`` bytes into a slot of the citizen's own draft."""
    draft = draft_of(user, draft_id)  # anyone else's draft: NotFound
    if draft.is_submitted:
        raise TransitionNotAllowed(_("This application was already submitted."))
    if draft.reached.position < DraftStep.DOCUMENTS.position:
        raise TransitionNotAllowed(_("Fill in the application form first."))
    if not draft.procedure_version.requirements.filter(pk=requirement_id).exists():
        raise NotFound()
    if length > upload_limit_bytes():
        raise _too_large()
    if length <= 0:
        raise ValidationFailed(_("The file is empty."))
    now = clock.now()
    upload = TusUpload.objects.create(
        owner=user,
        draft=draft,
        requirement_id=requirement_id,
        length=length,
        filename=clean_filename(filename),
        filetype=filetype[:100],
        created_at=now,
        expires_at=now + EXPIRY,
    )
    partial_dir().mkdir(parents=True, exist_ok=True)
    partial_path(upload).touch()
    return upload


def tus_get(user: User, pk: UUID) -> TusUpload:
    """The citizen's own upload, not expired; anyone else's is ``NotFound``."""
    upload = TusUpload.objects.filter(pk=pk, owner=user, expires_at__gt=clock.now()).first()
    if upload is None:
        raise NotFound()
    return upload


def _copy(stream: IO[bytes], target: IO[bytes], room: int) -> int:
    """Copy at most ``room`` bytes; ``UploadTooLarge`` if the stream holds more."""
    written = 0
    while True:
        data = stream.read(min(CHUNK, room - written + 1))
        if not data:
            return written
        if written + len(data) > room:
            raise UploadTooLarge()
        target.write(data)
        written += len(data)


def tus_append(user: User, pk: UUID, *, offset: int, stream: IO[bytes]) -> TusUpload:
    """Append the bytes of ``stream`` at ``offset``; complete the upload with its last byte.

    ``ConcurrentUpdate`` (409) when ``offset`` is not where the upload is."""
    upload = tus_get(user, pk)
    path = partial_path(upload)
    if upload.is_complete or not path.exists():
        raise ConcurrentUpdate(_("This upload is already complete."))
    with path.open("ab") as target:
        fcntl.flock(target, fcntl.LOCK_EX)
        upload.refresh_from_db(fields=["offset"])
        if offset != upload.offset:
            raise ConcurrentUpdate(_("The upload is at another offset."))
        target.truncate(offset)  # bytes a crash wrote beyond the recorded offset
        target.seek(offset)
        try:
            written = _copy(stream, target, upload.length - offset)
        except UploadTooLarge:
            target.truncate(offset)
            raise
        target.flush()
        moved = TusUpload.objects.filter(pk=upload.pk, offset=offset).update(
            offset=offset + written
        )
        if moved != 1:
            target.truncate(offset)
            raise ConcurrentUpdate(_("The upload is at another offset."))
        upload.offset = offset + written
    if upload.offset == upload.length:
        _complete(user, upload)
    return upload


def _complete(user: User, upload: TusUpload) -> None:
    """Check the complete file and attach it to its slot; refused files are dropped."""
    path = partial_path(upload)
    try:
        with path.open("rb") as handle:
            received = UploadedFile(handle, name=upload.filename, size=upload.length)
            try:
                content_type = sniff_upload(received)
            except ValidationError as error:
                raise ValidationFailed(" ".join(str(m) for m in error.messages)) from None
            document = draft_attach(
                upload.draft,
                actor=actor_as_applicant(user),
                requirement_id=upload.requirement_id,
                stream=cast(IO[bytes], handle),
                content_type=content_type,
                filename=upload.filename,
            )
    except DomainError:
        _discard(upload)
        raise
    upload.file = document.file
    upload.save(update_fields=["file"])
    path.unlink(missing_ok=True)


def _discard(upload: TusUpload) -> None:
    partial_path(upload).unlink(missing_ok=True)
    TusUpload.objects.filter(pk=upload.pk).delete()


def tus_terminate(user: User, pk: UUID) -> None:
    """End an upload: its partial file and its row are deleted."""
    _discard(tus_get(user, pk))


def tus_purge_expired() -> int:
    """Delete the uploads past their expiry (and their partial files); how many were."""
    expired = list(TusUpload.objects.filter(expires_at__lte=clock.now()))
    for upload in expired:
        _discard(upload)
    return len(expired)
