# SPDX-License-Identifier: EUPL-1.2
"""Forms 01-05 printed from the event that produced them: the PDF text holds the exact values."""

import time

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation

from motcua.accounts.models import Role
from motcua.documents.qr import qr_svg
from motcua.dossiers import services
from motcua.dossiers.lifecycle import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.records.forms import PrintedForm, form_for_event, form_pdf, tracking_url
from motcua.records.tests.support import at, pdf_lines, pdf_text, when
from motcua.testing.builders import World, submit_dossier

MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
APPLICANT = services.Applicant(
    name="Nguyễn Thị Hoa",
    id_number="079088009999",
    phone="0901234567",
    address="12 Lê Lợi, Phường An Bình",
)


@pytest.fixture(autouse=True)
def english() -> object:
    with translation.override("en"):
        yield


def submitted(world: World) -> Dossier:
    """Submitted at the counter of the centre, Monday 9 March 2026 08:30."""
    return when(
        at(9, 8, 30), lambda: submit_dossier(world, actor=world.desk(), applicant=APPLICANT)
    )


def received(world: World) -> Dossier:
    """Received Monday 09:00: 3 working days, due Thursday 12 March 2026 17:00."""
    d = submitted(world)
    return when(at(9), lambda: services.dossier_receive(d, actor=world.desk()))


def event_of(d: Dossier, action: Action) -> DossierEvent:
    return d.events.select_related("unit__parent").get(action=action)


def printed(d: Dossier, action: Action) -> tuple[PrintedForm, str]:
    form = form_for_event(d, event_of(d, action))
    return form, pdf_text(form_pdf(form))


def test_receipt_prints_the_reception_values_and_a_qr_to_the_tracking_page(world: World) -> None:
    d = received(world)
    form, text = printed(d, Action.RECEIVE)
    assert (form.form_type, form.template_name) == ("receipt", "records/receipt.html")
    assert form.filename == f"{d.code}-2-mau-01-receipt.pdf"
    for expected in [
        *MOTTO,
        "UBND PHƯỜNG AN BÌNH",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG AN BÌNH",
        "Form 01 (Circular 03/2025/TT-VPCP)",
        "DOSSIER RECEIPT AND APPOINTMENT SLIP",
        f"Dossier code {d.code}",
        "Applicant Nguyễn Thị Hoa",
        "ID number 079088009999",
        "Address 12 Lê Lợi, Phường An Bình",
        "Phone 0901234567",
        "Request Cấp Giấy xác nhận tình trạng hôn nhân (1.004873)",
        "Number of sets 1",
        "Time limit 3 working days",
        "Received at 09:00 09/03/2026",
        "Result due at 17:00 12/03/2026",
        "Collect the result at Trung tâm Phục vụ hành chính công Phường An Bình",
        "Tracking book Book 2026, line 1",
        "Cán bộ một cửa 2",
        f"Dossier code: {d.code} Procedure code: 1.004873 "
        "Document: Dossier receipt and appointment slip "
        "System: Hệ thống thông tin giải quyết TTHC Issued at: 09:00 09/03/2026 "
        "Due at: 17:00 12/03/2026",
    ]:
        assert expected in text
    # the documents table, one row per document: number, name, original seen, copies
    lines = pdf_lines(form_pdf(form))
    assert "No. Document Original seen Copies" in lines
    assert "1 Tờ khai cấp Giấy xác nhận tình trạng hôn nhân No 1" in lines
    # the QR holds the public tracking address and nothing personal
    url = f"http://127.0.0.1:8000/tra-cuu/?code={d.code}"
    assert form.context["qr"]["url"] == url == tracking_url(d)
    html = render_to_string(form.template_name, form.context)
    assert qr_svg(url, title="QR code: follow this dossier online") in html
    assert "079088009999" not in url and "Hoa" not in url


@override_settings(MOTCUA_PUBLIC_URL="https://dichvucong.example.vn/")
def test_the_qr_address_follows_the_public_url_setting(world: World) -> None:
    d = received(world)
    form, _ = printed(d, Action.RECEIVE)
    assert form.context["qr"]["url"] == f"https://dichvucong.example.vn/tra-cuu/?code={d.code}"


def test_a_reprinted_receipt_is_identical_after_the_promised_date_moved(world: World) -> None:
    d = received(world)
    _, before = printed(d, Action.RECEIVE)
    d = when(at(9, 10), lambda: services.dossier_forward(d, actor=world.desk()))
    head = world.processing(Role.DEPARTMENT_HEAD)
    d = when(
        at(10, 10),
        lambda: services.dossier_extend_deadline(
            d, actor=head, new_due=at(16, 17), reason="Cần xác minh"
        ),
    )
    assert d.due_at == at(16, 17)
    _, after = printed(d, Action.RECEIVE)
    assert after == before
    assert "Result due at 17:00 12/03/2026" in after


def test_supplement_request_lists_every_missing_item_and_the_reason(world: World) -> None:
    d = submitted(world)
    missing = ["Bản sao giấy khai sinh", "Ảnh 4x6 chụp không quá 6 tháng"]
    d = when(
        at(9, 9, 15),
        lambda: services.dossier_request_supplement(
            d, actor=world.desk(), missing=missing, reason="Hồ sơ chưa đủ thành phần"
        ),
    )
    form, text = printed(d, Action.REQUEST_SUPPLEMENT)
    assert form.form_type == "supplement_request"
    for expected in [
        *MOTTO,
        "Form 02 (Circular 03/2025/TT-VPCP)",
        "REQUEST TO SUPPLEMENT AND COMPLETE THE DOSSIER",
        f"Dossier code {d.code}",
        "Applicant Nguyễn Thị Hoa",
        "After checking the dossier submitted on 08:30 09/03/2026",
        "1. Bản sao giấy khai sinh 2. Ảnh 4x6 chụp không quá 6 tháng",
        "Reason: Hồ sơ chưa đủ thành phần",
        "Issued on 09/03/2026",
    ]:
        assert expected in text


def test_refusal_prints_the_legal_reason(world: World) -> None:
    d = submitted(world)
    reason = "Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã"
    d = when(at(9, 9, 20), lambda: services.dossier_refuse(d, actor=world.desk(), reason=reason))
    form, text = printed(d, Action.REFUSE)
    assert form.form_type == "refusal"
    for expected in [
        "Form 03 (Circular 03/2025/TT-VPCP)",
        "REFUSAL TO RECEIVE THE DOSSIER",
        f"Dossier code {d.code}",
        "Applicant Nguyễn Thị Hoa",
        reason,
        "Issued on 09/03/2026",
    ]:
        assert expected in text


def test_apology_and_extension_prints_the_old_and_the_new_date(world: World) -> None:
    d = received(world)
    d = when(at(9, 10), lambda: services.dossier_forward(d, actor=world.desk()))
    head = world.processing(Role.DEPARTMENT_HEAD)
    d = when(
        at(10, 10),
        lambda: services.dossier_extend_deadline(
            d, actor=head, new_due=at(16, 17), reason="Cần xác minh tại nơi cư trú trước đây"
        ),
    )
    form, text = printed(d, Action.EXTEND_DEADLINE)
    assert form.form_type == "apology_extension"
    for expected in [
        "Form 04 (Circular 03/2025/TT-VPCP)",
        "APOLOGY AND NEW APPOINTMENT DATE",
        "To: Nguyễn Thị Hoa",
        f"Dossier code {d.code}",
        "Received at 09:00 09/03/2026",
        "Promised date 17:00 12/03/2026",
        "Reason for the delay Cần xác minh tại nơi cư trú trước đây",
        "New promised date 17:00 16/03/2026",
        "UBND PHƯỜNG AN BÌNH",
        "Head of unit",
        head.display,
    ]:
        assert expected in text


def test_stop_notice_prints_the_request_and_the_reason(world: World) -> None:
    owner = world.applicant()  # submitted online, so the applicant's account may withdraw
    d = when(at(9, 8), lambda: submit_dossier(world, actor=owner, applicant=APPLICANT))
    d = when(at(9), lambda: services.dossier_receive(d, actor=world.desk()))
    d = when(at(9, 10), lambda: services.dossier_forward(d, actor=world.desk()))
    d = when(
        at(10, 8), lambda: services.dossier_withdraw(d, actor=owner, reason="Không còn nhu cầu")
    )
    head = world.processing(Role.DEPARTMENT_HEAD)
    d = when(
        at(10, 14),
        lambda: services.dossier_stop(d, actor=head, reason="Người nộp hồ sơ xin rút hồ sơ"),
    )
    assert d.status == Status.STOPPED
    form, text = printed(d, Action.STOP)
    assert form.form_type == "stop_notice"
    for expected in [
        "Form 05 (Circular 03/2025/TT-VPCP)",
        "NOTICE OF STOPPING THE PROCESSING OF THE DOSSIER",
        f"Dossier code {d.code}",
        "Applicant Nguyễn Thị Hoa",
        "The applicant asked to stop on 08:00 10/03/2026. (Không còn nhu cầu)",
        "Người nộp hồ sơ xin rút hồ sơ",
        "Issued on 10/03/2026",
    ]:
        assert expected in text


def test_an_event_that_produced_no_form_has_none(world: World) -> None:
    d = received(world)
    with pytest.raises(LookupError):
        form_for_event(d, event_of(d, Action.SUBMIT))
    other = submitted(world)
    with pytest.raises(LookupError):  # an event of another dossier
        form_for_event(other, event_of(d, Action.RECEIVE))


def test_a_form_renders_in_vietnamese_by_default_and_in_well_under_a_second(
    world: World,
) -> None:
    d = received(world)
    form_pdf(form_for_event(d, event_of(d, Action.RECEIVE)))  # fonts and templates warmed up
    with translation.override("vi"):
        form = form_for_event(d, event_of(d, Action.RECEIVE))
        started = time.perf_counter()
        pdf = form_pdf(form)
        elapsed = time.perf_counter() - started
    text = pdf_text(pdf)
    assert all(line in text for line in MOTTO)
    assert d.code in text and "Nguyễn Thị Hoa" in text
    assert elapsed < 1.0
