# SPDX-License-Identifier: EUPL-1.2
"""Withdrawing a dossier: a reason, "Are you sure?", then at once before reception or as a
request after it; refused where the law gives the applicant no withdrawal."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.testing.builders import World

from .test_mine_support import level_1

pytestmark = pytest.mark.django_db


def withdraw_url(dossier: Dossier, language: str = "en") -> str:
    with translation.override(language):
        return reverse("portal:my_dossier_withdraw", kwargs={"pk": dossier.pk})


def writes(dossier: Dossier) -> tuple[str, int, int]:
    fresh = Dossier.objects.get(pk=dossier.pk)
    return fresh.status, fresh.version, DossierEvent.objects.filter(dossier=dossier).count()


def withdraw(client: Client, dossier: Dossier, reason: str = "Tôi không cần nữa") -> str:
    """Both steps; returns the confirmation page."""
    form = client.get(withdraw_url(dossier))
    assert form.status_code == 200
    confirm = client.post(withdraw_url(dossier), {"version": dossier.version, "reason": reason})
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Are you sure you want to withdraw this dossier?" in page
    assert writes(dossier)[0] == dossier.status  # nothing happened yet
    done = client.post(
        withdraw_url(dossier), {"version": dossier.version, "reason": reason, "confirm": "yes"}
    )
    assert done.status_code == 302
    assert done["Location"] == f"/en/ho-so-cua-toi/{dossier.pk}/"
    return page


def test_before_reception_the_dossier_ends_at_once(client: Client, world: World) -> None:
    d = world.submit()
    client.force_login(world.citizen_a)
    page = client.get(f"/en/ho-so-cua-toi/{d.pk}/").content.decode()
    assert "it ends at once" in page and withdraw_url(d) in page
    confirm = withdraw(client, d)
    assert "The dossier ends at once." in confirm
    assert 'name="reason" value="Tôi không cần nữa"' in confirm
    d.refresh_from_db()
    assert d.status == Status.WITHDRAWN and d.finished_at is not None
    event = d.events.get(sequence=d.version)
    assert (event.action, event.role, event.actor, event.reason) == (
        "withdraw", "applicant", world.citizen_a, "Tôi không cần nữa"
    )  # fmt: skip
    page = client.get(f"/en/ho-so-cua-toi/{d.pk}/").content.decode()
    assert f"Dossier {d.code} is withdrawn." in page
    assert "Withdraw the dossier" not in page


def test_after_reception_it_becomes_a_request_the_unit_decides(
    client: Client, world: World
) -> None:
    d = world.dossier_in(Status.IN_PROGRESS)
    client.force_login(world.citizen_a)
    page = client.get(f"/en/ho-so-cua-toi/{d.pk}/").content.decode()
    assert "you can ask to withdraw it" in page
    confirm = withdraw(client, d)
    assert "The office will stop processing your dossier." in confirm
    d.refresh_from_db()
    assert d.status == Status.WITHDRAW_REQUESTED and d.finished_at is None
    page = client.get(f"/en/ho-so-cua-toi/{d.pk}/").content.decode()
    assert "Your request to withdraw dossier" in page
    assert "You asked to withdraw this dossier." in page
    assert withdraw_url(d) not in page


def test_the_reason_is_required(client: Client, world: World) -> None:
    d = world.submit()
    before = writes(d)
    client.force_login(world.citizen_a)
    for data in ({"version": d.version, "reason": "   "},
                 {"version": d.version, "reason": "", "confirm": "yes"}):  # fmt: skip
        response = client.post(withdraw_url(d), data)
        assert response.status_code == 422
        page = response.content.decode()
        assert "Enter why you want to withdraw the dossier." in page
        assert 'href="#reason"' in page
    assert writes(d) == before


@pytest.mark.parametrize("status", [Status.RETURNED, Status.PROCESSED, Status.WITHDRAWN])
def test_no_withdrawal_where_the_law_gives_none(
    client: Client, world: World, status: Status
) -> None:
    d = world.dossier_in(status)
    before = writes(d)
    client.force_login(world.citizen_a)
    page = client.get(f"/en/ho-so-cua-toi/{d.pk}/").content.decode()
    assert withdraw_url(d) not in page and "Withdraw the dossier" not in page
    assert client.get(withdraw_url(d)).status_code == 409
    response = client.post(withdraw_url(d), {"version": d.version, "reason": "x", "confirm": "yes"})
    assert response.status_code == 409
    assert "You cannot withdraw this dossier" in response.content.decode()
    assert writes(d) == before


def test_a_stale_confirmation_saves_nothing_and_keeps_the_reason(
    client: Client, world: World
) -> None:
    d = world.submit()
    seen = d.version
    d = world.apply(d, "receive")  # the desk receives it meanwhile
    before = writes(d)
    client.force_login(world.citizen_a)
    response = client.post(
        withdraw_url(d), {"version": seen, "reason": "Nộp nhầm", "confirm": "yes"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Your dossier changed since you opened this page; it is now: Received." in page
    assert "Nộp nhầm</textarea>" in page
    assert f'name="version" value="{d.version}"' in page
    assert "Withdrawing it is a request" in page  # explained for the new state
    assert writes(d) == before


def test_another_citizen_cannot_withdraw(client: Client, world: World) -> None:
    d = world.submit()
    before = writes(d)
    client.force_login(world.citizen_b)
    assert client.get(withdraw_url(d)).status_code == 404
    response = client.post(withdraw_url(d), {"version": d.version, "reason": "x", "confirm": "yes"})
    assert response.status_code == 404
    assert writes(d) == before


def test_a_level_1_login_cannot_withdraw(client: Client, world: World) -> None:
    d = world.submit()
    before = writes(d)
    client.force_login(level_1(world.citizen_a))
    page = client.get(f"/en/ho-so-cua-toi/{d.pk}/").content.decode()
    assert withdraw_url(d) not in page
    response = client.post(withdraw_url(d), {"version": d.version, "reason": "x", "confirm": "yes"})
    assert response.status_code == 403
    assert "level 2 e-ID" in response.content.decode()
    assert writes(d) == before
