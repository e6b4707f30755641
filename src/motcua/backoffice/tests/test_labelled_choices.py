# SPDX-License-Identifier: EUPL-1.2
"""Labelled choices (``oneOf`` ``const``/``title``) in the back office: selects and display."""

from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from motcua.demo.loader import demo_catalog
from motcua.dossiers.models import Dossier
from motcua.testing.builders import World, add_procedure, submit_dossier
from motcua.webforms.schema_form import SchemaForm

from .support import login_official
from .test_intake import en, html

PROCEDURES: list[dict[str, Any]] = demo_catalog()["procedures"]  # type: ignore[assignment]
MARITAL = next(p["applicant_schema"] for p in PROCEDURES if p["national_code"] == "1.004873")
FORM = {
    "ho_ten": "Trần Văn An",
    "so_dinh_danh": "079088001234",
    "ngay_sinh": "1988-05-02",
    "tinh_trang_hon_nhan": "da_ly_hon",
    "muc_dich_su_dung": "Kết hôn",
}
OPTIONS = (
    '<option value="">Choose…</option>\n'
    '<option value="chua_ket_hon">Chưa kết hôn</option>\n'
    '<option value="da_ly_hon"{selected}>Đã ly hôn</option>\n'
    '<option value="vo_chong_da_chet">Vợ (chồng) đã chết</option>\n'
    '<option value="dang_co_vo_chong">Đang có vợ (chồng)</option>\n'
)


def test_the_select_shows_the_option_titles_and_stores_the_values() -> None:
    with translation.override("en"):
        form = SchemaForm(MARITAL)
        page = render_to_string(
            "backoffice/intake/_field.html", {"field": form["tinh_trang_hon_nhan"]}
        )
    assert OPTIONS.format(selected="") in page
    bound = SchemaForm(MARITAL, {f"data-{k}": v for k, v in FORM.items()} | {"data-ngay_sinh": ""})
    assert bound.is_valid() is False
    assert bound["tinh_trang_hon_nhan"].value() == "da_ly_hon"
    complete = SchemaForm(MARITAL, {f"data-{k}": v for k, v in FORM.items()})
    assert complete.is_valid(), complete.errors
    assert complete.to_json()["tinh_trang_hon_nhan"] == "da_ly_hon"


def test_a_value_outside_the_choices_is_refused() -> None:
    data = {f"data-{k}": v for k, v in FORM.items()} | {"data-tinh_trang_hon_nhan": "goa"}
    form = SchemaForm(MARITAL, data)
    assert not form.is_valid()
    assert list(form.errors) == ["tinh_trang_hon_nhan"]


@pytest.mark.django_db
def test_officials_read_titles_and_dates_not_slugs(client: Client, world: World) -> None:
    version = add_procedure("1.099999", applicant_schema=MARITAL)
    dossier = submit_dossier(world, version=version, applicant_data=dict(FORM))
    login_official(client, world.desk())
    page = html(client.get(en("dossier", pk=dossier.pk)))
    for label, value in (
        ("Họ, chữ đệm và tên người yêu cầu", "Trần Văn An"),
        ("Ngày sinh", "02/05/1988"),
        ("Tình trạng hôn nhân hiện tại", "Đã ly hôn"),
    ):
        row = f'<dt class="govuk-summary-list__key">{label}</dt>'
        row += f'<dd class="govuk-summary-list__value">{value}</dd>'
        assert row in page, label
    assert "da_ly_hon" not in page


@pytest.mark.django_db
def test_the_supplement_page_preselects_the_stored_choice(client: Client, world: World) -> None:
    version = add_procedure("1.099999", applicant_schema=MARITAL)
    dossier = world.apply(
        submit_dossier(world, version=version, applicant_data=dict(FORM)), "completion"
    )
    assert Dossier.objects.get(pk=dossier.pk).status == "awaiting_completion"
    login_official(client, world.desk())
    page = html(client.get(en("dossier_supplement", pk=dossier.pk)))
    assert OPTIONS.format(selected=" selected") in page
