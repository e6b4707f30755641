# SPDX-License-Identifier: EUPL-1.2
"""Scans that arrive base64-encoded inside JSON (REST API, national-portal imports)."""

import base64
import binascii

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.documents.sniff import sniff_type


class EncodedFileError(ValueError):
    """Why an encoded scan is refused, as a sentence for the sender (translated)."""


def decode_scan(content_base64: str) -> tuple[bytes, str]:
    """The file's bytes and its sniffed type (PDF, JPEG, PNG), within MOTCUA_UPLOAD_MAX_MB."""
    try:
        content = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise EncodedFileError(_("The file is not valid base64.")) from None
    limit_mb = int(settings.MOTCUA_UPLOAD_MAX_MB)
    if not content or len(content) > limit_mb * 1024 * 1024:
        raise EncodedFileError(
            _("The file is empty or larger than %(limit)s MB.") % {"limit": limit_mb}
        )
    content_type = sniff_type(content[:8])
    if content_type is None:
        raise EncodedFileError(_("The file is not a PDF, JPEG or PNG file."))
    return content, content_type
