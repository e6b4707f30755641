# SPDX-License-Identifier: EUPL-1.2
"""A small in-process WSGI client (wsgiref, checked by wsgiref.validate) for the simulator."""

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from wsgiref.types import WSGIApplication
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

from national_portal_simulator.app import DEFAULT_TOKEN

_NO_BODY = object()


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class Client:
    def __init__(self, app: WSGIApplication, token: str | None = DEFAULT_TOKEN) -> None:
        self.app = validator(app)
        self.token = token

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: object = _NO_BODY,
        body: bytes | None = None,
        query: Mapping[str, str | int] | None = None,
        token: str | None = "",
        headers: Mapping[str, str] | None = None,
    ) -> Reply:
        if json_body is not _NO_BODY:
            body = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
        environ: dict[str, Any] = {}
        setup_testing_defaults(environ)
        environ.update(
            REQUEST_METHOD=method,
            PATH_INFO=path.encode("utf-8").decode("latin-1"),
            QUERY_STRING=urlencode(query or {}),
        )
        environ["wsgi.input"] = io.BytesIO(body or b"")
        if body is not None:
            environ["CONTENT_LENGTH"] = str(len(body))
            environ["CONTENT_TYPE"] = "application/json"
        bearer = self.token if token == "" else token
        if bearer is not None:
            environ["HTTP_AUTHORIZATION"] = f"Bearer {bearer}"
        for name, value in (headers or {}).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        captured: dict[str, Any] = {}

        def start_response(
            status: str, response_headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            captured["status"] = int(status.split(" ", 1)[0])
            captured["headers"] = {name.lower(): value for name, value in response_headers}
            return lambda data: None

        chunks = self.app(environ, start_response)
        try:
            payload = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        return Reply(captured["status"], captured["headers"], payload)

    def get(self, path: str, **options: Any) -> Reply:
        return self.request("GET", path, **options)

    def post(self, path: str, **options: Any) -> Reply:
        return self.request("POST", path, **options)

    def put(self, path: str, **options: Any) -> Reply:
        return self.request("PUT", path, **options)

    def sync(self, *events: object, **options: Any) -> Reply:
        return self.post("/api/v1/dossiers/sync", json_body={"events": list(events)}, **options)
