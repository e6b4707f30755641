# SPDX-License-Identifier: EUPL-1.2
"""Demo application forms: valid for every demo procedure, and about the dossier's applicant."""

import random
from datetime import UTC, datetime
from typing import Any

import pytest

from motcua.catalog.services import catalog_import
from motcua.demo import formdata
from motcua.demo.history import HistoryBuilder
from motcua.demo.loader import demo_catalog
from motcua.dossiers.applicant_data import choice_titles, validate_applicant_data
from motcua.dossiers.models import Dossier
from motcua.testing.builders import APPLICANT_SCHEMA, World

PROCEDURES: list[dict[str, Any]] = demo_catalog()["procedures"]  # type: ignore[assignment]
CODES = [p["national_code"] for p in PROCEDURES]
SCHEMAS = {p["national_code"]: p["applicant_schema"] for p in PROCEDURES}
NAME, ID_NUMBER, PHONE = "Trần Văn An", "079088001234", "0912345678"


@pytest.mark.parametrize("code", CODES)
def test_every_demo_form_is_valid_with_the_applicant_in_it(code: str) -> None:
    schema = SCHEMAS[code]
    for seed in range(5):
        form = formdata.form_for(schema, random.Random(seed))
        form = formdata.with_applicant(form, schema, name=NAME, id_number=ID_NUMBER, phone=PHONE)
        validate_applicant_data(schema, form)
        keys = formdata.applicant_keys(schema, NAME)
        assert form[keys["id_number"]] == ID_NUMBER
        if "name" in keys:
            assert form[keys["name"]] == NAME
        if "phone" in keys:
            assert form[keys["phone"]] == PHONE


@pytest.mark.parametrize("code", CODES)
def test_choices_are_picked_among_the_labelled_values(code: str) -> None:
    schema = SCHEMAS[code]
    form = formdata.form_for(schema, random.Random(1))
    for name, spec in schema["properties"].items():
        choices = choice_titles(spec)
        if choices is not None:
            assert form[name] in [value for value, _title in choices], name


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("1.004873", {"name": "ho_ten", "id_number": "so_dinh_danh", "phone": "so_dien_thoai"}),
        ("1.004222", {"name": "ho_ten", "id_number": "so_dinh_danh", "phone": "so_dien_thoai"}),
        ("1.000656", {"name": "nguoi_khai_ho_ten", "id_number": "nguoi_khai_so_dinh_danh"}),
        ("1.003197", {"id_number": "nguoi_khai_so_dinh_danh", "phone": "so_dien_thoai"}),
        ("1.001193", {"id_number": "nguoi_di_khai_so_dinh_danh"}),
        ("1.000894", {"name": "chong_ho_ten", "id_number": "chong_so_dinh_danh",
                      "phone": "so_dien_thoai"}),
        ("2.001035", {"name": "ben_a_ho_ten", "id_number": "ben_a_so_dinh_danh"}),
    ],
)  # fmt: skip
def test_the_applicants_own_fields_are_found(code: str, expected: dict[str, str]) -> None:
    assert formdata.applicant_keys(SCHEMAS[code], NAME) == expected


def test_a_woman_applicant_is_the_bride_or_the_mother() -> None:
    name = "Lê Thị Bình"
    assert formdata.applicant_keys(SCHEMAS["1.000894"], name)["name"] == "vo_ho_ten"
    assert formdata.applicant_keys(SCHEMAS["2.000986"], name)["id_number"] == "me_so_dinh_danh"
    assert formdata.applicant_keys(SCHEMAS["2.000986"], NAME)["id_number"] == "cha_so_dinh_danh"


def test_a_value_the_field_would_refuse_is_not_put_in() -> None:
    schema = SCHEMAS["1.004873"]
    form = formdata.form_for(schema, random.Random(3))
    result = formdata.with_applicant(form, schema, name=NAME, id_number="A12", phone="+1 555")
    assert result["ho_ten"] == NAME
    assert (result["so_dinh_danh"], result["so_dien_thoai"]) == (
        form["so_dinh_danh"],
        form["so_dien_thoai"],
    )
    validate_applicant_data(schema, result)


def test_the_test_catalog_form_uses_full_name_and_id_number() -> None:
    form = formdata.with_applicant(
        formdata.form_for(APPLICANT_SCHEMA, random.Random(0)),
        APPLICANT_SCHEMA,
        name=NAME,
        id_number=ID_NUMBER,
    )
    assert (form["full_name"], form["id_number"]) == (NAME, ID_NUMBER)


@pytest.mark.django_db
def test_demo_dossiers_show_the_same_person_on_the_form(world: World) -> None:
    created = HistoryBuilder(world.org, seed=11, now=datetime(2026, 11, 20, 3, tzinfo=UTC)).build(
        12
    )
    assert created > 0
    for dossier in Dossier.objects.all():
        data = dossier.applicant_data
        assert (data["full_name"], data["id_number"]) == (
            dossier.applicant_name,
            dossier.applicant_id_number,
        )


@pytest.mark.django_db
def test_demo_catalog_dossiers_name_their_applicant_in_the_form(world: World) -> None:
    catalog_import(demo_catalog())
    builder = HistoryBuilder(world.org, seed=5, now=datetime(2026, 11, 20, 3, tzinfo=UTC))
    builder.versions = [v for v in builder.versions if v.procedure.national_code in SCHEMAS]
    assert builder.build(60) == 60  # every demo form is valid
    for dossier in Dossier.objects.select_related("procedure_version"):
        schema = dossier.procedure_version.applicant_schema
        keys = formdata.applicant_keys(schema, dossier.applicant_name)
        data = dossier.applicant_data
        assert data[keys["id_number"]] == dossier.applicant_id_number
        if "name" in keys:
            assert data[keys["name"]] == dossier.applicant_name
