# SPDX-License-Identifier: EUPL-1.2
"""The application form built from a procedure's JSON Schema, and its way back to JSON."""

import json
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.utils import translation

from motcua.core.errors import ValidationFailed
from motcua.dossiers.applicant_data import validate_applicant_data
from motcua.testing.builders import APPLICANT_SCHEMA
from motcua.webforms.schema_form import SchemaForm

CATALOG = Path(__file__).resolve().parents[2] / "catalog" / "data" / "demo_catalog.json"
DEMO_SCHEMAS = [p["applicant_schema"] for p in json.loads(CATALOG.read_text())["procedures"]]

NESTED: dict[str, Any] = {
    "type": "object",
    "required": ["name", "address"],
    "properties": {
        "name": {"type": "string", "title": "Name", "maxLength": 50},
        "address": {
            "type": "object",
            "required": ["street"],
            "properties": {
                "street": {"type": "string", "minLength": 1},
                "ward": {"type": "string"},
            },
        },
        "guardian": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "minLength": 2},
                "adult": {"type": "boolean", "title": "Adult"},
            },
        },
        "area": {"type": "number", "exclusiveMinimum": 0},
        "count": {"type": "integer", "minimum": 1, "maximum": 20},
        "agreed": {"type": "boolean"},
        "kind": {"oneOf": [{"const": 1, "title": "First"}, {"const": 2, "title": "Second"}]},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": False,
}


def bound(schema: dict[str, Any], **values: str) -> SchemaForm:
    return SchemaForm(schema, {f"data-{k.replace('__', '.')}": v for k, v in values.items()})


def test_fields_follow_the_schema_with_titles_as_labels() -> None:
    form = SchemaForm(APPLICANT_SCHEMA)
    assert list(form.fields) == ["full_name", "id_number", "birth_date", "purpose"]
    assert [form.fields[n].required for n in form.fields] == [True, True, True, False]
    assert form.fields["full_name"].label == "Họ và tên"
    assert isinstance(form.fields["birth_date"], forms.DateField)
    assert isinstance(form.fields["purpose"], forms.TypedChoiceField)
    assert (form["full_name"].html_name, form["full_name"].auto_id) == (
        "data-full_name",
        "data-full_name",
    )


def test_the_cleaned_form_is_the_json_object_the_schema_accepts() -> None:
    form = bound(
        APPLICANT_SCHEMA,
        full_name=" Trần Văn An ",
        id_number="079088001234",
        birth_date="02/05/1988",
        purpose="marriage",
    )
    assert form.is_valid(), form.errors
    data = form.to_json()
    assert data == {
        "full_name": "Trần Văn An",
        "id_number": "079088001234",
        "birth_date": "1988-05-02",
        "purpose": "marriage",
    }
    validate_applicant_data(APPLICANT_SCHEMA, data)


def test_optional_empty_fields_are_left_out() -> None:
    form = bound(
        APPLICANT_SCHEMA,
        full_name="An",
        id_number="079088001234",
        birth_date="1988-05-02",
        purpose="",
    )
    assert form.is_valid(), form.errors
    assert "purpose" not in form.to_json()


def test_pattern_enum_and_date_are_checked() -> None:
    form = bound(
        APPLICANT_SCHEMA, full_name="An", id_number="12", birth_date="31/02/1988", purpose="holiday"
    )
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors == {
            "id_number": ["The format is not valid."],
            "birth_date": ["Enter a valid date."],
            "purpose": ["Select a valid choice. holiday is not one of the available choices."],
        }


@pytest.mark.parametrize("index", range(len(DEMO_SCHEMAS)))
def test_every_demo_schema_builds_a_form(index: int) -> None:
    schema = DEMO_SCHEMAS[index]
    form = SchemaForm(schema)
    assert list(form.fields) == list(schema["properties"])
    for name, field in form.fields.items():
        assert field.required == (name in schema["required"]), name
        assert field.label == schema["properties"][name]["title"]


def test_numbers_and_integers_become_json_numbers() -> None:
    building = next(s for s in DEMO_SCHEMAS if "tong_dien_tich_san_m2" in s["properties"])
    values = {
        "chu_dau_tu_ho_ten": "Ngô Văn Bảo",
        "so_dinh_danh": "079088001234",
        "dia_diem_xay_dung": "Thôn 3",
        "so_tang": "3",
        "tong_dien_tich_san_m2": "182.5",
    }
    form = bound(building, **values)
    assert form.is_valid(), form.errors
    data = form.to_json()
    assert (data["so_tang"], data["tong_dien_tich_san_m2"]) == (3, 182.5)
    validate_applicant_data(building, data)
    too_small = bound(building, **{**values, "tong_dien_tich_san_m2": "0", "so_tang": "31"})
    with translation.override("en"):
        assert not too_small.is_valid()
        assert too_small.errors["tong_dien_tich_san_m2"] == ["Enter a number greater than 0."]
        assert too_small.errors["so_tang"] == ["Ensure this value is less than or equal to 30."]


def test_nested_objects_are_flattened_with_dotted_names() -> None:
    form = bound(
        NESTED,
        name="An",
        address__street="1 Lê Lợi",
        area="12",
        count="2",
        agreed="on",
        kind="2",
        tags="a\n\n b \n",
    )
    assert [n for n in form.fields if "." in n] == [
        "address.street",
        "address.ward",
        "guardian.name",
        "guardian.adult",
    ]
    assert form.fields["address.street"].required is True
    assert form.fields["guardian.name"].required is False
    assert form.is_valid(), form.errors
    data = form.to_json()
    assert data == {
        "name": "An",
        "address": {"street": "1 Lê Lợi"},
        "area": 12,
        "count": 2,
        "agreed": True,
        "kind": 2,
        "tags": ["a", "b"],
    }
    validate_applicant_data(NESTED, data)


def test_a_started_optional_object_needs_its_required_fields() -> None:
    form = bound(NESTED, name="An", address__street="x", guardian__adult="on")
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors == {"guardian.name": ["Nhập “name”."]}
    filled = bound(
        NESTED, name="An", address__street="x", guardian__name="Bố", guardian__adult="on"
    )
    assert filled.is_valid(), filled.errors
    assert filled.to_json()["guardian"] == {"name": "Bố", "adult": True}


def test_service_errors_keyed_by_json_path_land_on_their_fields() -> None:
    form = bound(NESTED, name="An", address__street="x")
    assert form.is_valid()
    with pytest.raises(ValidationFailed) as caught:
        validate_applicant_data(NESTED, {"name": "An", "address": {}, "tags": [1], "extra": 1})
    errors = caught.value.details["errors"]
    assert set(errors) == {"street", "tags.0", "extra"}
    unmatched = form.add_schema_errors(errors)
    assert set(form.errors) == {"address.street", "tags"}
    assert set(unmatched) == {"extra"}


def test_initial_values_come_from_a_json_object() -> None:
    initial = SchemaForm.initial_from_json(
        {"name": "An", "address": {"street": "1"}, "count": 2, "agreed": False, "tags": ["a", "b"]}
    )
    assert initial == {
        "name": "An",
        "address.street": "1",
        "count": "2",
        "agreed": False,
        "tags": "a\nb",
    }
    form = SchemaForm(NESTED, initial=initial)
    assert (form["address.street"].value(), form["count"].value()) == ("1", "2")
