# SPDX-License-Identifier: EUPL-1.2
"""RELIABILITY.md S2 for the back office: every route × {anonymous, citizen, official of the
dossier's units, official of another unit}, generated from the URL configuration.

A dossier of commune 1 (received at its centre, in progress at the commune, with a form event)
must be invisible to officials of commune 2 and its centre on every route that names it: 404,
the same answer as for a dossier that does not exist, and no write. A route added to the back
office without a row in ``ROUTES`` fails ``test_every_back_office_route_is_in_the_matrix``.
"""

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role
from motcua.documents.services import file_store
from motcua.dossiers import services
from motcua.dossiers.lifecycle import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.testing.builders import World, drive_to, submit_dossier

from .support import login_official

pytestmark = pytest.mark.django_db

#: Route name → how it is reached: "public" (login pages), "official" (needs an official, no
#: object), "dossier" (names a dossier: kwargs built by ``dossier_kwargs``), "version" (names a
#: procedure version), "sync" (system administrators' sync pages: kwargs from ``SYNC_KWARGS``;
#: other capacities are refused in ``test_sync_pages.py``).
ROUTES = {
    "login": "public",
    "otp": "public",
    "capacity": "public",
    "logout": "public",
    "worklists": "official",
    "worklist": "official",
    "overdue_report": "official",
    "intake": "official",
    "intake_form": "version",
    "records": "official",
    "tracking_book": "official",
    "dossier": "dossier",
    "dossier_act": "dossier",
    "dossier_supplement": "dossier",
    "dossier_document": "dossier",
    "form_pdf": "dossier",
    "control_sheet": "dossier",
    "control_sheet_pdf": "dossier",
    "sync": "official",
    "sync_destination": "sync",
    "sync_retry_dead": "sync",
    "sync_retry_failing": "sync",
    "sync_reconcile": "sync",
    "sync_retry_delivery": "sync",
    "sync_report": "sync",
    "sync_resend": "sync",
}

#: Any ids will do for the sync routes: they are checked after login and capacity.
SYNC_KWARGS = {
    "destination_id": 1,
    "delivery_id": 1,
    "run_id": "5b0f6c9e-1a52-4e47-9a3c-2a8e0f4d7c11",
}


def back_office_routes() -> Iterator[tuple[str, str]]:
    def walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, str]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "backoffice":
                yield pattern.name or "", str(pattern.pattern)

    return walk(get_resolver().url_patterns)


def test_every_back_office_route_is_in_the_matrix() -> None:
    names = {name for name, _ in back_office_routes()}
    assert names <= set(ROUTES), names - set(ROUTES)


def sync_kwargs(name: str) -> dict[str, Any]:
    """The kwargs a sync route takes, from ``SYNC_KWARGS``."""
    pattern = dict(back_office_routes())[name]
    return {key: value for key, value in SYNC_KWARGS.items() if f":{key}>" in pattern}


def dossier_kwargs(name: str, dossier: Dossier) -> list[dict[str, Any]]:
    if name == "dossier_act":
        return [{"pk": dossier.pk, "action": action.value} for action in Action]
    if name == "form_pdf":
        return [{"pk": dossier.pk, "sequence": dossier.events.get(action="receive").sequence}]
    if name == "dossier_document":
        return [{"pk": dossier.pk, "document_id": d.pk} for d in dossier.documents.all()]
    return [{"pk": dossier.pk}]


def dossier_urls(dossier: Dossier) -> list[str]:
    names = {name for name, _ in back_office_routes() if ROUTES.get(name) == "dossier"}
    return [
        reverse(f"backoffice:{name}", kwargs=kwargs)
        for name in sorted(names)
        for kwargs in dossier_kwargs(name, dossier)
    ]


@pytest.fixture
def dossier(world: World) -> Dossier:
    """In progress, with a scanned document."""
    scan = file_store(io.BytesIO(b"%PDF-1.4 scan of the form"), content_type="application/pdf")
    requirement = world.version.requirements.get()
    check = services.DocumentCheck(requirement_id=requirement.pk, file=scan, filename="form.pdf")
    d = submit_dossier(world, documents=[check])
    return drive_to(world, d, Status.IN_PROGRESS)


def outsiders(world: World) -> list[Actor]:
    """Officials of every role of commune 2 and of its centre."""
    units = [world.org.communes[1], world.org.commune_centres[1]]
    roles = [r for r in Role.official_roles() if r not in (Role.UNIT_ADMIN, Role.SYSTEM_ADMIN)]
    found = []
    for unit in units:
        for role in roles:
            assignment = unit.role_assignments.filter(role=role).select_related("user").first()
            if assignment is not None:
                found.append(Actor(assignment.user, role, unit))
    return found


def test_anonymous_is_sent_to_login_everywhere(
    client: Client, world: World, dossier: Dossier
) -> None:
    urls = dossier_urls(dossier) + [
        reverse(f"backoffice:{name}", kwargs={"name": "mine"} if name == "worklist" else None)
        for name, kind in ROUTES.items()
        if kind == "official"
    ]
    urls += [
        reverse(f"backoffice:{name}", kwargs=sync_kwargs(name))
        for name, kind in ROUTES.items()
        if kind == "sync"
    ]
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (302, 405), (url, response.status_code)
            if response.status_code == 302:
                assert reverse("backoffice:login") in response["Location"], url


def test_another_units_officials_get_404_on_every_dossier_route(
    client: Client, world: World, dossier: Dossier
) -> None:
    events = DossierEvent.objects.count()
    version = Dossier.objects.get(pk=dossier.pk).version
    urls = dossier_urls(dossier)
    actors = outsiders(world)
    assert len(actors) >= 6
    for actor in actors:
        login_official(client, actor)
        for url in urls:
            get = client.get(url)
            assert get.status_code in (404, 405), (actor.role, actor.unit, url, get.status_code)
            post = client.post(url, {"version": version, "reason": "x", "note": "x"})
            assert post.status_code in (404, 405), (actor.role, actor.unit, url, post.status_code)
        client.logout()
    assert DossierEvent.objects.count() == events
    assert Dossier.objects.get(pk=dossier.pk).version == version


def test_a_missing_dossier_answers_like_a_foreign_one(client: Client, world: World) -> None:
    login_official(client, world.desk())
    missing = Dossier(pk=987_654)
    for url in dossier_urls_for_missing(missing):
        assert client.get(url).status_code in (404, 405), url


def dossier_urls_for_missing(missing: Dossier) -> list[str]:
    names = {name for name, _ in back_office_routes() if ROUTES.get(name) == "dossier"}
    urls = []
    for name in sorted(names):
        kwargs: dict[str, Any] = {"pk": missing.pk}
        if name == "dossier_act":
            kwargs["action"] = "receive"
        if name == "form_pdf":
            kwargs["sequence"] = 2
        if name == "dossier_document":
            kwargs["document_id"] = 1
        urls.append(reverse(f"backoffice:{name}", kwargs=kwargs))
    return urls


def test_the_dossiers_own_officials_may_open_it(
    client: Client, world: World, dossier: Dossier
) -> None:
    for actor in (world.desk(), world.processing(Role.DEPARTMENT_HEAD)):
        login_official(client, actor)
        assert (
            client.get(reverse("backoffice:dossier", kwargs={"pk": dossier.pk})).status_code == 200
        )
        client.logout()


def test_a_citizen_account_is_not_an_official(
    client: Client, world: World, dossier: Dossier
) -> None:
    client.force_login(world.citizen_a)
    for url in dossier_urls(dossier)[:3]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/backoffice/login/" in response["Location"]
