# SPDX-License-Identifier: EUPL-1.2
"""The printed one-stop forms, rebuilt on demand from a dossier and the event that produced them.

Forms are not stored: each is rendered from the dossier and the immutable audit event whose
``data["form"]`` names its semantic type, so the same form can be printed again at any time
with the same content (values come from the event, not from the dossier's current state).
The receipt and the other slips carry a QR code with the public tracking address; the text
printed under it lists what DOMAIN.md "Forms" asks for (dossier code, procedure code, document
name, system name, time issued, and the due date on receipts). Nothing personal is in the QR.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import LimitUnit
from motcua.core import clock
from motcua.documents.pdf import render_pdf
from motcua.documents.qr import qr_svg
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.orgunits.models import OrgUnit
from motcua.records import numbering
from motcua.records.control_sheet import control_sheet, role_label

#: Forms printed from the one event that produced them (form 06 is a view of all events).
EVENT_FORMS = (
    numbering.RECEIPT,
    numbering.SUPPLEMENT_REQUEST,
    numbering.REFUSAL,
    numbering.APOLOGY_EXTENSION,
    numbering.STOP_NOTICE,
)
PRINTABLE_FORMS = (*EVENT_FORMS, numbering.CONTROL_SHEET)


@dataclass(frozen=True)
class PrintedForm:
    """What to render: the template, its context and the file name of the PDF."""

    form_type: str
    template_name: str
    context: dict[str, Any]
    filename: str


def local_date(moment: datetime | None) -> str:
    """``dd/mm/yyyy`` in the local time zone ("" for none)."""
    return f"{timezone.localtime(moment):%d/%m/%Y}" if moment is not None else ""


def local_time(moment: datetime | None) -> str:
    """``HH:MM dd/mm/yyyy`` in the local time zone ("" for none)."""
    return f"{timezone.localtime(moment):%H:%M %d/%m/%Y}" if moment is not None else ""


def _moment(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def tracking_url(dossier: Dossier) -> str:
    """The public tracking page of the dossier: what the QR code holds."""
    base = settings.MOTCUA_PUBLIC_URL.rstrip("/")
    return f"{base}/tra-cuu/?code={quote(dossier.code, safe='')}"


def _header(dossier: Dossier, form_type: str, unit: OrgUnit | None, at: datetime) -> dict[str, Any]:
    unit = unit or dossier.receiving_unit
    parent = unit.parent if unit.parent_id is not None else None
    current = numbering.current_numbering()
    version = dossier.procedure_version
    return {
        "form_type": form_type,
        "number": numbering.form_number(form_type),
        "circular": current.circular,
        "title": str(numbering.FORM_TITLES[form_type]),
        "dossier": dossier,
        "procedure_name": version.name,
        "procedure_code": version.procedure.national_code,
        "issuing_unit": unit.name,
        "issuing_parent": parent.name if parent is not None else "",
        "issuing_address": unit.address,
        "issued_at": local_time(at),
        "issued_date": local_date(at),
        "system_name": settings.MOTCUA_SYSTEM_NAME,
        "submitted_at": local_time(dossier.submitted_at),
    }


def _qr(context: dict[str, Any], dossier: Dossier, due: str = "") -> dict[str, Any]:
    lines = [
        (_("Dossier code"), dossier.code),
        (_("Procedure code"), context["procedure_code"]),
        (_("Document"), context["title"]),
        (_("System"), context["system_name"]),
        (_("Issued at"), context["issued_at"]),
    ]
    if due:
        lines.append((_("Due at"), due))
    url = tracking_url(dossier)
    return {"svg": qr_svg(url, title=_("QR code: follow this dossier online")), "url": url,
            "lines": lines}  # fmt: skip


def _event_header(dossier: Dossier, event: DossierEvent, form_type: str) -> dict[str, Any]:
    context = _header(dossier, form_type, event.unit, event.at)
    context.update(
        {
            "event": event,
            "signer": event.actor_name,
            "signer_role": role_label(event.role),
            "reason": event.reason,
        }
    )
    return context


def _limit_text(raw: object) -> str:
    """``"3.00 working_days"`` (receive events) → ``"3 working days"`` in the active language."""
    amount, _sep, unit = str(raw or "").partition(" ")
    try:
        number = f"{Decimal(amount).normalize():f}"
    except InvalidOperation:
        return str(raw or "")
    label = str(LimitUnit(unit).label) if unit in LimitUnit.values else unit
    return label if unit == LimitUnit.SAME_DAY else f"{number} {label}"


def _documents(dossier: Dossier, sequence: int) -> list[DossierDocument]:
    """The documents held when the event happened; a later checklist line supersedes one."""
    latest: dict[object, DossierDocument] = {}
    rows = DossierDocument.objects.filter(dossier=dossier, added_in_event__lte=sequence)
    for row in rows.select_related("requirement").order_by("id"):
        latest[row.requirement_id or row.name] = row

    def order(row: DossierDocument) -> tuple[int, int]:
        return (row.requirement.order if row.requirement else 10_000, row.pk)

    return sorted(latest.values(), key=order)


def _receipt(dossier: Dossier, event: DossierEvent) -> dict[str, Any]:
    context = _event_header(dossier, event, numbering.RECEIPT)
    due = local_time(_moment(event.data.get("due_at")))
    unit = event.unit or dossier.receiving_unit
    context.update(
        {
            "documents": _documents(dossier, event.sequence),
            "sets": dossier.procedure_version.sets,
            "limit": _limit_text(event.data.get("limit")),
            "received_at": local_time(event.at),
            "due_at": due,
            "collect_at": unit.name,
            "collect_address": unit.address,
            "book_year": timezone.localtime(event.at).year,
            "book_line": event.data.get("tracking_book_line", dossier.tracking_book_line),
            "qr": _qr(context, dossier, due),
        }
    )
    return context


def _supplement_request(dossier: Dossier, event: DossierEvent) -> dict[str, Any]:
    context = _event_header(dossier, event, numbering.SUPPLEMENT_REQUEST)
    context.update({"missing": list(event.data.get("missing", [])), "qr": _qr(context, dossier)})
    return context


def _refusal(dossier: Dossier, event: DossierEvent) -> dict[str, Any]:
    context = _event_header(dossier, event, numbering.REFUSAL)
    context["qr"] = _qr(context, dossier)
    return context


def _apology_extension(dossier: Dossier, event: DossierEvent) -> dict[str, Any]:
    context = _event_header(dossier, event, numbering.APOLOGY_EXTENSION)
    context.update(
        {
            "received_at": local_time(dossier.received_at),
            "due_before": local_time(_moment(event.data.get("due_before"))),
            "due_after": local_time(_moment(event.data.get("due_after"))),
            "qr": _qr(context, dossier),
        }
    )
    return context


def _stop_notice(dossier: Dossier, event: DossierEvent) -> dict[str, Any]:
    context = _event_header(dossier, event, numbering.STOP_NOTICE)
    request = (
        DossierEvent.objects.filter(
            dossier=dossier, action=Action.WITHDRAW, sequence__lt=event.sequence
        )
        .order_by("-sequence")
        .first()
    )
    context.update(
        {
            "requested_at": local_time(request.at) if request is not None else "",
            "request_reason": request.reason if request is not None else "",
            "qr": _qr(context, dossier),
        }
    )
    return context


BUILDERS = {
    numbering.RECEIPT: _receipt,
    numbering.SUPPLEMENT_REQUEST: _supplement_request,
    numbering.REFUSAL: _refusal,
    numbering.APOLOGY_EXTENSION: _apology_extension,
    numbering.STOP_NOTICE: _stop_notice,
}


def _filename(dossier: Dossier, form_type: str, sequence: int | None = None) -> str:
    number = numbering.form_number(form_type)
    parts = [dossier.code, f"{sequence}" if sequence else "", f"mau-{number}" if number else "",
             form_type.replace("_", "-")]  # fmt: skip
    return "-".join(part for part in parts if part) + ".pdf"


def control_sheet_form(dossier: Dossier) -> PrintedForm:
    """Form 06 as it stands now: every hand-over so far and the overall result."""
    now = clock.now()
    context = _header(dossier, numbering.CONTROL_SHEET, dossier.receiving_unit, now)
    sheet = control_sheet(dossier)
    context.update(
        {
            "sheet": sheet,
            "rows": [
                {"row": row, "at": local_time(row.at), "due": local_time(row.due_at)}
                for row in sheet.rows
            ],
            "due_at": local_time(sheet.due_at),
            "original_due_at": local_time(sheet.original_due_at),
            "received_at": local_time(dossier.received_at),
        }
    )
    return PrintedForm(
        numbering.CONTROL_SHEET,
        "records/control_sheet.html",
        context,
        _filename(dossier, numbering.CONTROL_SHEET),
    )


def form_for_event(dossier: Dossier, event: DossierEvent) -> PrintedForm:
    """The form ``event`` produced; ``LookupError`` if it produced none.

    A hand-over event (a forward) is a row of the control sheet: it prints form 06.
    """
    form_type = event.data.get("form") if event.dossier_id == dossier.pk else None
    if form_type == numbering.CONTROL_SHEET:
        return control_sheet_form(dossier)
    if form_type not in BUILDERS:
        raise LookupError("this event produced no form")
    context = BUILDERS[form_type](dossier, event)
    return PrintedForm(
        form_type,
        f"records/{form_type}.html",
        context,
        _filename(dossier, form_type, event.sequence),
    )


def form_pdf(form: PrintedForm) -> bytes:
    """The PDF of ``form``, in the active language."""
    return render_pdf(form.template_name, form.context)
