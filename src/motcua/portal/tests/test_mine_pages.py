# SPDX-License-Identifier: EUPL-1.2
"""My dossiers: the list (own dossiers only, badges, keyset pages), one dossier's page (who
holds it by role and unit, never an official's name; promised-date changes; pauses), and
the printed forms for the owner only."""

import re

import pytest
import time_machine
from django.test import Client
from django.urls import NoReverseMatch, reverse

from motcua.accounts.models import Role
from motcua.dossiers import services
from motcua.dossiers.citizen import (
    dossier_of_citizen,
    dossiers_of_citizen,
    holder_of,
    open_request,
)
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.testing.builders import World, submit_dossier

from .test_mine_support import MONDAY, name_the_officials

pytestmark = pytest.mark.django_db


def detail(client: Client, dossier: Dossier) -> str:
    response = client.get(reverse("portal:my_dossier", kwargs={"pk": dossier.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_only_the_citizens_own_dossiers(client: Client, world: World) -> None:
    mine = [world.submit(), world.dossier_in(Status.AWAITING_SUPPLEMENT)]
    theirs = submit_dossier(world, actor=world.applicant(world.citizen_b))
    client.force_login(world.citizen_a)
    response = client.get(reverse("portal:my_dossiers"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert all(d.code in page for d in mine)
    assert theirs.code not in page
    assert page.index(mine[1].code) < page.index(mine[0].code)  # newest first
    assert "Awaiting supplement (clock paused)" in page or "Chờ bổ sung" in page

    client.force_login(world.citizen_b)
    page_b = client.get(reverse("portal:my_dossiers")).content.decode()
    assert theirs.code in page_b
    assert not any(d.code in page_b for d in mine)


def test_badges_say_when_the_citizen_has_something_to_do(client: Client, world: World) -> None:
    client.force_login(world.citizen_a)
    world.submit()
    page = client.get("/en/ho-so-cua-toi/").content.decode()
    assert "Action needed" not in page and "Result ready" not in page
    world.dossier_in(Status.AWAITING_COMPLETION)
    world.dossier_in(Status.RESULT_READY)
    page = client.get("/en/ho-so-cua-toi/").content.decode()
    assert page.count("Action needed") == 1
    assert page.count("Result ready</strong>") == 1


def test_the_list_pages_by_keyset(client: Client, world: World) -> None:
    made = [world.submit() for _ in range(3)]
    rows, cursor = dossiers_of_citizen(world.citizen_a, size=2)
    assert [d.pk for d in rows] == [made[2].pk, made[1].pk]
    assert cursor == made[1].pk
    rows, cursor = dossiers_of_citizen(world.citizen_a, after_id=cursor, size=2)
    assert [d.pk for d in rows] == [made[0].pk] and cursor is None

    client.force_login(world.citizen_a)
    older = client.get(reverse("portal:my_dossiers") + f"?after={made[1].pk}")
    assert older.status_code == 200
    page = older.content.decode()
    assert made[0].code in page and made[2].code not in page
    bad = client.get(reverse("portal:my_dossiers") + "?after=abc")
    assert bad.status_code == 200 and made[2].code in bad.content.decode()


def test_a_citizen_without_dossiers_is_told_so(client: Client, world: World) -> None:
    client.force_login(world.citizen_b)
    page = client.get("/en/ho-so-cua-toi/").content.decode()
    assert "You have no dossiers yet." in page


def test_another_citizens_dossier_is_the_same_404_as_a_missing_one(
    client: Client, world: World
) -> None:
    d = world.submit()
    client.force_login(world.citizen_b)
    foreign = client.get(reverse("portal:my_dossier", kwargs={"pk": d.pk}))
    missing = client.get(reverse("portal:my_dossier", kwargs={"pk": d.pk + 1000}))
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content
    assert d.code not in foreign.content.decode()


def test_anonymous_visitors_are_sent_to_the_e_id_login(client: Client, world: World) -> None:
    d = world.submit()
    for url in (
        reverse("portal:my_dossiers"),
        reverse("portal:my_dossier", kwargs={"pk": d.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")
        assert "next=" in response["Location"]


def test_the_page_names_roles_and_units_never_the_officials(client: Client, world: World) -> None:
    names = name_the_officials(world)
    d = world.dossier_in(Status.AWAITING_SUPPLEMENT)
    client.force_login(world.citizen_a)
    page = client.get(f"/en/ho-so-cua-toi/{d.pk}/").content.decode()
    assert not [name for name in names if name in page]
    assert "Quan Chức" not in page
    assert f"Specialist, {world.commune.name}" in page  # who asked, in the history
    assert f"Reception officer (one-stop desk), {world.centre.name}" in page
    assert "Supplement requested" in page and "Missing: Bản sao" in page
    assert "The clock is paused" in page


def test_who_holds_the_dossier_now(world: World) -> None:
    received = world.dossier_in(Status.RECEIVED)
    holder = holder_of(received)
    assert holder is not None
    desk = str(Role.RECEPTION_OFFICER.label)
    assert (holder.role, holder.unit) == (desk, world.centre.name)
    in_progress = world.apply(received, "forward")
    in_progress = world.apply(in_progress, "assign")  # the head of unit assigns: next, specialist
    holder = holder_of(in_progress)
    assert holder is not None
    assert (holder.role, holder.unit) == (str(Role.SPECIALIST.label), world.commune.name)
    waiting = holder_of(world.dossier_in(Status.AWAITING_SUPPLEMENT))
    assert waiting is not None and waiting.waiting_for_applicant
    assert holder_of(world.dossier_in(Status.RETURNED)) is None


def test_the_holder_is_shown_by_role_and_unit(client: Client, world: World) -> None:
    d = world.dossier_in(Status.IN_PROGRESS)
    client.force_login(world.citizen_a)
    page = client.get(f"/en/ho-so-cua-toi/{d.pk}/").content.decode()
    assert f"Head of unit, {world.commune.name}" in page


def test_each_promised_date_change_is_explained(client: Client, world: World) -> None:
    with time_machine.travel(MONDAY, tick=False):
        d = world.dossier_in(Status.AWAITING_SUPPLEMENT)
    first_due = d.due_at
    with time_machine.travel(MONDAY.replace(day=11), tick=False):
        d = services.dossier_supplement(d, actor=world.applicant(), note="Đã bổ sung")
    assert d.due_at is not None and first_due is not None and d.due_at > first_due
    client.force_login(world.citizen_a)
    page = client.get(f"/en/ho-so-cua-toi/{d.pk}/").content.decode()
    assert "Why the promised date changed" in page
    assert "Supplemented: from 12/03/2026 17:00 to 16/03/2026 17:00." in page
    assert "First promised: 12/03/2026 17:00" in page
    assert "Clock pauses" in page
    assert "From 09/03/2026 09:00 to 11/03/2026 09:00" in page


def test_forms_to_download_and_the_owner_gets_the_pdf(client: Client, world: World) -> None:
    d = world.dossier_in(Status.IN_PROGRESS)
    receipt = d.events.get(action="receive")
    client.force_login(world.citizen_a)
    page = client.get(f"/en/ho-so-cua-toi/{d.pk}/").content.decode()
    url = reverse("portal:my_dossier_form", kwargs={"pk": d.pk, "sequence": receipt.sequence})
    assert f'href="{url.removeprefix("/en")}"' in page or f'href="{url}"' in page
    assert "Dossier receipt and appointment slip (form 01)" in page

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "mau-01-receipt.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"%PDF-")


def test_no_pdf_for_another_citizen_nor_for_an_event_without_a_citizen_form(
    client: Client, world: World
) -> None:
    d = world.dossier_in(Status.IN_PROGRESS)
    receipt = d.events.get(action="receive").sequence
    forward = d.events.get(action="forward").sequence  # a control-sheet row: internal
    client.force_login(world.citizen_b)
    url = reverse("portal:my_dossier_form", kwargs={"pk": d.pk, "sequence": receipt})
    assert client.get(url).status_code == 404
    client.force_login(world.citizen_a)
    for sequence in (forward, 1, 99):
        url = reverse("portal:my_dossier_form", kwargs={"pk": d.pk, "sequence": sequence})
        assert client.get(url).status_code == 404, sequence


def test_the_result_ready_page_says_where_to_collect_it(client: Client, world: World) -> None:
    d = world.dossier_in(Status.RESULT_READY)
    client.force_login(world.citizen_a)
    page = client.get(f"/en/ho-so-cua-toi/{d.pk}/").content.decode()
    assert "Your result is ready" in page
    assert f"Collect it at {world.centre.name}" in page
    assert "Rate the service" not in page


def test_a_returned_dossier_shows_how_and_offers_a_rating_link(
    client: Client, world: World
) -> None:
    d = world.dossier_in(Status.RETURNED)
    client.force_login(world.citizen_a)
    page = client.get(f"/en/ho-so-cua-toi/{d.pk}/").content.decode()
    assert re.search(r"The result was returned on \d\d/\d\d/\d{4}: At the counter\.", page)
    try:
        rate = reverse("portal:rate", kwargs={"pk": d.pk})
    except NoReverseMatch:  # the rating part is not mounted: no link, and no error
        assert "Rate the service" not in page
    else:
        assert rate in page and "Rate the service" in page
    assert "Withdraw the dossier" not in page


def test_selectors_refuse_foreign_and_odd_keys(world: World) -> None:
    from motcua.core.errors import NotFound

    d = world.submit()
    assert dossier_of_citizen(world.citizen_a, d.pk) == d
    for user, key in ((world.citizen_b, d.pk), (world.citizen_a, "x"), (world.citizen_a, 0)):
        with pytest.raises(NotFound):
            dossier_of_citizen(user, key)


def test_an_open_request_maps_items_to_the_procedures_requirements(world: World) -> None:
    d = world.submit()
    requirement = world.version.requirements.get()
    d = services.dossier_request_supplement(
        d,
        actor=world.desk(),
        missing=[requirement.name.upper(), "Ảnh chân dung", requirement.name],
        reason="Thiếu giấy tờ",
    )
    found = open_request(d)
    assert found is not None
    assert [(i.key, i.requirement) for i in found.items] == [
        (f"r{requirement.pk}", requirement),
        ("i1", None),
    ]
    assert found.reason == "Thiếu giấy tờ" and not found.pauses_clock
    assert open_request(world.dossier_in(Status.IN_PROGRESS)) is None
