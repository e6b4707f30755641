# SPDX-License-Identifier: EUPL-1.2
"""POST /api/v1/inbound/national-portal: the national portal pushes a dossier, imported once."""

import copy
from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.dossiers.models import Dossier
from motcua.sync.inbound import NATIONAL_PORTAL_USERNAME
from motcua.testing.builders import World

from .support import PDF, _fresh_counters, bearer, encoded, new_client, problem, token_for  # noqa: F401

pytestmark = pytest.mark.django_db
URL = "/api/v1/inbound/national-portal"


@pytest.fixture
def token(client: Client, world: World) -> str:
    portal = User.objects.create(username=NATIONAL_PORTAL_USERNAME)
    RoleAssignment.objects.create(user=portal, role=Role.INTEGRATION, unit=world.centre)
    return token_for(client, new_client(world, scopes=["inbound:national"], name="Cổng DVCQG"))


def _item(world: World, **overrides: Any) -> dict[str, Any]:
    item = {
        "MaHoSoQG": "G22.99-260309-000123",
        "MaTTHC": "1.004873",
        "MaDonViTiepNhan": world.centre.code,
        "NgayNop": "20260309090000",
        "ChuHoSo": {"HoTen": "Lê Thị Bình", "SoDinhDanh": "079090005678",
                    "SoDienThoai": "0909 000 111", "Email": "", "DiaChi": "Số 9"},
        "DuLieuToKhai": {"full_name": "Lê Thị Bình", "id_number": "079090005678",
                         "birth_date": "1990-01-01"},
        "TaiLieuNop": [{"MaThanhPhan": "R1", "TenTep": "to-khai.pdf",
                        "KieuTep": "application/pdf", "NoiDung": encoded(PDF)}],
    }  # fmt: skip
    item.update(overrides)
    return item


def _push(client: Client, token: str, item: dict[str, Any]) -> Any:
    return client.post(URL, item, content_type="application/json", **bearer(token))


def test_a_pushed_dossier_is_imported_once(client: Client, world: World, token: str) -> None:
    first = _push(client, token, _item(world))
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["channel"], body["national_channel"], body["status"]) == (
        "national_portal", 2, "submitted",
    )  # fmt: skip
    assert body["applicant"]["name"] == "Lê Thị Bình"
    assert first["Location"] == f"/api/v1/dossiers/{body['code']}"
    again = _push(client, token, _item(world))
    assert again.status_code == 200
    assert again.json()["code"] == body["code"]
    assert Dossier.objects.count() == 1


def test_only_with_the_inbound_scope(client: Client, world: World, token: str) -> None:
    other = token_for(client, new_client(world, scopes=["dossiers:write"], name="kiosk"))
    response = _push(client, other, _item(world))
    assert response.status_code == 403
    assert problem(response)["code"] == "insufficient_scope"
    assert not Dossier.objects.exists()


def test_fields_the_portal_format_lacks_are_refused(
    client: Client, world: World, token: str
) -> None:
    extra = _item(world, TrangThaiHoSo="10")
    nested = _item(world)
    nested["ChuHoSo"] = dict(copy.deepcopy(nested["ChuHoSo"]), CapDoVNeID=2)
    for item, field in ((extra, "TrangThaiHoSo"), (nested, "ChuHoSo.CapDoVNeID")):
        response = _push(client, token, item)
        assert response.status_code == 422
        assert field in problem(response)["errors"]
    assert not Dossier.objects.exists()


def test_an_unknown_procedure_is_a_validation_problem(
    client: Client, world: World, token: str
) -> None:
    response = _push(client, token, _item(world, MaTTHC="9.999999"))
    assert response.status_code == 422
    assert list(problem(response)["errors"]) == ["MaTTHC"]
    assert not Dossier.objects.exists()
