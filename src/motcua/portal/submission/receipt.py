# SPDX-License-Identifier: EUPL-1.2
"""The receipt of an online submission (PDF): what was sent, when, to which centre.

It is not the reception receipt (form 01): an online dossier is received, and gets its
promised date, when the centre has checked it. The QR code holds the public tracking address.
"""

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core import clock
from motcua.documents.qr import qr_svg
from motcua.dossiers.models import Dossier
from motcua.portal.submission.page import fees_context
from motcua.records.forms import local_time, tracking_url
from motcua.submissions.selectors import expected_due


def receipt_filename(dossier: Dossier) -> str:
    return f"bien-nhan-nop-truc-tuyen-{dossier.code}.pdf"


def receipt_context(dossier: Dossier) -> dict[str, Any]:
    """The context of ``portal/submission/receipt.html`` (frame: ``records/form_base.html``)."""
    now = clock.now()
    unit = dossier.receiving_unit
    version = dossier.procedure_version
    title = _("Receipt of online submission")
    issued_at = local_time(now)
    url = tracking_url(dossier)
    lines = [
        (_("Dossier code"), dossier.code),
        (_("Procedure code"), version.procedure.national_code),
        (_("Document"), title),
        (_("System"), settings.MOTCUA_SYSTEM_NAME),
        (_("Issued at"), issued_at),
    ]
    due = expected_due(dossier, now)
    return {
        "title": title,
        "number": "",
        "dossier": dossier,
        "procedure_name": version.name,
        "procedure_code": version.procedure.national_code,
        "issuing_unit": unit.name,
        "issuing_parent": unit.parent.name if unit.parent is not None else "",
        "issued_date": f"{timezone.localtime(now):%d/%m/%Y}",
        "submitted_at": local_time(dossier.submitted_at),
        "received_at": local_time(dossier.received_at),
        "due_at": local_time(due) if due is not None else "",
        "documents": dossier.documents.select_related("requirement").order_by("id"),
        "qr": {
            "svg": qr_svg(url, title=_("QR code: follow this dossier online")),
            "url": url,
            "lines": lines,
        },
        **fees_context(version),
    }
