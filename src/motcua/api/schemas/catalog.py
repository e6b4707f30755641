# SPDX-License-Identifier: EUPL-1.2
"""The public catalog as JSON: procedure summaries (search and browse) and one procedure."""

from datetime import date
from typing import Any

from django.urls import reverse
from ninja import Schema
from pydantic import Field

from motcua.catalog.models import ProcedureVersion
from motcua.portal.catalog.views import public_url


class ProcedureSummary(Schema):
    code: str = Field(description="National procedure code.", examples=["1.000894"])
    name: str = Field(description="Official (Vietnamese) name.")
    name_en: str
    url: str = Field(description="The procedure's public page, in the request's language.")


class ProcedurePage(Schema):
    results: list[ProcedureSummary]
    next: str | None = Field(description="Cursor of the next page; null on the last page.")


class FieldOut(Schema):
    code: str
    name: str
    name_en: str


class TimeLimitOut(Schema):
    channel: str = Field(description="in_person, postal, online, or empty for every channel.")
    amount: float
    unit: str = Field(examples=["working_days"])
    extended_amount: float | None = Field(description="Longer limit when verification is needed.")


class FeeOut(Schema):
    code: str
    kind: str = Field(examples=["fee"])
    name: str
    name_en: str
    amount_vnd: int
    per: str
    channel: str


class RequirementOut(Schema):
    code: str
    order: int
    name: str
    name_en: str
    originals: int
    copies: int
    mandatory: bool


class ProcedureDetail(Schema):
    code: str
    local_code: str
    version: int
    name: str
    name_en: str
    field: FieldOut
    level: str = Field(examples=["commune"])
    online_level: str = Field(examples=["full"])
    channels: list[str]
    boundary_free: bool
    min_eid_level: int
    implementing_agency: str
    competent_agency: str
    effective_from: date
    effective_to: date | None
    time_limits: list[TimeLimitOut]
    fees: list[FeeOut]
    requirements: list[RequirementOut]
    legal_basis: list[str]
    results: str
    application_form_schema: dict[str, Any] = Field(
        description="JSON Schema of the application form a submission's `form` must satisfy."
    )
    url: str


def procedure_url(code: str) -> str:
    return public_url(reverse("portal:procedure", kwargs={"code": code}))


def procedure_summary(version: ProcedureVersion) -> dict[str, Any]:
    code = version.procedure.national_code
    return {
        "code": code,
        "name": version.name,
        "name_en": version.name_en,
        "url": procedure_url(code),
    }


def procedure_detail(version: ProcedureVersion) -> dict[str, Any]:
    code = version.procedure.national_code
    return {
        "code": code,
        "local_code": version.procedure.local_code,
        "version": version.number,
        "name": version.name,
        "name_en": version.name_en,
        "field": {
            "code": version.field.code,
            "name": version.field.name,
            "name_en": version.field.name_en,
        },
        "level": version.level,
        "online_level": version.online_level,
        "channels": list(version.channels),
        "boundary_free": version.boundary_free,
        "min_eid_level": version.min_eid_level,
        "implementing_agency": version.implementing_agency,
        "competent_agency": version.competent_agency,
        "effective_from": version.effective_from,
        "effective_to": version.effective_to,
        "time_limits": [
            {
                "channel": limit.channel,
                "amount": float(limit.amount),
                "unit": limit.unit,
                "extended_amount": None
                if limit.extended_amount is None
                else float(limit.extended_amount),
            }
            for limit in sorted(version.time_limits.all(), key=lambda t: t.channel)
        ],
        "fees": [
            {
                "code": fee.code,
                "kind": fee.kind,
                "name": fee.name,
                "name_en": fee.name_en,
                "amount_vnd": fee.amount_vnd,
                "per": fee.unit,
                "channel": fee.channel,
            }
            for fee in sorted(version.fees.all(), key=lambda f: (f.code, f.channel))
        ],
        "requirements": [
            {
                "code": r.code,
                "order": r.order,
                "name": r.name,
                "name_en": r.name_en,
                "originals": r.originals,
                "copies": r.copies,
                "mandatory": r.mandatory,
            }
            for r in sorted(version.requirements.all(), key=lambda r: r.order)
        ],
        "legal_basis": [str(item) for item in version.legal_basis],
        "results": version.results,
        "application_form_schema": dict(version.applicant_schema),
        "url": procedure_url(code),
    }
