# SPDX-License-Identifier: EUPL-1.2
"""The tracking book (form 07) of a unit for a period, as an XLSX workbook."""

import io
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from django.test import override_settings
from django.utils import translation
from openpyxl import load_workbook

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.records.tests.support import at, when
from motcua.records.tracking_book import Period, write_tracking_book
from motcua.testing.builders import World, submit_dossier

PROCEDURE = "Cấp Giấy xác nhận tình trạng hôn nhân"
COMMUNE = "UBND Phường An Bình"
HEADERS = (
    "Line", "Dossier code", "Procedure", "Applicant", "Address, phone", "Lead agency",
    "Received at", "Promised date", "Returned at", "How returned",
    "Result collected by (signature)",
)  # fmt: skip


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def received_at(world: World, moment: datetime, *steps: tuple[datetime, str]) -> Dossier:
    d = world.submit(at=moment.replace(hour=7, minute=45))
    d = when(moment, lambda: world.apply(d, "receive"))
    for step_at, step in steps:
        d = when(step_at, lambda d=d, step=step: world.apply(d, step))  # type: ignore[misc]
    return d


def book(world: World, first: date, last: date) -> tuple[int, list[tuple[object, ...]]]:
    stream = io.BytesIO()
    count = write_tracking_book(world.centre, Period(first, last), stream)
    stream.seek(0)
    sheet = load_workbook(stream).active
    assert sheet is not None
    return count, list(sheet.iter_rows(values_only=True))


def test_the_book_lists_the_units_dossiers_received_in_the_period(world: World) -> None:
    before = received_at(world, at(27, 9, month=2))  # line 1, before the period
    applicant = services.Applicant(
        name="Nguyễn Thị Hoa", id_number="079088009999", phone="0901234567",
        address="12 Lê Lợi, Phường An Bình",
    )  # fmt: skip
    first = when(at(2, 8), lambda: submit_dossier(world, actor=world.desk(), applicant=applicant))
    first = when(at(2, 9), lambda: services.dossier_receive(first, actor=world.desk()))
    other_centre = world.org.commune_centres[1]
    elsewhere = when(
        at(5, 8), lambda: submit_dossier(world, actor=world.desk(other_centre),
                                         receiving_unit=other_centre)
    )  # fmt: skip
    when(at(5, 9), lambda: services.dossier_receive(elsewhere, actor=world.desk(other_centre)))
    when(at(5, 10), lambda: world.submit())  # submitted, never received
    returned = received_at(
        world, at(9, 16),
        (at(10, 8), "forward"), (at(10, 9), "assign"), (at(10, 10), "appraise"),
        (at(10, 11), "approve"), (at(10, 14), "issue"), (at(11, 10), "return"),
    )  # fmt: skip
    after = received_at(world, at(10, 8))  # line 4, after the period
    assert [d.tracking_book_line for d in (before, first, returned, after)] == [1, 2, 3, 4]

    count, rows = book(world, date(2026, 3, 2), date(2026, 3, 9))

    assert count == 2
    assert rows == [
        ("Form 07 · Dossier tracking book · Trung tâm Phục vụ hành chính công Phường An Bình"
         " · from 02/03/2026 to 09/03/2026", *[None] * 10),
        HEADERS,
        (2, first.code, PROCEDURE, "Nguyễn Thị Hoa", "12 Lê Lợi, Phường An Bình, 0901234567",
         COMMUNE, datetime(2026, 3, 2, 9), datetime(2026, 3, 5, 17), None, None, None),
        (3, returned.code, PROCEDURE, "Trần Văn An", None, COMMUNE, datetime(2026, 3, 9, 16),
         datetime(2026, 3, 12, 17), datetime(2026, 3, 11, 10), "At the counter",
         "Trần Văn An"),
    ]  # fmt: skip


def test_the_last_day_of_the_period_is_included_whole(world: World) -> None:
    late = received_at(world, at(9, 23, 30))
    assert book(world, date(2026, 3, 9), date(2026, 3, 9))[1][2][1] == late.code
    assert book(world, date(2026, 3, 10), date(2026, 3, 10))[0] == 0
    assert book(world, date(2026, 3, 8), date(2026, 3, 8))[0] == 0


def test_an_empty_period_has_the_title_and_headers_only(world: World) -> None:
    count, rows = book(world, date(2026, 1, 1), date(2026, 1, 31))
    assert (count, rows[1], len(rows)) == (0, HEADERS, 2)


@override_settings(MOTCUA_FORM_NUMBERING="circular_01_2018")
def test_the_title_uses_the_numbering_setting(world: World) -> None:
    _, rows = book(world, date(2026, 1, 1), date(2026, 1, 31))
    assert str(rows[0][0]).startswith("Form 06 · Dossier tracking book · ")


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends before it starts"):
        Period(date(2026, 3, 9), date(2026, 3, 8))
