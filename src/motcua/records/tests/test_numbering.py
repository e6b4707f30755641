# SPDX-License-Identifier: EUPL-1.2
"""Form numbers follow the circular chosen in the settings; forms keep their semantic type."""

from collections.abc import Iterator

import pytest
from django.test import override_settings
from django.utils import translation

from motcua.dossiers.lifecycle import Action, Status
from motcua.records import numbering
from motcua.records.forms import control_sheet_form, form_for_event, form_pdf
from motcua.records.tests.support import pdf_text
from motcua.testing.builders import World


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_circular_03_2025_numbers_the_seven_forms_by_default() -> None:
    assert [numbering.form_number(t) for t in numbering.FORM_TYPES] == [
        "01", "02", "03", "04", "05", "06", "07"
    ]  # fmt: skip
    assert numbering.current_numbering().circular == "03/2025/TT-VPCP"


@override_settings(MOTCUA_FORM_NUMBERING="circular_01_2018")
def test_circular_01_2018_numbers_six_forms_and_has_no_stop_notice() -> None:
    assert [numbering.form_number(t) for t in numbering.FORM_TYPES] == [
        "01", "02", "03", "04", None, "05", "06"
    ]  # fmt: skip


def test_the_printed_number_switches_with_the_setting(world: World) -> None:
    d = world.dossier_in(Status.STOPPED)
    stop = d.events.select_related("unit__parent").get(action=Action.STOP)
    text = pdf_text(form_pdf(control_sheet_form(d)))
    assert "Form 06 (Circular 03/2025/TT-VPCP)" in text
    assert "Form 05 (Circular 03/2025/TT-VPCP)" in pdf_text(form_pdf(form_for_event(d, stop)))
    with override_settings(MOTCUA_FORM_NUMBERING="circular_01_2018"):
        sheet = control_sheet_form(d)
        text = pdf_text(form_pdf(sheet))
        assert "Form 05 (Circular 01/2018/TT-VPCP)" in text and "Form 06" not in text
        assert sheet.filename == f"{d.code}-mau-05-control-sheet.pdf"
        notice = form_for_event(d, stop)
        text = pdf_text(form_pdf(notice))
        assert "NOTICE OF STOPPING THE PROCESSING OF THE DOSSIER" in text
        assert "Form " not in text and "Circular" not in text  # that circular had no form
        assert notice.filename == f"{d.code}-{stop.sequence}-stop-notice.pdf"


def test_another_circular_is_registered_and_chosen_by_name(world: World) -> None:
    numbering.register_numbering(
        "province_x", "12/2030/TT-X", {numbering.RECEIPT: "A1", numbering.CONTROL_SHEET: "K"}
    )
    try:
        with override_settings(MOTCUA_FORM_NUMBERING="province_x"):
            assert numbering.form_number(numbering.RECEIPT) == "A1"
            assert numbering.form_number(numbering.REFUSAL) is None
            d = world.dossier_in(Status.RECEIVED)
            receipt = d.events.select_related("unit__parent").get(action=Action.RECEIVE)
            text = pdf_text(form_pdf(form_for_event(d, receipt)))
            assert "Form A1 (Circular 12/2030/TT-X)" in text
    finally:
        del numbering.NUMBERINGS["province_x"]


def test_unknown_form_types_and_numberings_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown form types: transfer"):
        numbering.register_numbering("bad", "x", {"transfer": "09"})
    assert "bad" not in numbering.NUMBERINGS
    with pytest.raises(ValueError, match="unknown form type"):
        numbering.form_number("transfer")
    with (
        override_settings(MOTCUA_FORM_NUMBERING="circular_99"),
        pytest.raises(LookupError, match="MOTCUA_FORM_NUMBERING"),
    ):
        numbering.form_number(numbering.RECEIPT)
