# SPDX-License-Identifier: EUPL-1.2
"""The exchange schemas catch mapping mistakes; the examples other suites build on are valid."""

import pytest
from jsonschema import Draft202012Validator

from national_portal_simulator.schemas import (
    EVENT_SCHEMA,
    INBOUND_SCHEMA,
    event_errors,
    inbound_errors,
    load_schema,
)
from national_portal_simulator.testing import example_event, example_inbound_item

DATE14 = "'^[0-9]{4}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])([01][0-9]|2[0-3])[0-5][0-9][0-5][0-9]$'"


@pytest.mark.parametrize("name", [EVENT_SCHEMA, INBOUND_SCHEMA])
def test_the_schemas_are_valid_2020_12_schemas(name: str) -> None:
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_a_complete_event_is_valid() -> None:
    event = example_event(
        NgayTiepNhan="20260105093000",
        NgayHenTra="20260108170000",
        NgayTra="20260108100000",
        HinhThuc=2,
        NgayKetThucXuLy="20260107160000",
        DanhSachHoSoBoSung=[
            {
                "NgayYeuCauBoSung": "20260106090000",
                "NgayTiepNhanBoSung": "20260106150000",
                "NgayHenTraTruoc": "20260108170000",
                "NgayHenTraMoi": "20260109170000",
            }
        ],
        DanhSachGiayToKetQua=[
            {
                "TenGiayTo": "Giấy khai sinh",
                "MaGiayTo": "KQ01",
                "DuongDanTepTinKetQua": "https://motcua.example.vn/ket-qua/1.pdf",
            }
        ],
        DanhGia={"MucDoHaiLong": 5, "NgayDanhGia": "20260108110000", "YKien": "Nhanh"},
    )
    assert event_errors(event) == []


def test_a_minimal_event_is_valid() -> None:
    event = example_event()
    optional = set(event["HoSo"]) - {
        "MaHoSo", "MaTTHC", "TenTTHC", "KenhThucHien", "ChuHoSo", "NgayNopHoSo",
        "TrangThaiHoSo", "DonViXuLy", "MaDonViTiepNhan",
    }  # fmt: skip
    for name in optional:
        del event["HoSo"][name]
    assert event_errors(event) == []


def test_a_wrong_procedure_code_is_an_error_with_its_path() -> None:
    assert event_errors(example_event(MaTTHC="1.1612")) == [
        "$.HoSo.MaTTHC: '1.1612' does not match '^[0-9]\\\\.[0-9]{6}$'"
    ]


def test_extra_properties_are_refused_at_the_top_and_in_the_dossier() -> None:
    event = example_event(TrangThai="2")
    event["MaHoSo"] = "moved to the wrong level"
    assert event_errors(event) == [
        "$.HoSo: Additional properties are not allowed ('TrangThai' was unexpected)",
        "$: Additional properties are not allowed ('MaHoSo' was unexpected)",
    ]


def test_extra_properties_are_refused_in_list_items() -> None:
    fee = {"TenPhiLePhi": "Lệ phí", "MucThu": 8000, "SoTien": 8000}
    assert event_errors(example_event(DanhSachLePhi=[fee])) == [
        "$.HoSo.DanhSachLePhi[0]: Additional properties are not allowed ('SoTien' was unexpected)"
    ]


@pytest.mark.parametrize(
    "value",
    [
        "2026-01-05",  # ISO, not yyyyMMddHHmmss
        "20260105",  # a date without the time
        "20261305090000",  # month 13
        "20260105250000",  # hour 25
        "٢٠٢٦٠١٠٥٠٩٠٠٠٠",  # Arabic-Indic digits
    ],
)
def test_bad_dates_are_errors(value: str) -> None:
    event = example_event()
    event["ThoiGian"] = value
    assert event_errors(event) == [f"$.ThoiGian: {value!r} does not match {DATE14}"]


def test_a_date_with_a_trailing_newline_is_an_error() -> None:
    event = example_event()
    event["ThoiGian"] = "20260105090000\n"
    assert event_errors(event) == ["$.ThoiGian: '20260105090000\\n' is too long"]


def test_a_nullable_date_reports_the_date_error_not_the_null_branch() -> None:
    assert event_errors(example_event(NgayHenTra="20260230")) == [
        f"$.HoSo.NgayHenTra: '20260230' does not match {DATE14}"
    ]


def test_codes_are_integers_from_their_lists() -> None:
    event = example_event(KenhThucHien=4, HinhThuc="2", TrangThaiHoSo="11")
    event["ThuTu"] = 0
    assert event_errors(event) == [
        "$.HoSo.HinhThuc: '2' is not of type 'integer'",
        "$.HoSo.HinhThuc: '2' is not one of [0, 1, 2]",
        "$.HoSo.KenhThucHien: 4 is not one of [1, 2, 3]",
        "$.HoSo.TrangThaiHoSo: '11' is not one of "
        "['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']",
        "$.ThuTu: 0 is less than the minimum of 1",
    ]


def test_missing_required_fields_are_named() -> None:
    event = example_event()
    del event["HoSo"]["DonViXuLy"]
    del event["IdSuKien"]
    assert event_errors(event) == [
        "$.HoSo: 'DonViXuLy' is a required property",
        "$: 'IdSuKien' is a required property",
    ]


def test_an_event_id_must_be_a_uuid() -> None:
    assert event_errors(example_event(event_id="outbox-17")) == [
        "$.IdSuKien: 'outbox-17' does not match "
        "'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'"
    ]


def test_a_result_link_must_be_an_absolute_uri() -> None:
    result = {"TenGiayTo": "Giấy khai sinh", "DuongDanTepTinKetQua": "/ket-qua/1.pdf"}
    assert event_errors(example_event(DanhSachGiayToKetQua=[result])) == [
        "$.HoSo.DanhSachGiayToKetQua[0].DuongDanTepTinKetQua: '/ket-qua/1.pdf' does not match "
        "'^[A-Za-z][A-Za-z0-9+.-]*:[^\\\\s]+$'"
    ]


def test_a_complete_inbound_item_is_valid() -> None:
    assert inbound_errors(example_inbound_item()) == []
    assert inbound_errors({"feed_id": 7, **example_inbound_item()}) == []


def test_inbound_items_need_a_12_digit_id_number_and_base64_content() -> None:
    item = example_inbound_item()
    item["ChuHoSo"]["SoDinhDanh"] = "0011900543"
    item["TaiLieuNop"][0]["NoiDung"] = "not base64!"
    del item["DuLieuToKhai"]
    assert inbound_errors(item) == [
        "$.ChuHoSo.SoDinhDanh: '0011900543' does not match '^[0-9]{12}$'",
        "$.TaiLieuNop[0].NoiDung: 'not base64!' does not match "
        "'^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$'",
        "$.TaiLieuNop[0].NoiDung: 'not base64!' should not be valid under {'pattern': '\\\\s'}",
        "$: 'DuLieuToKhai' is a required property",
    ]
