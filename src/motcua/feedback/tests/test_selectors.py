# SPDX-License-Identifier: EUPL-1.2
"""Scores of units and officials: exact counts, averages and reason shares, by period."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from motcua.accounts.models import Role
from motcua.core import clock
from motcua.dossiers import services
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.feedback.choices import Reason
from motcua.feedback.selectors import Score, official_scores, rating_of, unit_scores
from motcua.feedback.services import dossier_rate
from motcua.testing.builders import World, submit_dossier

pytestmark = pytest.mark.django_db

RATED_AT = datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
NONE = dict.fromkeys(Reason.values, 0)


def returned_elsewhere(world: World) -> Dossier:
    """A dossier of citizen A received by the second centre, handled by the second commune."""
    centre, commune = world.org.commune_centres[1], world.org.communes[1]
    desk = world.official(Role.RECEPTION_OFFICER, centre)
    d = submit_dossier(world, receiving_unit=centre, competent_unit=commune)
    d = services.dossier_receive(d, actor=desk)
    d = services.dossier_forward(d, actor=desk)
    d = services.dossier_process_step(d, actor=world.official(Role.DEPARTMENT_HEAD, commune))
    d = services.dossier_process_step(d, actor=world.official(Role.SPECIALIST, commune))
    d = services.dossier_approve(d, actor=world.official(Role.SIGNING_LEADER, commune))
    d = services.dossier_issue_result(d, actor=world.official(Role.CLERK, commune))
    return services.dossier_return_result(d, actor=desk, method="electronic")


def rate(world: World, d: Dossier, score: int, reasons: list[str], days: int = 0) -> None:
    with clock.frozen_at(RATED_AT + timedelta(days=days)):
        dossier_rate(d, citizen=world.citizen_a, score=score, reasons=reasons, comment="")


@pytest.fixture
def rated(world: World) -> World:
    rate(world, world.dossier_in(Status.RETURNED), 5, ["fast", "polite"])
    rate(world, world.dossier_in(Status.RETURNED), 4, ["fast"])
    rate(world, world.dossier_in(Status.RETURNED), 3, [], days=10)
    rate(world, returned_elsewhere(world), 2, ["slow", "extra_papers"])
    world.dossier_in(Status.RETURNED)  # not rated: counts for nobody
    return world


def by_pk(scores: list[Score]) -> dict[int, Score]:
    return {score.pk: score for score in scores}


def test_unit_scores(rated: World) -> None:
    w = rated
    scores = unit_scores()
    first = [w.centre, w.commune]
    second = [w.org.commune_centres[1], w.org.communes[1]]
    assert sorted(s.pk for s in scores) == sorted(u.pk for u in first + second)
    assert [s.name for s in scores] == sorted(s.name for s in scores)
    for unit in first:
        score = by_pk(scores)[unit.pk]
        assert (score.name, score.count, score.average) == (unit.name, 3, 4.0)
        assert score.reason_counts == {**NONE, "fast": 2, "polite": 1}
        assert score.reason_shares == {**NONE, "fast": 2 / 3, "polite": 1 / 3}
    for unit in second:
        score = by_pk(scores)[unit.pk]
        assert (score.count, score.average) == (1, 2.0)
        assert score.reason_counts == {**NONE, "slow": 1, "extra_papers": 1}
        assert score.reason_shares == {**NONE, "slow": 1.0, "extra_papers": 1.0}


def test_official_scores(rated: World) -> None:
    w = rated
    scores = by_pk(official_scores())
    roles = [Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.SIGNING_LEADER, Role.CLERK]
    first = [w.desk(), *(w.processing(role) for role in roles)]
    second_commune = w.org.communes[1]
    second = [w.official(Role.RECEPTION_OFFICER, w.org.commune_centres[1]),
              *(w.official(role, second_commune) for role in roles)]  # fmt: skip
    assert set(scores) == {a.user_id for a in first + second}
    for actor in first:
        score = scores[actor.user_id]  # type: ignore[index]
        assert (score.name, score.count, score.average) == (actor.user.full_name, 3, 4.0)  # type: ignore[union-attr]
        assert score.reason_counts == {**NONE, "fast": 2, "polite": 1}
    for actor in second:
        score = scores[actor.user_id]  # type: ignore[index]
        assert (score.count, score.average, score.reason_counts["slow"]) == (1, 2.0, 1)


def test_scores_of_a_period(rated: World) -> None:
    w = rated
    late = by_pk(unit_scores(since=RATED_AT + timedelta(days=1)))
    assert set(late) == {w.centre.pk, w.commune.pk}
    assert (late[w.centre.pk].count, late[w.centre.pk].average) == (1, 3.0)
    early = by_pk(official_scores(until=RATED_AT + timedelta(days=1)))
    assert (early[w.desk().user_id].count, early[w.desk().user_id].average) == (2, 4.5)  # type: ignore[index]


def test_no_ratings_no_scores(world: World) -> None:
    d = world.dossier_in(Status.RETURNED)
    assert unit_scores() == [] and official_scores() == []
    assert rating_of(d.pk) is None
