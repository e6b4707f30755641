# SPDX-License-Identifier: EUPL-1.2
"""RELIABILITY.md S4 at the service level: citizens and officials act at random.

A hypothesis state machine submits dossiers and lets any actor (citizen A or B, the desk of the
receiving centre or of another one, every processing role of the competent commune, of another
commune and of a department, the centre manager, the system) try any action with random
arguments, while the clock moves forward. A second rule only picks actions the lifecycle allows
in the current status, so runs reach the deep statuses. After each step:

- a successful call wrote exactly one event and one outbox message, ``sequence == version``, and
  its ``status_before → status_after`` is a rule of ``lifecycle.RULES``;
- a failed call raised a ``DomainError`` (anything else is a bug) and changed nothing;
- every dossier's history is a legal path from submission, with no decision after a payment
  request unless the payment was confirmed;
- the promised date never moves earlier (no documented rule allows it today);
- the hash chain verifies (``first_broken_link() is None``).

Each example runs in a savepoint that is rolled back, over one world built per test.
"""

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from motcua.accounts.actors import SYSTEM_ACTOR, Actor, actor_as_applicant
from motcua.accounts.models import Role
from motcua.calendar.selectors import calendar_for_unit
from motcua.core import clock
from motcua.core.errors import DomainError
from motcua.core.models import OutboxMessage
from motcua.dossiers import services
from motcua.dossiers.lifecycle import RULES, Action, Scope, Status, rule_for
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import first_broken_link
from motcua.dossiers.tests.lifecycle_support import official_in
from motcua.orgunits.models import OrgUnit
from motcua.testing.builders import VALID_FORM, World, submit_dossier

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2026, 3, 9, 8, 0, tzinfo=VN)
PROCESSING_ROLES = (Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.SIGNING_LEADER, Role.CLERK)
ACTIONS = [action for action in Action if action != Action.SUBMIT]
SUBMITTERS = ["citizen_a", "citizen_b", "desk"]
REASONS = ["", "   ", "Theo đề nghị của người nộp"]
#: Actions that only the role of the dossier's current internal step may do.
STEP_BOUND = (Action.PROCESS_STEP, Action.APPROVE, Action.REJECT, Action.ASSIGN, Action.SEND_BACK)
#: How often ``follow_the_lifecycle`` picks an action (default 2): the way forward often, the
#: early ends rarely, so runs reach the result as well as every detour.
WEIGHTS = {
    **dict.fromkeys((Action.REFUSE, Action.CANCEL, Action.WITHDRAW, Action.STOP), 1),
    **dict.fromkeys((Action.RECEIVE, Action.FORWARD, Action.PROCESS_STEP, Action.APPROVE), 8),
    **dict.fromkeys((Action.ISSUE_RESULT, Action.RETURN_RESULT), 8),
    **dict.fromkeys((Action.SUPPLEMENT, Action.CONFIRM_PAYMENT), 8),
    **dict.fromkeys((Action.REQUEST_SUPPLEMENT, Action.REQUEST_PAYMENT), 4),
    Action.EXTEND_DEADLINE: 4,
}
#: The ``variant`` arguments that make a call valid (see ``_service``).
VALID_VARIANTS = {
    Action.REQUEST_SUPPLEMENT: [1, 2, 3],
    Action.SUPPLEMENT: [1, 2, 3],
    Action.REQUEST_PAYMENT: [1, 2, 3],
    Action.CONFIRM_PAYMENT: [1, 2, 3],
    Action.EXTEND_DEADLINE: [2, 3],
    Action.RETURN_RESULT: [1, 2, 3],
}
FUZZ_SETTINGS = settings(
    max_examples=30,
    stateful_step_count=25,
    deadline=None,
    database=None,
    # Shrinking a database-backed machine can take minutes; a failure prints the unshrunk steps.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


#: Successful (action, status reached) pairs over a run, printed by the test (``-s``).
REACHED: Counter[tuple[str, str]] = Counter()
CALLS_MADE: Counter[str] = Counter()


class _Rollback(Exception):
    """Raised into an example's savepoint to undo it."""


def cast_of(world: World) -> dict[str, Actor]:
    """Every actor the fuzzer plays, by a readable name."""
    org = world.org
    department = org.departments["STP"]
    cast: dict[str, Actor] = {
        "citizen_a": actor_as_applicant(world.citizen_a),
        "citizen_b": actor_as_applicant(world.citizen_b),
        "desk": world.desk(),
        "desk_other_centre": world.desk(org.commune_centres[1]),
        "centre_manager": world.official(Role.CENTRE_MANAGER, world.centre),
        "system": SYSTEM_ACTOR,
    }
    for role in PROCESSING_ROLES:
        cast[f"{role}@commune"] = world.processing(role)
        cast[f"{role}@other_commune"] = world.processing(role, org.communes[1])
        cast[f"{role}@department"] = world.official(role, department)
    return cast


def legal_history(events: list[DossierEvent]) -> str | None:
    """Why a history is not a legal path of ``lifecycle.RULES`` (None when it is)."""
    if [e.sequence for e in events] != list(range(1, len(events) + 1)):
        return "sequences are not 1..n"
    first = events[0]
    if (first.action, first.status_before, first.status_after) != (
        Action.SUBMIT,
        "",
        Status.SUBMITTED,
    ):
        return "the history does not start with a submission"
    payment_due = False
    for previous, event in pairwise(events):
        if event.status_before != previous.status_after:
            return (
                f"#{event.sequence} starts from {event.status_before}, not {previous.status_after}"
            )
        rule_ = rule_for(Action(event.action), Status(event.status_before))
        if rule_ is None or rule_.target != event.status_after:
            return f"#{event.sequence} {event.action} {event.status_before}→{event.status_after}"
        if event.action == Action.REQUEST_PAYMENT:
            payment_due = True
        elif event.action == Action.CONFIRM_PAYMENT:
            payment_due = False
        elif event.action in (Action.APPROVE, Action.REJECT) and payment_due:
            return f"#{event.sequence} decided while a payment is due"
    return None


def make_machine(world: World) -> type[RuleBasedStateMachine]:
    cast = cast_of(world)
    org = world.org
    forward_targets: list[OrgUnit | None] = [
        None,
        org.communes[1],
        org.departments["STP"],
        world.centre,
    ]

    class DossierWorkflow(RuleBasedStateMachine):
        dossiers = Bundle("dossiers")

        def __init__(self) -> None:
            super().__init__()
            self.savepoint = transaction.atomic()
            self.savepoint.__enter__()
            self.now = START
            self.latest_due: dict[int, datetime] = {}
            self.unchecked: set[str] = set()  # invariants to re-check after a change

        def _changed(self) -> None:
            self.unchecked = {"paths", "due", "chain"}

        def _needs(self, invariant_: str) -> bool:
            if invariant_ not in self.unchecked:
                return False  # nothing was written since it last held
            self.unchecked.discard(invariant_)
            return True

        def teardown(self) -> None:
            self.savepoint.__exit__(_Rollback, _Rollback(), None)

        # -- driving -------------------------------------------------------------------------

        def _call(self, pk: int, action: Action, actor: Actor, reason: str, variant: int) -> None:
            """Call the service and check the step's own promises."""
            self.now += timedelta(seconds=1)  # real clocks move between two requests
            d = Dossier.objects.get(pk=pk)
            before = Dossier.objects.filter(pk=pk).values().get()
            counts = (DossierEvent.objects.count(), OutboxMessage.objects.count())
            call = self._service(d, action, actor, reason, variant)
            try:
                with clock.frozen_at(self.now):
                    call()
            except DomainError:
                # a refused call changes nothing
                CALLS_MADE["denied"] += 1
                assert Dossier.objects.filter(pk=pk).values().get() == before
                assert (DossierEvent.objects.count(), OutboxMessage.objects.count()) == counts
                return
            except Exception as error:
                raise AssertionError(
                    f"{action} by {actor.role} raised {type(error).__name__}: {error}"
                ) from error
            # a successful call is one legal transition with one event and one message
            CALLS_MADE["allowed"] += 1
            self._changed()
            after = Dossier.objects.get(pk=pk)
            REACHED[(action, after.status)] += 1
            assert after.version == before["version"] + 1
            assert (DossierEvent.objects.count(), OutboxMessage.objects.count()) == (
                counts[0] + 1,
                counts[1] + 1,
            )
            recorded = DossierEvent.objects.get(dossier_id=pk, sequence=after.version)
            assert (
                recorded.action,
                recorded.role,
                recorded.status_before,
                recorded.status_after,
            ) == (
                action,
                actor.role,
                before["status"],
                after.status,
            )
            expected = rule_for(action, Status(before["status"]))
            assert expected is not None and expected.target == after.status
            message = OutboxMessage.objects.get(aggregate_id=str(pk), sequence=after.version)
            assert message.type == f"vn.motcua.dossier.{action}"
            # the promised date, once set, never moves earlier
            if before["due_at"] is not None:
                assert after.due_at is not None and after.due_at >= before["due_at"], (
                    f"{action} moved the due date from {before['due_at']} to {after.due_at}"
                )

        def _service(
            self, d: Dossier, action: Action, actor: Actor, reason: str, variant: int
        ) -> Callable[[], Any]:
            s = services
            if action == Action.RECEIVE:
                return lambda: s.dossier_receive(d, actor=actor, extended_limit=variant == 1,
                                                 reason=reason)  # fmt: skip
            if action == Action.REQUEST_SUPPLEMENT:
                missing = [] if variant == 0 else ["Bản sao Giấy khai sinh"]
                return lambda: s.dossier_request_supplement(
                    d, actor=actor, missing=missing, reason=reason
                )
            if action == Action.SUPPLEMENT:
                form = {**VALID_FORM, "id_number": "1"} if variant == 0 else None
                return lambda: s.dossier_supplement(d, actor=actor, applicant_data=form)
            if action == Action.REFUSE:
                return lambda: s.dossier_refuse(d, actor=actor, reason=reason)
            if action == Action.FORWARD:
                target = forward_targets[variant]
                return lambda: s.dossier_forward(d, actor=actor, to_unit=target, reason=reason)
            if action == Action.PROCESS_STEP:
                return lambda: s.dossier_process_step(d, actor=actor)
            if action == Action.REQUEST_PAYMENT:
                amount = 0 if variant == 0 else 350_000
                return lambda: s.dossier_request_payment(
                    d, actor=actor, amount_vnd=amount, reason=reason
                )
            if action == Action.CONFIRM_PAYMENT:
                reference = "" if variant == 0 else f"FT{variant}"
                return lambda: s.dossier_confirm_payment(d, actor=actor, reference=reference)
            if action == Action.EXTEND_DEADLINE:
                return lambda: s.dossier_extend_deadline(
                    d, actor=actor, new_due=self._new_due(d, variant), reason=reason
                )
            if action == Action.APPROVE:
                return lambda: s.dossier_approve(d, actor=actor)
            if action == Action.REJECT:
                return lambda: s.dossier_reject(d, actor=actor, reason=reason)
            if action == Action.ISSUE_RESULT:
                return lambda: s.dossier_issue_result(d, actor=actor)
            if action == Action.RETURN_RESULT:
                method = ["counter", "counter", "postal", "electronic"][variant]
                receiver = ("Trần Văn An", "079088001234") if variant == 1 else ("", "")
                return lambda: s.dossier_return_result(
                    d,
                    actor=actor,
                    method=method,
                    receiver_name=receiver[0],
                    receiver_id_number=receiver[1],
                )
            if action == Action.WITHDRAW:
                return lambda: s.dossier_withdraw(d, actor=actor, reason=reason)
            if action == Action.STOP:
                return lambda: s.dossier_stop(d, actor=actor, reason=reason)
            if action == Action.ASSIGN:
                return lambda: s.dossier_assign(d, actor=actor)
            if action == Action.SEND_BACK:
                return lambda: s.dossier_send_back(d, actor=actor, reason=reason)
            assert action == Action.CANCEL
            return lambda: s.dossier_cancel(d, actor=actor, reason=reason)

        def _new_due(self, d: Dossier, variant: int) -> datetime:
            """A working day around the promised date: earlier, the same, or later."""
            if d.due_at is None:
                return self.now + timedelta(days=10)
            calendar = calendar_for_unit(d.receiving_unit)
            shift = [-1, 0, 2, 5][variant]
            day = calendar.add_working_days(timezone.localtime(d.due_at).date(), shift)
            return calendar.end_of_working_hours(day)

        def _scope_actor(self, d: Dossier, role: str, scope: Scope) -> Actor | None:
            if scope == Scope.ANY:
                return SYSTEM_ACTOR
            if scope == Scope.OWNER:
                if role != Role.APPLICANT or d.owner is None:
                    return None
                return actor_as_applicant(d.owner)
            unit = d.receiving_unit if scope == Scope.RECEIVING_UNIT else d.current_unit
            return official_in(role, unit)

        # -- rules ---------------------------------------------------------------------------

        @initialize(target=dossiers, submitter=st.sampled_from(SUBMITTERS))
        def first_submission(self, submitter: str) -> int:
            return self.submit(submitter)

        @rule(target=dossiers, submitter=st.sampled_from(SUBMITTERS))
        def submit(self, submitter: str) -> int:
            self.now += timedelta(seconds=1)
            counts = (DossierEvent.objects.count(), OutboxMessage.objects.count())
            with clock.frozen_at(self.now):
                d = submit_dossier(world, actor=cast[submitter])
            self._changed()
            assert (d.status, d.version) == (Status.SUBMITTED, 1)
            assert (DossierEvent.objects.count(), OutboxMessage.objects.count()) == (
                counts[0] + 1,
                counts[1] + 1,
            )
            return d.pk

        @rule(pk=dossiers, data=st.data())
        def act_at_random(self, pk: int, data: st.DataObject) -> None:
            """A burst of any actions by anyone, with any arguments."""
            for _ in range(data.draw(st.integers(1, 8), label="burst")):
                action = data.draw(st.sampled_from(ACTIONS), label="action")
                actor = data.draw(st.sampled_from(sorted(cast)), label="actor")
                reason = data.draw(st.sampled_from(REASONS), label="reason")
                variant = data.draw(st.integers(0, 3), label="variant")
                self._call(pk, action, cast[actor], reason, variant)

        @rule(pk=dossiers, data=st.data())
        def follow_the_lifecycle(self, pk: int, data: st.DataObject) -> None:
            """A burst of allowed actions with valid arguments, so runs reach deep statuses."""
            for _ in range(data.draw(st.integers(1, 10), label="burst")):
                d = Dossier.objects.select_related("owner").get(pk=pk)
                step = d.procedure_version.steps.filter(order=d.current_step).first()
                choices = [
                    (rule_.action, role, scope)
                    for rule_ in RULES
                    if d.status in rule_.sources
                    for role, scope in rule_.actors
                    if rule_.action not in STEP_BOUND or (step is not None and step.role == role)
                    if self._scope_actor(d, role, scope) is not None
                    for _ in range(WEIGHTS.get(rule_.action, 2))
                ]
                if not choices:
                    return  # a final status, or a dead end
                action, role, scope = data.draw(st.sampled_from(choices), label="rule")
                actor = self._scope_actor(d, role, scope)
                assert actor is not None
                variants = VALID_VARIANTS.get(action, range(4))
                if action == Action.FORWARD:
                    variants = [0] if d.status == Status.RECEIVED else [1, 2]
                variant = data.draw(st.sampled_from(list(variants)), label="variant")
                self._call(pk, action, actor, REASONS[-1], variant)

        @rule(minutes=st.integers(1, 3 * 24 * 60))
        def time_passes(self, minutes: int) -> None:
            self.now += timedelta(minutes=minutes)

        # -- invariants ------------------------------------------------------------------------

        @invariant()
        def histories_are_legal_paths(self) -> None:
            if not self._needs("paths"):
                return
            events: dict[int, list[DossierEvent]] = {}
            for event in DossierEvent.objects.order_by("dossier_id", "sequence"):
                events.setdefault(event.dossier_id, []).append(event)
            for d in Dossier.objects.all():
                history = events.get(d.pk, [])
                assert len(history) == d.version, d.code
                assert history[-1].status_after == d.status, d.code
                assert legal_history(history) is None, (d.code, legal_history(history))

        @invariant()
        def due_dates_never_move_earlier(self) -> None:
            if not self._needs("due"):
                return
            for pk, due_at in Dossier.objects.values_list("pk", "due_at"):
                latest = self.latest_due.get(pk)
                if latest is not None:
                    assert due_at is not None and due_at >= latest, (pk, latest, due_at)
                if due_at is not None:
                    self.latest_due[pk] = due_at

        @invariant()
        def hash_chains_verify(self) -> None:
            if not self._needs("chain"):
                return
            assert first_broken_link() is None

    return DossierWorkflow


def test_workflow_fuzzer(world: World) -> None:
    REACHED.clear()
    CALLS_MADE.clear()
    run_state_machine_as_test(make_machine(world), settings=FUZZ_SETTINGS)
    print("calls:", dict(CALLS_MADE), "transitions reached:", dict(sorted(REACHED.items())))


def test_legal_history_rejects_an_illegal_path(world: World) -> None:
    # given a legal history, then one with a decision while a payment is due
    d = world.dossier_in(Status.AWAITING_PAYMENT)
    history = list(d.events.order_by("sequence"))
    assert legal_history(history) is None
    # (an approval straight after the payment request, built in memory only)
    forged = DossierEvent(
        dossier=d,
        sequence=len(history) + 1,
        action=Action.APPROVE,
        status_before=Status.AWAITING_PAYMENT,
        status_after=Status.PROCESSED,
    )
    assert legal_history([*history, forged]) == (
        f"#{forged.sequence} approve awaiting_payment→processed"
    )
    assert legal_history(history[1:]) == "sequences are not 1..n"
