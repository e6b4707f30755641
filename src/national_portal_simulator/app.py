# SPDX-License-Identifier: EUPL-1.2
"""The WSGI application: the portal's API (``/api/v1/``), the control API and the demo page.

``application`` is what granian serves; it reads NATSIM_DB, NATSIM_TOKEN and NATSIM_MAX_BATCH
on its first request. Tests build their own ``Simulator(Store(path))``.
"""

import hmac
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.types import StartResponse, WSGIEnvironment

from national_portal_simulator.faults import Dice, Faults, FaultsInvalid, faults_parse
from national_portal_simulator.page import page_html
from national_portal_simulator.schemas import event_errors, inbound_errors
from national_portal_simulator.store import Incoming, Store
from national_portal_simulator.web import HttpError, Request, Response, json_response, problem

DEFAULT_TOKEN = "demo-national-portal-token"  # noqa: S105 — a public demo value
DEFAULT_MAX_BATCH = 500
DEFAULT_DB = "national-portal.sqlite3"
DOSSIER_PREFIX = "/api/v1/dossiers/"
PAGE_DOSSIERS = 50

logger = logging.getLogger("national_portal_simulator")

Handler = Callable[[Request], Response]


class Simulator:
    def __init__(
        self, store: Store, *, token: str = DEFAULT_TOKEN, max_batch: int = DEFAULT_MAX_BATCH
    ) -> None:
        self.store = store
        self.token = token
        self.max_batch = max_batch
        self.dice = Dice()
        self.api_routes: dict[str, dict[str, Handler]] = {
            "/api/v1/dossiers/sync": {"POST": self.sync},
            "/api/v1/dossiers": {"GET": self.dossier_list},
            "/api/v1/inbound": {"GET": self.inbound_feed},
        }
        self.other_routes: dict[str, dict[str, Handler]] = {
            "/": {"GET": self.home},
            "/_control/faults": {"GET": self.faults_read, "PUT": self.faults_write},
            "/_control/stats": {"GET": self.stats},
            "/_control/events": {"GET": self.events},
            "/_control/event-ids": {"GET": self.event_ids},
            "/_control/reset": {"POST": self.reset},
            "/_control/inbound": {"POST": self.inbound_add},
        }

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        try:
            response = self.respond(Request(environ))
        except HttpError as error:
            response = problem(
                error.status, error.detail, errors=error.errors, headers=error.headers
            )
        except Exception:
            logger.exception("unexpected error")
            response = problem(500, "unexpected error in the simulator")
        start_response(response.wsgi_status(), response.wsgi_headers())
        return [response.body]

    def respond(self, request: Request) -> Response:
        if request.path.startswith("/api/"):
            return self.api(request)
        return self._dispatch(request, self.other_routes)

    def _dispatch(self, request: Request, routes: dict[str, dict[str, Handler]]) -> Response:
        handlers = routes.get(request.path)
        if handlers is None:
            raise HttpError(404, f"no such resource: {request.path}")
        handler = handlers.get(request.method)
        if handler is None:
            allowed = ", ".join(sorted(handlers))
            raise HttpError(405, f"use {allowed} on {request.path}", headers=[("Allow", allowed)])
        return handler(request)

    # --- the portal's API

    def api(self, request: Request) -> Response:
        self.store.count(requests=1)
        faults, _ = self.store.faults()
        if faults.slow_ms:
            time.sleep(faults.slow_ms / 1000)
        self._authorise(request)
        code = request.path.removeprefix(DOSSIER_PREFIX)
        if request.path.startswith(DOSSIER_PREFIX) and code != "sync":
            if request.method != "GET":
                raise HttpError(405, "use GET on a dossier", headers=[("Allow", "GET")])
            return self.dossier_read(code)
        return self._dispatch(request, self.api_routes)

    def _authorise(self, request: Request) -> None:
        scheme, _, token = (request.header("Authorization") or "").partition(" ")
        expected = self.token.encode("utf-8")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.encode("utf-8"), expected):
            raise HttpError(
                401,
                "a valid bearer token is required",
                headers=[("WWW-Authenticate", 'Bearer realm="national-portal"')],
            )

    def _dice(self) -> tuple[Faults, Callable[[float], bool]]:
        """The fault settings now, and the dice to roll against their rates."""
        faults, version = self.store.faults()
        return faults, lambda rate: self.dice.roll(faults, version, rate)

    def sync(self, request: Request) -> Response:
        faults, roll = self._dice()
        if roll(faults.error_rate):
            self.store.count(fault_error=1)
            raise HttpError(500, "simulated failure (error_rate); nothing was stored")
        batch = self._batch(request.json())
        timeout, drop = roll(faults.timeout_rate), roll(faults.drop_after_commit_rate)
        if timeout:
            self.store.count(fault_timeout=1)
            time.sleep(faults.timeout_seconds)
        results = self.store.batch_store(batch, lambda: roll(faults.reject_rate))
        if drop:
            self.store.count(fault_drop_after_commit=1)
            raise HttpError(500, "simulated failure (drop_after_commit_rate) after storing")
        return json_response({"results": results})

    def _batch(self, body: object) -> list[Incoming]:
        if not isinstance(body, dict) or set(body) != {"events"}:
            raise HttpError(400, 'the body must be a JSON object {"events": [...]}')
        events = body["events"]
        if not isinstance(events, list) or not 1 <= len(events) <= self.max_batch:
            raise HttpError(400, f"events must be a list of 1 to {self.max_batch} events")
        return [_incoming(event) for event in events]

    def dossier_read(self, code: str) -> Response:
        dossier = self.store.dossier(code)
        if dossier is None:
            raise HttpError(404, f"no dossier {code}")
        return json_response(dossier)

    def dossier_list(self, request: Request) -> Response:
        items, following = self.store.dossiers(
            unit=request.param("DonViXuLy"),
            receiving_unit=request.param("MaDonViTiepNhan"),
            after=request.param("after") or "",
            limit=request.whole_number("limit", default=500, low=1, high=1000),
        )
        return json_response({"items": items, "next": following})

    def inbound_feed(self, request: Request) -> Response:
        after = request.whole_number("after", default=0, low=0, high=10**18)
        limit = request.whole_number("limit", default=100, low=1, high=500)
        faults, roll = self._dice()
        duplicate = roll(faults.inbound_duplicate_rate)
        items = self.store.inbound_page(after=after, limit=limit, duplicate=duplicate)
        return json_response({"items": items, "next": items[-1]["feed_id"] if items else after})

    # --- control API and page (no authentication; bind to 127.0.0.1)

    def home(self, request: Request) -> Response:
        html = page_html(
            totals=self.store.totals(),
            stats=self.store.stats(),
            faults=self.store.faults()[0],
            dossiers=self.store.recent_dossiers(PAGE_DOSSIERS),
        )
        return Response(200, html.encode("utf-8"), "text/html; charset=utf-8")

    def faults_read(self, request: Request) -> Response:
        return json_response(self.store.faults()[0].as_json())

    def faults_write(self, request: Request) -> Response:
        try:
            faults = faults_parse(request.json())
        except FaultsInvalid as invalid:
            raise HttpError(400, "invalid fault settings", errors=invalid.errors) from invalid
        self.store.faults_set(faults)
        return json_response(faults.as_json())

    def stats(self, request: Request) -> Response:
        return json_response(self.store.stats())

    def events(self, request: Request) -> Response:
        code = request.param("MaHoSo")
        if code is None:
            raise HttpError(400, "MaHoSo is required")
        return json_response({"items": self.store.events_of(code)})

    def event_ids(self, request: Request) -> Response:
        return json_response({"ids": self.store.event_ids()})

    def reset(self, request: Request) -> Response:
        self.store.reset()
        return Response(204)

    def inbound_add(self, request: Request) -> Response:
        item = request.json()
        if isinstance(item, dict) and "feed_id" in item:
            raise HttpError(400, "feed_id is assigned by the portal; leave it out")
        errors = inbound_errors(item)
        if errors:
            raise HttpError(400, "the item does not match the inbound schema", errors=errors)
        return json_response({"feed_id": self.store.inbound_append(item)}, status=201)


def _incoming(event: object) -> Incoming:
    errors = event_errors(event)
    document: dict[str, Any] = event if isinstance(event, dict) else {}
    event_id = document.get("IdSuKien")
    return Incoming(event_id if isinstance(event_id, str) else None, document, errors)


def simulator_from_environment() -> Simulator:
    """A simulator configured by NATSIM_DB, NATSIM_TOKEN and NATSIM_MAX_BATCH."""
    store = Store(os.environ.get("NATSIM_DB") or DEFAULT_DB)
    store.initialise()
    return Simulator(
        store,
        token=os.environ.get("NATSIM_TOKEN") or DEFAULT_TOKEN,
        max_batch=int(os.environ.get("NATSIM_MAX_BATCH") or DEFAULT_MAX_BATCH),
    )


_configured: list[Simulator] = []
_configuring = threading.Lock()


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    if not _configured:
        with _configuring:
            if not _configured:
                _configured.append(simulator_from_environment())
    return _configured[0](environ, start_response)


__all__ = ["DEFAULT_TOKEN", "Faults", "Simulator", "application", "simulator_from_environment"]
