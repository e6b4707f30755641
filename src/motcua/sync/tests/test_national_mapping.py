# SPDX-License-Identifier: EUPL-1.2
"""Our outbox messages, mapped for the national portal, pass the portal's own schema."""

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import time_machine

import national_portal_simulator
from motcua.core.models import OutboxMessage
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.feedback.services import dossier_rate
from motcua.sync.connectors.national_portal import MappingError, national_event, portal_time
from motcua.testing.builders import World

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (
        Path(next(iter(national_portal_simulator.__path__)))
        / "schema"
        / "dossier-event.schema.json"
    ).read_text()
)
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY_9 = datetime(2026, 3, 9, 9, 0, tzinfo=HANOI)


def events_of(dossier: Dossier) -> list[dict[str, Any]]:
    messages = OutboxMessage.objects.filter(aggregate_id=str(dossier.pk)).order_by("sequence")
    return [national_event(m.envelope, m.sequence) for m in messages]


def test_portal_time_is_vietnam_local_time() -> None:
    assert portal_time("2026-03-09T02:00:00+00:00") == "20260309090000"
    assert portal_time(None) is None


@time_machine.travel(MONDAY_9, tick=False)
def test_a_returned_dossier_maps_every_event_valid(world: World) -> None:
    dossier = world.dossier_in("returned")
    events = events_of(dossier)
    for event in events:
        jsonschema.validate(event, SCHEMA)
    assert [(e["ThuTu"], e["LoaiSuKien"], e["HoSo"]["TrangThaiHoSo"]) for e in events] == [
        (1, "dossier.submit", "1"),
        (2, "dossier.receive", "2"),
        (3, "dossier.forward", "4"),
        (4, "dossier.process_step", "4"),
        (5, "dossier.process_step", "4"),
        (6, "dossier.approve", "9"),
        (7, "dossier.issue_result", "9"),
        (8, "dossier.return_result", "10"),
    ]
    last = events[-1]["HoSo"]
    assert last["MaHoSo"] == dossier.code
    assert (last["MaTTHC"], last["KenhThucHien"], last["ChuHoSo"]) == ("1.004873", 2, "Trần Văn An")
    assert (last["MaDoiTuong"], last["LoaiDoiTuong"]) == ("079088001234", 1)
    assert (last["NgayNopHoSo"], last["NgayTiepNhan"]) == ("20260309090000", "20260309090000")
    assert last["NgayHenTra"] == portal_time(dossier.due_at.isoformat())
    assert (last["HinhThuc"], last["TaiKhoanDuocXacThucVoiVNeID"]) == (0, 1)
    assert (last["DonViXuLy"], last["MaDonViTiepNhan"]) == (world.commune.code, world.centre.code)
    # paper copies only (no scans): nothing digitised
    assert last["HoSoCoThanhPhanSoHoa"] == 0
    names = [r.name for r in world.version.requirements.order_by("order")]
    assert [(d["TenTaiLieu"], d["DuocSoHoa"]) for d in last["TaiLieuNop"]] == [
        (n, 0) for n in names
    ]
    assert len(last["DanhSachGiayToKetQua"]) == 1


@time_machine.travel(MONDAY_9, tick=False)
def test_a_supplement_carries_the_old_and_new_promised_dates(world: World) -> None:
    dossier = world.dossier_in("awaiting_supplement")
    due_before = dossier.due_at
    with time_machine.travel(datetime(2026, 3, 11, 9, 0, tzinfo=HANOI), tick=False):
        dossier = services.dossier_supplement(dossier, actor=world.applicant(), note="Bổ sung")
    event = events_of(dossier)[-1]
    jsonschema.validate(event, SCHEMA)
    assert event["HoSo"]["TrangThaiHoSo"] == "4"
    assert event["HoSo"]["DanhSachHoSoBoSung"] == [
        {
            "NgayYeuCauBoSung": "20260309090000",
            "NgayTiepNhanBoSung": "20260311090000",
            "NgayHenTraTruoc": portal_time(due_before.isoformat()),
            "NgayHenTraMoi": portal_time(dossier.due_at.isoformat()),
        }
    ]
    assert dossier.due_at > due_before


def test_a_message_without_a_dossier_cannot_be_mapped() -> None:
    envelope = {"id": "x", "type": "vn.motcua.other", "time": "2026-03-09T02:00:00+00:00"}
    with pytest.raises(MappingError):
        national_event({**envelope, "data": {}}, 1)


@time_machine.travel(MONDAY_9, tick=False)
def test_a_rating_reaches_the_portal_as_its_satisfaction_score(world: World) -> None:
    dossier = world.dossier_in("returned")
    dossier_rate(dossier, citizen=world.citizen_a, score=4, reasons=["fast"], comment="Tốt")
    message = OutboxMessage.objects.get(aggregate_type="rating")
    event = national_event(message.envelope, message.sequence)
    jsonschema.validate(event, SCHEMA)
    assert (event["LoaiSuKien"], event["ThuTu"], event["HoSo"]["TrangThaiHoSo"]) == (
        "rating.created", 1, "10",
    )  # fmt: skip
    assert event["HoSo"]["DanhGia"] == {"MucDoHaiLong": 4, "NgayDanhGia": "20260309090000"}
