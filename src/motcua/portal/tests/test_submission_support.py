# SPDX-License-Identifier: EUPL-1.2
"""Helpers for the online submission page tests (not a test module: no ``test_`` functions)."""

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from motcua.submissions.models import SubmissionDraft
from motcua.testing.builders import World

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def english() -> Iterator[None]:
    """Messages are checked in English (the source language): pages under /en/."""
    with translation.override("en"):
        yield


def url(name: str, **kwargs: object) -> str:
    """The English address of a portal page (messages are asserted in the source language)."""
    with translation.override("en"):
        return reverse(f"portal:{name}", kwargs=kwargs)


def citizen_client(world: World) -> Client:
    client = Client()
    client.force_login(world.citizen_a)
    return client


def start(client: Client, world: World) -> SubmissionDraft:
    """POST the start page (the world's centre) and return the new draft."""
    code = world.version.procedure.national_code
    response = client.post(url("submit", code=code), {"receiving_unit": world.centre.pk})
    assert response.status_code == 303, response.content.decode()[:2000]
    return SubmissionDraft.objects.latest("pk")


def to_review(client: Client, world: World) -> SubmissionDraft:
    """Every step through the pages, ending on a draft ready for review."""
    draft = start(client, world)
    steps = [
        ("submission_applicant", {"phone": "0912345678"}),
        ("submission_form", {"data-birth_date": "02/05/1988", "action": "continue"}),
    ]
    for name, data in steps:
        response = client.post(url(name, pk=draft.pk), data)
        assert response.status_code == 303, response.content.decode()[:3000]
    requirement = world.version.requirements.get()
    response = client.post(
        url("submission_documents", pk=draft.pk),
        {f"file-{requirement.pk}": upload("to-khai.pdf", PDF), "action": "continue"},
    )
    assert response.status_code == 303, response.content.decode()[:3000]
    draft.refresh_from_db()
    return draft


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match is not None, name
    return match.group(1)


def error_summary(html: str) -> list[str]:
    """The messages of the GOV.UK error summary, in order."""
    block = html.split('govuk-error-summary__list">', 1)
    if len(block) == 1:
        return []
    items = block[1].split("</ul>", 1)[0]
    return re.findall(r'<li><a href="#[^"]+">([^<]*)</a></li>', items)
