# SPDX-License-Identifier: EUPL-1.2
"""The catalog exchange format (JSON; XLSX carries the same tables) and its validation."""

from decimal import Decimal, InvalidOperation
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from motcua.catalog.rules import LimitSpec, ShareSpec, share_problems

FORMAT_NAME = "motcua-catalog"
FORMAT_VERSION = 1

_DECIMAL = {"type": "string", "pattern": r"^\d+(\.\d+)?$"}
_TEXT = {"type": "string"}

REQUIREMENT = {
    "type": "object",
    "required": ["code", "name_vi", "originals", "copies", "mandatory"],
    "properties": {
        "code": {"type": "string", "minLength": 1, "maxLength": 12},
        "name_vi": {"type": "string", "minLength": 1},
        "name_en": _TEXT,
        "originals": {"type": "integer", "minimum": 0},
        "copies": {"type": "integer", "minimum": 0},
        "mandatory": {"type": "boolean"},
        "template": _TEXT,
        "reusable_document_type": _TEXT,
        "note_vi": _TEXT,
    },
    "additionalProperties": False,
}
TIME_LIMIT = {
    "type": "object",
    "required": ["channel", "amount", "unit"],
    "properties": {
        "channel": {"enum": ["", "in_person", "postal", "online"]},
        "amount": _DECIMAL,
        "unit": {"enum": ["working_days", "working_hours", "same_day"]},
        "extended_amount": {"type": "string", "pattern": r"^(\d+(\.\d+)?)?$"},
        "note_vi": _TEXT,
    },
    "additionalProperties": False,
}
FEE = {
    "type": "object",
    "required": ["code", "kind", "name_vi", "amount_vnd"],
    "properties": {
        "code": {"type": "string", "minLength": 1, "maxLength": 12},
        "kind": {"enum": ["fee", "charge"]},
        "name_vi": {"type": "string", "minLength": 1},
        "name_en": _TEXT,
        "amount_vnd": {"type": "integer", "minimum": 0},
        "unit": _TEXT,
        "channel": {"enum": ["", "in_person", "postal", "online"]},
        "legal_basis": _TEXT,
        "note": _TEXT,
    },
    "additionalProperties": False,
}
STEP = {
    "type": "object",
    "required": ["order", "name_vi", "role", "unit_kind", "share", "share_unit"],
    "properties": {
        "order": {"type": "integer", "minimum": 1},
        "name_vi": {"type": "string", "minLength": 1},
        "name_en": _TEXT,
        "role": {
            "enum": [
                "reception_officer",
                "department_head",
                "specialist",
                "signing_leader",
                "clerk",
            ]
        },
        "unit_kind": {"enum": ["one_stop_centre", "competent_unit", "coordinating_unit"]},
        "share": _DECIMAL,
        "share_unit": {"enum": ["working_days", "working_hours", "not_counted"]},
        "inter_agency": {"type": "boolean"},
        "forms": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": False,
}
PROCEDURE = {
    "type": "object",
    "required": [
        "national_code",
        "name_vi",
        "field",
        "level",
        "implementing_agency",
        "competent_agency",
        "competent_unit_kind",
        "channels",
        "requirements",
        "time_limits",
        "fees",
        "legal_basis",
        "online_level",
        "applicant_schema",
        "internal_steps",
        "effective_from",
    ],
    "properties": {
        "national_code": {"type": "string", "pattern": r"^\d\.\d{6}$"},
        "local_code": _TEXT,
        "name_vi": {"type": "string", "minLength": 1, "maxLength": 400},
        "name_en": {"type": "string", "maxLength": 400},
        "field": {"type": "string", "minLength": 1},
        "level": {"enum": ["province", "commune"]},
        "implementing_agency": _TEXT,
        "competent_agency": _TEXT,
        "delegated_agency": _TEXT,
        "coordinating_agencies": _TEXT,
        "competent_unit_kind": {"enum": ["commune", "department"]},
        "competent_department": _TEXT,
        "applicants_vi": _TEXT,
        "steps_vi": _TEXT,
        "channels": {
            "type": "array",
            "items": {"enum": ["in_person", "postal", "online"]},
            "uniqueItems": True,
        },
        "conditions_vi": _TEXT,
        "requirements": {"type": "array", "items": REQUIREMENT},
        "sets": {"type": "integer", "minimum": 1},
        "time_limits": {"type": "array", "items": TIME_LIMIT, "minItems": 1},
        "fees": {"type": "array", "items": FEE},
        "results_vi": _TEXT,
        "results_en": _TEXT,
        "legal_basis": {"type": "array", "items": {"type": "string"}},
        "online_level": {"enum": ["full", "partial", "none"]},
        "boundary_free": {"type": "boolean"},
        "min_eid_level": {"type": "integer", "minimum": 0, "maximum": 2},
        "applicant_schema": {"type": "object"},
        "internal_steps": {"type": "array", "items": STEP, "minItems": 1},
        "effective_from": {"type": "string", "format": "date"},
    },
    "additionalProperties": False,
}
CATALOG = {
    "type": "object",
    "required": ["format", "format_version", "fields", "procedures"],
    "properties": {
        "format": {"const": FORMAT_NAME},
        "format_version": {"const": FORMAT_VERSION},
        "fields": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "name_vi"],
                "properties": {"code": _TEXT, "name_vi": _TEXT, "name_en": _TEXT},
                "additionalProperties": False,
            },
        },
        "procedures": {"type": "array", "items": PROCEDURE},
    },
    "additionalProperties": False,
}


def catalog_problems(data: Any) -> list[str]:
    """Every problem in a catalog document, as "path: message" lines (empty = valid)."""
    validator = Draft202012Validator(CATALOG, format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems = [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(document)'}: {error.message}"
        for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    ]
    if problems:
        return problems
    field_codes = {field["code"] for field in data["fields"]}
    seen: set[str] = set()
    for index, procedure in enumerate(data["procedures"]):
        where = f"procedures/{index} ({procedure['national_code']})"
        if procedure["national_code"] in seen:
            problems.append(f"{where}: national code appears twice")
        seen.add(procedure["national_code"])
        if procedure["field"] not in field_codes:
            problems.append(f"{where}: unknown field {procedure['field']!r}")
        if procedure["competent_unit_kind"] == "department" and not procedure.get(
            "competent_department"
        ):
            problems.append(f"{where}: competent_department is required for a department")
        try:
            Draft202012Validator.check_schema(procedure["applicant_schema"])
        except SchemaError as error:
            problems.append(
                f"{where}: applicant_schema is not a valid JSON Schema: {error.message}"
            )
        if not any(limit["channel"] == "" for limit in procedure["time_limits"]):
            problems.append(f'{where}: time_limits needs a row for every channel (channel "")')
            continue
        problems.extend(f"{where}: {p}" for p in _share_problems(procedure))
    return problems


def _share_problems(procedure: dict[str, Any]) -> list[str]:
    try:
        limits = [
            LimitSpec(limit["channel"], Decimal(limit["amount"]), limit["unit"])
            for limit in procedure["time_limits"]
        ]
        steps = [
            ShareSpec(step["order"], Decimal(step["share"]), step["share_unit"])
            for step in procedure["internal_steps"]
        ]
    except InvalidOperation:
        return ["a number could not be read"]
    general = next(limit for limit in limits if limit.channel == "")
    return share_problems(general, steps)
