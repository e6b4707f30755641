# SPDX-License-Identifier: EUPL-1.2
"""Load the demo: organisation, catalog, accounts and a year of history (idempotent)."""

import json
from datetime import datetime
from importlib import resources

from django.db import transaction

from motcua.catalog.services import catalog_import
from motcua.core import clock
from motcua.demo.history import HistoryBuilder
from motcua.demo.organisation import create_organisation
from motcua.demo.otp import create_demo_otp_devices
from motcua.demo.people import DEMO_PASSWORD, DemoLogin, create_people
from motcua.dossiers.models import Dossier

HISTORY_SIZE = 2000


def demo_catalog() -> dict[str, object]:
    text = resources.files("motcua.catalog").joinpath("data/demo_catalog.json").read_text("utf-8")
    data: dict[str, object] = json.loads(text)
    return data


def load_demo(
    *, history: int = HISTORY_SIZE, seed: int = 2026, now: datetime | None = None
) -> list[DemoLogin]:
    """Create what is missing; a second run changes nothing and creates no duplicates."""
    with transaction.atomic():
        org = create_organisation()
        catalog_import(demo_catalog())
        logins = create_people(org)
        create_demo_otp_devices(org)
    if history and not Dossier.objects.exists():
        HistoryBuilder(org, seed=seed, now=now or clock.now()).build(history)
    return logins


def demo_logins() -> list[DemoLogin]:
    """The demo accounts (created if missing)."""
    with transaction.atomic():
        org = create_organisation()
        logins = create_people(org)
        create_demo_otp_devices(org)
        return logins


def demo_logins_text(logins: list[DemoLogin]) -> str:
    width = max((len(login.username) for login in logins), default=10)
    return "\n".join(
        [
            f"Demo logins (password for every account: {DEMO_PASSWORD})",
            *(
                f"  {login.username.ljust(width)}  {login.role:<18} {login.unit}"
                for login in logins
            ),
            "Officials log in at /backoffice/ and need a security code: run "
            "`.venv/bin/motcua demo-otp USERNAME` for the current 6-digit code.",
            "Citizens log in at /dang-nhap/ through the demo national e-ID: citizen.level2 "
            "(level 2, may submit) or citizen.level1 (level 1, may browse).",
        ]
    )
