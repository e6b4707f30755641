# SPDX-License-Identifier: EUPL-1.2
"""The dispatcher against a real receiver: signed, ordered, retried, dead-lettered, taken over."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role
from motcua.core.errors import PermissionDenied
from motcua.core.models import OutboxMessage
from motcua.sync import operations
from motcua.sync.connectors.base import Outcome
from motcua.sync.dispatcher import Dispatcher, claim, record
from motcua.sync.models import Delivery, Destination, OperatorAction
from motcua.sync.tests.receivers import WebhookReceiver, webhook_receiver
from motcua.testing.builders import World, add_official

pytestmark = pytest.mark.django_db

SECRET = "whsec_" + "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"


def subscriber(receiver: WebhookReceiver) -> Destination:
    return Destination.objects.create(
        name="agency", kind=Destination.Kind.WEBHOOK, url=receiver.url, secret=SECRET
    )


def states() -> list[tuple[int, str, int]]:
    rows = Delivery.objects.order_by("aggregate_id", "sequence")
    return list(rows.values_list("sequence", "state", "attempts"))


def make_due() -> None:
    Delivery.objects.filter(state="pending").update(next_attempt_at=timezone.now())


def test_events_arrive_signed_in_order_once(world: World) -> None:
    with webhook_receiver() as receiver:
        subscriber(receiver)
        dossier = world.dossier_in("in_progress")  # submit, receive, forward
        dispatcher = Dispatcher()
        rounds = [dispatcher.run_round().claimed for _ in range(4)]
    assert rounds == [1, 1, 1, 0]  # one per round: each waits for the one before it
    ids = list(
        OutboxMessage.objects.filter(aggregate_id=str(dossier.pk))
        .order_by("sequence")
        .values_list("id", flat=True)
    )
    assert [r.headers["webhook-id"] for r in receiver.received] == [str(i) for i in ids]
    for request in receiver.received:
        event = Webhook(SECRET).verify(request.body, request.headers)
        assert event["subject"] == dossier.code
        assert request.headers["content-type"] == "application/cloudevents+json"
    assert [json.loads(r.body)["type"] for r in receiver.received] == [
        "vn.motcua.dossier.submit", "vn.motcua.dossier.receive", "vn.motcua.dossier.forward",
    ]  # fmt: skip
    assert states() == [(1, "delivered", 1), (2, "delivered", 1), (3, "delivered", 1)]


def test_a_failure_is_retried_later_with_backoff(world: World, settings: object) -> None:
    with webhook_receiver(script=[503, 503]) as receiver:
        subscriber(receiver)
        world.submit()
        dispatcher = Dispatcher()
        before = timezone.now()
        assert dispatcher.run_round().outcomes == {"retry": 1}
        after = timezone.now()
        delivery = Delivery.objects.get()
        # base 2 s, jitter ½–1×: the next attempt is 1 to 2 seconds after the failure
        assert before + timedelta(seconds=1) <= delivery.next_attempt_at
        assert delivery.next_attempt_at <= after + timedelta(seconds=2)
        assert (delivery.state, delivery.attempts, delivery.last_status) == ("pending", 1, 503)
        make_due()
        before = timezone.now()
        assert dispatcher.run_round().outcomes == {"retry": 1}
        after = timezone.now()
        delivery.refresh_from_db()
        # the second delay doubles: 2 to 4 seconds
        assert before + timedelta(seconds=2) <= delivery.next_attempt_at
        assert delivery.next_attempt_at <= after + timedelta(seconds=4)
        make_due()
        assert dispatcher.run_round().outcomes == {"delivered": 1}
    assert states() == [(1, "delivered", 3)]
    assert len(receiver.received) == 1


def test_a_refused_event_is_dead_lettered_and_holds_back_its_dossier_only(world: World) -> None:
    with webhook_receiver(script=[422]) as receiver:
        subscriber(receiver)
        first = world.submit()
        world.apply(first, "receive")
        second = world.submit()
        dispatcher = Dispatcher()
        dispatcher.run_round()  # first#1 refused; second#1 delivered
        dispatcher.run_round()
        dead = Delivery.objects.get(state="dead")
        assert (dead.aggregate_id, dead.sequence, dead.last_status) == (
            f"dossier:{first.pk}",
            1,
            422,
        )
        # first#2 waits behind its dead letter; nothing else is due
        waiting = Delivery.objects.get(aggregate_id=f"dossier:{first.pk}", sequence=2)
        assert waiting.state == "pending"
        assert dispatcher.run_round().claimed == 0
        assert [json.loads(r.body)["subject"] for r in receiver.received] == [second.code]
        # an operator sends it again once the cause is fixed
        admin = add_official("ops.admin", Role.SYSTEM_ADMIN, world.org.province)
        assert operations.retry_delivery(admin, dead.pk) == 1
        dispatcher.run_round()
        dispatcher.run_round()
    assert [json.loads(r.body)["subject"] for r in receiver.received] == [
        second.code, first.code, first.code,
    ]  # fmt: skip
    assert Delivery.objects.filter(state="delivered").count() == 3
    action = OperatorAction.objects.get()
    assert (action.user, action.action, action.target) == (
        admin.user,
        "retry_delivery",
        str(dead.pk),
    )


def test_only_system_administrators_operate_the_sync(world: World) -> None:
    with webhook_receiver(script=[422]) as receiver:
        destination = subscriber(receiver)
        world.submit()
        Dispatcher().run_round()
    dead = Delivery.objects.get()
    desk = world.desk()
    citizen = world.applicant()
    for actor in (desk, citizen, Actor(None, Role.SYSTEM_ADMIN, None)):
        with pytest.raises(PermissionDenied):
            operations.retry_delivery(actor, dead.pk)
        with pytest.raises(PermissionDenied):
            operations.retry_dead(actor, destination.pk)
    assert Delivery.objects.get().state == "dead"
    assert OperatorAction.objects.count() == 0


def test_a_killed_dispatchers_batch_is_taken_over_when_its_lease_ends(world: World) -> None:
    with webhook_receiver() as receiver:
        destination = subscriber(receiver)
        world.submit()
        # dispatcher A claims the message, then dies before sending it
        _token, claimed = claim(destination, 10, timezone.now())
        assert len(claimed) == 1
        other = Dispatcher()
        assert other.run_round().claimed == 0  # the lease still runs
        Delivery.objects.update(lease_until=timezone.now() - timedelta(seconds=1))
        assert other.run_round().outcomes == {"delivered": 1}
    assert len(receiver.received) == 1
    assert states() == [(1, "delivered", 1)]


def test_a_worker_that_lost_its_lease_does_not_undo_the_new_owners_work(world: World) -> None:
    with webhook_receiver() as receiver:
        destination = subscriber(receiver)
        world.submit()
        stale_token, stale = claim(destination, 10, timezone.now())
        Delivery.objects.update(lease_until=timezone.now() - timedelta(seconds=1))
        Dispatcher().run_round()  # the new owner delivers
        record(stale_token, stale, [Outcome(stale[0].pk, "retry", "timeout")])
    assert states() == [(1, "delivered", 1)]
