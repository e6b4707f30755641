# SPDX-License-Identifier: EUPL-1.2
"""Operators' sync pages: health per destination, problem deliveries, reconciliation reports.

Only for an official acting as system administrator (``sync.operations.check_operator``); any
other capacity gets a 403 page. Every button is a POST (CSRF) that calls one operation, which
checks again and records an ``OperatorAction``; then POST/redirect/GET with a message.
"""

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from motcua.backoffice.access import actor_of, official_required
from motcua.core.errors import NotFound, PermissionDenied
from motcua.sync import operations
from motcua.sync.models import Delivery, Destination, ReconciliationRun
from motcua.sync.selectors import destination_health, inbound_status, problem_deliveries
from motcua.sync.views_support import (
    delivery_destination_id,
    destination_by_id,
    recent_runs,
    reconciliation_run,
    unit_names,
)

P = ParamSpec("P")

#: National portal status codes with their names (TrangThaiHoSo, LAW-NOTES §1.4). The code is
#: part of each message so the names stay apart from Motcua's own status names.
NATIONAL_STATUS_LABELS: dict[str, Promise] = {
    "1": gettext_lazy("1 Newly registered"),
    "2": gettext_lazy("2 Accepted"),
    "3": gettext_lazy("3 Not accepted"),
    "4": gettext_lazy("4 In progress"),
    "5": gettext_lazy("5 Supplement requested"),
    "6": gettext_lazy("6 Financial obligation requested"),
    "7": gettext_lazy("7 Citizen asks to withdraw"),
    "8": gettext_lazy("8 Processing stopped"),
    "9": gettext_lazy("9 Processed"),
    "10": gettext_lazy("10 Result returned"),
}

#: Kinds of reconciliation mismatch (``sync.reconciliation``).
MISMATCH_KIND_LABELS: dict[str, Promise] = {
    "missing": gettext_lazy("Missing on the portal"),
    "status": gettext_lazy("Different status"),
    "behind": gettext_lazy("Portal has an older event"),
    "unknown": gettext_lazy("Unknown to Motcua"),
    "in_flight": gettext_lazy("Delivery still pending"),
}

DELIVERY_STATE_LABELS: dict[str, Promise] = {
    "pending": gettext_lazy("Pending"),
    "delivered": gettext_lazy("Delivered"),
    "dead": gettext_lazy("Dead-lettered"),
}

MISMATCHES_PER_PAGE = 100
#: Problem deliveries listed on a destination's page.
PROBLEM_ROWS = 50
#: Errors longer than this are cut in the table; the whole text is in a <details>.
ERROR_PREVIEW_CHARACTERS = 60


def operator_required(
    view: Callable[Concatenate[HttpRequest, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """``official_required``, then the system-administrator capacity (else a 403 page)."""

    @wraps(view)
    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        try:
            operations.check_operator(actor_of(request))
        except PermissionDenied:
            return render(request, "backoffice/sync/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return official_required(wrapper)


def status_label(code: object) -> str:
    """'4 In progress' for a national status code; the code alone when it is not one."""
    label = NATIONAL_STATUS_LABELS.get(str(code))
    return str(label) if label is not None else str(code)


def duration_words(delta: timedelta | None) -> str:
    """The two largest units of a duration in words, e.g. "2 hours, 5 minutes" (a lag)."""
    if delta is None:
        return ""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if minutes and not days:
        parts.append(
            ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
        )
    return ", ".join(parts) if parts else _("less than a minute")


# --- what the report shows ------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCell:
    ours: int
    theirs: int

    @property
    def differs(self) -> bool:
        return self.ours != self.theirs


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    cells: list[StatusCell]
    ours_total: int
    theirs_total: int


@dataclass(frozen=True)
class MismatchRow:
    code: str
    unit: str
    kind: str
    kind_label: str
    ours: str
    theirs: str


@dataclass(frozen=True)
class DeliveryRow:
    delivery: Delivery

    @property
    def state_label(self) -> str:
        return str(DELIVERY_STATE_LABELS.get(self.delivery.state, self.delivery.state))

    @property
    def subject(self) -> str:
        """The dossier code (the CloudEvents subject), else the aggregate."""
        envelope = self.delivery.message.envelope
        subject = envelope.get("subject") if isinstance(envelope, dict) else None
        return str(subject or self.delivery.aggregate_id)

    @property
    def event_type(self) -> str:
        return self.delivery.message.type.removeprefix("vn.motcua.")

    @property
    def long_error(self) -> bool:
        return len(self.delivery.last_error) > ERROR_PREVIEW_CHARACTERS


def _counts(value: object) -> Counter[str]:
    """{status: count} as stored; anything that is not a count is skipped."""
    counts: Counter[str] = Counter()
    if isinstance(value, dict):
        for status, count in value.items():
            if isinstance(count, int):
                counts[str(status)] += count
    return counts


def unit_rows(per_unit: object) -> list[UnitRow]:
    """Per unit, for each national status 1–10: dossiers in Motcua and on the portal."""
    if not isinstance(per_unit, dict):
        return []
    names = unit_names([str(code) for code in per_unit])
    rows = []
    for code, sides in sorted(per_unit.items(), key=lambda item: str(item[0])):
        sides = sides if isinstance(sides, dict) else {}
        ours, theirs = _counts(sides.get("ours")), _counts(sides.get("theirs"))
        cells = [StatusCell(ours[status], theirs[status]) for status in NATIONAL_STATUS_LABELS]
        rows.append(
            UnitRow(
                str(code), names.get(str(code), ""), cells, sum(ours.values()),
                sum(theirs.values()),
            )
        )  # fmt: skip
    return rows


def totals_row(rows: list[UnitRow]) -> UnitRow:
    cells = [
        StatusCell(sum(r.cells[i].ours for r in rows), sum(r.cells[i].theirs for r in rows))
        for i in range(len(NATIONAL_STATUS_LABELS))
    ]
    ours = sum(r.ours_total for r in rows)
    return UnitRow("", "", cells, ours, sum(r.theirs_total for r in rows))


def _side(side: object) -> str:
    if not isinstance(side, dict):
        return "—"
    status = status_label(side.get("status"))
    if side.get("sequence") is None:
        return status
    return _("%(status)s, event %(sequence)s") % {"status": status, "sequence": side["sequence"]}


def mismatch_row(mismatch: object) -> MismatchRow:
    item: dict[str, Any] = mismatch if isinstance(mismatch, dict) else {}
    kind = str(item.get("kind", ""))
    return MismatchRow(
        code=str(item.get("code") or ""),
        unit=str(item.get("unit") or ""),
        kind=kind,
        kind_label=str(MISMATCH_KIND_LABELS.get(kind, kind)),
        ours=_side(item.get("ours")),
        theirs=_side(item.get("theirs")),
    )


def kind_counts(mismatches: list[Any]) -> list[tuple[str, int]]:
    """How many mismatches of each kind, in the labels' order."""
    counts = Counter(str(m.get("kind", "")) for m in mismatches if isinstance(m, dict))
    known = [(str(label), counts.pop(kind)) for kind, label in MISMATCH_KIND_LABELS.items()
             if kind in counts]  # fmt: skip
    return known + sorted(counts.items())


def resendable(run: ReconciliationRun) -> int:
    """Mismatches the one-click re-send queues (``reconciliation.resend_mismatches``)."""
    return sum(
        1
        for m in run.mismatches
        if isinstance(m, dict) and m.get("dossier") is not None and m.get("kind") != "in_flight"
    )


def _errors_text(errors: object) -> str:
    """An inbound failure's {field: [messages]} as one line."""
    if not isinstance(errors, dict):
        return str(errors)
    parts = []
    for field, problems in errors.items():
        listed = problems if isinstance(problems, list) else [problems]
        parts.append(f"{field}: {'; '.join(str(p) for p in listed)}")
    return " · ".join(parts)


# --- pages ----------------------------------------------------------------------------------


def _destination(destination_id: int) -> Destination:
    destination = destination_by_id(destination_id)
    if destination is None:
        raise Http404
    return destination


@operator_required
def sync_overview(request: HttpRequest) -> HttpResponse:
    health = destination_health()
    cursor, failures = inbound_status()
    context = {
        "health": [(h, duration_words(h.lag)) for h in health],
        "dead_total": sum(h.dead for h in health),
        "failing_total": sum(h.failing for h in health),
        "alert_attempts": operations.alert_attempts(),
        "cursor": cursor,
        "failures": [(failure, _errors_text(failure.errors)) for failure in failures],
    }
    return render(request, "backoffice/sync/overview.html", context)


@operator_required
def sync_destination(request: HttpRequest, destination_id: int) -> HttpResponse:
    destination = _destination(destination_id)
    health = next(h for h in destination_health() if h.destination.pk == destination.pk)
    deliveries = [DeliveryRow(d) for d in problem_deliveries(destination, PROBLEM_ROWS)]
    context = {
        "destination": destination,
        "h": health,
        "lag": duration_words(health.lag),
        "deliveries": deliveries,
        "limited": len(deliveries) >= PROBLEM_ROWS,
        "error_preview": ERROR_PREVIEW_CHARACTERS,
        "alert_attempts": operations.alert_attempts(),
        "runs": list(recent_runs(destination)),
    }
    return render(request, "backoffice/sync/destination.html", context)


@operator_required
def sync_report(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    run = reconciliation_run(run_id)
    if run is None:
        raise Http404
    mismatches = run.mismatches if isinstance(run.mismatches, list) else []
    paginator = Paginator(mismatches, MISMATCHES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    rows = unit_rows(run.per_unit)
    context = {
        "run": run,
        "statuses": list(NATIONAL_STATUS_LABELS.items()),
        "units": rows,
        "totals": totals_row(rows),
        "kind_counts": kind_counts(mismatches),
        "mismatch_count": len(mismatches),
        "page": page,
        "rows": [mismatch_row(m) for m in page.object_list],
        "page_links": (
            list(paginator.get_elided_page_range(page.number)) if paginator.num_pages > 1 else []
        ),
        "ellipsis": Paginator.ELLIPSIS,
        "resendable": resendable(run),
    }
    return render(request, "backoffice/sync/report.html", context)


# --- buttons --------------------------------------------------------------------------------


def _back(request: HttpRequest, destination_id: int) -> HttpResponse:
    """Back to the page the button was on: the destination's page or the overview."""
    if request.POST.get("back") == "destination":
        return redirect("backoffice:sync_destination", destination_id=destination_id)
    return redirect("backoffice:sync")


@require_POST
@operator_required
def sync_retry_dead(request: HttpRequest, destination_id: int) -> HttpResponse:
    try:
        count = operations.retry_dead(actor_of(request), destination_id)
    except NotFound:
        raise Http404 from None
    if count:
        text = ngettext(
            "%(count)d dead-lettered delivery is queued again.",
            "%(count)d dead-lettered deliveries are queued again.",
            count,
        ) % {"count": count}
        messages.success(request, text)
    else:
        messages.info(request, _("There was no dead-lettered delivery to retry."))
    return _back(request, destination_id)


@require_POST
@operator_required
def sync_retry_failing(request: HttpRequest, destination_id: int) -> HttpResponse:
    try:
        count = operations.retry_failing_now(actor_of(request), destination_id)
    except NotFound:
        raise Http404 from None
    if count:
        text = ngettext(
            "%(count)d failed delivery will be tried again now.",
            "%(count)d failed deliveries will be tried again now.",
            count,
        ) % {"count": count}
        messages.success(request, text)
    else:
        messages.info(request, _("No failed delivery was waiting for its next attempt."))
    return _back(request, destination_id)


@require_POST
@operator_required
def sync_reconcile(request: HttpRequest, destination_id: int) -> HttpResponse:
    destination = _destination(destination_id)
    if destination.kind != Destination.Kind.NATIONAL_PORTAL:
        raise Http404  # only the national portal tells what it acknowledged
    run = operations.run_reconciliation(actor_of(request), destination.pk)
    if run.error:
        messages.warning(request, _("The national portal could not be reached."))
    else:
        text = ngettext(
            "Reconciliation finished: %(checked)d dossier checked.",
            "Reconciliation finished: %(checked)d dossiers checked.",
            run.dossiers_checked,
        ) % {"checked": run.dossiers_checked}
        messages.success(request, text)
    return redirect("backoffice:sync_report", run_id=run.pk)


@require_POST
@operator_required
def sync_retry_delivery(request: HttpRequest, delivery_id: int) -> HttpResponse:
    destination_id = delivery_destination_id(delivery_id)
    if destination_id is None:
        raise Http404
    try:
        operations.retry_delivery(actor_of(request), delivery_id)
    except NotFound:  # delivered since the page was shown
        messages.info(request, _("This delivery was delivered in the meantime."))
    else:
        messages.success(request, _("The delivery is queued again."))
    return redirect("backoffice:sync_destination", destination_id=destination_id)


@require_POST
@operator_required
def sync_resend(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    try:
        count = operations.resend_report(actor_of(request), str(run_id))
    except NotFound:
        raise Http404 from None
    text = ngettext(
        "%(count)d message is queued to be sent again.",
        "%(count)d messages are queued to be sent again.",
        count,
    ) % {"count": count}
    messages.success(request, text)
    return redirect("backoffice:sync_report", run_id=run_id)
