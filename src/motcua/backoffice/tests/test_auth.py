# SPDX-License-Identifier: EUPL-1.2
"""Officials' login, password step: hashing, errors, no user enumeration, lockout."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.hashers import identify_hasher, make_password
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from motcua.accounts.models import User
from motcua.demo.people import DEMO_PASSWORD
from motcua.testing.builders import World

pytestmark = pytest.mark.django_db
LOGIN = "/en/backoffice/login/"
OTP = "/en/backoffice/login/otp/"
BAD_LOGIN = "Enter a correct username and password. Both are case-sensitive."
START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """English pages (Vietnamese, the default language, is served without a prefix)."""
    with translation.override("en"):
        yield


def post_login(client: Client, username: str, password: str, ip: str = "10.0.0.1", **extra: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password, **extra}, REMOTE_ADDR=ip)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_new_passwords_are_hashed_with_argon2() -> None:
    user = User.objects.create_user("new.official", password="a long passphrase here")
    assert user.password.startswith("argon2$")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert identify_hasher(make_password("x")).algorithm == "argon2"


def test_an_older_pbkdf2_hash_is_upgraded_to_argon2_at_login(world: World, client: Client) -> None:
    user = world.desk().user
    assert user is not None
    User.objects.filter(pk=user.pk).update(
        password=make_password(DEMO_PASSWORD, hasher="pbkdf2_sha256")
    )
    assert post_login(client, user.username, DEMO_PASSWORD).status_code == 302
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"


def test_login_page_uses_govuk_patterns_and_autocomplete(client: Client) -> None:
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert '<label class="govuk-label" for="username">' in html
    assert '<label class="govuk-label" for="password">' in html
    assert "govuk-error-summary" not in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_correct_password_goes_to_the_second_factor_with_a_new_session(
    world: World, client: Client
) -> None:
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    user = world.desk().user
    assert user is not None
    response = post_login(client, user.username, DEMO_PASSWORD)
    assert (response.status_code, response["Location"]) == (302, OTP)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session.session_key != before


def test_wrong_password_shows_an_error_and_starts_no_session(world: World, client: Client) -> None:
    response = post_login(client, "desk.commune1", "not-the-password")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="govuk-error-summary"' in html
    assert f'<a href="#username">{BAD_LOGIN}</a>' in html
    assert 'aria-describedby="username-error"' in html
    assert 'value="desk.commune1"' in html
    assert "not-the-password" not in html
    assert not logged_in(client)


def test_empty_fields_are_each_reported(client: Client) -> None:
    html = post_login(client, "", "").content.decode()
    assert '<a href="#username">Enter your username</a>' in html
    assert '<a href="#password">Enter your password</a>' in html
    assert not logged_in(client)


@pytest.mark.parametrize("username", ["citizen.level2", "no.such.user"])
def test_citizens_and_unknown_users_get_the_same_error(
    world: World, client: Client, username: str
) -> None:
    response = post_login(client, username, DEMO_PASSWORD)
    assert response.status_code == 200
    assert f'<a href="#username">{BAD_LOGIN}</a>' in response.content.decode()
    assert not logged_in(client)


def test_inactive_official_gets_the_same_error(world: World, client: Client) -> None:
    User.objects.filter(username="desk.commune1").update(is_active=False)
    response = post_login(client, "desk.commune1", DEMO_PASSWORD)
    assert f'<a href="#username">{BAD_LOGIN}</a>' in response.content.decode()
    assert not logged_in(client)


def test_five_failures_lock_the_username_from_that_address(world: World, client: Client) -> None:
    with time_machine.travel(START, tick=False) as clock:
        statuses = [post_login(client, "desk.commune1", f"wrong-{i}").status_code for i in range(5)]
        assert statuses == [200, 200, 200, 200, 429]
        locked = post_login(client, "desk.commune1", DEMO_PASSWORD)
        assert locked.status_code == 429
        assert not logged_in(client)
        html = locked.content.decode()
        assert "There were 5 unsuccessful attempts to log in as desk.commune1" in html
        assert "You can try again in 15 minutes." in html
        assert "every attempt starts the wait again" in html
        # The correct password while locked also started the wait again.
        clock.shift(timedelta(minutes=14))
        assert post_login(client, "desk.commune1", DEMO_PASSWORD).status_code == 429
        clock.shift(timedelta(minutes=15, seconds=1))
        response = post_login(client, "desk.commune1", DEMO_PASSWORD)
        assert (response.status_code, response["Location"]) == (302, OTP)
    assert not AccessAttempt.objects.filter(username="desk.commune1").exists()  # reset on success


def test_another_address_or_another_user_is_not_locked(world: World, client: Client) -> None:
    for i in range(5):
        post_login(client, "desk.commune1", f"wrong-{i}", ip="10.0.0.1")
    other_ip = post_login(Client(), "desk.commune1", DEMO_PASSWORD, ip="10.0.0.2")
    assert (other_ip.status_code, other_ip["Location"]) == (302, OTP)
    other_user = post_login(Client(), "desk.province", DEMO_PASSWORD, ip="10.0.0.1")
    assert (other_user.status_code, other_user["Location"]) == (302, OTP)


@pytest.mark.parametrize(
    "command",
    [
        ("axes_reset_username", "desk.commune1"),
        ("axes_reset_ip_username", "10.0.0.1", "desk.commune1"),
        ("axes_reset",),
    ],
)
def test_an_administrator_unlocks_with_axes_reset(
    world: World, client: Client, command: tuple[str, ...]
) -> None:
    for i in range(5):
        post_login(client, "desk.commune1", f"wrong-{i}")
    assert post_login(client, "desk.commune1", DEMO_PASSWORD).status_code == 429
    call_command(*command, stdout=StringIO())
    response = post_login(client, "desk.commune1", DEMO_PASSWORD)
    assert (response.status_code, response["Location"]) == (302, OTP)


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(
    world: World, client: Client
) -> None:
    statuses = [
        client.post(
            LOGIN,
            {"username": "desk.commune1", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        ).status_code
        for i in range(6)
    ]
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_a_citizen_password_counts_towards_the_lockout(world: World, client: Client) -> None:
    statuses = [post_login(client, "citizen.level2", DEMO_PASSWORD).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert not logged_in(client)


def test_next_is_carried_to_the_second_factor(world: World, client: Client) -> None:
    response = post_login(client, "desk.commune1", DEMO_PASSWORD, next="/backoffice/records/")
    assert response["Location"] == f"{OTP}?next=%2Fbackoffice%2Frecords%2F"
    page = client.get(f"{LOGIN}?next=/backoffice/records/").content.decode()
    assert '<input type="hidden" name="next" value="/backoffice/records/">' in page


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/x",
        "http://testserver.evil/",
        "javascript:alert(1)",
        "records",
        "home",
    ],
)
def test_next_to_another_site_is_dropped(world: World, client: Client, target: str) -> None:
    response = post_login(client, "desk.commune1", DEMO_PASSWORD, next=target)
    assert response["Location"] == OTP
    assert 'name="next"' not in client.get(f"{LOGIN}?next={target}").content.decode()


def test_vietnamese_pages_have_no_prefix(world: World, client: Client) -> None:
    assert '<html lang="vi"' in client.get("/backoffice/login/").content.decode()
    response = client.post(
        "/backoffice/login/", {"username": "desk.commune1", "password": DEMO_PASSWORD}
    )
    assert response["Location"] == "/backoffice/login/otp/"
