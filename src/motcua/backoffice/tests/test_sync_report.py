# SPDX-License-Identifier: EUPL-1.2
"""Reconciliation in the operators' sync pages: the report (units × national statuses, every
mismatch, 100 a page), the one-click re-send, "Reconcile now" against a portal on loopback and
with the portal down, and fixed query counts."""

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.sync.models import Delivery, Destination, OperatorAction, ReconciliationRun
from motcua.testing.builders import World, add_official

from .support import login_official
from .sync_support import (
    closed_port,
    get,
    metrics,
    portal,
    portal_acknowledging,
    queries_for,
    report_run,
    table_rows,
    text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def admin(world: World) -> Actor:
    return add_official("ops.admin", Role.SYSTEM_ADMIN, world.org.province)


def test_the_report_shows_units_by_status_and_every_mismatch(
    client: Client, world: World, admin: Actor
) -> None:
    destination = portal()
    commune, centre = world.commune, world.centre
    run = report_run(world, destination, [
        {"dossier": 1, "code": "A-1", "unit": commune.code, "kind": "missing",
         "ours": {"status": "2", "sequence": 2}, "theirs": None},
        {"dossier": 2, "code": "A-2", "unit": commune.code, "kind": "in_flight",
         "ours": {"status": "4", "sequence": 3}, "theirs": {"status": "2", "sequence": 2}},
        {"dossier": None, "code": "Z-9", "unit": centre.code, "kind": "unknown", "ours": None,
         "theirs": {"status": "9", "sequence": 5}},
    ])  # fmt: skip
    login_official(client, admin)
    html = get(client, reverse("backoffice:sync_report", kwargs={"run_id": run.pk}))
    summary = text(
        html[html.index('id="run-summary"') : html.index("</dl>", html.index('id="run-summary"'))]
    )
    assert "Dossiers checked 8" in summary
    assert "In sync 6 (75.00 %)" in summary
    assert (
        "Mismatches 3 Missing on the portal: 1 Unknown to Motcua: 1 Delivery still pending: 1"
        in summary
    )
    zero = "0 / 0"
    rows = table_rows(html, "per-unit")
    commune_cells = [zero, "3 / 2", zero, "2 / 2", zero, zero, zero, zero, zero, "1 / 1"]
    centre_cells = ["2 / 2", zero, zero, zero, zero, zero, zero, zero, "0 / 1", zero]
    expected = sorted(
        [
            [f"{commune.code} {commune.name}", *commune_cells, "6 / 5"],
            [f"{centre.code} {centre.name}", *centre_cells, "2 / 3"],
        ]
    )
    assert rows[:2] == expected
    assert rows[2] == [
        "All units",
        "2 / 2",
        "3 / 2",
        zero,
        "2 / 2",
        zero,
        zero,
        zero,
        zero,
        "0 / 1",
        "1 / 1",
        "8 / 8",
    ]
    assert "<strong>3 / 2</strong>" in html and "<strong>0 / 1</strong>" in html
    assert "<li>10 Result returned</li>" in html  # the national codes, labelled
    assert table_rows(html, "mismatch-list") == [
        ["A-1", commune.code, "Missing on the portal", "2 Accepted, event 2", "—"],
        ["A-2", commune.code, "Delivery still pending", "4 In progress, event 3",
         "2 Accepted, event 2"],
        ["Z-9", centre.code, "Unknown to Motcua", "—", "9 Processed, event 5"],
    ]  # fmt: skip
    # re-send covers the held dossier that is not in flight: 1
    assert "Re-send every mismatch (1 dossier)" in html
    assert 'class="govuk-pagination"' not in html


def test_a_long_report_is_paginated_100_a_page(client: Client, world: World, admin: Actor) -> None:
    mismatches = [
        {"dossier": None, "code": f"Z-{i:03}", "unit": "H99", "kind": "unknown", "ours": None,
         "theirs": {"status": "2", "sequence": 1}}
        for i in range(250)
    ]  # fmt: skip
    run = report_run(world, portal(), mismatches)
    login_official(client, admin)
    url = reverse("backoffice:sync_report", kwargs={"run_id": run.pk})
    first = get(client, url)
    assert [r[0] for r in table_rows(first, "mismatch-list")] == [f"Z-{i:03}" for i in range(100)]
    assert 'href="?page=2#mismatches" rel="next"' in first
    third = get(client, url + "?page=3")
    assert [r[0] for r in table_rows(third, "mismatch-list")] == [
        f"Z-{i:03}" for i in range(200, 250)
    ]
    assert "Mismatches 201 to 250 of 250" in third
    assert 'rel="next"' not in third
    # nonsense pages: the first or the last, never an error
    assert table_rows(get(client, url + "?page=abc"), "mismatch-list")[0][0] == "Z-000"
    assert table_rows(get(client, url + "?page=999"), "mismatch-list")[0][0] == "Z-200"
    assert "Re-send every mismatch" not in first  # nothing Motcua holds


def test_resend_queues_the_latest_message_of_each_mismatched_dossier(
    client: Client, world: World, admin: Actor
) -> None:
    destination = portal()
    received = world.dossier_in(Status.RECEIVED)  # messages 1, 2
    submitted = world.submit()  # message 1
    in_progress = world.dossier_in(Status.IN_PROGRESS)  # messages 1, 2, 3
    Delivery.objects.update(state="delivered", delivered_at=timezone.now(), attempts=1)
    run = ReconciliationRun.objects.create(
        destination=destination, started_at=timezone.now(), finished_at=timezone.now(),
        dossiers_checked=3, in_sync=0,
        mismatches=[
            {"dossier": received.pk, "code": received.code, "unit": "U", "kind": "status",
             "ours": {"status": "2", "sequence": 2}, "theirs": {"status": "1", "sequence": 2}},
            {"dossier": submitted.pk, "code": submitted.code, "unit": "U", "kind": "in_flight",
             "ours": {"status": "1", "sequence": 1}, "theirs": None},
            {"dossier": in_progress.pk, "code": in_progress.code, "unit": "U", "kind": "missing",
             "ours": {"status": "4", "sequence": 3}, "theirs": None},
            {"dossier": None, "code": "Z-1", "unit": "U", "kind": "unknown", "ours": None,
             "theirs": {"status": "4", "sequence": 1}},
        ],
    )  # fmt: skip
    login_official(client, admin)
    url = reverse("backoffice:sync_report", kwargs={"run_id": run.pk})
    assert "Re-send every mismatch (2 dossiers)" in get(client, url)
    response = client.post(
        reverse("backoffice:sync_resend", kwargs={"run_id": run.pk}), follow=True
    )
    assert response.redirect_chain == [(url, 302)]
    assert "2 messages are queued to be sent again." in response.content.decode()
    pending = Delivery.objects.filter(state="pending").order_by("aggregate_id", "sequence")
    assert list(pending.values_list("aggregate_id", "sequence")) == sorted(
        [(f"dossier:{received.pk}", 2), (f"dossier:{in_progress.pk}", 3)]
    )
    assert Delivery.objects.filter(state="delivered").count() == 6 - 2
    action = OperatorAction.objects.get()
    assert (action.user, action.action, action.target, action.count) == (
        admin.user, "resend_report", str(run.pk), 2,
    )  # fmt: skip
    assert Dossier.objects.count() == 3


def test_reconcile_now_compares_with_the_portal_and_shows_the_report(
    client: Client, world: World, admin: Actor
) -> None:
    destination = portal()
    received = world.dossier_in(Status.RECEIVED)
    submitted = world.submit()
    Delivery.objects.update(state="delivered", delivered_at=timezone.now(), attempts=1)
    commune = world.commune.code
    items = [
        {"MaHoSo": received.code, "TrangThaiHoSo": "2", "ThuTu": 2, "DonViXuLy": commune},
        {"MaHoSo": "H99-OTHER-0001", "TrangThaiHoSo": "4", "ThuTu": 3, "DonViXuLy": "H99"},
    ]
    login_official(client, admin)
    with portal_acknowledging(items) as url:
        Destination.objects.filter(pk=destination.pk).update(url=url)
        response = client.post(
            reverse("backoffice:sync_reconcile", kwargs={"destination_id": destination.pk})
        )
    run = ReconciliationRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:sync_report", kwargs={"run_id": run.pk})
    assert (run.error, run.dossiers_checked, run.in_sync) == ("", 2, 1)
    html = client.get(response["Location"]).content.decode()
    assert "Reconciliation finished: 2 dossiers checked." in html
    assert "In sync 1 (50.00 %)" in text(html)
    assert table_rows(html, "mismatch-list") == [
        [submitted.code, commune, "Missing on the portal", "1 Newly registered, event 1", "—"],
        ["H99-OTHER-0001", "H99", "Unknown to Motcua", "—", "4 In progress, event 3"],
    ]
    action = OperatorAction.objects.get()
    assert (action.action, action.target, action.count) == ("reconcile", "national-portal", 2)


def test_reconcile_now_with_the_portal_down_shows_the_error(
    client: Client, world: World, admin: Actor
) -> None:
    destination = portal(f"http://127.0.0.1:{closed_port()}")
    world.submit()
    login_official(client, admin)
    response = client.post(
        reverse("backoffice:sync_reconcile", kwargs={"destination_id": destination.pk}),
        follow=True,
    )
    run = ReconciliationRun.objects.get()
    assert run.error.startswith("ConnectionError: ")
    html = response.content.decode()
    assert "The national portal could not be reached." in html
    assert 'id="run-error"' in html and run.error[:40] in html
    assert 'id="mismatch-list"' not in html and "Re-send every mismatch" not in html
    overview = get(client, reverse("backoffice:sync"))
    assert metrics(overview, destination)["reconciliation"].startswith("Failed ")


def test_pages_cost_the_same_queries_for_few_or_many_rows(
    client: Client, world: World, admin: Actor
) -> None:
    destination = portal()
    for _ in range(6):
        world.submit()
    login_official(client, admin)
    page = reverse("backoffice:sync_destination", kwargs={"destination_id": destination.pk})
    Delivery.objects.filter(pk__in=list(Delivery.objects.values_list("pk", flat=True)[:2])).update(
        state="dead", last_error="HTTP 422"
    )
    few = queries_for(client, page)
    Delivery.objects.update(state="dead", last_error="HTTP 422")
    assert queries_for(client, page) == few
    unknown = {"dossier": None, "unit": "H99", "kind": "unknown", "ours": None,
               "theirs": {"status": "2", "sequence": 1}}  # fmt: skip
    small = report_run(world, destination, [{**unknown, "code": "Z-1"}])
    large = report_run(world, destination, [{**unknown, "code": f"Z-{i}"} for i in range(100)])
    report = "backoffice:sync_report"
    assert queries_for(client, reverse(report, kwargs={"run_id": small.pk})) == queries_for(
        client, reverse(report, kwargs={"run_id": large.pk})
    )
