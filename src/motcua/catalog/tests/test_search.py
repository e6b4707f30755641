# SPDX-License-Identifier: EUPL-1.2
from datetime import date

import pytest

from motcua.catalog.selectors import procedure_search
from motcua.catalog.services import catalog_import
from motcua.testing.builders import catalog_document, procedure_document

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


@pytest.fixture
def catalog() -> None:
    catalog_import(
        catalog_document(
            procedure_document(),
            procedure_document(
                national_code="1.000894", name_vi="Đăng ký kết hôn", name_en="Marriage registration"
            ),
            procedure_document(
                national_code="1.000656", name_vi="Đăng ký khai tử", name_en="Death registration"
            ),
            procedure_document(
                national_code="1.009994",
                name_vi="Cấp giấy phép xây dựng",
                name_en="Construction permit",
                field="XD",
            ),
        )
    )


def _codes(query: str) -> list[str]:
    return [v.procedure.national_code for v in procedure_search(query, TODAY)]


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("dang ky ket hon", ["1.000894"]),
        ("Đăng ký kết hôn", ["1.000894"]),
        ("ĐĂNG KÝ", ["1.000656", "1.000894"]),
        ("marriage", ["1.000894"]),
        ("hon nhan", ["1.004873"]),
        ("xay dung", ["1.009994"]),
        ("1.000656", ["1.000656"]),
        ("ho tich", ["1.000656", "1.000894", "1.004873"]),
        ("ket hon passport", []),
        ("", []),
    ],
)
def test_search_ignores_accents_and_case_on_every_database(query: str, codes: list[str]) -> None:
    assert _codes(query) == codes


@pytest.mark.usefixtures("catalog")
def test_whole_phrase_in_the_name_ranks_first() -> None:
    assert _codes("dang ky")[:2] == ["1.000656", "1.000894"]
    assert _codes("ket hon dang ky") == ["1.000894"]


@pytest.mark.usefixtures("catalog")
def test_only_versions_in_force_are_found() -> None:
    assert _codes("ket hon") == ["1.000894"]
    assert [v.procedure.national_code for v in procedure_search("ket hon", date(2025, 6, 30))] == []


def test_the_best_match_wins_however_many_procedures_match() -> None:
    many = [
        procedure_document(national_code=f"1.{100000 + n}", name_vi=f"Thủ tục thứ {n}")
        for n in range(40)
    ]  # all in the civil-status field, so "ho tich" matches them through the field name
    best = procedure_document(national_code="2.999999", name_vi="Cấp bản sao trích lục hộ tịch")
    catalog_import(catalog_document(*many, best))
    found = procedure_search("ho tich", TODAY, limit=5)
    assert [v.procedure.national_code for v in found] == [
        "2.999999", "1.100000", "1.100001", "1.100002", "1.100003",
    ]  # fmt: skip
