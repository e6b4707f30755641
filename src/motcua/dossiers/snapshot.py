# SPDX-License-Identifier: EUPL-1.2
"""The dossier as outbox messages report it: everything the national portal and subscribers need.

A snapshot is taken in the transaction of each change, so a message replays faithfully what was
true when it was written (LAW-NOTES.md §1.4 lists the national fields this feeds).
"""

from datetime import UTC, datetime
from typing import Any

from django.conf import settings

from motcua.dossiers.lifecycle import NATIONAL_CHANNEL, NATIONAL_STATUS, Action, Channel, Status
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent


def iso(moment: datetime | None) -> str | None:
    """Datetimes in events and JSON fields: ISO 8601 in UTC, so hashes survive a reload."""
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def dossier_snapshot(dossier: Dossier) -> dict[str, Any]:
    version = dossier.procedure_version
    return {
        "dossier_code": dossier.code,
        "procedure_code": version.procedure.national_code,
        "procedure_version": version.number,
        "procedure_name": version.name,
        "field_code": version.field.code,
        "field_name": version.field.name,
        "status": dossier.status,
        "national_status": NATIONAL_STATUS[Status(dossier.status)],
        "channel": dossier.channel,
        "national_channel": NATIONAL_CHANNEL[Channel(dossier.channel)],
        "receiving_unit": dossier.receiving_unit.code,
        "competent_unit": dossier.competent_unit.code,
        "current_unit": dossier.current_unit.code,
        "applicant_kind": dossier.applicant_kind,
        "applicant_name": dossier.applicant_name,
        "applicant_id_number": dossier.applicant_id_number,
        "applicant_phone": dossier.applicant_phone,
        "applicant_email": dossier.applicant_email,
        "eid_verified": dossier.owner is not None and dossier.owner.eid_level >= 2,
        "submitted_at": iso(dossier.submitted_at),
        "received_at": iso(dossier.received_at),
        "due_at": iso(dossier.due_at),
        "decided_at": iso(dossier.decided_at),
        "result_issued_at": iso(dossier.result_issued_at),
        "returned_at": iso(dossier.returned_at),
        "return_method": dossier.return_method,
        "finished_at": iso(dossier.finished_at),
        "outcome": dossier.outcome,
        "time_limit": _time_limit(dossier),
        "fees": [
            {"code": fee.code, "kind": fee.kind, "name": fee.name, "amount_vnd": fee.amount_vnd}
            for fee in version.fees.all()
        ],
        "documents": _documents(dossier),
        "supplements": _supplements(dossier),
        "results": _results(dossier),
    }


def _time_limit(dossier: Dossier) -> dict[str, Any] | None:
    if dossier.time_limit_amount is None:
        return None
    return {"amount": float(dossier.time_limit_amount), "unit": dossier.time_limit_unit}


def _documents(dossier: Dossier) -> list[dict[str, Any]]:
    rows = DossierDocument.objects.filter(dossier_id=dossier.pk).order_by("added_in_event", "pk")
    return [
        {
            "requirement": code or "",
            "name": name,
            "digitised": file_id is not None,
            # documents taken from the state's data stores arrive with a later issue
            "reused": False,
        }
        for code, name, file_id in rows.values_list("requirement__code", "name", "file_id")
    ]


def _supplements(dossier: Dossier) -> list[dict[str, Any]]:
    """Each supplement request: when asked and answered, the promised date before and after."""
    pauses = [p for p in dossier.clock_pauses if p.get("reason") == "supplement"]
    if not pauses:
        return []
    answers = list(
        DossierEvent.objects.filter(dossier_id=dossier.pk, action=Action.SUPPLEMENT)
        .exclude(data__due_after=None)
        .order_by("sequence")
        .values_list("data", flat=True)
    )
    return [
        {
            "requested_at": pause["start"],
            "answered_at": pause.get("end"),
            "due_before": answers[index].get("due_before") if index < len(answers) else None,
            "due_after": answers[index].get("due_after") if index < len(answers) else None,
        }
        for index, pause in enumerate(pauses)
    ]


def _results(dossier: Dossier) -> list[dict[str, Any]]:
    if dossier.result_issued_at is None:
        return []
    base = settings.MOTCUA_PUBLIC_URL.rstrip("/")
    return [
        {
            "name": dossier.procedure_version.results.splitlines()[0][:300]
            if dossier.procedure_version.results
            else dossier.procedure_version.name,
            "url": f"{base}/tra-cuu/?code={dossier.code}",
        }
    ]
