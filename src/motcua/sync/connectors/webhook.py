# SPDX-License-Identifier: EUPL-1.2
"""Webhook subscribers: one CloudEvent per request, signed as Standard Webhooks prescribe.

Headers ``webhook-id`` (the event id, for de-duplication), ``webhook-timestamp`` and
``webhook-signature`` (``v1,<base64 HMAC-SHA256>`` of ``id.timestamp.body`` with the
subscriber's ``whsec_`` secret), computed by the ``standardwebhooks`` library.
"""

import json
from collections.abc import Sequence
from datetime import UTC, datetime

import requests
from standardwebhooks.webhooks import Webhook

from motcua.sync.connectors.base import Outcome, classify_status, transport_failure
from motcua.sync.models import Delivery, Destination

CONTENT_TYPE = "application/cloudevents+json"


def signed_request(secret: str, message_id: str, body: str) -> dict[str, str]:
    """The headers of one delivery, signed now."""
    now = datetime.now(tz=UTC)
    signature = Webhook(secret).sign(message_id, now, body)
    return {
        "content-type": CONTENT_TYPE,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature,
    }


class WebhookConnector:
    batching = False

    def send(
        self, session: requests.Session, destination: Destination, deliveries: Sequence[Delivery]
    ) -> list[Outcome]:
        outcomes = []
        for delivery in deliveries:
            body = json.dumps(delivery.message.envelope, ensure_ascii=False, sort_keys=True)
            headers = signed_request(destination.secret, str(delivery.message_id), body)
            try:
                response = session.post(
                    destination.url,
                    data=body.encode(),
                    headers=headers,
                    timeout=(5, destination.timeout_seconds),
                )
            except requests.RequestException as error:
                outcomes.extend(transport_failure([delivery], error))
                continue
            answer = classify_status(response.status_code)
            detail = "" if answer == "ok" else f"HTTP {response.status_code}: {response.text[:300]}"
            verdict = {"ok": "delivered", "invalid": "dead", "retry": "retry"}[answer]
            outcomes.append(Outcome(delivery.pk, verdict, detail, response.status_code))  # type: ignore[arg-type]
        return outcomes
