# SPDX-License-Identifier: EUPL-1.2
"""Officials' login, last step: choosing a capacity; logout; the whole journey with ``next``."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.accounts.otp import totp_install
from motcua.backoffice.access import SESSION_KEY
from motcua.demo.otp import create_demo_otp_devices, demo_otp_code
from motcua.demo.people import DEMO_PASSWORD
from motcua.testing.builders import World

pytestmark = pytest.mark.django_db
LOGIN = "/en/backoffice/login/"
OTP = "/en/backoffice/login/otp/"
CAPACITY = "/en/backoffice/capacity/"
LOGOUT = "/en/backoffice/logout/"
START = datetime(2026, 3, 2, 2, 0, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """English pages (Vietnamese, the default language, is served without a prefix)."""
    with translation.override("en"):
        yield


@pytest.fixture
def desk(world: World) -> User:
    user = world.desk().user
    assert user is not None
    return user


@pytest.fixture
def two_hats(world: World, desk: User) -> list[RoleAssignment]:
    """The desk officer is also the centre manager of the same centre."""
    RoleAssignment.objects.create(user=desk, role=Role.CENTRE_MANAGER, unit=world.centre)
    return list(RoleAssignment.objects.filter(user=desk).order_by("role"))


@pytest.fixture
def worklists() -> str:
    try:
        return reverse("backoffice:worklists")
    except NoReverseMatch:  # pragma: no cover — until the worklists part exists
        pytest.skip("backoffice:worklists is not built yet")


def verified(client: Client, user: User) -> None:
    """Password and second factor done, no capacity chosen yet."""
    device = totp_install(user, b"0123456789abcdefghij", name="phone")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def test_capacity_needs_login_and_second_factor(desk: User, client: Client) -> None:
    assert client.get(f"{CAPACITY}?next=/backoffice/x/")["Location"] == (
        f"{LOGIN}?next=%2Fbackoffice%2Fx%2F"
    )
    client.force_login(desk)
    assert client.get(CAPACITY)["Location"] == OTP
    assert client.post(CAPACITY, {"capacity": "1"})["Location"] == OTP
    assert SESSION_KEY not in client.session


def test_a_single_capacity_is_chosen_without_asking(desk: User, client: Client) -> None:
    verified(client, desk)
    response = client.get(f"{CAPACITY}?next=/backoffice/records/")
    assert response["Location"] == "/backoffice/records/"
    assignment = RoleAssignment.objects.get(user=desk)
    assert client.session[SESSION_KEY] == {
        "role": Role.RECEPTION_OFFICER,
        "unit": assignment.unit_id,
    }


def test_several_capacities_are_offered_as_radios(
    world: World, desk: User, two_hats: list[RoleAssignment], client: Client
) -> None:
    verified(client, desk)
    response = client.get(CAPACITY)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--l">' in html
    for assignment in two_hats:
        assert f'name="capacity" type="radio" value="{assignment.pk}"' in html
        assert str(Role(assignment.role).label) in html
    assert html.count(world.centre.name) >= 2
    assert " checked" not in html
    assert SESSION_KEY not in client.session


def test_choosing_a_capacity_sets_it_and_goes_on(
    desk: User, two_hats: list[RoleAssignment], client: Client
) -> None:
    verified(client, desk)
    manager = next(a for a in two_hats if a.role == Role.CENTRE_MANAGER)
    response = client.post(CAPACITY, {"capacity": manager.pk, "next": "/backoffice/records/"})
    assert response["Location"] == "/backoffice/records/"
    assert client.session[SESSION_KEY] == {"role": Role.CENTRE_MANAGER, "unit": manager.unit_id}
    # Coming back to switch: the current capacity is pre-selected.
    html = client.get(CAPACITY).content.decode()
    assert f'value="{manager.pk}" aria-describedby="capacity-1-hint" checked>' in html
    assert html.count(" checked>") == 1


def test_a_capacity_not_held_is_refused_and_nothing_changes(
    world: World, desk: User, two_hats: list[RoleAssignment], client: Client
) -> None:
    verified(client, desk)
    client.post(CAPACITY, {"capacity": two_hats[0].pk})
    before = client.session[SESSION_KEY]
    someone_else = RoleAssignment.objects.get(
        role=Role.SIGNING_LEADER, unit=world.commune
    )  # another official's assignment
    response = client.post(CAPACITY, {"capacity": someone_else.pk, "next": "/backoffice/records/"})
    assert response.status_code == 403
    message = "You do not hold that capacity. Select one of yours."
    assert f'<a href="#capacity">{message}</a>' in response.content.decode()
    assert client.session[SESSION_KEY] == before


def test_no_choice_is_an_error(desk: User, two_hats: list[RoleAssignment], client: Client) -> None:
    verified(client, desk)
    response = client.post(CAPACITY, {})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#capacity">Select the capacity you are acting in</a>' in html
    assert SESSION_KEY not in client.session


def test_an_account_whose_roles_were_withdrawn_is_told_so(desk: User, client: Client) -> None:
    verified(client, desk)
    RoleAssignment.objects.filter(user=desk).delete()
    response = client.get(CAPACITY)
    assert response.status_code == 403
    assert "Your account has no official role" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_logout_is_post_only_and_flushes_the_session(desk: User, client: Client) -> None:
    verified(client, desk)
    client.get(CAPACITY)
    assert client.get(LOGOUT).status_code == 405
    assert SESSION_KEY in client.session
    response = client.post(LOGOUT)
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert SESSION_KEY not in client.session
    assert "You have logged out." in client.get(LOGIN).content.decode()


def test_the_whole_journey_with_demo_codes(
    world: World, desk: User, two_hats: list[RoleAssignment], client: Client
) -> None:
    create_demo_otp_devices(world.org)
    target = "/backoffice/records/?page=2"
    with time_machine.travel(START, tick=False):
        step = client.post(
            LOGIN, {"username": desk.username, "password": DEMO_PASSWORD, "next": target}
        )
        step = client.get(step["Location"])
        assert "Enter your security code" in step.content.decode()
        step = client.post(OTP, {"code": demo_otp_code(desk.username), "next": target})
        step = client.get(step["Location"])
        assert f'<input type="hidden" name="next" value="{target}">' in step.content.decode()
        manager = next(a for a in two_hats if a.role == Role.CENTRE_MANAGER)
        step = client.post(CAPACITY, {"capacity": manager.pk, "next": target})
    assert step["Location"] == target


def test_without_next_the_journey_ends_at_the_worklists(
    desk: User, client: Client, worklists: str
) -> None:
    assert worklists == "/en/backoffice/"
    verified(client, desk)
    assert client.get(CAPACITY)["Location"] == "/en/backoffice/"
    assert client.get(f"{CAPACITY}?next=https://evil.example/")["Location"] == "/en/backoffice/"
