# SPDX-License-Identifier: EUPL-1.2
"""Scans attached at the counter: checked by their first bytes, and kept across a failed POST.

Only PDF, JPEG and PNG are accepted, whatever the browser says the file is: the type is read
from the file's own signature. A file input cannot be refilled after an error, so a scan that
was already stored travels back in a signed hidden value; the signature binds it to the
official and the requirement, so nobody can attach a stored file they never uploaded.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from motcua.documents.models import StoredFile
from motcua.documents.sniff import SIGNATURES, sniff_type

ACCEPT = ",".join(content_type for _signature, content_type in SIGNATURES)
#: How long a kept scan may travel between two attempts (one working day is plenty).
KEPT_MAX_AGE = 12 * 3600
FILENAME_MAX = 255


def upload_limit_bytes() -> int:
    return int(settings.MOTCUA_UPLOAD_MAX_MB) * 1024 * 1024


def clean_filename(name: str | None) -> str:
    """The base name the browser sent, without any folder, at most 255 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base[-FILENAME_MAX:]


def sniff_upload(upload: UploadedFile) -> str:
    """The content type of an acceptable scan, or ``ValidationError`` naming the file."""
    name = clean_filename(upload.name) or _("(no name)")
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file “%(name)s” is empty."), params={"name": name})
    if size > upload_limit_bytes():
        raise ValidationError(
            _("The file “%(name)s” is larger than %(limit)s MB."),
            params={"name": name, "limit": settings.MOTCUA_UPLOAD_MAX_MB},
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    content_type = sniff_type(head)
    if content_type is not None:
        return content_type
    raise ValidationError(
        _("The file “%(name)s” is not a PDF, JPEG or PNG file."), params={"name": name}
    )


@dataclass(frozen=True)
class KeptFile:
    """A scan stored by an earlier attempt of the same form."""

    stored: StoredFile
    filename: str


def _salt(user_id: int) -> str:
    return f"motcua.backoffice.intake.kept:{user_id}"


def kept_token(user_id: int, requirement_id: int, kept: KeptFile) -> str:
    """The signed hidden value that brings ``kept`` back with the next POST."""
    payload = {"r": requirement_id, "h": kept.stored.sha256, "n": kept.filename}
    return signing.dumps(payload, salt=_salt(user_id), compress=True)


def kept_from_token(user_id: int, requirement_id: int, token: str) -> KeptFile:
    """The stored scan a hidden value names, or ``ValidationError`` to attach it again."""
    gone = ValidationError(
        _("The file attached before is no longer available. Attach it again."), code="kept"
    )
    try:
        payload = signing.loads(token, salt=_salt(user_id), max_age=KEPT_MAX_AGE)
    except signing.BadSignature:
        raise gone from None
    if not isinstance(payload, dict) or payload.get("r") != requirement_id:
        raise gone
    stored = StoredFile.objects.filter(sha256=str(payload.get("h", ""))).first()
    if stored is None:
        raise gone
    return KeptFile(stored=stored, filename=clean_filename(str(payload.get("n", ""))))
