# SPDX-License-Identifier: EUPL-1.2
"""PDF from a Django template with WeasyPrint, rendered offline.

Forms are printed from HTML templates with their CSS inline (A4, the font stack "Noto Sans",
"DejaVu Sans", sans-serif). The URL fetcher refuses every URL except ``data:``, so a template
can never make the server fetch a network or local file while rendering.
"""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

#: The only URL scheme a form may use (inline images); anything else is refused.
ALLOWED_PROTOCOLS = ("data",)


def offline_fetcher() -> URLFetcher:
    """A fetcher that refuses network and file URLs (the resource is left out, with a warning)."""
    return URLFetcher(
        allowed_protocols=ALLOWED_PROTOCOLS, allow_redirects=False, fail_on_errors=False
    )


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document whose resources are all inline."""
    document = HTML(string=html, base_url=None, url_fetcher=offline_fetcher())
    pdf: bytes = document.write_pdf()
    return pdf


def render_pdf(
    template_name: str, context: dict[str, Any], request: HttpRequest | None = None
) -> bytes:
    """Render ``template_name`` in the active language and print it to PDF."""
    return html_to_pdf(render_to_string(template_name, context, request=request))
