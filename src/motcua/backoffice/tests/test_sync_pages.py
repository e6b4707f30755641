# SPDX-License-Identifier: EUPL-1.2
"""The operators' sync pages: exact health numbers, problem deliveries, every retry button (one
operation, one OperatorAction), and everyone but a system administrator refused with nothing
changed. Reconciliation reports: test_sync_report.py."""

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role
from motcua.backoffice.sync.views import duration_words
from motcua.sync.models import (
    Delivery,
    InboundCursor,
    InboundFailure,
    OperatorAction,
    ReconciliationRun,
)
from motcua.testing.builders import World, add_official

from .support import login_official
from .sync_support import (
    LONG_ERROR,
    get,
    metrics,
    metrics_cursor,
    portal,
    set_delivery,
    shown,
    table_rows,
    text,
    webhook,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def admin(world: World) -> Actor:
    return add_official("ops.admin", Role.SYSTEM_ADMIN, world.org.province)


@pytest.fixture
def troubled(world: World) -> dict[str, Any]:
    """The portal with 5 deliveries: dead, failing, pending, delivered now and 3 hours ago;
    a webhook subscriber added later (no deliveries); a reconciliation; the inbound feed."""
    destination = portal()
    dossiers = [world.submit() for _ in range(5)]
    agency = webhook()
    now = timezone.now()
    rows = list(Delivery.objects.filter(destination=destination).order_by("id"))
    dead = set_delivery(
        rows[0], state="dead", attempts=3, last_status=422, last_error=LONG_ERROR,
        created_at=now - timedelta(hours=5),
    )  # fmt: skip
    failing = set_delivery(
        rows[1], attempts=6, last_status=503, last_error="HTTP 503: busy",
        next_attempt_at=now + timedelta(minutes=10),
        created_at=now - timedelta(hours=2, minutes=5, seconds=10),
    )  # fmt: skip
    waiting = set_delivery(rows[2], created_at=now - timedelta(minutes=30))
    set_delivery(rows[3], state="delivered", attempts=1, delivered_at=now - timedelta(minutes=10))
    set_delivery(rows[4], state="delivered", attempts=1, delivered_at=now - timedelta(hours=3))
    run = ReconciliationRun.objects.create(
        destination=destination, started_at=now - timedelta(hours=1),
        finished_at=now - timedelta(minutes=59), dossiers_checked=200, in_sync=197,
        mismatches=[
            {"dossier": None, "code": f"X-{i}", "unit": "H99", "kind": "unknown", "ours": None,
             "theirs": {"status": "4", "sequence": 2}}
            for i in range(3)
        ],
    )  # fmt: skip
    InboundCursor.objects.create(source="national_portal", position=42, updated_at=now)
    InboundFailure.objects.create(
        source="national_portal", external_id="G22-OLD", errors={"MaTTHC": ["Unknown."]},
        at=now - timedelta(days=1),
    )  # fmt: skip
    InboundFailure.objects.create(
        source="national_portal", external_id="G22-NEW",
        errors={"MaDonViTiepNhan": ["Unknown receiving unit."], "ChuHoSo.SoDinhDanh": ["Bad."]},
        at=now,
    )  # fmt: skip
    return {
        "portal": destination, "agency": agency, "dossiers": dossiers, "dead": dead,
        "failing": failing, "waiting": waiting, "run": run, "now": now,
    }  # fmt: skip


def test_the_overview_shows_each_destinations_exact_health(
    client: Client, admin: Actor, troubled: dict[str, Any]
) -> None:
    login_official(client, admin)
    html = get(client, reverse("backoffice:sync"))
    assert metrics(html, troubled["portal"]) == {
        "pending": "2",
        "failing": "1",
        "dead": "1",
        "delivered": "1",
        "lag": "2 hours, 5 minutes",
        "reconciliation": f"{shown(troubled['run'].started_at)}: 98.50 % in sync, 3 mismatches "
        "View the report",
    }
    assert metrics(html, troubled["agency"]) == {
        "pending": "0", "failing": "0", "dead": "0", "delivered": "0", "lag": "No backlog",
    }  # fmt: skip
    banner = text(
        html[
            html.index('id="sync-alert"') : html.index(
                "</div>\n</div>", html.index('id="sync-alert"')
            )
        ]
    )
    assert "1 delivery is dead-lettered · 1 delivery is failing" in banner
    assert ">national-portal</a>: 1 dead-lettered, 1 failing</li>" in html
    assert ">agency</a>:" not in html
    assert "Failing (5 attempts or more)" in html
    report = reverse("backoffice:sync_report", kwargs={"run_id": troubled["run"].pk})
    assert f'href="{report}"' in html
    # buttons: retry dead and failing on the portal (it has both), reconcile on the portal only
    portal_pk, agency_pk = troubled["portal"].pk, troubled["agency"].pk
    for name, pk, present in [
        ("sync_retry_dead", portal_pk, True), ("sync_retry_failing", portal_pk, True),
        ("sync_reconcile", portal_pk, True), ("sync_retry_dead", agency_pk, False),
        ("sync_retry_failing", agency_pk, False), ("sync_reconcile", agency_pk, False),
    ]:  # fmt: skip
        action = reverse(f"backoffice:{name}", kwargs={"destination_id": pk})
        assert (f'action="{action}"' in html) is present, (name, pk)
    # inbound: the cursor and the failures, newest first
    assert metrics_cursor(html) == f"42 (last moved {shown(troubled['now'])})"
    assert [row[1:] for row in table_rows(html, "inbound-failures")] == [
        ["G22-NEW", "MaDonViTiepNhan: Unknown receiving unit. · ChuHoSo.SoDinhDanh: Bad."],
        ["G22-OLD", "MaTTHC: Unknown."],
    ]
    assert 'name="csrfmiddlewaretoken"' in html


def test_lag_in_words() -> None:
    assert [
        duration_words(timedelta(seconds=s))
        for s in (0, 59, 60, 3600, 2 * 3600 + 5 * 60 + 10, 86400 + 60, 3 * 86400 + 4 * 3600 + 59)
    ] == [
        "less than a minute", "less than a minute", "1 minute", "1 hour", "2 hours, 5 minutes",
        "1 day", "3 days, 4 hours",
    ]  # fmt: skip
    assert duration_words(None) == ""


def test_a_quiet_sync_has_no_banner(client: Client, world: World, admin: Actor) -> None:
    destination = portal()
    world.submit()
    Delivery.objects.update(state="delivered", delivered_at=timezone.now(), attempts=1)
    login_official(client, admin)
    html = get(client, reverse("backoffice:sync"))
    assert 'id="sync-alert"' not in html
    assert metrics(html, destination) == {
        "pending": "0", "failing": "0", "dead": "0", "delivered": "1", "lag": "No backlog",
        "reconciliation": "Never",
    }  # fmt: skip
    assert metrics_cursor(html) == "Not read yet"
    assert "Every inbound dossier was imported." in html


def test_the_destination_page_lists_problem_deliveries_and_runs(
    client: Client, admin: Actor, troubled: dict[str, Any]
) -> None:
    login_official(client, admin)
    destination = troubled["portal"]
    html = get(
        client, reverse("backoffice:sync_destination", kwargs={"destination_id": destination.pk})
    )
    dead, failing = troubled["dead"], troubled["failing"]
    first, second = troubled["dossiers"][0].code, troubled["dossiers"][1].code
    rows = table_rows(html, "problem-deliveries")
    assert [row[:6] + row[7:8] for row in rows] == [
        [first, "dossier.submit", "1", "Dead-lettered", "3", "422", "after a retry"],
        [second, "dossier.submit", "1", "Pending", "6", "503",
         shown(failing.next_attempt_at)],
    ]  # fmt: skip
    # a long error is cut in the table, whole in its <details>
    assert rows[0][6].startswith("rejected: HoSo.MaTTHC")
    assert html.count("x" * 90) == 1
    assert rows[1][6] == "HTTP 503: busy"
    for delivery in (dead, failing):
        action = reverse("backoffice:sync_retry_delivery", kwargs={"delivery_id": delivery.pk})
        assert f'action="{action}"' in html
    assert table_rows(html, "reconciliation-runs")[0][1:4] == ["200", "98.50 %", "3"]


def test_retry_dead_letters_queues_them_and_records_who(
    client: Client, admin: Actor, troubled: dict[str, Any]
) -> None:
    login_official(client, admin)
    destination = troubled["portal"]
    url = reverse("backoffice:sync_retry_dead", kwargs={"destination_id": destination.pk})
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("backoffice:sync"), 302)]
    html = response.content.decode()
    assert "1 dead-lettered delivery is queued again." in html
    assert 'class="govuk-notification-banner__heading">1 delivery is failing</p>' in html
    assert ">national-portal</a>: 1 failing</li>" in html
    assert "A dead letter was refused" not in html and "Retry failing now” skips" in html
    dead = Delivery.objects.get(pk=troubled["dead"].pk)
    assert (dead.state, dead.solo, dead.attempts) == ("pending", True, 3)
    assert dead.next_attempt_at <= timezone.now()
    action = OperatorAction.objects.get()
    assert (action.user, action.role, action.action, action.target, action.count) == (
        admin.user, "system_admin", "retry_dead", "national-portal", 1,
    )  # fmt: skip
    # again: nothing left to retry, said so; still recorded
    response = client.post(url, follow=True)
    assert "There was no dead-lettered delivery to retry." in response.content.decode()
    assert list(OperatorAction.objects.values_list("count", flat=True)) == [0, 1]


def test_retry_failing_now_skips_the_wait_and_returns_to_the_destination(
    client: Client, admin: Actor, troubled: dict[str, Any]
) -> None:
    login_official(client, admin)
    destination = troubled["portal"]
    waiting_before = troubled["waiting"].next_attempt_at
    url = reverse("backoffice:sync_retry_failing", kwargs={"destination_id": destination.pk})
    response = client.post(url, {"back": "destination"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "backoffice:sync_destination", kwargs={"destination_id": destination.pk}
    )
    failing = Delivery.objects.get(pk=troubled["failing"].pk)
    assert failing.next_attempt_at <= timezone.now()
    assert (failing.state, failing.attempts) == ("pending", 6)
    assert Delivery.objects.get(pk=troubled["waiting"].pk).next_attempt_at == waiting_before
    assert Delivery.objects.get(pk=troubled["dead"].pk).state == "dead"
    action = OperatorAction.objects.get()
    assert (action.action, action.target, action.count) == (
        "retry_failing_now", "national-portal", 1,
    )  # fmt: skip
    html = client.get(response["Location"]).content.decode()
    assert "1 failed delivery will be tried again now." in html


def test_retry_one_delivery(client: Client, admin: Actor, troubled: dict[str, Any]) -> None:
    login_official(client, admin)
    dead = troubled["dead"]
    page = reverse("backoffice:sync_destination", kwargs={"destination_id": troubled["portal"].pk})
    url = reverse("backoffice:sync_retry_delivery", kwargs={"delivery_id": dead.pk})
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(page, 302)]
    assert "The delivery is queued again." in response.content.decode()
    assert Delivery.objects.get(pk=dead.pk).state == "pending"
    action = OperatorAction.objects.get()
    assert (action.action, action.target, action.count) == ("retry_delivery", str(dead.pk), 1)
    # one delivered since the page was shown: nothing to do, no record
    delivered = Delivery.objects.filter(state="delivered").first()
    assert delivered is not None
    response = client.post(
        reverse("backoffice:sync_retry_delivery", kwargs={"delivery_id": delivered.pk}),
        follow=True,
    )
    assert "This delivery was delivered in the meantime." in response.content.decode()
    assert Delivery.objects.get(pk=delivered.pk).state == "delivered"
    assert OperatorAction.objects.count() == 1


def test_bad_ids_are_404_and_change_nothing(
    client: Client, admin: Actor, troubled: dict[str, Any]
) -> None:
    login_official(client, admin)
    states = list(Delivery.objects.order_by("pk").values_list("state", "next_attempt_at"))
    runs = ReconciliationRun.objects.count()
    missing_run = {"run_id": uuid.uuid4()}
    for name, kwargs in [
        ("sync_retry_delivery", {"delivery_id": 987_654}),
        ("sync_retry_dead", {"destination_id": 987_654}),
        ("sync_retry_failing", {"destination_id": 987_654}),
        ("sync_reconcile", {"destination_id": 987_654}),
        ("sync_reconcile", {"destination_id": troubled["agency"].pk}),  # not the portal
        ("sync_resend", missing_run),
    ]:
        response = client.post(reverse(f"backoffice:{name}", kwargs=kwargs))
        assert response.status_code == 404, (name, kwargs)
        assert client.get(reverse(f"backoffice:{name}", kwargs=kwargs)).status_code == 405
    for name, kwargs in [
        ("sync_destination", {"destination_id": 987_654}),
        ("sync_report", missing_run),
    ]:
        assert client.get(reverse(f"backoffice:{name}", kwargs=kwargs)).status_code == 404
    assert client.get("/en/backoffice/sync/reports/not-a-uuid/").status_code == 404
    assert list(Delivery.objects.order_by("pk").values_list("state", "next_attempt_at")) == states
    assert OperatorAction.objects.count() == 0
    assert ReconciliationRun.objects.count() == runs


def test_only_system_administrators_get_in_and_nothing_changes(
    client: Client, world: World, admin: Actor, troubled: dict[str, Any]
) -> None:
    destination, run, dead = troubled["portal"], troubled["run"], troubled["dead"]
    pages = [
        reverse("backoffice:sync"),
        reverse("backoffice:sync_destination", kwargs={"destination_id": destination.pk}),
        reverse("backoffice:sync_report", kwargs={"run_id": run.pk}),
    ]
    buttons = [
        reverse("backoffice:sync_retry_dead", kwargs={"destination_id": destination.pk}),
        reverse("backoffice:sync_retry_failing", kwargs={"destination_id": destination.pk}),
        reverse("backoffice:sync_reconcile", kwargs={"destination_id": destination.pk}),
        reverse("backoffice:sync_retry_delivery", kwargs={"delivery_id": dead.pk}),
        reverse("backoffice:sync_resend", kwargs={"run_id": run.pk}),
    ]
    states = list(Delivery.objects.order_by("pk").values_list("state", "next_attempt_at"))
    officials = [
        world.desk(),
        world.processing(Role.SPECIALIST),
        world.official(Role.CENTRE_MANAGER, world.centre),
        add_official("unit.admin", Role.UNIT_ADMIN, world.org.province),
    ]
    for official in officials:
        login_official(client, official)
        for url in pages + buttons:
            response = client.post(url) if url in buttons else client.get(url)
            assert response.status_code == 403, (official.role, url, response.status_code)
        assert "You cannot operate the synchronisation" in client.get(pages[0]).content.decode()
        assert (
            reverse("backoffice:sync")
            not in client.get(reverse("backoffice:records")).content.decode()
        )
        client.logout()
    client.force_login(world.citizen_a)  # a citizen: sent to the officials' login
    for url in pages + buttons:
        response = client.post(url) if url in buttons else client.get(url)
        assert response.status_code == 302 and "/backoffice/login/" in response["Location"], url
    client.logout()
    for url in pages + buttons:  # anonymous
        response = client.post(url) if url in buttons else client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("backoffice:login")), url
    assert list(Delivery.objects.order_by("pk").values_list("state", "next_attempt_at")) == states
    assert OperatorAction.objects.count() == 0
    assert ReconciliationRun.objects.count() == 1
    # the administrator sees the link in the navigation
    login_official(client, admin)
    records = client.get(reverse("backoffice:records")).content.decode()
    assert f'href="{reverse("backoffice:sync")}">Synchronisation</a>' in records


def test_a_button_without_the_csrf_token_is_refused(
    world: World, admin: Actor, troubled: dict[str, Any]
) -> None:
    client = Client(enforce_csrf_checks=True)
    login_official(client, admin)
    url = reverse("backoffice:sync_retry_dead", kwargs={"destination_id": troubled["portal"].pk})
    assert client.post(url).status_code == 403
    assert Delivery.objects.get(pk=troubled["dead"].pk).state == "dead"
    assert OperatorAction.objects.count() == 0
