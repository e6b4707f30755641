# SPDX-License-Identifier: EUPL-1.2
"""What a citizen reads about their own dossiers on the portal (no writes here).

Every read starts from the owner: another citizen's dossier and a missing one are the same
``NotFound``, so nobody can learn which dossier codes or numbers exist. Officials appear only
by role and unit, never by name.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from motcua.accounts.models import Role, User
from motcua.catalog.models import Requirement
from motcua.core.errors import NotFound
from motcua.core.text import fold
from motcua.dossiers.lifecycle import Action, Rule, Scope, Status, rule_for
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import dossier_page

#: Forms the applicant receives (Circular 03/2025 forms 01-05); the control sheet is internal.
CITIZEN_FORMS = ("receipt", "supplement_request", "refusal", "apology_extension", "stop_notice")

#: Statuses in which the applicant is asked to act (answer a completion or supplement request).
ANSWER_STATUSES = frozenset({Status.AWAITING_COMPLETION, Status.AWAITING_SUPPLEMENT})

#: Statuses in which nobody holds the dossier any more.
CLOSED_STATUSES = frozenset(
    {Status.NOT_ACCEPTED, Status.CANCELLED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED}
)


def _owned(user: User) -> QuerySet[Dossier]:
    if not user.is_authenticated or not user.pk:
        return Dossier.objects.none()
    return Dossier.objects.filter(owner_id=user.pk)


def dossiers_of_citizen(
    user: User, *, after_id: int | None = None, size: int = 20
) -> tuple[list[Dossier], int | None]:
    """One page of the citizen's own dossiers, newest first, and the next page's cursor."""
    queryset = _owned(user).select_related("procedure_version__procedure")
    return dossier_page(queryset, after_id=after_id, size=size)


def dossier_of_citizen(user: User, pk: object) -> Dossier:
    """The citizen's own dossier ``pk``, or ``NotFound`` (the same for missing and foreign)."""
    try:
        key = int(str(pk))
    except ValueError:
        raise NotFound() from None
    dossier = (
        _owned(user)
        .filter(pk=key)
        .select_related(
            "procedure_version__procedure", "receiving_unit", "competent_unit", "current_unit"
        )
        .prefetch_related("procedure_version__steps", "procedure_version__requirements")
        .first()
    )
    if dossier is None:
        raise NotFound()
    return dossier


@dataclass(frozen=True)
class Holder:
    """Who has the dossier now, as a citizen may know it: a role in a unit."""

    role: str
    unit: str
    waiting_for_applicant: bool = False


def holder_of(dossier: Dossier) -> Holder | None:
    """The role and unit holding the dossier; ``None`` once it is closed."""
    status = dossier.status_enum
    if status in CLOSED_STATUSES:
        return None
    unit = dossier.current_unit.name
    if status in ANSWER_STATUSES:
        return Holder(str(Role.APPLICANT.label), unit, waiting_for_applicant=True)
    role = dossier.current_role
    if status in (Status.SUBMITTED, Status.RESULT_READY):
        role = Role.RECEPTION_OFFICER  # the desk receives and returns
    label = str(Role(role).label) if role in Role.values else ""
    return Holder(label, unit)


@dataclass(frozen=True)
class MissingItem:
    """One thing asked for, with the procedure's requirement it names (if any).

    ``key`` names the upload slot in the answer form; ``token_key`` binds a kept scan to it.
    """

    key: str
    label: str
    requirement: Requirement | None

    @property
    def token_key(self) -> int:
        if self.requirement is not None:
            return int(self.requirement.pk)
        return -int(self.key.removeprefix("i")) - 1


@dataclass(frozen=True)
class OpenRequest:
    """The completion or supplement request the applicant has to answer now."""

    sequence: int
    at: datetime
    reason: str
    items: list[MissingItem] = field(default_factory=list)
    pauses_clock: bool = False


def _match(item: str, requirements: list[Requirement]) -> Requirement | None:
    wanted = fold(item)
    for requirement in requirements:
        names = {fold(requirement.name), fold(requirement.name_en)} - {""}
        if wanted in names:
            return requirement
    return None


def open_request(dossier: Dossier) -> OpenRequest | None:
    """The last request for missing items, while the dossier waits for the applicant."""
    if dossier.status_enum not in ANSWER_STATUSES:
        return None
    event = (
        DossierEvent.objects.filter(dossier=dossier, action=Action.REQUEST_SUPPLEMENT)
        .order_by("-sequence")
        .first()
    )
    if event is None:
        return None
    requirements = sorted(dossier.procedure_version.requirements.all(), key=lambda r: r.order)
    items: list[MissingItem] = []
    seen: set[str] = set()
    for index, text in enumerate(event.data.get("missing", [])):
        requirement = _match(str(text), requirements)
        key = f"r{requirement.pk}" if requirement is not None else f"i{index}"
        if key not in seen:
            seen.add(key)
            items.append(MissingItem(key, str(text), requirement))
    return OpenRequest(
        sequence=event.sequence,
        at=event.at,
        reason=event.reason,
        items=items,
        pauses_clock=dossier.status == Status.AWAITING_SUPPLEMENT,
    )


def _applicant_rule(action: Action, dossier: Dossier) -> Rule | None:
    rule = rule_for(action, dossier.status_enum)
    if rule is None or rule.scope_for(Role.APPLICANT) != Scope.OWNER:
        return None
    return rule


def answer_allowed(dossier: Dossier) -> bool:
    """Whether the owner may answer a completion or supplement request now."""
    return _applicant_rule(Action.SUPPLEMENT, dossier) is not None


def withdrawal_rule(dossier: Dossier) -> Rule | None:
    """The withdrawal the owner may make now: at once (``withdrawn``) or as a request."""
    return _applicant_rule(Action.WITHDRAW, dossier)


@dataclass(frozen=True)
class CitizenForm:
    """A printed form the owner may download: the event that produced it, its type, when."""

    sequence: int
    form_type: str
    at: datetime


def citizen_forms(dossier: Dossier) -> list[CitizenForm]:
    """The receipt, requests, refusal, apology and stop notice issued on the dossier so far."""
    rows = (
        DossierEvent.objects.filter(dossier=dossier, data__form__in=CITIZEN_FORMS)
        .order_by("sequence")
        .values_list("sequence", "data", "at")
    )
    return [CitizenForm(sequence, str(data["form"]), at) for sequence, data, at in rows]


def citizen_form_event(dossier: Dossier, sequence: int) -> DossierEvent:
    """Event ``sequence`` of the dossier if it produced a citizen-facing form, else ``NotFound``."""
    event = (
        DossierEvent.objects.filter(dossier=dossier, sequence=sequence)
        .select_related("unit__parent")
        .first()
    )
    if event is None or event.data.get("form") not in CITIZEN_FORMS:
        raise NotFound()
    return event


@dataclass(frozen=True)
class DateChange:
    """One move of the promised date, with the action that caused it and its reason."""

    at: datetime
    action: str
    before: datetime | None
    after: datetime | None
    reason: str


def _moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def promised_date_changes(dossier: Dossier) -> list[DateChange]:
    """Every change of the promised date after reception (clock resumed, extension), in order."""
    events = DossierEvent.objects.filter(dossier=dossier, data__has_key="due_after").order_by(
        "sequence"
    )
    return [
        DateChange(
            at=event.at,
            action=event.action,
            before=_moment(event.data.get("due_before")),
            after=_moment(event.data.get("due_after")),
            reason=event.reason,
        )
        for event in events
    ]


@dataclass(frozen=True)
class ClockPause:
    """A time the legal clock stood still; ``end`` is ``None`` while it still stands."""

    start: datetime
    end: datetime | None
    reason: str  # "supplement" or "payment"


def clock_pauses(dossier: Dossier) -> list[ClockPause]:
    return [
        ClockPause(start, _moment(pause.get("end")), str(pause.get("reason", "")))
        for pause in dossier.clock_pauses
        if (start := _moment(pause.get("start"))) is not None
    ]
