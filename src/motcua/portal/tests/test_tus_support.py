# SPDX-License-Identifier: EUPL-1.2
"""Helpers for the tus protocol tests (not a test module: no ``test_`` functions)."""

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings

from motcua.submissions.models import SubmissionDraft
from motcua.testing.builders import World

from .test_submission_support import citizen_client, start, url

TUS = {"Tus-Resumable": "1.0.0"}
OCTET = "application/offset+octet-stream"


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    """Partial uploads in a fresh folder."""
    with override_settings(DATA_DIR=tmp_path):
        yield tmp_path


def at_documents(world: World) -> tuple[Client, SubmissionDraft]:
    """A citizen's client and draft that reached the documents step."""
    client = citizen_client(world)
    draft = start(client, world)
    client.post(url("submission_applicant", pk=draft.pk), {"phone": "0912345678"})
    response = client.post(
        url("submission_form", pk=draft.pk), {"data-birth_date": "02/05/1988", "action": "x"}
    )
    assert response.status_code == 303
    return client, draft


def metadata(**values: object) -> str:
    return ",".join(
        f"{key} {base64.b64encode(str(value).encode()).decode()}" for key, value in values.items()
    )


def create(
    client: Client, draft: SubmissionDraft, requirement_id: int, length: int, name: str = "a.pdf"
) -> HttpResponse:
    header = metadata(filename=name, filetype="application/pdf", draft=draft.pk,
                      requirement=requirement_id)  # fmt: skip
    return client.post(  # type: ignore[return-value]
        url("tus"), headers={**TUS, "Upload-Length": str(length), "Upload-Metadata": header}
    )


def patch(client: Client, location: str, offset: int, data: bytes) -> HttpResponse:
    return client.patch(  # type: ignore[return-value]
        location, data, content_type=OCTET, headers={**TUS, "Upload-Offset": str(offset)}
    )
