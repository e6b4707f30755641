# SPDX-License-Identifier: EUPL-1.2
"""create_api_client (the secret is printed once, only its hash kept) and api_purge."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from pytest_django import Settings

from motcua.accounts.models import Role
from motcua.api.models import ApiClient, ApiIdempotencyKey, ApiToken
from motcua.core import clock
from motcua.testing.builders import World

from .support import _fresh_counters, bearer, new_client, post_dossier, submission, token_for  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_client_is_created_with_its_units_scopes_and_channels(
    client: Client, world: World
) -> None:
    out = io.StringIO()
    call_command(
        "create_api_client", "Kiosk An Bình", "--units", f"{world.centre.code}",
        "--scopes", "dossiers:read,dossiers:write", "--channels", "kiosk", "--rate", "30",
        stdout=out,
    )  # fmt: skip
    client_id = re.search(r"client_id:\s+(\S+)", out.getvalue())[1]  # type: ignore[index]
    secret = re.search(r"client_secret:\s+(\S+)", out.getvalue())[1]  # type: ignore[index]
    created = ApiClient.objects.get(client_id=client_id)
    assert (created.name, created.scopes, created.channels, created.requests_per_minute) == (
        "Kiosk An Bình", ["dossiers:read", "dossiers:write"], ["kiosk"], 30,
    )  # fmt: skip
    assert secret not in created.secret_hash and check_password(secret, created.secret_hash)
    assignments = created.service_user.role_assignments.all()
    assert [(a.role, a.unit) for a in assignments] == [(Role.INTEGRATION, world.centre)]
    assert not created.service_user.has_usable_password()
    data = f"grant_type=client_credentials&client_id={client_id}&client_secret={secret}"
    form = "application/x-www-form-urlencoded"
    response = client.post("/api/v1/oauth/token", data, content_type=form, secure=True)
    assert response.json()["scope"] == "dossiers:read dossiers:write"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--units", "X00", "--scopes", "dossiers:read"], "Unknown unit: X00"),
        (["--units", "", "--scopes", "dossiers:read"], "Unknown unit: (none given)"),
        (["--units", "{centre}", "--scopes", "admin"], "Unknown scope or channel: admin"),
        (["--units", "{centre}", "--scopes", "dossiers:read", "--channels", "online"],
         "Unknown scope or channel: online"),
    ],
)  # fmt: skip
def test_bad_arguments_create_nothing(world: World, arguments: list[str], message: str) -> None:
    arguments = [a.replace("{centre}", world.centre.code) for a in arguments]
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("create_api_client", "x", *arguments, stdout=io.StringIO())
    assert not ApiClient.objects.exists()


def test_purge_keeps_recent_keys_and_live_tokens(
    client: Client, world: World, settings: Settings
) -> None:
    settings.MOTCUA_API_IDEMPOTENCY_HOURS = 24
    token = token_for(client, new_client(world))
    assert post_dossier(client, token, submission(world), key="old").status_code == 201
    ApiIdempotencyKey.objects.update(created_at=clock.now() - timedelta(hours=25))
    assert post_dossier(client, token, submission(world), key="new").status_code == 201
    out = io.StringIO()
    call_command("api_purge", stdout=out)
    assert out.getvalue().strip() == "1 idempotency keys and 0 tokens deleted"
    assert list(ApiIdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    with clock.frozen_at(clock.now() + timedelta(days=1, hours=2)):
        call_command("api_purge", stdout=out)
    assert not ApiToken.objects.exists()
    assert client.get("/api/v1/dossiers", **bearer(token)).status_code == 401
