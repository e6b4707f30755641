# SPDX-License-Identifier: EUPL-1.2
"""Anti-automation of tracking (RELIABILITY.md S20): attempts per address, wrong second factors
per code, 429 with Retry-After, and every lock ends with its window."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client, RequestFactory
from django.utils import translation

from motcua.portal.track.ratelimit import client_address
from motcua.testing.builders import World

from .test_track_support import (  # noqa: F401
    MONDAY,
    _fresh_counters,
    api_url,
    portal_urls,
    submit,
    track_url,
)

pytestmark = pytest.mark.django_db

#: 09:00 on a Monday: the start of a 10-minute and of a 60-minute window.
START = MONDAY


def get(client: Client, code: str, verifier: str, ip: str = "198.51.100.7") -> int:
    return client.get(track_url(code=code, verifier=verifier), REMOTE_ADDR=ip).status_code


def test_ten_attempts_per_address_in_ten_minutes(client: Client, world: World) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        d = submit(world)
        codes = [d.code] + [f"NOPE-{n}" for n in range(9)]
        assert [get(client, code, "1234") for code in codes] == [200] + [404] * 9
        # the 11th attempt from that address is refused, even with the right code and digits
        with translation.override("en"):
            response = client.get(
                track_url(code=d.code, verifier="1234"), REMOTE_ADDR="198.51.100.7"
            )
        assert response.status_code == 429
        assert response["Retry-After"] == "600"
        assert "no-store" in response["Cache-Control"]
        page = response.content.decode()
        assert "Too many attempts. Please wait 10 minutes and try again." in page
        assert "govuk-summary-list" not in page  # nothing looked up
        # another address is not affected
        assert get(client, d.code, "1234", ip="203.0.113.9") == 200
        # 9 minutes later, still refused; when the window ends, allowed again
        traveller.shift(timedelta(minutes=9))
        assert get(client, d.code, "1234") == 429
        traveller.shift(timedelta(minutes=1))
        assert get(client, d.code, "1234") == 200


def test_five_wrong_factors_lock_the_code_for_the_hour_then_it_opens(
    client: Client, world: World
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        d = submit(world)
        other = submit(world)
        # five wrong guesses, each from another address (no address limit involved)
        wrong = [get(client, d.code, f"000{n}", ip=f"192.0.2.{n}") for n in range(5)]
        assert wrong == [404] * 5
        # now even the right digits, from a fresh address, are refused: the code is locked
        assert get(client, d.code, "1234", ip="192.0.2.50") == 429
        assert get(client, d.code.lower(), "1234", ip="192.0.2.51") == 429  # any case
        # other codes are not affected
        assert get(client, other.code, "1234", ip="192.0.2.52") == 200
        # the lock ends with the hour: an attacker cannot lock a code for ever
        traveller.shift(timedelta(minutes=59))
        assert get(client, d.code, "1234", ip="192.0.2.53") == 429
        traveller.shift(timedelta(minutes=1))
        assert get(client, d.code, "1234", ip="192.0.2.54") == 200


def test_right_answers_do_not_lock_the_code(client: Client, world: World) -> None:
    with time_machine.travel(START, tick=False):
        d = submit(world)
        statuses = [get(client, d.code, "1234", ip=f"192.0.2.{n}") for n in range(8)]
        assert statuses == [200] * 8


def test_an_unknown_code_locks_the_same_way_so_429_reveals_nothing(
    client: Client, world: World
) -> None:
    with time_machine.travel(START, tick=False):
        statuses = [get(client, "H99.00-NOTHING", "1234", ip=f"192.0.2.{n}") for n in range(6)]
        assert statuses == [404] * 5 + [429]


def test_the_api_answers_429_as_a_problem(client: Client, world: World) -> None:
    with time_machine.travel(START + timedelta(minutes=4), tick=False):
        d = submit(world)
        for n in range(5):
            assert client.get(api_url(d.code, f"000{n}")).status_code == 404
        response = client.get(api_url(d.code, "1234"))
        assert response.status_code == 429
        assert response["Content-Type"] == "application/problem+json"
        assert response["Retry-After"] == str(56 * 60)
        body = response.json()
        assert (body["status"], body["code"], body["title"]) == (
            429,
            "too_many_attempts",
            "Too Many Requests",
        )


def test_the_page_and_the_api_share_the_counters(client: Client, world: World) -> None:
    with time_machine.travel(START, tick=False):
        d = submit(world)
        for _ in range(5):
            assert get(client, d.code, "1234") == 200
        for _ in range(5):
            assert (
                client.get(api_url(d.code, "1234"), REMOTE_ADDR="198.51.100.7").status_code == 200
            )
        assert client.get(api_url(d.code, "1234"), REMOTE_ADDR="198.51.100.7").status_code == 429


def test_the_limits_are_settings(client: Client, world: World, settings: object) -> None:
    settings.MOTCUA_TRACK_RATE_PER_ADDRESS = 2  # type: ignore[attr-defined]
    settings.MOTCUA_TRACK_RATE_PER_ADDRESS_MINUTES = 1  # type: ignore[attr-defined]
    settings.MOTCUA_TRACK_FAILURES_PER_CODE = 1  # type: ignore[attr-defined]
    with time_machine.travel(START, tick=False) as traveller:
        d = submit(world)
        assert [get(client, d.code, "1234") for _ in range(3)] == [200, 200, 429]
        traveller.shift(timedelta(minutes=1))
        assert get(client, d.code, "0000") == 404
        assert get(client, d.code, "1234", ip="192.0.2.1") == 429


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": "198.51.100.7"}, "198.51.100.7"),
        ({"REMOTE_ADDR": "2001:db8:1:2:3:4:5:6"}, "2001:db8:1:2::/64"),
        ({"REMOTE_ADDR": "2001:db8:1:2:ffff::1"}, "2001:db8:1:2::/64"),
        ({"REMOTE_ADDR": "::ffff:198.51.100.7"}, "198.51.100.7"),
        ({"REMOTE_ADDR": ""}, "unknown"),
    ],
)
def test_client_address(meta: dict[str, str], expected: str) -> None:
    request = RequestFactory().get("/", **meta)
    assert client_address(request) == expected


def test_client_address_from_a_trusted_proxy_header(settings: object) -> None:
    settings.MOTCUA_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"  # type: ignore[attr-defined]
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7"
    )
    assert client_address(request) == "198.51.100.7"  # the entry the proxy added
