# SPDX-License-Identifier: EUPL-1.2
"""HTML to PDF offline: fonts for Vietnamese, and no URL fetched while rendering."""

import shutil
import socket
import subprocess

import pytest

from motcua.documents.pdf import html_to_pdf, offline_fetcher, render_pdf

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"  # poppler-utils
PDFFONTS = shutil.which("pdffonts") or "/usr/bin/pdffonts"
PAGE = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>'
    'html {{ font-family: "Noto Sans", "DejaVu Sans", sans-serif; }}</style></head>'
    "<body><p>Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập - Tự do - Hạnh phúc</p>{extra}"
    "</body></html>"
)


def text_of(pdf: bytes) -> str:
    result = subprocess.run(  # noqa: S603 — fixed argument list
        [PDFTOTEXT, "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode("utf-8").split())


def test_vietnamese_text_survives_with_an_embedded_noto_font() -> None:
    pdf = html_to_pdf(PAGE.format(extra=""))
    assert pdf.startswith(b"%PDF-")
    assert text_of(pdf) == "Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập - Tự do - Hạnh phúc"
    fonts = subprocess.run(  # noqa: S603 — fixed argument list
        [PDFFONTS, "-"], input=pdf, capture_output=True, check=True
    )
    assert b"+Noto-Sans " in fonts.stdout  # embedded (subset) Noto Sans


def test_the_fetcher_refuses_network_and_file_urls_and_allows_inline_data() -> None:
    fetcher = offline_fetcher()
    for url in ["http://example.com/logo.png", "https://example.com/a.css", "file:///etc/passwd",
                "ftp://example.com/x"]:  # fmt: skip
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain;base64,b2s=").read() == b"ok"


def test_a_template_pointing_to_the_network_renders_without_touching_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the renderer tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    extra = (
        '<img src="http://127.0.0.1:9/logo.png" alt="">'
        '<link rel="stylesheet" href="https://example.com/print.css">'
        '<img src="file:///etc/hostname" alt="">'
    )
    pdf = html_to_pdf(PAGE.format(extra=extra))
    assert text_of(pdf).startswith("Cộng hòa xã hội chủ nghĩa Việt Nam")


def test_render_pdf_renders_a_django_template() -> None:
    pdf = render_pdf("records/print.css", {})  # any template: its text ends up in the PDF
    assert "A4" in text_of(pdf)
