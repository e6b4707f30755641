# SPDX-License-Identifier: EUPL-1.2
"""What anyone holding a dossier's code and second factor may learn: no personal data.

The second factor is the last 4 digits of the applicant's ID number or of the applicant's
phone number, either one (both are printed on or known from the receipt; neither alone is
secret, so the pair is rate-limited in ``ratelimit``). The answer holds the procedure, the
status in words, the dates, where the dossier is (unit and role) and a reduced timeline:
event titles, dates, units and roles, promised dates and their changes, pauses of the clock,
hand-overs between units. Never names, ID numbers, addresses, amounts, or the reasons and
notes officials type (they may name people); see docs/portal.md "Tracking".
"""

import hmac
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motcua.accounts.models import Role
from motcua.dossiers.labels import ACTION_LABELS, STATUS_LABELS
from motcua.dossiers.lifecycle import FINAL_STATUSES, Action, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.orgunits.models import OrgUnit

CODE_MAX_LENGTH = 64
VERIFIER_LENGTH = 4
_NO_MATCH = b"-" * VERIFIER_LENGTH  # never equal to 4 digits
_DIGITS = frozenset("0123456789")


@dataclass(frozen=True)
class PublicEntry:
    at: datetime
    title: str
    unit: str
    role: str
    details: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PublicStatus:
    code: str
    procedure: str
    status: str
    status_label: str
    received_at: datetime | None
    due_at: datetime | None
    original_due_at: datetime | None  # only when the promised date has changed
    current_unit: str  # empty once the dossier is finished
    current_role: str
    finished: bool
    timeline: list[PublicEntry]


def normalise_code(code: str) -> str:
    return code.strip()


def is_verifier(value: str) -> bool:
    return len(value) == VERIFIER_LENGTH and set(value) <= _DIGITS


def _last_digits(value: str) -> bytes:
    digits = "".join(c for c in value if c in _DIGITS)
    return digits[-VERIFIER_LENGTH:].encode() if len(digits) >= VERIFIER_LENGTH else _NO_MATCH


def verifier_matches(dossier: Dossier, verifier: str) -> bool:
    """Constant-time comparison with both accepted factors (both are always compared)."""
    given = verifier.encode()
    by_id = hmac.compare_digest(_last_digits(dossier.applicant_id_number), given)
    by_phone = hmac.compare_digest(_last_digits(dossier.applicant_phone), given)
    return by_id | by_phone


def find_dossier(code: str, verifier: str) -> Dossier | None:
    """The dossier with this code (letters in any case) whose second factor matches."""
    code = normalise_code(code)
    if not code or len(code) > CODE_MAX_LENGTH or not is_verifier(verifier):
        return None
    # The unique index on code serves these exact values; codes are written in one case.
    candidates = {code, code.upper(), code.lower()}
    found = None
    for dossier in Dossier.objects.filter(code__in=candidates).order_by("pk"):
        if dossier.code.casefold() == code.casefold() and verifier_matches(dossier, verifier):
            found = found or dossier
    if found is None:
        hmac.compare_digest(_NO_MATCH, verifier.encode())  # same work as a wrong factor
    return found


def _when(value: str | None) -> str:
    if not value:
        return "—"
    return date_format(timezone.localtime(datetime.fromisoformat(value)), "SHORT_DATETIME_FORMAT")


def _details(event: DossierEvent, units: dict[str, str]) -> list[str]:
    """The whitelisted details of an event (never free text typed by a person)."""
    data: dict[str, Any] = event.data
    lines: list[str] = []
    if "due_at" in data:
        lines.append(_("Promised date: %(date)s") % {"date": _when(data["due_at"])})
    before, after = data.get("due_before"), data.get("due_after")
    if before and after and before != after:
        lines.append(
            _("Promised date moved from %(before)s to %(after)s")
            % {"before": _when(before), "after": _when(after)}
        )
    if event.action == Action.REQUEST_SUPPLEMENT and event.status_before == Status.IN_PROGRESS:
        lines.append(_("The clock is paused until the applicant answers."))
    if event.action == Action.REQUEST_PAYMENT:
        lines.append(_("The clock is paused until the obligation is paid."))
    if event.status_before in (Status.AWAITING_SUPPLEMENT, Status.AWAITING_PAYMENT) and (
        event.status_after == Status.IN_PROGRESS
    ):
        lines.append(_("The clock runs again."))
    if "to_unit" in data:
        source = data.get("from_unit", "")
        lines.append(
            _("From %(from)s to %(to)s")
            % {"from": units.get(source, source), "to": units.get(data["to_unit"], data["to_unit"])}
        )
    return lines


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else ""


def public_timeline(dossier: Dossier) -> list[PublicEntry]:
    events = list(
        DossierEvent.objects.filter(dossier=dossier).select_related("unit").order_by("sequence")
    )
    codes = {str(e.data.get(k)) for e in events for k in ("from_unit", "to_unit") if k in e.data}
    units = {
        code: localized_name(name, name_en)
        for code, name, name_en in OrgUnit.objects.filter(code__in=codes).values_list(
            "code", "name", "name_en"
        )
    }
    return [
        PublicEntry(
            at=event.at,
            title=str(ACTION_LABELS.get(event.action, event.action)),
            unit=_unit_name(event.unit),
            role=_role_label(event.role),
            details=_details(event, units),
        )
        for event in events
    ]


def localized_name(vietnamese: str, english: str = "") -> str:
    """The Vietnamese name on Vietnamese pages; elsewhere the English one when there is one."""
    return english if english and (get_language() or "vi") != "vi" else vietnamese


def _unit_name(unit: OrgUnit | None) -> str:
    return localized_name(unit.name, unit.name_en) if unit is not None else ""


def public_status(dossier: Dossier) -> PublicStatus:
    finished = dossier.status in FINAL_STATUSES
    changed = dossier.original_due_at is not None and dossier.original_due_at != dossier.due_at
    return PublicStatus(
        code=dossier.code,
        procedure=localized_name(dossier.procedure_version.name, dossier.procedure_version.name_en),
        status=dossier.status,
        status_label=str(STATUS_LABELS.get(dossier.status, dossier.status)),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        original_due_at=dossier.original_due_at if changed else None,
        current_unit="" if finished else _unit_name(dossier.current_unit),
        current_role="" if finished else _role_label(dossier.current_role),
        finished=finished,
        timeline=public_timeline(dossier),
    )
