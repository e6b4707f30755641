# SPDX-License-Identifier: EUPL-1.2
"""The landing page renders in every language, with its stylesheet found by collectstatic."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from motcua.catalog.services import catalog_import
from motcua.testing.builders import catalog_document

pytestmark = pytest.mark.django_db


def test_stylesheets_are_collected() -> None:
    assert finders.find("vendor/govuk/motcua.css") is not None
    assert finders.find("vendor/govuk/motcua.rtl.css") is not None


@pytest.mark.parametrize(
    ("path", "lang", "direction", "stylesheet", "heading"),
    [
        ("/", "vi", "ltr", "motcua.css", "Thủ tục hành chính"),
        ("/en/", "en", "ltr", "motcua.css", "Administrative procedures"),
        ("/ar/", "ar", "rtl", "motcua.rtl.css", None),
    ],
)
def test_home_page_in_each_language(
    client: Client, path: str, lang: str, direction: str, stylesheet: str, heading: str | None
) -> None:
    catalog_import(catalog_document())
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'lang="{lang}"' in html and f'dir="{direction}"' in html
    assert f"vendor/govuk/{stylesheet}" in html
    assert 'href="#main-content"' in html and 'id="main-content"' in html
    if heading:
        assert heading in html
