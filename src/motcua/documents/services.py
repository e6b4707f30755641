# SPDX-License-Identifier: EUPL-1.2
"""Storing files by content: the same bytes are stored once, whoever sends them."""

import hashlib
from collections.abc import Iterable
from typing import IO

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from motcua.documents.models import StoredFile

CHUNK = 1024 * 1024


def _digest(chunks: Iterable[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def file_store(stream: IO[bytes], *, content_type: str) -> StoredFile:
    """Store ``stream`` under its SHA-256 (once) and return its row.

    The file is written before the row, so a row never points to a missing file; a file left
    by a crash between the two is reused by the next identical upload.
    """
    stream.seek(0)
    sha256, size = _digest(iter(lambda: stream.read(CHUNK), b""))
    existing = StoredFile.objects.filter(sha256=sha256).first()
    if existing is not None:
        return existing
    stored = StoredFile(sha256=sha256, size=size, content_type=content_type)
    if not default_storage.exists(stored.storage_name):
        stream.seek(0)
        default_storage.save(stored.storage_name, File(stream))
    try:
        with transaction.atomic():
            stored.save()
    except IntegrityError:  # the same content stored concurrently
        return StoredFile.objects.get(sha256=sha256)
    return stored


def file_open(stored: StoredFile) -> IO[bytes]:
    return default_storage.open(stored.storage_name, "rb")
