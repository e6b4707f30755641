# SPDX-License-Identifier: EUPL-1.2
"""QR codes as inline SVG."""

import pytest
import segno

from motcua.documents.qr import qr_svg

URL = "http://127.0.0.1:8000/tra-cuu/?code=H99.50.01.01-260309-0001"


def test_the_svg_draws_the_content_with_an_accessible_title() -> None:
    svg = qr_svg(URL, title="Mã QR <tra cứu>")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="123" height="123"')
    assert "<title>Mã QR &lt;tra cứu&gt;</title>" in svg
    # the same modules segno draws for this content at level M
    reference = segno.make(URL, error="m", micro=False, boost_error=False)
    path = reference.svg_inline(scale=3, lineclass=None)
    assert path[path.index("<path") :] in svg
    assert svg.endswith("</svg>") and "<?xml" not in svg


def test_a_qr_code_needs_content() -> None:
    with pytest.raises(ValueError, match="needs content"):
        qr_svg("")
