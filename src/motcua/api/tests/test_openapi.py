# SPDX-License-Identifier: EUPL-1.2
"""The OpenAPI document: committed and current, served as generated, and complete — every API
address is in it, every error is a problem document, every protected operation names its scope."""

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from motcua.api.management.commands.export_openapi import default_path, generated_schema

#: API addresses that are not operations: the document itself, its page, and the catch-alls.
NOT_OPERATIONS = {"/api/v1/openapi.json", "/api/v1/docs", "/api/v1/", "/api/", "/api/{rest}"}


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


def _as_openapi_path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def _schema() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(generated_schema())
    return loaded


def test_the_committed_document_is_current() -> None:
    assert default_path().read_text(encoding="utf-8") == generated_schema()


def test_the_served_document_is_the_committed_one(client: Client) -> None:
    served = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="en")
    assert served.status_code == 200
    assert served.json() == json.loads(default_path().read_text(encoding="utf-8"))
    assert served.json()["openapi"] == "3.1.0"


def test_every_api_address_is_in_the_document() -> None:
    documented = set(_schema()["paths"])  # type: ignore[call-overload]
    routes = {_as_openapi_path(r) for r in _routes(get_resolver().url_patterns)}
    api_routes = {r for r in routes if r.startswith("/api/") or "/api/" in r}
    assert api_routes - documented == NOT_OPERATIONS
    assert documented <= api_routes
    assert not any(re.match(r"^/[a-z]{2}/api/", route) for route in routes)


def test_operations_are_complete() -> None:
    schema = _schema()
    paths: dict[str, dict[str, dict[str, object]]] = schema["paths"]  # type: ignore[assignment]
    tags = set()
    for path, methods in paths.items():
        for method, operation in methods.items():
            assert operation["operationId"], (path, method)
            tags.update(operation["tags"])  # type: ignore[arg-type]
            responses: dict[str, dict[str, object]] = operation["responses"]  # type: ignore[assignment]
            for status, answer in responses.items():
                if int(status) >= 400:
                    assert list(answer["content"]) == ["application/problem+json"]  # type: ignore[call-overload]
            if path.startswith("/api/v1/dossiers") or path.startswith("/api/v1/inbound"):
                [requirement] = operation["security"]  # type: ignore[misc]
                assert list(requirement) == ["OAuth2"]
                assert {"401", "403", "429"} <= set(responses)
            if method == "get" and "304" in responses:
                assert "ETag" in responses["200"]["headers"]  # type: ignore[operator]
    assert tags == {"catalog", "tracking", "dossiers", "inbound", "oauth"}
    flows = schema["components"]["securitySchemes"]["OAuth2"]["flows"]  # type: ignore[index]
    assert flows["clientCredentials"]["tokenUrl"] == "/api/v1/oauth/token"


def test_export_checks_and_writes(tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    target.write_text("{}\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("export_openapi", "--check", "--path", str(target), stdout=out)
    assert refused.value.returncode == 1
    assert out.getvalue().startswith(f"--- {target}\n+++ generated\n")
    call_command("export_openapi", "--path", str(target), stdout=io.StringIO())
    assert target.read_text(encoding="utf-8") == generated_schema()
    assert generated_schema().endswith("}\n")
    call_command("export_openapi", "--check", "--path", str(target), stdout=out)
    assert out.getvalue().endswith("is current.\n")
