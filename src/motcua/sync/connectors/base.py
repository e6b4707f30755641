# SPDX-License-Identifier: EUPL-1.2
"""What a connector reports for each delivery, and how HTTP answers are read."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import requests

from motcua.sync.models import Delivery, Destination

#: delivered: acknowledged; retry: try again later; dead: the receiver refuses it as invalid;
#: solo: its batch was refused as a whole, so send it alone next time.
Verdict = Literal["delivered", "retry", "dead", "solo"]

#: Answers meaning "this request is invalid" (dead-lettered); every other failure is retried.
INVALID_STATUSES = frozenset({400, 413, 415, 422})


@dataclass(frozen=True)
class Outcome:
    delivery_id: int
    verdict: Verdict
    error: str = ""
    status: int | None = None


class Connector(Protocol):
    #: Whether one request may carry several messages.
    batching: bool

    def send(
        self, session: requests.Session, destination: Destination, deliveries: Sequence[Delivery]
    ) -> list[Outcome]: ...


def classify_status(status: int) -> Literal["ok", "invalid", "retry"]:
    if 200 <= status < 300:
        return "ok"
    return "invalid" if status in INVALID_STATUSES else "retry"


def transport_failure(deliveries: Sequence[Delivery], error: Exception) -> list[Outcome]:
    """Timeouts and refused connections: the receiver may or may not have the messages; retry."""
    detail = f"{type(error).__name__}: {str(error)[:300]}"
    return [Outcome(d.pk, "retry", detail) for d in deliveries]
