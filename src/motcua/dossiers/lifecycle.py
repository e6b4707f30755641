# SPDX-License-Identifier: EUPL-1.2
"""The legal dossier lifecycle as data: statuses, national codes, and who may do what, when.

Pure Python (no Django): the service layer, the workflow fuzzer and the docs all read this one
table. Statuses and national codes follow DOMAIN.md "Dossier lifecycle" (national codes ☑️ from
existing integrations; Circular 04/2025 may revise them ⚠️, hence a table).
"""

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    SUBMITTED = "submitted"
    AWAITING_COMPLETION = "awaiting_completion"
    NOT_ACCEPTED = "not_accepted"
    CANCELLED = "cancelled"
    WITHDRAWN = "withdrawn"
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    AWAITING_PAYMENT = "awaiting_payment"
    WITHDRAW_REQUESTED = "withdraw_requested"
    STOPPED = "stopped"
    PROCESSED = "processed"
    RESULT_READY = "result_ready"
    RETURNED = "returned"


#: Our status → national portal TrangThaiHoSo (LAW-NOTES.md §1.4).
NATIONAL_STATUS: dict[Status, int] = {
    Status.SUBMITTED: 1,
    Status.RECEIVED: 2,
    Status.NOT_ACCEPTED: 3,
    Status.CANCELLED: 3,
    Status.IN_PROGRESS: 4,
    Status.AWAITING_COMPLETION: 5,
    Status.AWAITING_SUPPLEMENT: 5,
    Status.AWAITING_PAYMENT: 6,
    Status.WITHDRAW_REQUESTED: 7,
    Status.STOPPED: 8,
    Status.WITHDRAWN: 8,
    Status.PROCESSED: 9,
    Status.RESULT_READY: 9,
    Status.RETURNED: 10,
}

FINAL_STATUSES = frozenset(
    {Status.NOT_ACCEPTED, Status.CANCELLED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED}
)


class Channel(StrEnum):
    ONLINE = "online"
    COUNTER = "counter"
    KIOSK = "kiosk"
    POSTAL = "postal"
    AGENT = "agent"
    NATIONAL_PORTAL = "national_portal"


#: Our channel → national KenhThucHien (1 in person, 2 online, 3 postal) ☑️.
NATIONAL_CHANNEL: dict[Channel, int] = {
    Channel.COUNTER: 1,
    Channel.ONLINE: 2,
    Channel.KIOSK: 2,
    Channel.AGENT: 2,
    Channel.NATIONAL_PORTAL: 2,
    Channel.POSTAL: 3,
}

#: Our channel → the catalog channel whose time limit and fee apply.
CATALOG_CHANNEL: dict[Channel, str] = {
    Channel.COUNTER: "in_person",
    Channel.KIOSK: "online",
    Channel.ONLINE: "online",
    Channel.AGENT: "online",
    Channel.NATIONAL_PORTAL: "online",
    Channel.POSTAL: "postal",
}


class Action(StrEnum):
    SUBMIT = "submit"
    RECEIVE = "receive"
    REQUEST_SUPPLEMENT = "request_supplement"
    SUPPLEMENT = "supplement"
    REFUSE = "refuse"
    FORWARD = "forward"
    PROCESS_STEP = "process_step"
    ASSIGN = "assign"
    SEND_BACK = "send_back"
    REQUEST_PAYMENT = "request_payment"
    CONFIRM_PAYMENT = "confirm_payment"
    EXTEND_DEADLINE = "extend_deadline"
    APPROVE = "approve"
    REJECT = "reject"
    ISSUE_RESULT = "issue_result"
    RETURN_RESULT = "return_result"
    WITHDRAW = "withdraw"
    STOP = "stop"
    CANCEL = "cancel"


class Scope(StrEnum):
    """Which relation to the dossier the actor's capacity must have."""

    OWNER = "owner"  # the applicant's own account, or the agent who submitted it
    RECEIVING_UNIT = "receiving_unit"  # official of the centre that received it
    HOLDING_UNIT = "holding_unit"  # official of the unit that holds it now
    ANY = "any"  # the system itself (payment callbacks)


class Clock(StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"


@dataclass(frozen=True)
class Rule:
    action: Action
    sources: frozenset[Status]
    target: Status
    actors: tuple[tuple[str, Scope], ...]
    needs_reason: bool = False
    clock: Clock | None = None

    def scope_for(self, role: str) -> Scope | None:
        return next((scope for r, scope in self.actors if r == role), None)


def _rule(
    action: Action,
    sources: set[Status],
    target: Status,
    actors: dict[str, Scope],
    *,
    needs_reason: bool = False,
    clock: Clock | None = None,
) -> Rule:
    return Rule(action, frozenset(sources), target, tuple(actors.items()), needs_reason, clock)


_OWNER = Scope.OWNER
_DESK = Scope.RECEIVING_UNIT
_HOLDER = Scope.HOLDING_UNIT
_PRE_RECEPTION = {Status.SUBMITTED, Status.AWAITING_COMPLETION}
_UNDER_PROCESSING = {
    Status.RECEIVED,
    Status.IN_PROGRESS,
    Status.AWAITING_SUPPLEMENT,
    Status.AWAITING_PAYMENT,
}

RULES: tuple[Rule, ...] = (
    _rule(Action.RECEIVE, {Status.SUBMITTED}, Status.RECEIVED,
          {"reception_officer": _DESK}, clock=Clock.START),
    _rule(Action.REQUEST_SUPPLEMENT, {Status.SUBMITTED}, Status.AWAITING_COMPLETION,
          {"reception_officer": _DESK}, needs_reason=True),
    _rule(Action.REQUEST_SUPPLEMENT, {Status.IN_PROGRESS}, Status.AWAITING_SUPPLEMENT,
          {"specialist": _HOLDER, "department_head": _HOLDER}, needs_reason=True,
          clock=Clock.PAUSE),
    _rule(Action.SUPPLEMENT, {Status.AWAITING_COMPLETION}, Status.SUBMITTED,
          {"applicant": _OWNER, "agent": _OWNER, "reception_officer": _DESK}),
    _rule(Action.SUPPLEMENT, {Status.AWAITING_SUPPLEMENT}, Status.IN_PROGRESS,
          {"applicant": _OWNER, "agent": _OWNER, "reception_officer": _DESK},
          clock=Clock.RESUME),
    _rule(Action.REFUSE, _PRE_RECEPTION, Status.NOT_ACCEPTED,
          {"reception_officer": _DESK}, needs_reason=True),
    _rule(Action.FORWARD, {Status.RECEIVED}, Status.IN_PROGRESS,
          {"reception_officer": _DESK}),
    _rule(Action.FORWARD, {Status.IN_PROGRESS}, Status.IN_PROGRESS,
          {"department_head": _HOLDER}, needs_reason=True),
    _rule(Action.PROCESS_STEP, {Status.IN_PROGRESS}, Status.IN_PROGRESS,
          {"specialist": _HOLDER, "department_head": _HOLDER, "clerk": _HOLDER}),
    _rule(Action.ASSIGN, {Status.IN_PROGRESS}, Status.IN_PROGRESS,
          {"department_head": _HOLDER, "specialist": _HOLDER, "signing_leader": _HOLDER,
           "clerk": _HOLDER}),
    _rule(Action.SEND_BACK, {Status.IN_PROGRESS}, Status.IN_PROGRESS,
          {"department_head": _HOLDER, "specialist": _HOLDER, "signing_leader": _HOLDER},
          needs_reason=True),
    _rule(Action.REQUEST_PAYMENT, {Status.IN_PROGRESS}, Status.AWAITING_PAYMENT,
          {"specialist": _HOLDER, "department_head": _HOLDER}, needs_reason=True,
          clock=Clock.PAUSE),
    _rule(Action.CONFIRM_PAYMENT, {Status.AWAITING_PAYMENT}, Status.IN_PROGRESS,
          {"reception_officer": _DESK, "specialist": _HOLDER, "system": Scope.ANY},
          clock=Clock.RESUME),
    _rule(Action.EXTEND_DEADLINE, {Status.IN_PROGRESS}, Status.IN_PROGRESS,
          {"department_head": _HOLDER, "signing_leader": _HOLDER}, needs_reason=True),
    _rule(Action.APPROVE, {Status.IN_PROGRESS}, Status.PROCESSED,
          {"signing_leader": _HOLDER, "department_head": _HOLDER}),
    _rule(Action.REJECT, {Status.IN_PROGRESS}, Status.PROCESSED,
          {"signing_leader": _HOLDER, "department_head": _HOLDER}, needs_reason=True),
    _rule(Action.ISSUE_RESULT, {Status.PROCESSED}, Status.RESULT_READY,
          {"clerk": _HOLDER}),
    _rule(Action.RETURN_RESULT, {Status.RESULT_READY}, Status.RETURNED,
          {"reception_officer": _DESK}),
    _rule(Action.WITHDRAW, _PRE_RECEPTION, Status.WITHDRAWN,
          {"applicant": _OWNER, "agent": _OWNER, "reception_officer": _DESK}, needs_reason=True),
    _rule(Action.WITHDRAW, _UNDER_PROCESSING, Status.WITHDRAW_REQUESTED,
          {"applicant": _OWNER, "agent": _OWNER, "reception_officer": _DESK}, needs_reason=True),
    _rule(Action.STOP, {Status.IN_PROGRESS}, Status.STOPPED,
          {"department_head": _HOLDER, "signing_leader": _HOLDER}, needs_reason=True),
    _rule(Action.STOP, {Status.WITHDRAW_REQUESTED}, Status.STOPPED,
          {"department_head": _HOLDER, "signing_leader": _HOLDER,
           "reception_officer": _HOLDER},  # the desk, while it still holds the dossier
          needs_reason=True),
    _rule(Action.CANCEL, _PRE_RECEPTION, Status.CANCELLED,
          {"centre_manager": _DESK}, needs_reason=True),
)  # fmt: skip

SUBMIT_ROLES = frozenset(
    {"applicant", "agent", "reception_officer", "postal_officer", "integration"}
)


def rules_for(action: Action) -> tuple[Rule, ...]:
    return tuple(rule for rule in RULES if rule.action == action)


def rule_for(action: Action, status: Status) -> Rule | None:
    """The rule of ``action`` that applies in ``status``, if the action is legal there."""
    return next((rule for rule in RULES if rule.action == action and status in rule.sources), None)


def roles_for(action: Action) -> frozenset[str]:
    if action == Action.SUBMIT:
        return SUBMIT_ROLES
    return frozenset(role for rule in rules_for(action) for role, _ in rule.actors)


def actions_allowed_in(status: Status) -> list[Action]:
    return [rule.action for rule in RULES if status in rule.sources]
