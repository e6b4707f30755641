# SPDX-License-Identifier: EUPL-1.2
"""The rating page: the owner only, once the result is returned, once; errors explained."""

import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.feedback.models import Rating
from motcua.testing.builders import World

from .test_track_support import _fresh_counters, portal_urls  # noqa: F401

pytestmark = pytest.mark.django_db


def url(pk: int) -> str:
    return reverse("portal:rate", kwargs={"pk": pk})


def text(response: object) -> str:
    return html.unescape(response.content.decode())  # type: ignore[attr-defined]


def en_get(client: Client, pk: int) -> str:
    with translation.override("en"):
        response = client.get(url(pk))
    assert response.status_code == 200
    return text(response)


def test_anonymous_is_sent_to_the_e_id_login(client: Client, world: World) -> None:
    d = world.dossier_in(Status.RETURNED)
    response = client.get(url(d.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_the_owner_sees_the_form(client: Client, world: World) -> None:
    d = world.dossier_in(Status.RETURNED)
    client.force_login(world.citizen_a)
    with translation.override("en"):
        response = client.get(url(d.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = text(response)
    assert page.count('type="radio" name="score"') == 5
    assert "1 — Very dissatisfied" in page and "5 — Very satisfied" in page
    assert page.count('type="checkbox" name="reasons"') == 6
    assert "I was asked for papers that are not on the list" in page
    assert '<textarea class="govuk-textarea" id="comment" name="comment"' in page
    assert "Law 91/2025" in page  # the personal-data notice
    assert "govuk-error-summary" not in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_citizens_or_a_missing_dossier_is_404(
    client: Client, world: World, method: str
) -> None:
    d = world.dossier_in(Status.RETURNED)
    client.force_login(world.citizen_b)
    for pk in (d.pk, d.pk + 1000):
        response = getattr(client, method)(url(pk), {"score": "5"})
        assert response.status_code == 404
    assert not Rating.objects.exists()


def test_before_the_result_is_returned_the_page_says_when_rating_opens(
    client: Client, world: World
) -> None:
    d = world.dossier_in(Status.RESULT_READY)
    client.force_login(world.citizen_a)
    assert "Rating opens when you have your result" in en_get(client, d.pk)
    response = client.post(url(d.pk), {"score": "5"})
    assert response.status_code == 200
    assert not Rating.objects.exists()


def test_a_dossier_that_ended_without_a_result_cannot_be_rated(
    client: Client, world: World
) -> None:
    d = world.dossier_in(Status.WITHDRAWN)
    client.force_login(world.citizen_a)
    assert "This dossier cannot be rated" in en_get(client, d.pk)


def test_rating_then_thanks_and_only_once(client: Client, world: World) -> None:
    d = world.dossier_in(Status.RETURNED)
    version, events = d.version, DossierEvent.objects.filter(dossier=d).count()
    client.force_login(world.citizen_a)
    form = {"score": "4", "reasons": ["fast", "clear_guidance"], "comment": "Nhanh, rõ ràng"}
    response = client.post(url(d.pk), form)
    assert response.status_code == 302
    assert response["Location"] == url(d.pk)
    rating = Rating.objects.get()
    assert (rating.dossier_id, rating.citizen_id, rating.score, rating.reasons, rating.comment) == (
        d.pk,
        world.citizen_a.pk,
        4,
        ["fast", "clear_guidance"],
        "Nhanh, rõ ràng",
    )
    page = en_get(client, d.pk)
    assert "Thank you for your rating" in page
    assert "4 — Satisfied" in page
    assert "The dossier was handled quickly" in page and "Nhanh, rõ ràng" in page
    # a second attempt changes nothing
    again = client.post(url(d.pk), {"score": "1", "reasons": ["slow"]})
    assert again.status_code == 200
    assert "Thank you for your rating" in en_get(client, d.pk)
    assert list(Rating.objects.values_list("score", flat=True)) == [4]
    # the dossier's history is untouched
    fresh = Dossier.objects.get(pk=d.pk)
    assert (fresh.version, DossierEvent.objects.filter(dossier=d).count()) == (version, events)


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({}, "score", "Choose how satisfied you are"),
        ({"score": "9"}, "score", "Choose how satisfied you are"),
        ({"score": "3", "reasons": ["bribes"]}, "reasons", "Choose reasons from the list."),
        ({"score": "3", "comment": "x" * 1001}, "comment",
         "The comment must be 1000 characters or fewer."),
    ],
)  # fmt: skip
def test_errors_are_explained_and_nothing_is_saved(
    client: Client, world: World, form: dict[str, object], field: str, message: str
) -> None:
    d = world.dossier_in(Status.RETURNED)
    client.force_login(world.citizen_a)
    with translation.override("en"):
        response = client.post(url(d.pk), form)
    assert response.status_code == 422
    page = text(response)
    assert "There is a problem" in page
    assert f'<a href="#{field}">{message}</a>' in page
    assert f'id="{field}-error"' in page
    assert not Rating.objects.exists()


def test_the_form_keeps_what_was_entered_after_an_error(client: Client, world: World) -> None:
    d = world.dossier_in(Status.RETURNED)
    client.force_login(world.citizen_a)
    response = client.post(url(d.pk), {"reasons": ["polite"], "comment": "Tốt"})
    page = text(response)
    assert 'value="polite" checked' in page
    assert ">Tốt</textarea>" in page
