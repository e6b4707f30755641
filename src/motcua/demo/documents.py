# SPDX-License-Identifier: EUPL-1.2
"""Documents of demo dossiers: copies at the counter, one shared scan for online dossiers."""

import io

from motcua.catalog.models import ProcedureVersion
from motcua.documents.models import StoredFile
from motcua.documents.services import file_store
from motcua.dossiers.services import DocumentCheck

# A one-page blank PDF: every online demo dossier points to this one stored file.
_BLANK_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def demo_scan() -> StoredFile:
    return file_store(io.BytesIO(_BLANK_PDF), content_type="application/pdf")


def demo_documents(version: ProcedureVersion, channel: str) -> list[DocumentCheck]:
    """Every requirement: a scan for online channels, originals seen and copies otherwise."""
    requirements = sorted(version.requirements.all(), key=lambda r: r.order)
    if channel in ("counter", "postal"):
        return [
            DocumentCheck(requirement_id=r.pk, original_seen=r.originals > 0, copies=r.copies or 1)
            for r in requirements
        ]
    scan = demo_scan()
    return [
        DocumentCheck(requirement_id=r.pk, file=scan, filename=f"{r.code}.pdf")
        for r in requirements
    ]
