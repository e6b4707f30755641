# SPDX-License-Identifier: EUPL-1.2
"""Every dossier event gets one delivery per interested destination, in its own transaction."""

import pytest

from motcua.core.models import OutboxMessage
from motcua.sync.models import Delivery, Destination
from motcua.testing.builders import World

pytestmark = pytest.mark.django_db


def destination(name: str, kind: str = "webhook", **fields: object) -> Destination:
    return Destination.objects.create(
        name=name, kind=kind, url="http://127.0.0.1:9/x", secret="whsec_" + "A" * 32, **fields
    )


def test_without_destinations_messages_wait_in_the_outbox(world: World) -> None:
    world.submit()
    assert (OutboxMessage.objects.count(), Delivery.objects.count()) == (1, 0)


def test_each_event_is_routed_to_every_interested_destination(world: World) -> None:
    destination("portal", kind="national_portal", event_types=["vn.motcua.dossier."])
    destination("all")
    ratings_only = destination("ratings", event_types=["vn.motcua.rating."])
    other_unit = destination("other unit")
    other_unit.units.add(world.org.communes[1])
    own_unit = destination("own unit")
    own_unit.units.add(world.commune)
    dossier = world.dossier_in("received")
    rows = Delivery.objects.order_by("destination__name", "sequence").values_list(
        "destination__name", "aggregate_id", "sequence", "state"
    )
    key = f"dossier:{dossier.pk}"
    assert list(rows) == [
        ("all", key, 1, "pending"), ("all", key, 2, "pending"),
        ("own unit", key, 1, "pending"), ("own unit", key, 2, "pending"),
        ("portal", key, 1, "pending"), ("portal", key, 2, "pending"),
    ]  # fmt: skip
    assert not Delivery.objects.filter(destination__in=[ratings_only, other_unit]).exists()


def test_an_inactive_destination_gets_nothing(world: World) -> None:
    destination("off", active=False)
    world.submit()
    assert Delivery.objects.count() == 0
