# SPDX-License-Identifier: EUPL-1.2
"""Which accepted type a file is, read from its own first bytes (never from what a client says)."""

#: File signatures (magic bytes) of the accepted types: PDF, JPEG and PNG.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def sniff_type(head: bytes) -> str | None:
    """The content type whose signature ``head`` starts with, or ``None`` if not accepted."""
    return next((kind for signature, kind in SIGNATURES if head.startswith(signature)), None)
