# SPDX-License-Identifier: EUPL-1.2
"""Dossiers from the national portal arrive once each; reconciliation finds every difference."""

import base64
from pathlib import Path
from typing import Any

import pytest
import requests

from motcua.accounts.models import User
from motcua.core.errors import ValidationFailed
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.sync.dispatcher import Dispatcher
from motcua.sync.inbound import import_national_dossier, pull_inbound
from motcua.sync.models import Delivery, InboundCursor, InboundFailure, InboundRecord
from motcua.sync.reconciliation import reconcile, resend_mismatches
from motcua.sync.setup import configure_national_portal
from motcua.testing.builders import VALID_FORM, World
from national_portal_simulator.testing import RunningSimulator, example_inbound_item

pytestmark = pytest.mark.django_db

PDF = base64.b64encode(b"%PDF-1.4\n% scan\n").decode()


@pytest.fixture
def portal(tmp_path: Path) -> Any:
    with RunningSimulator(tmp_path / "portal") as running:
        yield running


BINH = {"HoTen": "Trần Thị Bình", "SoDinhDanh": "001190054321", "SoDienThoai": "0987654321",
        "Email": "binh@example.vn", "DiaChi": "12 Lê Lợi"}  # fmt: skip


def item(world: World, code: str, **fields: Any) -> dict[str, Any]:
    requirement = world.version.requirements.order_by("order").first()
    assert requirement is not None
    return example_inbound_item(
        code=code,
        MaTTHC="1.004873",
        MaDonViTiepNhan=world.centre.code,
        ChuHoSo=BINH,
        DuLieuToKhai=dict(VALID_FORM),
        TaiLieuNop=[{"MaThanhPhan": requirement.code, "TenTep": "to-khai.pdf",
                     "KieuTep": "application/pdf", "NoiDung": PDF}],
    ) | fields  # fmt: skip


def test_a_national_portal_dossier_is_imported_once(world: World, portal: Any) -> None:
    configure_national_portal(portal.url, portal.token)
    binh = User.objects.create(username="binh", national_id="001190054321", eid_level=2)
    first = import_national_dossier(item(world, "QG-0001"))
    again = import_national_dossier(item(world, "QG-0001"))
    assert (first.created, again.created, again.dossier.pk) == (True, False, first.dossier.pk)
    dossier = Dossier.objects.get()
    assert (dossier.channel, dossier.status, dossier.receiving_unit) == (
        "national_portal", Status.SUBMITTED, world.centre,
    )  # fmt: skip
    # the citizen's own account follows it in "My dossiers"
    assert dossier.owner == binh
    assert (dossier.applicant_name, dossier.applicant_email) == ("Trần Thị Bình", "binh@example.vn")
    assert dossier.submitted_by.username == "national-portal"
    scan = dossier.documents.get()
    assert (scan.filename, scan.file.content_type) == ("to-khai.pdf", "application/pdf")
    assert InboundRecord.objects.get().external_id == "QG-0001"


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"MaTTHC": "9.999999"}, "MaTTHC"),
        ({"MaDonViTiepNhan": "NOWHERE"}, "MaDonViTiepNhan"),
        ({"MaTTHC": "not-a-code"}, "MaTTHC"),
        ({"TaiLieuNop": [{"MaThanhPhan": "TP01", "TenTep": "x.exe", "NoiDung": "TVqQAAMA"}]},
         "TaiLieuNop.0"),
        ({"ChuHoSo": {"HoTen": "A", "SoDinhDanh": "12"}}, "ChuHoSo.SoDinhDanh"),
    ],
)  # fmt: skip
def test_a_bad_item_is_refused_with_the_field_named(
    world: World, portal: Any, fields: dict[str, Any], key: str
) -> None:
    configure_national_portal(portal.url, portal.token)
    with pytest.raises(ValidationFailed) as refused:
        import_national_dossier(item(world, "QG-BAD", **fields))
    assert key in refused.value.details["errors"]
    assert (Dossier.objects.count(), InboundRecord.objects.count()) == (0, 0)


def test_the_feed_is_pulled_from_the_cursor_duplicates_and_failures_included(
    world: World, portal: Any
) -> None:
    destination = configure_national_portal(portal.url, portal.token)
    portal.add_inbound(item(world, "QG-0001"))
    portal.add_inbound(item(world, "QG-0002", MaTTHC="9.999999"))  # not in our catalog
    portal.add_inbound(item(world, "QG-0001"))  # the portal sends the same dossier again
    session = requests.Session()
    assert pull_inbound(destination, session) == 3
    assert pull_inbound(destination, session) == 0
    assert list(InboundRecord.objects.values_list("external_id", flat=True)) == ["QG-0001"]
    assert Dossier.objects.count() == 1
    failure = InboundFailure.objects.get()
    assert (failure.external_id, list(failure.errors)) == ("QG-0002", ["MaTTHC"])
    assert InboundCursor.objects.get().position == 3
    portal.add_inbound(item(world, "QG-0003"))
    assert pull_inbound(destination, session) == 1
    assert Dossier.objects.count() == 2


def test_reconciliation_finds_missing_and_behind_and_the_resend_fixes_them(
    world: World, portal: Any
) -> None:
    synced = world.dossier_in(Status.RECEIVED)  # written before the portal was connected
    destination = configure_national_portal(portal.url, portal.token)
    late = world.submit()
    dispatcher = Dispatcher()
    while dispatcher.run_round().claimed:
        pass
    world.apply(late, "receive")  # not yet delivered: in flight
    report = reconcile(destination)
    assert (report.dossiers_checked, report.in_sync) == (2, 0)
    assert {(m["code"], m["kind"]) for m in report.mismatches} == {
        (synced.code, "missing"), (late.code, "in_flight"),
    }  # fmt: skip
    centre_unit = world.commune.code
    assert report.per_unit == {centre_unit: {"ours": {"2": 2}, "theirs": {"1": 1}}}
    assert resend_mismatches(report) == 1  # in-flight ones are left to the dispatcher
    while dispatcher.run_round().claimed:
        pass
    report = reconcile(destination)
    assert (report.dossiers_checked, report.in_sync, report.mismatches) == (2, 2, [])
    assert report.in_sync_percent == 100.0
    assert portal.dossier(synced.code)["TrangThaiHoSo"] == "2"
    assert Delivery.objects.exclude(state="delivered").count() == 0


def test_an_unreachable_portal_gives_a_report_with_the_error(world: World) -> None:
    destination = configure_national_portal("http://127.0.0.1:9", "token")
    report = reconcile(destination)
    assert report.error.startswith("ConnectionError")
    assert report.finished_at is not None
