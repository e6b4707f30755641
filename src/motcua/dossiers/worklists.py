# SPDX-License-Identifier: EUPL-1.2
"""Officials' worklists as data, their filters and search, and the managers' overdue report.

Each worklist has a name (its URL slug), a label, the roles that see it and a filter built from
the official's capacity (an ``Actor``: user, role, unit). Every filter is scoped to the actor's
unit, so a dossier of another unit never appears. The definitions (``docs/backoffice.md``):

* ``awaiting_reception`` (reception officer, centre manager): submitted to the actor's centre
  and not yet received — online, national portal, kiosk, agent and postal dossiers (a counter
  dossier is received at once; one left half-entered shows here too, so it never disappears).
* ``to_forward`` (reception officer): received at the actor's centre, still held there, not yet
  sent to the competent unit.
* ``awaiting_supplement`` (reception officer, specialist, head of unit): the desk's completion
  requests (``awaiting_completion``, receiving centre) and supplement requests during processing
  (``awaiting_supplement``: the desk of the receiving centre, which takes the answer, and the
  unit holding the dossier).
* ``results_to_return`` (reception officer): the result is ready and back at the actor's centre.
* ``mine`` (specialist, head of unit, signing leader, clerk): assigned to the actor in their
  unit, while it is received, in progress, awaiting payment, withdrawal requested or processed.
* ``unit`` (same roles): held by the actor's unit (in progress, withdrawal requested, processed)
  at an internal step of the actor's role; the head of unit sees every dossier the unit holds
  (also awaiting payment).
* ``due_soon`` / ``overdue`` (reception officer, processing roles, centre manager): the clock
  runs (received, in progress, withdrawal requested; never paused) and the promised date falls
  between now and the end of the next working day of the actor's unit / is past. Scope: held by
  the actor's unit; for a centre manager, also every dossier received at the centre.

Lists are keyset-paginated (``dossier_page``), newest first, without ``COUNT(*)``; tab badges
count at most ``COUNT_CAP`` rows ("99+").
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role
from motcua.calendar.workdays import WorkingCalendar
from motcua.catalog.models import Field, Procedure
from motcua.core.errors import NotFound, PermissionDenied
from motcua.core.text import search_terms
from motcua.dossiers.lifecycle import Channel, Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_page
from motcua.dossiers.time_left import (
    RUNNING_STATUSES,
    TimeLeft,
    dossier_time_left,
    due_soon_boundary,
)
from motcua.orgunits.models import OrgUnit

PAGE_SIZE = 50
COUNT_CAP = 100

STATUS_LABELS: dict[str, Promise] = {
    Status.SUBMITTED: gettext_lazy("Submitted"),
    Status.AWAITING_COMPLETION: gettext_lazy("Awaiting completion"),
    Status.NOT_ACCEPTED: gettext_lazy("Not accepted"),
    Status.CANCELLED: gettext_lazy("Cancelled"),
    Status.WITHDRAWN: gettext_lazy("Withdrawn"),
    Status.RECEIVED: gettext_lazy("Received"),
    Status.IN_PROGRESS: gettext_lazy("In progress"),
    Status.AWAITING_SUPPLEMENT: gettext_lazy("Awaiting supplement"),
    Status.AWAITING_PAYMENT: gettext_lazy("Awaiting payment"),
    Status.WITHDRAW_REQUESTED: gettext_lazy("Withdrawal requested"),
    Status.STOPPED: gettext_lazy("Stopped"),
    Status.PROCESSED: gettext_lazy("Decided"),
    Status.RESULT_READY: gettext_lazy("Result ready"),
    Status.RETURNED: gettext_lazy("Returned"),
}
CHANNEL_LABELS: dict[str, Promise] = {
    Channel.COUNTER: gettext_lazy("Counter"),
    Channel.ONLINE: gettext_lazy("Online"),
    Channel.NATIONAL_PORTAL: gettext_lazy("National portal"),
    Channel.KIOSK: gettext_lazy("Kiosk"),
    Channel.AGENT: gettext_lazy("Agent"),
    Channel.POSTAL: gettext_lazy("Postal"),
}

_DESK = Role.RECEPTION_OFFICER.value
_MANAGER = Role.CENTRE_MANAGER.value
_HEAD = Role.DEPARTMENT_HEAD.value
_PROCESSING = frozenset({Role.SPECIALIST.value, _HEAD, Role.SIGNING_LEADER.value, Role.CLERK.value})
_MINE_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS, Status.AWAITING_PAYMENT,
                  Status.WITHDRAW_REQUESTED, Status.PROCESSED)  # fmt: skip
_UNIT_STATUSES = (Status.IN_PROGRESS, Status.WITHDRAW_REQUESTED, Status.PROCESSED)
_HEAD_STATUSES = (*_UNIT_STATUSES, Status.AWAITING_PAYMENT)
#: Roles that see the overdue report.
REPORT_ROLES = frozenset({_MANAGER, _HEAD, Role.SIGNING_LEADER.value})


@dataclass(frozen=True)
class Scope:
    """What a worklist filter needs: the capacity, now, and the unit's calendar."""

    actor: Actor
    unit: OrgUnit
    now: datetime
    calendar: WorkingCalendar


@dataclass(frozen=True)
class Worklist:
    name: str
    label: Promise
    roles: frozenset[str]
    condition: Callable[[Scope], Q]


def _held(s: Scope) -> Q:
    """Held by the actor's unit; a centre manager also oversees what the centre received."""
    if s.actor.role == _MANAGER:
        return Q(current_unit=s.unit) | Q(receiving_unit=s.unit)
    return Q(current_unit=s.unit)


def _awaiting_supplement(s: Scope) -> Q:
    if s.actor.role == _DESK:
        return Q(status=Status.AWAITING_COMPLETION, receiving_unit=s.unit) | Q(
            Q(current_unit=s.unit) | Q(receiving_unit=s.unit), status=Status.AWAITING_SUPPLEMENT
        )
    return Q(status=Status.AWAITING_SUPPLEMENT, current_unit=s.unit)


def _unit(s: Scope) -> Q:
    if s.actor.role == _HEAD:
        return Q(current_unit=s.unit, status__in=_HEAD_STATUSES)
    # current_role is the current step's role, kept by the services (dossier_step_role_idx).
    return Q(current_role=s.actor.role, current_unit=s.unit, status__in=_UNIT_STATUSES)


def _due_soon(s: Scope) -> Q:
    boundary = due_soon_boundary(s.calendar, s.now)
    return _held(s) & Q(status__in=RUNNING_STATUSES, due_at__gte=s.now, due_at__lte=boundary)


def _overdue(s: Scope) -> Q:
    return _held(s) & Q(status__in=RUNNING_STATUSES, due_at__lt=s.now)


_ALL = frozenset({_DESK, _MANAGER, *_PROCESSING})
WORKLISTS: tuple[Worklist, ...] = (
    Worklist("awaiting_reception", gettext_lazy("Awaiting reception"), frozenset({_DESK, _MANAGER}),
             lambda s: Q(status=Status.SUBMITTED, receiving_unit=s.unit)),
    Worklist("mine", gettext_lazy("Assigned to me"), _PROCESSING,
             lambda s: Q(assignee=s.actor.user, current_unit=s.unit, status__in=_MINE_STATUSES)),
    Worklist("unit", gettext_lazy("In progress in my unit"), _PROCESSING, _unit),
    Worklist("to_forward", gettext_lazy("To forward"), frozenset({_DESK}),
             lambda s: Q(status=Status.RECEIVED, receiving_unit=s.unit, current_unit=s.unit)),
    Worklist("awaiting_supplement", gettext_lazy("Awaiting supplement"),
             frozenset({_DESK, Role.SPECIALIST.value, _HEAD}), _awaiting_supplement),
    Worklist("results_to_return", gettext_lazy("Results to return"), frozenset({_DESK}),
             lambda s: Q(status=Status.RESULT_READY, current_unit=s.unit)),
    Worklist("due_soon", gettext_lazy("Due within 1 working day"), _ALL, _due_soon),
    Worklist("overdue", gettext_lazy("Overdue"), _ALL, _overdue),
)  # fmt: skip
_BY_NAME = {worklist.name: worklist for worklist in WORKLISTS}


def worklists_for(role: str) -> list[Worklist]:
    """The worklists of a role, in tab order (the first is the role's home)."""
    return [worklist for worklist in WORKLISTS if role in worklist.roles]


def worklist_named(actor: Actor, name: str) -> Worklist:
    """The worklist ``name`` if the actor's role sees it; ``NotFound`` otherwise."""
    worklist = _BY_NAME.get(name)
    if worklist is None or actor.unit is None or actor.role not in worklist.roles:
        raise NotFound()
    return worklist


def worklist_queryset(worklist: Worklist, actor: Actor, *, now: datetime,
                      calendar: WorkingCalendar) -> QuerySet[Dossier]:  # fmt: skip
    if actor.unit is None or actor.role not in worklist.roles:
        return Dossier.objects.none()
    return Dossier.objects.filter(worklist.condition(Scope(actor, actor.unit, now, calendar)))


@dataclass(frozen=True)
class Filters:
    """Optional filters of a list (already validated): procedure national code, field code..."""

    procedure: str = ""
    field: str = ""
    channel: str = ""
    submitted_from: date | None = None
    submitted_to: date | None = None
    q: str = ""


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, timezone.get_current_timezone())


def search(queryset: QuerySet[Dossier], query: str) -> QuerySet[Dossier]:
    """Exact dossier code, or every folded word in the applicant's name and ID number."""
    text = query.strip()
    if not text:
        return queryset
    condition = Q(code__in={text, text.upper()})
    terms = search_terms(text)
    if terms:
        words = Q()
        for term in terms:
            words &= Q(search_text__contains=term)
        condition |= words
    return queryset.filter(condition)


def apply_filters(queryset: QuerySet[Dossier], filters: Filters) -> QuerySet[Dossier]:
    if filters.procedure:
        queryset = queryset.filter(procedure_version__procedure__national_code=filters.procedure)
    if filters.field:
        queryset = queryset.filter(procedure_version__field__code=filters.field)
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    if filters.submitted_from:
        queryset = queryset.filter(submitted_at__gte=_local_midnight(filters.submitted_from))
    if filters.submitted_to:
        end = _local_midnight(filters.submitted_to + timedelta(days=1))
        queryset = queryset.filter(submitted_at__lt=end)
    return search(queryset, filters.q)


@dataclass(frozen=True)
class Row:
    dossier: Dossier
    time_left: TimeLeft
    status_label: str
    channel_label: str


@dataclass(frozen=True)
class Page:
    worklist: Worklist
    rows: list[Row]
    next_after: int | None


def worklist_page(
    worklist: Worklist,
    actor: Actor,
    *,
    now: datetime,
    calendar: WorkingCalendar,
    filters: Filters | None = None,
    after: int | None = None,
    size: int | None = None,
) -> Page:
    """One page of a worklist with the time left of each row: one query for the rows.

    Time left is counted in ``calendar`` (the actor's unit: the working time its officials have).
    """
    queryset = apply_filters(
        worklist_queryset(worklist, actor, now=now, calendar=calendar), filters or Filters()
    )
    queryset = queryset.select_related("procedure_version__procedure", "assignee").defer(
        "applicant_data"
    )
    dossiers, next_after = dossier_page(queryset, after_id=after, size=size or PAGE_SIZE)
    rows = [
        Row(
            dossier=d,
            time_left=dossier_time_left(d, now, calendar),
            status_label=str(STATUS_LABELS.get(d.status, d.status)),
            channel_label=str(CHANNEL_LABELS.get(d.channel, d.channel)),
        )
        for d in dossiers
    ]
    return Page(worklist, rows, next_after)


@dataclass(frozen=True)
class Tab:
    worklist: Worklist
    count: str  # "0".."99", or "99+"


def worklist_tabs(actor: Actor, *, now: datetime, calendar: WorkingCalendar) -> list[Tab]:
    """The actor's worklists with a capped count each (one small query per tab)."""
    tabs = []
    for worklist in worklists_for(actor.role):
        queryset = worklist_queryset(worklist, actor, now=now, calendar=calendar)
        count = queryset.order_by()[:COUNT_CAP].count()
        tabs.append(Tab(worklist, str(count) if count < COUNT_CAP else f"{COUNT_CAP - 1}+"))
    return tabs


@dataclass(frozen=True)
class OverdueCount:
    unit_name: str
    role: str
    step_label: str
    count: int


def overdue_report(actor: Actor, *, now: datetime) -> list[OverdueCount]:
    """Overdue dossiers (clock running, promised date past) by current unit and step role.

    A centre manager sees those received at the centre, wherever they are now; a head of unit
    or signing leader those their unit holds or is competent for. Step orders mean different
    things in different procedures, so a step is named by the role whose turn it is.
    """
    if actor.role not in REPORT_ROLES or actor.unit is None:
        raise PermissionDenied()
    unit = actor.unit
    if actor.role == _MANAGER:
        scope = Q(receiving_unit=unit)
    else:
        scope = Q(current_unit=unit) | Q(competent_unit=unit)
    rows = (
        Dossier.objects.filter(scope, status__in=RUNNING_STATUSES, due_at__lt=now)
        .annotate(step_role=F("current_role"))
        .values("current_unit_id", "current_unit__name", "step_role")
        .annotate(count=Count("id"))
        .order_by("current_unit__name", "current_unit_id", "step_role")
    )
    return [
        OverdueCount(
            unit_name=row["current_unit__name"],
            role=row["step_role"] or "",
            step_label=_role_label(row["step_role"]),
            count=row["count"],
        )
        for row in rows
    ]


def field_choices() -> list[tuple[str, str]]:
    """Fields of procedures for the filter: (code, name in the current language)."""
    english = (get_language() or "").startswith("en")
    return [
        (f.code, (f.name_en if english and f.name_en else f.name))
        for f in Field.objects.order_by("code")
    ]


def procedure_exists(national_code: str) -> bool:
    return Procedure.objects.filter(national_code=national_code).exists()


def _role_label(role: str | None) -> str:
    if role in Role.values:
        return str(Role(role).label)
    return _("No internal step")
