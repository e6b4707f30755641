# SPDX-License-Identifier: EUPL-1.2
"""Worklist pages: tabs per role, no other unit's dossier, filters and search, pages, queries."""

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role
from motcua.core import clock
from motcua.dossiers import services, worklists
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.lifecycle_support import MONDAY, at
from motcua.testing.builders import World, add_official, submit_dossier

from .support import login_official

pytestmark = pytest.mark.django_db

FRIDAY = at(13, 9)


@pytest.fixture(autouse=True)
def monday() -> Iterator[None]:
    """Every dossier is received on Monday 2026-03-09 09:00 (due Thursday 17:00)."""
    with clock.frozen_at(MONDAY), translation.override("en"):
        yield


def url(name: str, **query: str) -> str:
    path = reverse("backoffice:worklist", kwargs={"name": name})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def get(client: Client, actor: Actor, path: str) -> str:
    login_official(client, actor)
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def tab_names(html: str) -> list[str]:
    nav = html[html.index('<nav class="motcua-worklist-tabs"') :]
    nav = nav[: nav.index("</nav>")]
    return re.findall(r"/worklists/([a-z_]+)/", nav)


def test_anonymous_is_sent_to_login(client: Client, world: World) -> None:
    response = client.get(url("awaiting_reception"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))


@pytest.mark.parametrize(
    ("role", "first"),
    [(Role.RECEPTION_OFFICER, "awaiting_reception"), (Role.SPECIALIST, "mine"),
     (Role.CENTRE_MANAGER, "awaiting_reception"), (Role.CLERK, "mine")],
)  # fmt: skip
def test_home_is_the_first_worklist_of_the_role(
    client: Client, world: World, role: str, first: str
) -> None:
    unit = world.centre if role in (Role.RECEPTION_OFFICER, Role.CENTRE_MANAGER) else None
    login_official(client, world.official(role, unit or world.commune))
    response = client.get(reverse("backoffice:worklists"))
    assert (response.status_code, response["Location"]) == (302, url(first))


def test_a_role_without_worklists_gets_a_page_saying_so(client: Client, world: World) -> None:
    html = get(client, world.official(Role.UNIT_ADMIN, world.org.province), "/backoffice/")
    assert "Vai trò của bạn không có danh sách công việc" in html
    assert reverse("backoffice:overdue_report") not in html


@pytest.mark.parametrize(
    ("role", "tabs", "report"),
    [
        (Role.RECEPTION_OFFICER, ["awaiting_reception", "to_forward", "awaiting_supplement",
                                  "results_to_return", "due_soon", "overdue"], False),
        (Role.CENTRE_MANAGER, ["awaiting_reception", "due_soon", "overdue"], True),
        (Role.SPECIALIST, ["mine", "unit", "awaiting_supplement", "due_soon", "overdue"], False),
        (Role.DEPARTMENT_HEAD, ["mine", "unit", "awaiting_supplement", "due_soon", "overdue"],
         True),
        (Role.SIGNING_LEADER, ["mine", "unit", "due_soon", "overdue"], True),
        (Role.CLERK, ["mine", "unit", "due_soon", "overdue"], False),
    ],
)  # fmt: skip
def test_each_role_sees_exactly_its_tabs(
    client: Client, world: World, role: str, tabs: list[str], report: bool
) -> None:
    unit = world.centre if role in (Role.RECEPTION_OFFICER, Role.CENTRE_MANAGER) else world.commune
    actor = world.official(role, unit)
    html = get(client, actor, url(tabs[0]))
    assert tab_names(html) == tabs
    assert (reverse("backoffice:overdue_report") in html) is report
    for name in {"awaiting_reception", "mine", "unit", "to_forward", "results_to_return"} - set(
        tabs
    ):
        assert client.get(url(name)).status_code == 404
    assert client.get(url("no_such_list")).status_code == 404


def test_rows_show_the_dossier_with_time_left_and_link_to_it(client: Client, world: World) -> None:
    d = world.dossier_in(Status.RECEIVED)
    with clock.frozen_at(at(11, 10)):  # Wednesday 10:00: 1.5 + 4 + 8 working hours left
        html = get(client, world.desk(), url("to_forward"))
    assert reverse("backoffice:dossier", kwargs={"pk": d.pk}) in html
    for text in (
        d.code,
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "Trần Văn An",
        "Online",
        "09/03/2026 09:00",
        "12/03/2026 17:00",
        "1 working day 5 h left",
        "Received",
    ):
        assert text in html, text  # fmt: skip
    assert '<caption class="govuk-table__caption govuk-table__caption--m">' in html
    assert 'tabindex="0" role="region" aria-label=' in html
    assert '<th scope="col" class="govuk-table__header">Time left</th>' in html


def test_another_units_dossiers_never_appear(client: Client, world: World) -> None:
    """A second commune (C2, K2) and a second desk officer in C2; nothing of C1/K1 shows."""
    mine = {world.dossier_in(status).code for status in (
        Status.SUBMITTED, Status.AWAITING_COMPLETION, Status.RECEIVED, Status.IN_PROGRESS,
        Status.AWAITING_SUPPLEMENT, Status.RESULT_READY)}  # fmt: skip
    c2, k2 = world.org.commune_centres[1], world.org.communes[1]
    theirs = submit_dossier(world, receiving_unit=c2, competent_unit=k2)
    outsiders = [
        add_official("desk.two", Role.RECEPTION_OFFICER, c2),
        world.official(Role.CENTRE_MANAGER, c2),
        *(world.processing(role, k2) for role in (Role.SPECIALIST, Role.DEPARTMENT_HEAD,
                                                  Role.SIGNING_LEADER, Role.CLERK)),
    ]  # fmt: skip
    for now in (MONDAY, FRIDAY):
        for actor in outsiders:
            for name in [w.name for w in worklists.worklists_for(actor.role)]:
                with clock.frozen_at(now):
                    html = get(client, actor, url(name))
                assert not [code for code in mine if code in html], (actor.role, name)
    html = get(client, outsiders[0], url("awaiting_reception"))
    assert theirs.code in html
    html = get(client, world.desk(), url("awaiting_reception"))
    assert theirs.code not in html


def test_search_is_accent_insensitive_and_by_exact_code(client: Client, world: World) -> None:
    an = world.submit()
    binh = submit_dossier(
        world, applicant=services.Applicant(name="Lê Thị Bình", id_number="079090005678")
    )
    desk = world.desk()
    html = get(client, desk, url("awaiting_reception", q="tran+van+an"))
    assert an.code in html and binh.code not in html
    html = get(client, desk, url("awaiting_reception", q="L%C3%AA+th%E1%BB%8B+BINH"))
    assert binh.code in html and an.code not in html
    html = get(client, desk, url("awaiting_reception", q=binh.code))
    assert binh.code in html and an.code not in html
    html = get(client, desk, url("awaiting_reception", q="nguyen"))
    assert "No dossiers in this list match your search and filters." in html


def test_filters_narrow_the_list(client: Client, world: World) -> None:
    online = world.submit()
    counter = world.submit(actor=world.desk())
    html = get(client, world.desk(), url("awaiting_reception", channel="counter"))
    assert counter.code in html and online.code not in html
    assert '<details class="govuk-details" open>' in html
    html = get(client, world.desk(), url("awaiting_reception", procedure="1.004873", field="HT"))
    assert counter.code in html and online.code in html


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"channel": "fax"}, "channel", "Select a valid choice."),
        ({"field": "ZZ"}, "field", "Select a valid choice."),
        ({"procedure": "abc"}, "procedure", "Enter a procedure code like 1.004873."),
        ({"procedure": "9.999999"}, "procedure", "No procedure has this code."),
        ({"submitted_from": "31/02/2026"}, "submitted_from", "Enter a real date"),
        ({"submitted_from": "2026-03-09", "submitted_to": "2026-03-08"}, "submitted_to",
         "The end date must not be before the start date."),
        ({"q": "x" * 101}, "q", "Ensure this value has at most 100 characters"),
    ],
)  # fmt: skip
def test_bad_filters_are_shown_in_an_error_summary(
    client: Client, world: World, query: dict[str, str], field: str, message: str
) -> None:
    d = world.submit()
    html = get(client, world.desk(), url("awaiting_reception", **query))
    assert '<div class="govuk-error-summary"' in html
    assert f'<a href="#{field}">{message}' in html
    assert f'id="{field}-error"' in html
    assert f'aria-describedby="{field}-error"' in html or f"{field}-hint {field}-error" in html
    assert "<title>Error: Awaiting reception" in html
    if field != "q":  # the other, valid filters still apply: the list is shown
        assert d.code in html


def test_keyset_pages_keep_the_filters(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worklists, "PAGE_SIZE", 2)
    codes = [world.submit().code for _ in range(3)]
    desk = world.desk()
    html = get(client, desk, url("awaiting_reception", q="an"))
    assert codes[2] in html and codes[1] in html and codes[0] not in html
    cursor = Dossier.objects.get(code=codes[1]).pk
    next_link = f'href="?q=an&amp;after={cursor}"'
    assert next_link in html and "Next page" in html
    html = get(client, desk, url("awaiting_reception", q="an", after=str(cursor)))
    assert codes[0] in html and codes[1] not in html
    assert "Next page" not in html
    assert f'href="{url("awaiting_reception")}?q=an"' in html  # back to the first page
    html = get(client, desk, url("awaiting_reception", after="not-a-number"))
    assert codes[2] in html


def _mine(world: World, count: int) -> None:
    specialist = world.processing(Role.SPECIALIST)
    for _ in range(count):
        d = world.apply(world.dossier_in(Status.IN_PROGRESS), "assign")
        services.dossier_assign(d, actor=specialist)


#: session, user, OTP device, capacity (access); country and unit calendar overrides; the rows;
#: the fields of the filter; one capped count per tab (5 for a specialist).
WORKLIST_PAGE_QUERIES = 4 + 2 + 1 + 1 + 5


@pytest.mark.parametrize("rows", [3, 30])
def test_a_page_costs_the_same_queries_for_3_or_30_rows(
    client: Client, world: World, rows: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    _mine(world, rows)
    login_official(client, world.processing(Role.SPECIALIST))
    with django_assert_num_queries(WORKLIST_PAGE_QUERIES):
        response = client.get(url("mine", q="an", channel="online"))
    assert response.content.decode().count("3 working days 6 h left") == rows


def test_overdue_report_for_managers_only(client: Client, world: World) -> None:
    world.dossier_in(Status.IN_PROGRESS)  # at the head's step in K1
    world.dossier_in(Status.RECEIVED)  # still at the desk of C1
    world.dossier_in(Status.AWAITING_SUPPLEMENT)  # paused: never overdue
    report = reverse("backoffice:overdue_report")
    manager = world.official(Role.CENTRE_MANAGER, world.centre)
    html = get(client, manager, report)
    assert "No dossier is overdue." in html
    with clock.frozen_at(FRIDAY):
        html = get(client, manager, report)
    assert "2 overdue dossiers" in html
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*'
        r'<td class="govuk-table__cell">([^<]+)</td>\s*'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>',
        html,
    )
    assert rows == [
        (world.centre.name, "Reception officer (one-stop desk)", "1"),
        (world.commune.name, "Head of unit", "1"),
    ]
    with clock.frozen_at(FRIDAY):
        html = get(client, world.processing(Role.DEPARTMENT_HEAD), report)
    assert "2 overdue dossiers" in html
    for actor in (world.desk(), world.processing(Role.SPECIALIST), world.processing(Role.CLERK)):
        login_official(client, actor)
        assert client.get(report).status_code == 403
