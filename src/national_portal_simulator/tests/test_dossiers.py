# SPDX-License-Identifier: EUPL-1.2
"""GET /api/v1/dossiers/{MaHoSo} and the keyset listing by unit."""

import re

import pytest

from national_portal_simulator.testing import example_event
from national_portal_simulator.tests.wsgi_client import Client

UNIT_A, UNIT_B = "H15.50.05", "H15.50.06"
DESK_1, DESK_2 = "H15.50.05.13", "H15.50.06.02"


@pytest.fixture
def five_dossiers(client: Client) -> None:
    """C-1, C-2, C-4 in unit A; C-3, C-5 in unit B; C-5 received at desk 2, the rest at desk 1."""
    events = [
        example_event(code=f"C-{n}", DonViXuLy=UNIT_A if n in (1, 2, 4) else UNIT_B,
                      MaDonViTiepNhan=DESK_2 if n == 5 else DESK_1)
        for n in (4, 2, 5, 1, 3)
    ]  # fmt: skip
    assert [result["status"] for result in client.sync(*events).json()["results"]] == [
        "accepted"
    ] * 5


def test_a_dossier_as_the_portal_sees_it(client: Client) -> None:
    client.sync(example_event(code="C-1", sequence=2, status="2", NgayHenTra="20260108170000"))
    reply = client.get("/api/v1/dossiers/C-1")
    assert reply.status == 200
    dossier = reply.json()
    assert re.fullmatch(r"[0-9]{14}", dossier.pop("CapNhatLuc"))
    assert dossier == {
        "MaHoSo": "C-1", "TrangThaiHoSo": "2", "ThuTu": 2, "NgayHenTra": "20260108170000",
        "DonViXuLy": "H15.50.05", "MaDonViTiepNhan": "H15.50.05.13",
    }  # fmt: skip


def test_an_unknown_dossier_is_404(client: Client) -> None:
    reply = client.get("/api/v1/dossiers/C-404")
    assert reply.status == 404
    assert reply.json() == {"type": "about:blank", "title": "Not Found", "status": 404,
                            "detail": "no dossier C-404"}  # fmt: skip


def test_codes_with_slashes_and_vietnamese_letters_are_read_back(client: Client) -> None:
    client.sync(example_event(code="HS/2026/Đ-01"))
    assert client.get("/api/v1/dossiers/HS/2026/Đ-01").json()["MaHoSo"] == "HS/2026/Đ-01"


@pytest.mark.usefixtures("five_dossiers")
def test_the_listing_pages_by_code_with_a_keyset(client: Client) -> None:
    first = client.get("/api/v1/dossiers", query={"limit": 2}).json()
    assert [item["MaHoSo"] for item in first["items"]] == ["C-1", "C-2"]
    assert first["next"] == "C-2"
    second = client.get("/api/v1/dossiers", query={"limit": 2, "after": "C-2"}).json()
    assert ([item["MaHoSo"] for item in second["items"]], second["next"]) == (["C-3", "C-4"], "C-4")
    last = client.get("/api/v1/dossiers", query={"limit": 2, "after": "C-4"}).json()
    assert ([item["MaHoSo"] for item in last["items"]], last["next"]) == (["C-5"], None)
    exact = client.get("/api/v1/dossiers", query={"limit": 5}).json()
    assert (len(exact["items"]), exact["next"]) == (5, None)
    assert client.get("/api/v1/dossiers", query={"after": "C-5"}).json() == {
        "items": [],
        "next": None,
    }


@pytest.mark.usefixtures("five_dossiers")
def test_the_listing_filters_by_processing_and_receiving_unit(client: Client) -> None:
    def codes(**query: str | int) -> list[str]:
        return [
            item["MaHoSo"] for item in client.get("/api/v1/dossiers", query=query).json()["items"]
        ]

    assert codes(DonViXuLy=UNIT_A) == ["C-1", "C-2", "C-4"]
    assert codes(DonViXuLy=UNIT_B) == ["C-3", "C-5"]
    assert codes(DonViXuLy=UNIT_A, after="C-1", limit=1) == ["C-2"]
    assert codes(MaDonViTiepNhan=DESK_2) == ["C-5"]
    assert codes(DonViXuLy=UNIT_A, MaDonViTiepNhan=DESK_2) == []
    assert codes(DonViXuLy="H99") == []
    page = client.get("/api/v1/dossiers", query={"DonViXuLy": UNIT_B, "limit": 1}).json()
    assert page["next"] == "C-3"


@pytest.mark.parametrize("limit", ["0", "1001", "abc", "-1", "1.5", " 5", "٥"])
def test_a_bad_limit_is_400(client: Client, limit: str) -> None:
    reply = client.get("/api/v1/dossiers", query={"limit": limit})
    assert reply.status == 400
    assert reply.json()["detail"] == "limit must be a whole number from 1 to 1000"
