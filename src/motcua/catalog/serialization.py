# SPDX-License-Identifier: EUPL-1.2
"""Procedure version ⇄ exchange-format dict, and whole-catalog export (JSON, XLSX)."""

import io
import json
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook

from motcua.catalog.exchange_format import FORMAT_NAME, FORMAT_VERSION
from motcua.catalog.models import Field, ProcedureVersion
from motcua.catalog.selectors import versions_in_force

LIST_KEYS = ("requirements", "time_limits", "fees", "internal_steps")
JSON_COLUMNS = ("channels", "legal_basis", "applicant_schema", "forms")


def _number(value: Decimal | str | None) -> str:
    if value is None or value == "":
        return ""
    return format(Decimal(value).normalize(), "f")


def procedure_to_dict(item: dict[str, Any]) -> dict[str, Any]:
    """Normalise an incoming procedure document so equal content compares equal."""
    return {
        "national_code": item["national_code"],
        "local_code": item.get("local_code", ""),
        "name_vi": item["name_vi"],
        "name_en": item.get("name_en", ""),
        "field": item["field"],
        "level": item["level"],
        "implementing_agency": item["implementing_agency"],
        "competent_agency": item["competent_agency"],
        "delegated_agency": item.get("delegated_agency", ""),
        "coordinating_agencies": item.get("coordinating_agencies", ""),
        "competent_unit_kind": item["competent_unit_kind"],
        "competent_department": item.get("competent_department", ""),
        "applicants_vi": item.get("applicants_vi", ""),
        "steps_vi": item.get("steps_vi", ""),
        "channels": list(item["channels"]),
        "conditions_vi": item.get("conditions_vi", ""),
        "requirements": [
            {
                "code": r["code"],
                "name_vi": r["name_vi"],
                "name_en": r.get("name_en", ""),
                "originals": r["originals"],
                "copies": r["copies"],
                "mandatory": r["mandatory"],
                "template": r.get("template", ""),
                "reusable_document_type": r.get("reusable_document_type", ""),
                "note_vi": r.get("note_vi", ""),
            }
            for r in item["requirements"]
        ],
        "sets": item.get("sets", 1),
        "time_limits": sorted(
            (
                {
                    "channel": t["channel"],
                    "amount": _number(t["amount"]),
                    "unit": t["unit"],
                    "extended_amount": _number(t.get("extended_amount")),
                    "note_vi": t.get("note_vi", ""),
                }
                for t in item["time_limits"]
            ),
            key=lambda t: t["channel"],
        ),
        "fees": sorted(
            (
                {
                    "code": f["code"],
                    "kind": f["kind"],
                    "name_vi": f["name_vi"],
                    "name_en": f.get("name_en", ""),
                    "amount_vnd": f["amount_vnd"],
                    "unit": f.get("unit", "dossier"),
                    "channel": f.get("channel", ""),
                    "legal_basis": f.get("legal_basis", ""),
                    "note": f.get("note", ""),
                }
                for f in item["fees"]
            ),
            key=lambda f: (f["code"], f["channel"]),
        ),
        "results_vi": item.get("results_vi", ""),
        "results_en": item.get("results_en", ""),
        "legal_basis": list(item["legal_basis"]),
        "online_level": item["online_level"],
        "boundary_free": item.get("boundary_free", True),
        "min_eid_level": item.get("min_eid_level", 2),
        "applicant_schema": item["applicant_schema"],
        "internal_steps": [
            {
                "order": s["order"],
                "name_vi": s["name_vi"],
                "name_en": s.get("name_en", ""),
                "role": s["role"],
                "unit_kind": s["unit_kind"],
                "share": _number(s["share"]),
                "share_unit": s["share_unit"],
                "inter_agency": s.get("inter_agency", False),
                "forms": list(s.get("forms", [])),
            }
            for s in sorted(item["internal_steps"], key=lambda s: s["order"])
        ],
        "effective_from": str(item["effective_from"]),
    }


def version_to_dict(version: ProcedureVersion) -> dict[str, Any]:
    """A stored version in the exchange format."""
    return procedure_to_dict(
        {
            "national_code": version.procedure.national_code,
            "local_code": version.procedure.local_code,
            "name_vi": version.name,
            "name_en": version.name_en,
            "field": version.field.code,
            "level": version.level,
            "implementing_agency": version.implementing_agency,
            "competent_agency": version.competent_agency,
            "delegated_agency": version.delegated_agency,
            "coordinating_agencies": version.coordinating_agencies,
            "competent_unit_kind": version.competent_unit_kind,
            "competent_department": version.competent_department,
            "applicants_vi": version.applicants,
            "steps_vi": version.steps_text,
            "channels": version.channels,
            "conditions_vi": version.conditions,
            "requirements": [
                {
                    "code": r.code,
                    "name_vi": r.name,
                    "name_en": r.name_en,
                    "originals": r.originals,
                    "copies": r.copies,
                    "mandatory": r.mandatory,
                    "template": r.template,
                    "reusable_document_type": r.reusable_document_type,
                    "note_vi": r.note,
                }
                for r in version.requirements.all()
            ],
            "sets": version.sets,
            "time_limits": [
                {
                    "channel": t.channel,
                    "amount": t.amount,
                    "unit": t.unit,
                    "extended_amount": t.extended_amount,
                    "note_vi": t.note,
                }
                for t in version.time_limits.all()
            ],
            "fees": [
                {
                    "code": f.code,
                    "kind": f.kind,
                    "name_vi": f.name,
                    "name_en": f.name_en,
                    "amount_vnd": f.amount_vnd,
                    "unit": f.unit,
                    "channel": f.channel,
                    "legal_basis": f.legal_basis,
                    "note": f.note,
                }
                for f in version.fees.all()
            ],
            "results_vi": version.results,
            "results_en": version.results_en,
            "legal_basis": version.legal_basis,
            "online_level": version.online_level,
            "boundary_free": version.boundary_free,
            "min_eid_level": version.min_eid_level,
            "applicant_schema": version.applicant_schema,
            "internal_steps": [
                {
                    "order": s.order,
                    "name_vi": s.name,
                    "name_en": s.name_en,
                    "role": s.role,
                    "unit_kind": s.unit_kind,
                    "share": s.share,
                    "share_unit": s.share_unit,
                    "inter_agency": s.inter_agency,
                    "forms": s.forms,
                }
                for s in version.steps.all()
            ],
            "effective_from": version.effective_from.isoformat(),
        }
    )


def catalog_export(on: date) -> dict[str, Any]:
    """Every procedure in force on ``on`` (newest version each), in the exchange format."""
    newest: dict[int, ProcedureVersion] = {}
    versions = (
        versions_in_force(on)
        .select_related("procedure", "field")
        .prefetch_related("requirements", "time_limits", "fees", "steps")
        .order_by("procedure__national_code", "-number")
    )
    for version in versions:
        newest.setdefault(version.procedure_id, version)
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "fields": [
            {"code": f.code, "name_vi": f.name, "name_en": f.name_en}
            for f in Field.objects.order_by("code")
        ],
        "procedures": [version_to_dict(v) for v in newest.values()],
    }


def catalog_to_xlsx(data: dict[str, Any]) -> bytes:
    """The same document as a workbook: one sheet per table, keyed by national code."""
    book = Workbook()
    fields_sheet = book.active
    assert fields_sheet is not None
    fields_sheet.title = "fields"
    _write_rows(fields_sheet, data["fields"])
    scalar_rows = [{k: v for k, v in p.items() if k not in LIST_KEYS} for p in data["procedures"]]
    _write_rows(book.create_sheet("procedures"), scalar_rows)
    for key in LIST_KEYS:
        rows = [
            {"national_code": p["national_code"], **row}
            for p in data["procedures"]
            for row in p[key]
        ]
        _write_rows(book.create_sheet(key), rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def catalog_from_xlsx(content: bytes) -> dict[str, Any]:
    """Read a workbook written by :func:`catalog_to_xlsx` back into the exchange format."""
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    procedures = _read_rows(book["procedures"])
    by_code = {p["national_code"]: p for p in procedures}
    for procedure in procedures:
        for key in LIST_KEYS:
            procedure[key] = []
    for key in LIST_KEYS:
        for row in _read_rows(book[key]):
            by_code[row.pop("national_code")][key].append(row)
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "fields": _read_rows(book["fields"]),
        "procedures": procedures,
    }


def _write_rows(sheet: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    headers = list(rows[0])
    sheet.append(headers)
    for row in rows:
        sheet.append(
            [
                json.dumps(row[h], ensure_ascii=False) if h in JSON_COLUMNS else row[h]
                for h in headers
            ]
        )


def _read_rows(sheet: Any) -> list[dict[str, Any]]:
    rows = sheet.iter_rows(values_only=True)
    headers = next(rows, None)
    if headers is None:
        return []
    result = []
    for values in rows:
        row = {}
        for header, value in zip(headers, values, strict=True):
            cell: Any = "" if value is None else value
            if header in JSON_COLUMNS:
                cell = json.loads(cell) if cell else []
            row[header] = cell
        result.append(row)
    return result
