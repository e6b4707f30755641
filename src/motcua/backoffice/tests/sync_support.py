# SPDX-License-Identifier: EUPL-1.2
"""Helpers for the sync pages' tests: destinations, reading the rendered tables and cards, and
the national portal's dossier list on loopback."""

import json
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from motcua.sync.models import Delivery, Destination, ReconciliationRun
from motcua.testing.builders import World

TOKEN = "portal-test-token"
LONG_ERROR = "rejected: HoSo.MaTTHC: '1.00487' does not match '^\\\\d\\\\.\\\\d{6}$'; " + "x" * 90


def portal(url: str = "http://127.0.0.1:9") -> Destination:
    return Destination.objects.create(
        name="national-portal", kind=Destination.Kind.NATIONAL_PORTAL, url=url, secret=TOKEN
    )


def webhook(name: str = "agency") -> Destination:
    return Destination.objects.create(
        name=name, kind=Destination.Kind.WEBHOOK, url="http://127.0.0.1:9/h", secret="whsec_AAAA"
    )


def set_delivery(delivery: Delivery, **fields: Any) -> Delivery:
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    delivery.refresh_from_db()
    return delivery


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


class Tables(HTMLParser):
    """The body rows of one table (by id), each cell as its visible and hidden text."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id = table_id
        self.depth = 0  # >0 inside the table
        self.in_body = False
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.cell is not None:
            self.cell.append(" ")  # <br>, <span>: words stay apart
        if tag == "table" and (self.depth or dict(attrs).get("id") == self.table_id):
            self.depth += 1
        elif self.depth and tag in ("tbody", "tfoot"):
            self.in_body = True
        elif self.depth and self.in_body and tag == "tr":
            self.rows.append([])
        elif self.depth and self.in_body and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, table_id: str) -> list[list[str]]:
    parser = Tables(table_id)
    parser.feed(html)
    assert parser.rows or f'id="{table_id}"' in html, f"no table {table_id}"
    return parser.rows


def metrics(html: str, destination: Destination) -> dict[str, str]:
    """The summary card of ``destination``: metric → visible value."""
    card = html[html.index(f'id="destination-{destination.pk}"') :]
    card = card[: card.index('class="govuk-button-group"')]
    return {
        name: text(value)
        for name, value in re.findall(
            r'data-metric="(\w+)"><dt[^>]*>.*?</dt><dd[^>]*>(.*?)</dd>', card, re.S
        )
    }


def shown(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert "no-store" in response["Cache-Control"]
    return response.content.decode()


def metrics_cursor(html: str) -> str:
    found = re.search(r'data-metric="cursor"><dt[^>]*>.*?</dt><dd[^>]*>(.*?)</dd>', html, re.S)
    assert found is not None
    return text(found.group(1))


def report_run(
    world: World, destination: Destination, mismatches: list[dict[str, Any]]
) -> ReconciliationRun:
    commune, centre = world.commune.code, world.centre.code
    return ReconciliationRun.objects.create(
        destination=destination,
        started_at=timezone.now() - timedelta(minutes=5),
        finished_at=timezone.now(),
        dossiers_checked=8,
        in_sync=6,
        per_unit={
            commune: {"ours": {"2": 3, "4": 2, "10": 1}, "theirs": {"2": 2, "4": 2, "10": 1}},
            centre: {"ours": {"1": 2}, "theirs": {"1": 2, "9": 1}},
        },
        mismatches=mismatches,
    )


@contextmanager
def portal_acknowledging(items: list[dict[str, Any]]) -> Iterator[str]:
    """The national portal's GET /api/v1/dossiers on loopback (one page, bearer checked)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                status, body = 401, {"title": "Unauthorized"}
            elif not self.path.startswith("/api/v1/dossiers?"):
                status, body = 404, {"title": "Not Found"}
            else:
                status, body = 200, {"items": items, "next": None}
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)
