# SPDX-License-Identifier: EUPL-1.2
"""Issue 4 §7: two officials post an action on the same dossier at the same moment, through the
web pages, in real threads and transactions (PostgreSQL in CI; SQLite serialises writers)."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import Role
from motcua.core import clock
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.tests.test_concurrency import MONDAY
from motcua.testing.builders import add_official, build_world

from .support import login_official


@pytest.mark.django_db(transaction=True)
def test_two_officers_one_dossier_exactly_one_wins_the_other_keeps_their_input() -> None:
    with clock.frozen_at(MONDAY):
        world = build_world()
        d = world.submit()
    second = add_official("desk.race", Role.RECEPTION_OFFICER, world.centre)
    clients = {"receive": Client(), "refuse": Client()}
    login_official(clients["receive"], world.desk())
    login_official(clients["refuse"], second)
    posts = {
        "receive": {"version": str(d.version), f"seen_{world.version.requirements.get().pk}": "on"},
        "refuse": {"version": str(d.version), "reason": "Ngoài thẩm quyền — lý do gõ tay"},
    }
    barrier = threading.Barrier(2, timeout=30)
    responses: dict[str, int | str] = {}
    bodies: dict[str, str] = {}

    def post(action: str) -> None:
        try:
            url = reverse("backoffice:dossier_act", kwargs={"pk": d.pk, "action": action})
            with clock.frozen_at(MONDAY):
                barrier.wait()
                response = clients[action].post(url, posts[action])
            responses[action] = response.status_code
            bodies[action] = response.content.decode()
        except BaseException as error:  # reported below
            responses[action] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(action,)) for action in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(responses.values(), key=str) == [302, 409], responses
    winner = next(a for a, code in responses.items() if code == 302)
    loser = next(a for a in responses if a != winner)
    final = Dossier.objects.get(pk=d.pk)
    assert final.status == {"receive": Status.RECEIVED, "refuse": Status.NOT_ACCEPTED}[winner]
    assert DossierEvent.objects.filter(dossier=d).count() == 2
    if loser == "refuse":
        assert "Ngoài thẩm quyền — lý do gõ tay" in bodies[loser]
