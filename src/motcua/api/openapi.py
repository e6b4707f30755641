# SPDX-License-Identifier: EUPL-1.2
"""The OpenAPI 3.1 document as django-ninja builds it, completed with what ninja leaves out.

- error answers are ``application/problem+json``;
- the headers of answers (``ETag``, ``Location``, ``Retry-After``, ``WWW-Authenticate``) and the
  ``If-None-Match`` parameter of conditional reads;
- the OAuth 2.0 client-credentials scheme with the scope each operation needs.

The document is written in English whatever the request's language, so the served document and
the committed ``docs/api/openapi-v1.json`` are the same bytes (``export_openapi --check``).
"""

import json
from typing import Any

from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from motcua.api.auth.bearer import TOKEN_URL, ClientToken
from motcua.api.problems import PROBLEM_TYPE

JSON_TYPE = "application/json"
SCHEME = "OAuth2"
SCOPES = {
    "dossiers:read": "Read the dossiers of the client's units",
    "dossiers:write": "Submit dossiers at the client's units",
    "documents:read": "Read the documents of those dossiers",
    "inbound:national": "Push dossiers submitted on the national portal",
}


def _header(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description, "schema": schema or {"type": "string"}}


HEADERS: dict[int, dict[str, Any]] = {
    201: {
        "Location": _header("The new dossier's address."),
        "ETag": _header('W/"<version>" of the dossier.'),
    },
    401: {"WWW-Authenticate": _header("The Bearer (or, at the token endpoint, Basic) challenge.")},
    405: {"Allow": _header("The methods this address accepts.")},
    429: {"Retry-After": _header("Seconds to wait.", {"type": "integer", "minimum": 1})},
}
IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "description": "The ETag of the copy held; 304 when it is still current.",
    "schema": {"type": "string"},
}


class MotcuaSchema(OpenAPISchema):
    def responses(self, operation: Operation) -> dict[int, dict[str, Any]]:
        result = super().responses(operation)
        for status, details in result.items():
            content = details.get("content", {})
            if status >= 400 and JSON_TYPE in content:
                details["content"] = {PROBLEM_TYPE: content[JSON_TYPE]}
            if status in HEADERS:
                details["headers"] = dict(HEADERS[status])
        if 304 in result and 200 in result:
            result[200]["headers"] = {"ETag": _header("Tag of this representation (weak).")}
        if 200 in result and 201 in result:
            result[200]["headers"] = dict(HEADERS[201])
        return result

    def operation_parameters(self, operation: Operation) -> list[dict[str, Any]]:
        parameters = super().operation_parameters(operation)
        if 304 in operation.response_models:
            parameters.append(dict(IF_NONE_MATCH))
        return parameters

    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        scopes = [
            str(auth.scope) for auth in operation.auth_callbacks if isinstance(auth, ClientToken)
        ]
        if not scopes:
            return None
        self.securitySchemes[SCHEME] = {
            "type": "oauth2",
            "description": "OAuth 2.0 client credentials; send the token as a Bearer token.",
            "flows": {"clientCredentials": {"tokenUrl": TOKEN_URL, "scopes": dict(SCOPES)}},
        }
        return [{SCHEME: scopes}]


def schema_text(schema: dict[str, Any]) -> str:
    """The committed form: sorted keys, two-space indent, a final newline."""
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
