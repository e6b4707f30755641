# SPDX-License-Identifier: EUPL-1.2
"""``dossier_rate``: the owner, once the result is returned, once; input checked; credits kept;
the dossier itself untouched."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from motcua.accounts.models import Role
from motcua.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from motcua.core.models import OutboxMessage
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.feedback import services
from motcua.feedback.models import Rating, RatingOfficial, RatingUnit
from motcua.feedback.services import AlreadyRated, dossier_rate
from motcua.testing.builders import World, drive_to, submit_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """The messages asserted here are the English source strings."""
    with translation.override("en"):
        yield


def snapshot(d: Dossier) -> tuple[Any, ...]:
    fresh = Dossier.objects.get(pk=d.pk)
    events = DossierEvent.objects.filter(dossier=d).count()
    return (fresh.version, fresh.status, fresh.updated_at, events, OutboxMessage.objects.count())


def test_the_owner_rates_a_returned_dossier(world: World) -> None:
    d = world.dossier_in(Status.RETURNED)
    before = snapshot(d)
    rating = dossier_rate(d, citizen=world.citizen_a, score=4,
                          reasons=["fast", "polite", "fast"], comment="  Cảm ơn  ")  # fmt: skip
    rating.refresh_from_db()
    assert (rating.dossier_id, rating.citizen_id, rating.score, rating.reasons, rating.comment) == (
        d.pk,
        world.citizen_a.pk,
        4,
        ["fast", "polite"],
        "Cảm ơn",
    )
    assert rating.notice_version == services.NOTICE_VERSION
    # the receiving and the competent unit, and every official who acted, are credited
    assert set(RatingUnit.objects.values_list("unit_id", flat=True)) == {
        world.centre.pk,
        world.commune.pk,
    }
    acted = {
        world.desk().user_id, world.processing(Role.DEPARTMENT_HEAD).user_id,
        world.processing(Role.SPECIALIST).user_id, world.processing(Role.SIGNING_LEADER).user_id,
        world.processing(Role.CLERK).user_id,
    }  # fmt: skip
    assert set(RatingOfficial.objects.values_list("official_id", flat=True)) == acted
    assert world.citizen_a.pk not in acted
    # rating is not a step of the procedure: no event, no new version; one "rating" message
    version, status, updated_at, events, messages = before
    assert snapshot(d) == (version, status, updated_at, events, messages + 1)
    message = OutboxMessage.objects.get(aggregate_type="rating")
    assert (message.type, message.aggregate_id, message.sequence) == (
        "vn.motcua.rating.created", str(d.pk), 1,
    )  # fmt: skip
    assert message.data["rating"] == {
        "score": rating.score, "reasons": rating.reasons, "at": message.envelope["time"],
    }  # fmt: skip
    assert "comment" not in message.data["rating"]


def test_another_citizen_may_not_rate(world: World) -> None:
    d = world.dossier_in(Status.RETURNED)
    with pytest.raises(PermissionDenied):
        dossier_rate(d, citizen=world.citizen_b, score=1, reasons=[], comment="")
    assert not Rating.objects.exists()


def test_a_dossier_without_an_owner_cannot_be_rated_online(world: World) -> None:
    d = drive_to(world, submit_dossier(world, actor=world.desk()), Status.RETURNED)
    assert d.owner_id is None
    with pytest.raises(PermissionDenied):
        dossier_rate(d, citizen=world.citizen_a, score=5, reasons=[], comment="")
    assert not Rating.objects.exists()


@pytest.mark.parametrize(
    "status", [Status.SUBMITTED, Status.IN_PROGRESS, Status.RESULT_READY, Status.WITHDRAWN]
)
def test_only_once_the_result_is_returned(world: World, status: Status) -> None:
    d = world.dossier_in(status)
    with pytest.raises(TransitionNotAllowed) as refused:
        dossier_rate(d, citizen=world.citizen_a, score=5, reasons=[], comment="")
    assert str(refused.value.message) == "A dossier can be rated once its result has been returned."
    assert not Rating.objects.exists()


def test_only_once(world: World) -> None:
    d = world.dossier_in(Status.RETURNED)
    dossier_rate(d, citizen=world.citizen_a, score=5, reasons=[], comment="")
    with pytest.raises(AlreadyRated) as again:
        dossier_rate(d, citizen=world.citizen_a, score=1, reasons=["slow"], comment="x")
    assert again.value.http_status == 409
    assert list(Rating.objects.values_list("score", flat=True)) == [5]


def test_a_concurrent_second_rating_is_refused_by_the_constraint(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = world.dossier_in(Status.RETURNED)
    clean = services._clean

    def first_someone_else_rates(*args: Any) -> Any:
        dossier_rate_directly(d, world)
        return clean(*args)

    monkeypatch.setattr(services, "_clean", first_someone_else_rates)
    with pytest.raises(AlreadyRated):
        dossier_rate(d, citizen=world.citizen_a, score=1, reasons=[], comment="")
    assert list(Rating.objects.values_list("score", flat=True)) == [3]
    assert RatingUnit.objects.count() == 0  # the loser's credits were rolled back


def dossier_rate_directly(d: Dossier, world: World) -> None:
    from django.utils import timezone

    Rating.objects.create(dossier=d, citizen=world.citizen_a, score=3, notice_version="x",
                          created_at=timezone.now())  # fmt: skip


@pytest.mark.parametrize(
    ("score", "reasons", "comment", "errors"),
    [
        (0, [], "", {"score": ["Choose a score from 1 to 5."]}),
        (6, [], "", {"score": ["Choose a score from 1 to 5."]}),
        ("5", [], "", {"score": ["Choose a score from 1 to 5."]}),
        (True, [], "", {"score": ["Choose a score from 1 to 5."]}),
        (3, ["fast", "bribes"], "", {"reasons": ["Choose reasons from the list."]}),
        (3, "fast", "", {"reasons": ["Choose reasons from the list."]}),
        (3, [], "x" * 1001, {"comment": ["The comment must be 1000 characters or fewer."]}),
        (3, [], None, {"comment": ["The comment must be text."]}),
        (9, ["?"], "x" * 2000, {"score": ["Choose a score from 1 to 5."],
                                "reasons": ["Choose reasons from the list."],
                                "comment": ["The comment must be 1000 characters or fewer."]}),
    ],
)  # fmt: skip
def test_input_is_validated(
    world: World, score: Any, reasons: Any, comment: Any, errors: dict[str, list[str]]
) -> None:
    d = world.dossier_in(Status.RETURNED)
    with pytest.raises(ValidationFailed) as invalid:
        dossier_rate(d, citizen=world.citizen_a, score=score, reasons=reasons, comment=comment)
    assert {k: [str(m) for m in v] for k, v in invalid.value.details["errors"].items()} == errors
    assert not Rating.objects.exists()


def test_a_comment_of_exactly_1000_characters_is_accepted(world: World) -> None:
    d = world.dossier_in(Status.RETURNED)
    rating = dossier_rate(d, citizen=world.citizen_a, score=2, reasons=[], comment="x" * 1000)
    assert len(rating.comment) == 1000
