# SPDX-License-Identifier: EUPL-1.2
"""QR codes as inline SVG, for printed slips and results (Circular 01/2023: QR per TCVN 7322).

The SVG is embedded in the HTML of a form, so a PDF is rendered without fetching anything.
"""

import io

import segno


def qr_svg(content: str, *, title: str = "", scale: int = 3) -> str:
    """An ``<svg>`` element drawing ``content`` as a QR code (error correction level M).

    ``title`` is the accessible name of the image (read out by screen readers).
    """
    if not content:
        raise ValueError("a QR code needs content")
    code = segno.make(content, error="m", micro=False, boost_error=False)
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        encoding="utf-8",
        scale=scale,
        title=title or None,
        svgclass="qr",
        lineclass=None,
    )
    return buffer.getvalue().decode("utf-8")
