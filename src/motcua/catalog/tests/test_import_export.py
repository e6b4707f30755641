# SPDX-License-Identifier: EUPL-1.2
import copy
import json
from datetime import date
from importlib import resources

import pytest

from motcua.catalog.exchange_format import catalog_problems
from motcua.catalog.models import Procedure, ProcedureVersion, VersionStatus
from motcua.catalog.selectors import version_in_force
from motcua.catalog.serialization import catalog_export, catalog_from_xlsx, catalog_to_xlsx
from motcua.catalog.services import catalog_import
from motcua.core.errors import ValidationFailed
from motcua.testing.builders import catalog_document, procedure_document

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


def test_import_creates_a_published_version_with_every_part() -> None:
    report = catalog_import(catalog_document())
    assert report.created == ["1.004873"]
    version = ProcedureVersion.objects.get()
    assert (version.number, version.status) == (1, VersionStatus.PUBLISHED)
    assert [s.role for s in version.steps.all()] == [
        "reception_officer", "department_head", "specialist", "signing_leader", "clerk",
        "reception_officer",
    ]  # fmt: skip
    assert version.requirements.get().name == "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"
    assert version.fees.get().amount_vnd == 5000
    assert version.search_text == (
        "cap giay xac nhan tinh trang hon nhan certification of marital status 1.004873 "
        "ho tich civil status"
    )


def test_importing_the_same_document_again_changes_nothing() -> None:
    catalog_import(catalog_document())
    report = catalog_import(catalog_document())
    assert (report.created, report.unchanged) == ([], ["1.004873"])
    assert ProcedureVersion.objects.count() == 1


def test_a_change_makes_a_new_version_and_ends_the_old_one() -> None:
    catalog_import(catalog_document())
    changed = procedure_document(
        effective_from="2026-03-01",
        fees=[{"code": "F1", "kind": "fee", "name_vi": "Lệ phí", "amount_vnd": 0}],
    )
    assert catalog_import(catalog_document(changed)).created == ["1.004873"]
    old, new = ProcedureVersion.objects.order_by("number")
    assert old.effective_to == date(2026, 3, 1)
    assert version_in_force("1.004873", date(2026, 2, 28)) == old
    assert version_in_force("1.004873", TODAY) == new
    assert new.fees.get().amount_vnd == 0
    assert old.fees.get().amount_vnd == 5000  # running dossiers keep their version


def test_invalid_document_is_refused_whole_with_every_problem_listed() -> None:
    bad_shares = procedure_document(national_code="1.000001")
    bad_shares["internal_steps"][2]["share"] = "5"
    unknown_field = procedure_document(national_code="1.000002", field="ZZ")
    document = catalog_document(procedure_document(), bad_shares, unknown_field)
    with pytest.raises(ValidationFailed) as raised:
        catalog_import(document)
    assert raised.value.details["errors"] == [
        "procedures/1 (1.000001): step shares add up to 56 working hours, the limit is 24",
        "procedures/2 (1.000002): unknown field 'ZZ'",
    ]
    assert Procedure.objects.count() == 0


def test_schema_errors_name_the_path() -> None:
    document = catalog_document(procedure_document(national_code="1-2", level="district"))
    assert catalog_problems(document) == [
        "procedures/0/level: 'district' is not one of ['province', 'commune']",
        "procedures/0/national_code: '1-2' does not match '^\\\\d\\\\.\\\\d{6}$'",
    ]


def test_invalid_applicant_schema_is_reported() -> None:
    document = catalog_document(procedure_document(applicant_schema={"type": "nonsense"}))
    (problem,) = catalog_problems(document)
    assert problem.startswith("procedures/0 (1.004873): applicant_schema is not a valid JSON")


def test_json_export_round_trips_to_the_same_document() -> None:
    catalog_import(catalog_document())
    exported = catalog_export(TODAY)
    assert catalog_problems(exported) == []
    assert catalog_import(copy.deepcopy(exported)).unchanged == ["1.004873"]
    assert json.loads(json.dumps(exported, ensure_ascii=False)) == exported


def test_xlsx_export_round_trips_to_the_same_document() -> None:
    catalog_import(catalog_document())
    exported = catalog_export(TODAY)
    assert catalog_from_xlsx(catalog_to_xlsx(exported)) == exported


def test_demo_catalog_is_valid_and_complete() -> None:
    text = resources.files("motcua.catalog").joinpath("data/demo_catalog.json").read_text()
    document = json.loads(text)
    assert catalog_problems(document) == []
    assert len(document["procedures"]) >= 25
    report = catalog_import(document)
    assert len(report.created) == len(document["procedures"])
