# SPDX-License-Identifier: EUPL-1.2
"""The two JSON Schemas (2020-12) and readable validation errors ("$.HoSo.MaTTHC: ...")."""

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

EVENT_SCHEMA = "dossier-event.schema.json"
INBOUND_SCHEMA = "inbound-dossier.schema.json"
MAX_ERRORS = 20
MAX_MESSAGE = 200


def load_schema(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schema", name).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _inline(node: Any, definitions: dict[str, Any]) -> Any:
    """The schema with each local "#/$defs/x" replaced by its definition (a third faster)."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(definitions[node["$ref"].removeprefix("#/$defs/")], definitions)
        return {key: _inline(value, definitions) for key, value in node.items() if key != "$defs"}
    if isinstance(node, list):
        return [_inline(value, definitions) for value in node]
    return node


@cache
def _validator(name: str) -> Draft202012Validator:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(_inline(schema, schema.get("$defs", {})))


def _is_null_branch(error: ValidationError) -> bool:
    return error.validator == "type" and error.validator_value == "null"


def _leaves(error: ValidationError) -> list[ValidationError]:
    """For "a date or null", the date's own error says more than "not valid under any"."""
    if error.validator == "anyOf" and error.context:
        specific = [sub for sub in error.context if not _is_null_branch(sub)]
        if specific:
            return specific
    return [error]


def _describe(error: ValidationError) -> str:
    message = error.message
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    return f"{error.json_path}: {message}"


def errors_of(name: str, instance: object) -> list[str]:
    """Every problem of ``instance`` against the schema ``name``, sorted; [] when valid."""
    validator = _validator(name)
    if validator.is_valid(instance):  # the common case, and quicker than collecting errors
        return []
    found = sorted(
        {_describe(leaf) for error in validator.iter_errors(instance) for leaf in _leaves(error)}
    )
    if len(found) > MAX_ERRORS:
        found = [*found[:MAX_ERRORS], f"… and {len(found) - MAX_ERRORS} more"]
    return found


def event_errors(event: object) -> list[str]:
    return errors_of(EVENT_SCHEMA, event)


def inbound_errors(item: object) -> list[str]:
    return errors_of(INBOUND_SCHEMA, item)
