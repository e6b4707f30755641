# SPDX-License-Identifier: EUPL-1.2
"""The catalog and procedure pages stay light: HTML + stylesheet, gzip-compressed as served,
at most 100 KB on a first visit without cache (issue 5, "done when")."""

import gzip
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from pytest_django import Settings

from motcua.portal.tests.test_catalog_support import catalog_site, demo_codes, import_demo_catalog
from motcua.testing.builders import World

pytestmark = pytest.mark.django_db

BUDGET = 100 * 1024


@pytest.fixture(autouse=True)
def _site(settings: Settings, world: World) -> Iterator[None]:
    import_demo_catalog()
    with catalog_site(settings):
        yield


def _stylesheet(html: str) -> bytes:
    """The one stylesheet the page links to (no scripts, fonts or images are linked)."""
    assert html.count('rel="stylesheet"') == 1
    assert "<script" not in html and "<img" not in html and "@font-face" not in html
    rtl = re.search(r'<html [^>]*dir="rtl"', html) is not None
    name = "vendor/govuk/motcua.rtl.css" if rtl else "vendor/govuk/motcua.css"
    assert f"/static/{name}" in html
    path = finders.find(name)
    assert isinstance(path, str)
    return Path(path).read_bytes()


def transfer_size(client: Client, url: str) -> tuple[int, int]:
    """Bytes of the gzip-compressed HTML and stylesheet of a first visit."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content
    css = _stylesheet(html.decode())
    return len(gzip.compress(html)), len(gzip.compress(css))


@pytest.mark.parametrize("prefix", ["", "/en", "/ar"])
def test_the_catalog_page_weighs_at_most_100_kb(client: Client, prefix: str) -> None:
    html, css = transfer_size(client, f"{prefix}/thu-tuc/")
    assert html + css <= BUDGET, (html, css)


@pytest.mark.parametrize("prefix", ["", "/en", "/ar"])
def test_every_procedure_page_weighs_at_most_100_kb(client: Client, prefix: str) -> None:
    sizes = {code: transfer_size(client, f"{prefix}/thu-tuc/{code}/") for code in demo_codes()}
    heaviest = max(sizes, key=lambda code: sum(sizes[code]))
    assert sum(sizes[heaviest]) <= BUDGET, (heaviest, sizes[heaviest])
