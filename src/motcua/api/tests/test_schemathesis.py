# SPDX-License-Identifier: EUPL-1.2
"""Schemathesis over the whole OpenAPI document, in process: generated requests (valid and
invalid, and every undeclared method) against every operation, with a token holding every scope.
No answer may be a server error, and every answer must match the document (status, content
type, body).

Random codes rarely name a real dossier, so every other valid case is pointed at real data (the
dossier, its document, a valid submission) to check the success answers as well. Deterministic
(a fixed seed, derandomized Hypothesis) and small (20 cases per operation and phase).
"""

import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from pytest_django import Settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.dossiers.models import Dossier
from motcua.sync.inbound import NATIONAL_PORTAL_USERNAME
from motcua.testing.builders import World
from motcua.wsgi import application

from .support import (  # noqa: F401
    PDF,
    _fresh_counters,
    encoded,
    new_client,
    post_dossier,
    submission,
    token_for,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CONFIG = schemathesis.Config.from_dict(
    {"seed": 20260309, "generation": {"max-examples": 20, "database": "none"}}
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)


@dataclass
class RealData:
    token: str
    client_id: str
    secret: str
    world: World
    dossier: Dossier
    document_id: int
    turn: Iterator[int]


def _national_item(world: World) -> dict[str, Any]:
    return {
        "MaHoSoQG": f"QG-{uuid.uuid4().hex[:12]}",
        "MaTTHC": "1.004873",
        "MaDonViTiepNhan": world.centre.code,
        "NgayNop": "20260309090000",
        "ChuHoSo": {"HoTen": "Lê Thị Bình", "SoDinhDanh": "079090005678"},
        "DuLieuToKhai": {"full_name": "Lê Thị Bình", "id_number": "079090005678",
                         "birth_date": "1990-01-01"},
        "TaiLieuNop": [{"MaThanhPhan": "R1", "TenTep": "to-khai.pdf",
                        "KieuTep": "application/pdf", "NoiDung": encoded(PDF)}],
    }  # fmt: skip


@pytest.fixture
def real(world: World, settings: Settings) -> Iterator[RealData]:
    """A client with every scope and one submitted dossier; no rate limit in the way.

    The requests then go straight to the WSGI application: like Django's test client, keep the
    test's transaction open across them (no closing of "old" connections).
    """
    settings.MOTCUA_API_PUBLIC_RATE_PER_MINUTE = 1_000_000
    settings.MOTCUA_TRACK_RATE_PER_ADDRESS = 1_000_000
    settings.MOTCUA_TRACK_FAILURES_PER_CODE = 1_000_000
    portal = User.objects.create(username=NATIONAL_PORTAL_USERNAME)
    RoleAssignment.objects.create(user=portal, role=Role.INTEGRATION, unit=world.centre)
    client = Client()
    api_client = new_client(world)
    token = token_for(client, api_client)
    response = post_dossier(client, token, submission(world))
    assert response.status_code == 201
    dossier = Dossier.objects.get(code=response.json()["code"])
    document_id = dossier.documents.get().pk
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield RealData(
        token, api_client.client.client_id, api_client.secret, world, dossier, document_id,
        itertools.count(),
    )  # fmt: skip
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _point_at_real_data(case: Any, real: RealData) -> None:
    """Every other valid case: the real dossier, its document, a valid body."""
    if not case.meta.generation.mode.is_positive or next(real.turn) % 2:
        return
    path = case.operation.path
    if "code" in case.path_parameters:
        is_procedure = path.startswith("/api/v1/procedures/")
        case.path_parameters["code"] = "1.004873" if is_procedure else real.dossier.code
    if "document_id" in case.path_parameters:
        case.path_parameters["document_id"] = real.document_id
    if path == "/api/v1/track/{code}":
        case.query = {"verifier": "1234"}
    if (case.method, path) == ("POST", "/api/v1/dossiers"):
        case.body = submission(real.world)
        case.headers["Idempotency-Key"] = uuid.uuid4().hex
    if (case.method, path) == ("POST", "/api/v1/oauth/token"):
        case.body = {"grant_type": "client_credentials", "client_id": real.client_id,
                     "client_secret": real.secret}  # fmt: skip
    if (case.method, path) == ("POST", "/api/v1/inbound/national-portal"):
        case.body = _national_item(real.world)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much],
)  # fmt: skip
def test_the_api_keeps_to_its_document(case: Any, real: RealData) -> None:
    _point_at_real_data(case, real)
    case.call_and_validate(headers={"Authorization": f"Bearer {real.token}"}, checks=CHECKS)
