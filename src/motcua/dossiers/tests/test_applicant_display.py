# SPDX-License-Identifier: EUPL-1.2
"""Labelled choices in application forms: their check, and the form as people read it."""

import json
from importlib import resources
from typing import Any

import pytest
from django.utils import translation

from motcua.core.errors import ValidationFailed
from motcua.dossiers.applicant_data import (
    applicant_data_display,
    choice_titles,
    validate_applicant_data,
)

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["ho_ten", "tinh_trang"],
    "properties": {
        "ho_ten": {"type": "string", "title": "Họ và tên"},
        "tinh_trang": {
            "type": "string",
            "title": "Tình trạng hôn nhân",
            "oneOf": [
                {"const": "chua_ket_hon", "title": "Chưa kết hôn"},
                {"const": "da_ly_hon", "title": "Đã ly hôn"},
            ],
        },
        "ngay_sinh": {"type": "string", "title": "Ngày sinh", "format": "date"},
        "dong_y": {"type": "boolean", "title": "Đồng ý"},
        "so_ban": {"type": "integer", "title": "Số bản"},
        "muc_dich": {"enum": ["a", "b"], "title": "Mục đích"},
        "hang": {"enum": ["II", "III"], "x-enumNames": ["Hạng II", "Hạng III"]},
        "dia_chi": {
            "type": "object",
            "title": "Địa chỉ",
            "properties": {"xa": {"type": "string", "title": "Xã"}},
        },
    },
    "additionalProperties": False,
}


def demo_schemas() -> list[dict[str, Any]]:
    text = resources.files("motcua.catalog").joinpath("data/demo_catalog.json").read_text("utf-8")
    return [p["applicant_schema"] for p in json.loads(text)["procedures"]]


def test_the_form_is_shown_with_titles_dates_and_yes_no_in_schema_order() -> None:
    data = {
        "dong_y": True,
        "ngay_sinh": "1988-05-02",
        "tinh_trang": "da_ly_hon",
        "ho_ten": "Trần Văn An",
        "so_ban": 2,
        "muc_dich": "b",
        "hang": "III",
        "dia_chi": {"xa": "An Bình"},
    }
    with translation.override("en"):
        rows = applicant_data_display(SCHEMA, data)
    assert rows == [
        ("Họ và tên", "Trần Văn An"),
        ("Tình trạng hôn nhân", "Đã ly hôn"),
        ("Ngày sinh", "02/05/1988"),
        ("Đồng ý", "Yes"),
        ("Số bản", "2"),
        ("Mục đích", "b"),
        ("hang", "Hạng III"),
        ("Địa chỉ – Xã", "An Bình"),
    ]


def test_booleans_are_translated() -> None:
    with translation.override("vi"):
        rows = applicant_data_display(SCHEMA, {"dong_y": False})
        no = translation.gettext("No")
    assert no != "No"
    assert rows == [("Đồng ý", no)]


def test_values_the_schema_does_not_know_are_shown_as_they_are_last() -> None:
    data = {"nickname": "An", "tinh_trang": "khong_ro", "ngay_sinh": "02/05/1988"}
    assert applicant_data_display(SCHEMA, data) == [
        ("Tình trạng hôn nhân", "khong_ro"),
        ("Ngày sinh", "02/05/1988"),
        ("nickname", "An"),
    ]


def test_a_form_that_is_not_an_object_shows_nothing() -> None:
    assert applicant_data_display(SCHEMA, ["ho_ten"]) == []


def test_choice_titles_read_every_labelled_form() -> None:
    properties = SCHEMA["properties"]
    assert choice_titles(properties["tinh_trang"]) == [
        ("chua_ket_hon", "Chưa kết hôn"),
        ("da_ly_hon", "Đã ly hôn"),
    ]
    assert choice_titles(properties["muc_dich"]) == [("a", "a"), ("b", "b")]
    assert choice_titles(properties["hang"]) == [("II", "Hạng II"), ("III", "Hạng III")]
    assert choice_titles(properties["ho_ten"]) is None
    assert choice_titles({"oneOf": [{"type": "string"}, {"type": "integer"}]}) is None


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_value_outside_labelled_choices_gets_the_choice_message(language: str) -> None:
    with translation.override(language):
        with pytest.raises(ValidationFailed) as raised:
            validate_applicant_data(SCHEMA, {"ho_ten": "An", "tinh_trang": "khong_ro"})
        expected = translation.gettext("Choose one of the allowed values.")
    assert raised.value.details == {"errors": {"tinh_trang": [expected]}}
    if language == "vi":
        assert expected != "Choose one of the allowed values."


def test_every_demo_choice_is_labelled_in_vietnamese() -> None:
    choices = [
        (name, spec)
        for schema in demo_schemas()
        for name, spec in schema["properties"].items()
        if "enum" in spec or "oneOf" in spec
    ]
    assert len(choices) == 24
    for name, spec in choices:
        assert "enum" not in spec, name
        for option in spec["oneOf"]:
            assert set(option) == {"const", "title"}, name
            assert option["title"] != option["const"] and "_" not in option["title"], name
