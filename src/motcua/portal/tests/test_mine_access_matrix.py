# SPDX-License-Identifier: EUPL-1.2
"""RELIABILITY.md S2 for the portal: every route that names a dossier (a ``pk``), generated
from the URL configuration, × {anonymous, citizen B, an official, citizen A on a missing pk}.

A citizen can never see or act on another citizen's dossier: anonymous visitors are sent to
the e-ID login, another citizen gets the 404 a missing dossier gets (never 403: no
enumeration), an official's account is no citizen (login or 404), and nothing is written.
A new route with an unknown extra keyword fails ``route_kwargs`` until it is added here.
Routes whose ``pk`` names a submission draft (``nop-ho-so/ban-nhap/<pk>/``) are in the
refusal rows too; their owner's side is the submission part's to test, with drafts.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import UUIDConverter
from django.utils import translation

from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.testing.builders import World

from .test_mine_support import PDF

pytestmark = pytest.mark.django_db

#: Values of the other keywords of routes that name a dossier, from the dossier.
EXTRA_KWARGS = {
    "sequence": lambda d: d.events.get(action="receive").sequence,
}
#: Tables a refused request may touch (the session of the logged-in client).
NOT_WRITES = {"sessions.session"}


def portal_dossier_routes(kind: str = "") -> Iterator[tuple[str, list[str]]]:
    """(name, keyword names) of every ``portal`` route with a ``pk`` (of ``kind``, if given)."""

    def walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, list[str]]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "portal":
                converters = list(pattern.pattern.converters)
                # tus uploads are named by a UUID and checked by the tus tests (another
                # citizen's upload is a 404 there too).
                by_uuid = isinstance(pattern.pattern.converters.get("pk"), UUIDConverter)
                if (
                    "pk" in converters
                    and not by_uuid
                    and kind in ("", object_of(str(pattern.pattern)))
                ):
                    yield pattern.name or "", converters

    return walk(get_resolver().url_patterns)


def object_of(route: str) -> str:
    """What a route's ``pk`` names: a submission draft (its owner is tested by the submission
    part with drafts of its own) or a dossier."""
    return "draft" if "/ban-nhap/" in route else "dossier"


def route_kwargs(converters: list[str], dossier: Dossier, pk: int) -> dict[str, Any]:
    unknown = set(converters) - {"pk"} - set(EXTRA_KWARGS)
    assert not unknown, f"add {unknown} to EXTRA_KWARGS"
    return {name: pk if name == "pk" else EXTRA_KWARGS[name](dossier) for name in converters}


def dossier_urls(dossier: Dossier, pk: int | None = None, kind: str = "") -> list[str]:
    with translation.override("vi"):
        return [
            reverse(f"portal:{name}", kwargs=route_kwargs(converters, dossier, pk or dossier.pk))
            for name, converters in sorted(portal_dossier_routes(kind))
        ]


def table_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_WRITES
    }


def post_data(dossier: Dossier) -> dict[str, Any]:
    return {
        "version": dossier.version,
        "reason": "x",
        "note": "x",
        "confirm": "yes",
        "score": "5",
        "comment": "x",
        "file-i0": SimpleUploadedFile("a.pdf", PDF),
    }


@pytest.fixture
def dossier(world: World) -> Dossier:
    """Citizen A's dossier awaiting a supplement: it can be answered and withdrawn, and has a
    receipt to download."""
    return world.dossier_in(Status.AWAITING_SUPPLEMENT)


def test_the_matrix_covers_the_my_dossiers_routes() -> None:
    names = {name for name, _ in portal_dossier_routes()}
    assert {
        "my_dossier",
        "my_dossier_answer",
        "my_dossier_withdraw",
        "my_dossier_form",
    } <= names


def test_the_owner_reaches_every_dossier_route(
    client: Client, world: World, dossier: Dossier
) -> None:
    client.force_login(world.citizen_a)
    for url in dossier_urls(dossier, kind="dossier"):
        assert client.get(url).status_code in (200, 405, 409), url


def check_refused(client: Client, dossier: Dossier, expected: set[int], login: str) -> None:
    before = table_counts()
    version = Dossier.objects.get(pk=dossier.pk).version
    for url in dossier_urls(dossier):
        for response in (client.get(url), client.post(url, post_data(dossier))):
            assert response.status_code in expected, (url, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith(login), (url, response["Location"])
            if response.status_code == 404:
                assert dossier.code not in response.content.decode(), url
    assert table_counts() == before
    assert Dossier.objects.get(pk=dossier.pk).version == version


def test_anonymous_visitors_are_sent_to_the_e_id_login(client: Client, dossier: Dossier) -> None:
    check_refused(client, dossier, {302}, "/dang-nhap/?next=")


def test_another_citizen_gets_404_everywhere(
    client: Client, world: World, dossier: Dossier
) -> None:
    client.force_login(world.citizen_b)
    check_refused(client, dossier, {404, 405}, "")  # 405: the wrong method, whatever the pk


def test_an_official_is_no_citizen(client: Client, world: World, dossier: Dossier) -> None:
    official = world.desk().user  # the desk that received the dossier
    assert official is not None
    client.force_login(official)
    check_refused(client, dossier, {302, 404, 405}, "/dang-nhap/?next=")


def test_a_missing_dossier_answers_like_another_citizens(
    client: Client, world: World, dossier: Dossier
) -> None:
    client.force_login(world.citizen_a)
    other = Client()
    other.force_login(world.citizen_b)
    before = table_counts()
    missing = dossier.pk + 1000
    for url, foreign in zip(dossier_urls(dossier, missing), dossier_urls(dossier), strict=True):
        got = client.get(url)
        assert got.status_code in (404, 405), url
        assert other.get(foreign).status_code == got.status_code, url
        posted = client.post(url, post_data(dossier))
        assert posted.status_code in (404, 405), url
        assert other.post(foreign, post_data(dossier)).status_code == posted.status_code, url
    assert table_counts() == before
