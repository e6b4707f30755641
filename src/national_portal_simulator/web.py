# SPDX-License-Identifier: EUPL-1.2
"""Just enough HTTP over WSGI: requests, JSON bodies, responses and RFC 9457 problems."""

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs
from wsgiref.types import WSGIEnvironment

MAX_BODY_BYTES = 32 * 1024 * 1024
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")

Headers = Sequence[tuple[str, str]]


class HttpError(Exception):
    """Ends a request with a problem response."""

    def __init__(
        self, status: int, detail: str, *, errors: Sequence[str] = (), headers: Headers = ()
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors, self.headers = status, detail, errors, headers


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: Headers = field(default_factory=tuple)

    def wsgi_status(self) -> str:
        return f"{self.status} {HTTPStatus(self.status).phrase}"

    def wsgi_headers(self) -> list[tuple[str, str]]:
        headers = [("Content-Length", str(len(self.body))), *self.headers]
        if self.content_type:
            headers.append(("Content-Type", self.content_type))
        return headers


def json_response(value: object, status: int = 200, headers: Headers = ()) -> Response:
    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    return Response(status, body, "application/json", headers)


def problem(
    status: int, detail: str, *, errors: Sequence[str] = (), headers: Headers = ()
) -> Response:
    document: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors:
        document["errors"] = list(errors)
    body = json.dumps(document, ensure_ascii=False).encode("utf-8")
    return Response(status, body, "application/problem+json", headers)


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large for a number")
    return value


class Request:
    def __init__(self, environ: WSGIEnvironment) -> None:
        self.environ = environ
        self.method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        raw_path = str(environ.get("PATH_INFO", "") or "/")
        try:  # WSGI hands the path over as latin-1; the bytes are UTF-8
            self.path = raw_path.encode("latin-1").decode("utf-8")
        except UnicodeError as error:
            raise HttpError(400, "the path is not valid UTF-8") from error
        self.query = parse_qs(str(environ.get("QUERY_STRING", "")), keep_blank_values=True)

    def header(self, name: str) -> str | None:
        value = self.environ.get("HTTP_" + name.upper().replace("-", "_"))
        return None if value is None else str(value)

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def whole_number(self, name: str, *, default: int, low: int, high: int) -> int:
        text = self.param(name)
        if text is None:
            return default
        if not _WHOLE_NUMBER.fullmatch(text) or not low <= int(text) <= high:
            raise HttpError(400, f"{name} must be a whole number from {low} to {high}")
        return int(text)

    def body(self) -> bytes:
        length_text = str(self.environ.get("CONTENT_LENGTH") or "").strip()
        stream = self.environ["wsgi.input"]
        if length_text:
            if not length_text.isascii() or not length_text.isdigit():
                raise HttpError(400, "Content-Length is not a number")
            length = int(length_text)
            if length > MAX_BODY_BYTES:
                raise HttpError(413, f"the body is larger than {MAX_BODY_BYTES} bytes")
            data: bytes = stream.read(length) if length else b""
        else:
            data = stream.read(MAX_BODY_BYTES + 1)
            if len(data) > MAX_BODY_BYTES:
                raise HttpError(413, f"the body is larger than {MAX_BODY_BYTES} bytes")
        return data

    def json(self) -> Any:
        """The body as JSON (UTF-8, no NaN or Infinity, no lone surrogates) or a 400."""
        try:
            text = self.body().decode("utf-8")
            value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite)
            if _SURROGATE_ESCAPE.search(text):
                _refuse_lone_surrogates(value)
        except (ValueError, RecursionError) as error:  # UnicodeError is a ValueError
            raise HttpError(400, f"the body is not valid JSON: {_short(error)}") from error
        return value


def _refuse_lone_surrogates(value: object) -> None:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError("a string holds an unpaired surrogate (\\ud800-\\udfff)") from error


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 200 else text[:199] + "…"
