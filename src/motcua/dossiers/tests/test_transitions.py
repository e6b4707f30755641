# SPDX-License-Identifier: EUPL-1.2
"""The lifecycle table: every rule allowed for its roles, every denial without side effects."""

import pytest

from motcua.accounts.actors import Actor, actor_as_applicant
from motcua.accounts.models import Role, RoleAssignment
from motcua.core.errors import (
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from motcua.core.models import OutboxMessage
from motcua.dossiers.lifecycle import (
    FINAL_STATUSES,
    NATIONAL_STATUS,
    RULES,
    SUBMIT_ROLES,
    Action,
    Scope,
    Status,
    roles_for,
    rule_for,
    rules_for,
)
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.selectors import dossier_status_by_code, first_broken_link
from motcua.dossiers.tests.lifecycle_support import (
    ACTIONS,
    ALLOWED,
    BY_SOURCE,
    CALLS,
    MONDAY,
    NEEDS_REASON,
    REASON,
    Shared,
    assert_one_transition,
    denied,
    fresh,
    home_actor,
    in_scope,
    outcome,
    outsider,
    prepare,
    scope_actor,
    snapshot,
)
from motcua.testing.builders import (
    VALID_FORM,
    submit_dossier,
)

# -- the table itself -----------------------------------------------------------------------------


def test_every_action_has_a_call_and_a_rule() -> None:
    assert set(CALLS) == set(ACTIONS)
    assert {action for action in ACTIONS if not rules_for(action)} == set()


def test_every_rule_actor_is_a_known_role() -> None:
    roles = {role for rule in RULES for role, _ in rule.actors} | set(SUBMIT_ROLES)
    assert roles <= {role.value for role in Role}


def test_final_statuses_have_no_way_out() -> None:
    assert {rule.action for rule in RULES if rule.sources & FINAL_STATUSES} == set()


def test_no_two_rules_of_an_action_share_a_source() -> None:
    for action in ACTIONS:
        sources = [source for rule in rules_for(action) for source in rule.sources]
        assert len(sources) == len(set(sources)), action


NATIONAL = {
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


def test_national_status_covers_every_status() -> None:
    assert set(NATIONAL_STATUS) == set(Status)
    assert set(NATIONAL_STATUS.values()) == set(range(1, 11))


@pytest.mark.parametrize("status", list(Status))
def test_national_status_code(s: Shared, status: Status) -> None:
    # given a dossier driven to the status
    d = s.world.dossier_in(status)
    # then the table, the status lookup and the last outbox message agree with DOMAIN.md
    view = dossier_status_by_code(d.code)
    assert view is not None
    assert NATIONAL_STATUS[status] == NATIONAL[status] == view.national_status
    message = OutboxMessage.objects.get(aggregate_id=str(d.pk), sequence=d.version)
    assert message.data["national_status"] == NATIONAL[status]


# -- allowed paths --------------------------------------------------------------------------------


@pytest.mark.parametrize(("index", "role", "source"), ALLOWED)
def test_allowed_path(s: Shared, index: int, role: str, source: Status) -> None:
    rule = RULES[index]
    # given a dossier in the source status and an actor of the role in the rule's scope
    d = prepare(s, rule, role, source)
    scope = rule.scope_for(role)
    assert scope is not None
    actor = scope_actor(s, d, role, scope)
    assert actor is not None
    before = snapshot(d)
    # when the actor does the action
    d = CALLS[rule.action](s, d, actor, REASON)
    # then exactly one transition to the rule's target is recorded
    event = assert_one_transition(before, d, rule.action, actor, source, rule.target)
    if rule.needs_reason:
        assert event.reason == REASON


@pytest.mark.parametrize("role", sorted(SUBMIT_ROLES))
def test_submit_allowed(s: Shared, role: str) -> None:
    w = s.world
    # given a submitter of the role at a centre where they may submit
    actor = home_actor(s, role)
    centre = w.org.province_centre if role == Role.POSTAL_OFFICER else w.centre
    counts = (DossierEvent.objects.count(), OutboxMessage.objects.count())
    # when they submit
    d = submit_dossier(w, actor=actor, receiving_unit=centre)
    # then a submitted dossier with the first code of the day exists, with one event and message
    d = fresh(d)
    assert (d.status, d.version, d.code) == (Status.SUBMITTED, 1, f"{centre.code}-260309-0001")
    assert (d.receiving_unit, d.current_unit, d.competent_unit) == (centre, centre, w.commune)
    assert d.submitted_by_id == actor.user_id
    assert d.owner_id == (w.citizen_a.pk if role == Role.APPLICANT else None)
    assert (d.submitted_at, d.received_at, d.due_at) == (MONDAY, None, None)
    assert d.applicant_data == VALID_FORM
    assert (DossierEvent.objects.count(), OutboxMessage.objects.count()) == (
        counts[0] + 1,
        counts[1] + 1,
    )
    event = DossierEvent.objects.get(dossier=d)
    assert (event.sequence, event.action, event.role, event.unit_id) == (
        1,
        Action.SUBMIT,
        role,
        actor.unit_id,
    )
    assert (event.status_before, event.status_after, event.data) == (
        "",
        Status.SUBMITTED,
        {"channel": d.channel},
    )
    message = OutboxMessage.objects.get(aggregate_id=str(d.pk))
    assert (message.type, message.sequence) == ("vn.motcua.dossier.submit", 1)
    assert first_broken_link() is None


# -- denied: wrong status -------------------------------------------------------------------------


@pytest.mark.parametrize("status", list(Status))
def test_wrong_status_is_refused(s: Shared, status: Status) -> None:
    # given a dossier of citizen A in the status
    d = s.world.dossier_in(status)
    before = snapshot(d)
    expected: dict[str, str] = {}
    outcomes: dict[str, str] = {}
    # when every actor of every action that is not legal in this status tries it
    for action in ACTIONS:
        if rule_for(action, status) is not None:
            continue
        for role in sorted(roles_for(action)):
            actor = home_actor(s, role)
            scopes = [scope for r in rules_for(action) if (scope := r.scope_for(role))]
            visible = any(in_scope(d, actor, scope) for scope in scopes)
            key = f"{action}/{role}"
            # then those with a relation to the dossier hear "not now", outsiders "not allowed"
            expected[key] = "TransitionNotAllowed" if visible else "PermissionDenied"
            outcomes[key] = outcome(lambda: CALLS[action](s, fresh(d), actor, REASON))  # noqa: B023
    assert outcomes == expected
    assert snapshot(d) == before


@pytest.mark.parametrize("status", [s for s in Status if s in FINAL_STATUSES])
def test_final_status_refuses_every_action_to_everyone(s: Shared, status: Status) -> None:
    d = s.world.dossier_in(status)
    for action in ACTIONS:
        for role in roles_for(action):
            scope = next(r.scope_for(role) for r in rules_for(action) if r.scope_for(role))
            actor = scope_actor(s, d, role, scope)  # type: ignore[arg-type]
            if actor is not None:
                denied(lambda: CALLS[action](s, fresh(d), actor, REASON), d, TransitionNotAllowed)  # noqa: B023


# -- denied: wrong role, forged role, wrong unit, another citizen ---------------------------------


@pytest.mark.parametrize(("index", "source"), BY_SOURCE)
def test_wrong_role_is_refused(s: Shared, index: int, source: Status) -> None:
    rule = RULES[index]
    # given a dossier where the rule applies
    d = s.world.dossier_in(source)
    before = snapshot(d)
    allowed = roles_for(rule.action)
    # when every real account of another role tries it
    outcomes = {
        role.value: outcome(lambda: CALLS[rule.action](s, fresh(d), home_actor(s, role), REASON))  # noqa: B023
        for role in Role
        if role not in allowed
    }
    # then each is refused and nothing changes
    assert outcomes == {role.value: "PermissionDenied" for role in Role if role not in allowed}
    assert snapshot(d) == before


@pytest.mark.parametrize(("index", "source"), BY_SOURCE)
def test_outsiders_are_refused(s: Shared, index: int, source: Status) -> None:
    rule = RULES[index]
    d = prepare(s, rule, rule.actors[0][0], source)
    before = snapshot(d)
    outcomes, expected = {}, {}
    for role, scope in rule.actors:
        if scope == Scope.ANY:
            continue  # the system itself: no unit, no owner
        # when the same role of another unit, another citizen or an agent who did not submit it
        expected[f"other:{role}"] = "PermissionDenied"
        other = outsider(s, d, role, scope)
        outcomes[f"other:{role}"] = outcome(lambda: CALLS[rule.action](s, fresh(d), other, REASON))  # noqa: B023
        if scope in (Scope.RECEIVING_UNIT, Scope.HOLDING_UNIT):
            # or an official of the right unit claiming a role they do not hold there
            unit = d.receiving_unit if scope == Scope.RECEIVING_UNIT else d.current_unit
            holder = RoleAssignment.objects.filter(unit=unit).exclude(role=role).first()
            assert holder is not None
            assert not RoleAssignment.objects.filter(user=holder.user, role=role, unit=unit)
            forged = Actor(holder.user, role, unit)
            expected[f"forged:{role}"] = "PermissionDenied"
            outcomes[f"forged:{role}"] = outcome(
                lambda: CALLS[rule.action](s, fresh(d), forged, REASON)  # noqa: B023
            )
    # then every one of them is refused, and nothing changes
    assert outcomes == expected
    assert snapshot(d) == before


def test_citizen_b_cannot_touch_citizen_a_dossier(s: Shared) -> None:
    # given citizen A's dossiers in every status, and citizen B
    b = actor_as_applicant(s.world.citizen_b)
    for status in Status:
        d = s.world.dossier_in(status)
        # when B tries every action, then B is refused before learning the status
        for action in ACTIONS:
            denied(lambda: CALLS[action](s, fresh(d), b, REASON), d, PermissionDenied)  # noqa: B023


# -- denied: missing reason -----------------------------------------------------------------------


@pytest.mark.parametrize(("index", "role", "source"), NEEDS_REASON)
def test_missing_reason_is_refused(s: Shared, index: int, role: str, source: Status) -> None:
    rule = RULES[index]
    d = prepare(s, rule, role, source)
    actor = scope_actor(s, d, role, rule.scope_for(role))  # type: ignore[arg-type]
    assert actor is not None
    for reason in ("", "  \n "):
        error = denied(lambda: CALLS[rule.action](s, fresh(d), actor, reason), d, ValidationFailed)  # noqa: B023
        assert error.details == {"errors": {"reason": ["A reason is required."]}}
