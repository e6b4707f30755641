# SPDX-License-Identifier: EUPL-1.2
import uuid
from datetime import UTC, datetime

import pytest
from cloudevents.v1.http import from_dict
from django.db import transaction

from motcua.core.models import OutboxMessage
from motcua.core.outbox import outbox_record

pytestmark = pytest.mark.django_db

AT = datetime(2026, 2, 13, 3, 0, tzinfo=UTC)


def _record(**overrides: object) -> OutboxMessage:
    arguments: dict[str, object] = {
        "event_type": "dossier.receive",
        "aggregate_type": "dossier",
        "aggregate_id": "42",
        "sequence": 2,
        "subject": "H99.01-260213-0001",
        "time": AT,
        "data": {"status": "received"},
        **overrides,
    }
    with transaction.atomic():
        return outbox_record(**arguments)  # type: ignore[arg-type]


def test_message_is_a_valid_cloudevent() -> None:
    event_id = uuid.UUID("6f1c7a57-0d6b-4a56-9f8e-1c2d3e4f5a6b")
    _record(event_id=event_id)
    envelope = OutboxMessage.objects.get(pk=event_id).envelope
    assert envelope == {
        "specversion": "1.0",
        "id": str(event_id),
        "source": "urn:motcua:demo-province",
        "sequence": "2",
        "type": "vn.motcua.dossier.receive",
        "subject": "H99.01-260213-0001",
        "time": "2026-02-13T03:00:00+00:00",
        "datacontenttype": "application/json",
        "data": {"status": "received"},
    }
    parsed = from_dict(envelope)
    assert parsed["id"] == str(event_id)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_nothing_is_written() -> None:
    with pytest.raises(RuntimeError):
        outbox_record(
            event_type="dossier.receive", aggregate_type="dossier", aggregate_id="1",
            sequence=1, subject="x", time=AT, data={},
        )  # fmt: skip
    assert OutboxMessage.objects.count() == 0


def test_one_sequence_per_aggregate() -> None:
    _record()
    with pytest.raises(Exception, match=r"(?i)unique"):
        _record()
    assert OutboxMessage.objects.count() == 1
