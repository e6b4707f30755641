# SPDX-License-Identifier: EUPL-1.2
"""The tracking book (form 07, sổ theo dõi hồ sơ) of a unit as an XLSX workbook.

One line per dossier the unit received in a period (by date of reception, local time), in the
order of the book's lines: line, dossier code, procedure, applicant, address and phone, lead
agency (the competent unit), received at, promised date, returned at, how it was returned, and
who collected the result (the signature column). The electronic book is allowed (Circular
03/2025 form 07). The workbook is written row by row (openpyxl write-only mode) from a database
iterator, so a year of a busy centre costs little memory.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import IO, Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.orgunits.models import OrgUnit
from motcua.records import numbering
from motcua.records.control_sheet import RETURN_METHOD_LABELS

DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
#: Column widths (characters), in the order of ``headers()``.
WIDTHS = (7, 28, 40, 24, 32, 28, 17, 17, 17, 16, 26)


@dataclass(frozen=True)
class Period:
    """Days of reception, both included."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("the period ends before it starts")

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as [start, end) aware datetimes in the local time zone."""
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.first, time.min, zone)
        return start, datetime.combine(self.last + timedelta(days=1), time.min, zone)


def headers() -> list[str]:
    return [
        _("Line"),
        _("Dossier code"),
        _("Procedure"),
        _("Applicant"),
        _("Address, phone"),
        _("Lead agency"),
        _("Received at"),
        _("Promised date"),
        _("Returned at"),
        _("How returned"),
        _("Result collected by (signature)"),
    ]


def book_dossiers(unit: OrgUnit, period: Period) -> QuerySet[Dossier]:
    """Dossiers received by ``unit`` in ``period``, in the order of the book's lines."""
    start, end = period.bounds()
    collector = (
        DossierEvent.objects.filter(dossier_id=OuterRef("pk"), action=Action.RETURN_RESULT)
        .order_by("-sequence")
        .annotate(name=KT("data__receiver_name"))
        .values("name")[:1]
    )
    return (
        Dossier.objects.filter(receiving_unit=unit, received_at__gte=start, received_at__lt=end)
        .select_related("procedure_version", "competent_unit")
        .annotate(collected_by=Subquery(collector))
        .order_by("received_at", "tracking_book_line", "id")
    )


def _naive(moment: datetime | None) -> datetime | None:
    """Excel has no time zones: local wall-clock time."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment is not None else None


def book_row(dossier: Dossier) -> list[Any]:
    """One line of the book (datetimes local and naive)."""
    contact = ", ".join(p for p in (dossier.applicant_address, dossier.applicant_phone) if p)
    method = RETURN_METHOD_LABELS.get(dossier.return_method)
    return [
        dossier.tracking_book_line,
        dossier.code,
        dossier.procedure_version.name,
        dossier.applicant_name,
        contact,
        dossier.competent_unit.name,
        _naive(dossier.received_at),
        _naive(dossier.due_at),
        _naive(dossier.returned_at),
        str(method) if method is not None else dossier.return_method,
        getattr(dossier, "collected_by", None) or "",
    ]


def title(unit: OrgUnit, period: Period) -> str:
    number = numbering.form_number(numbering.TRACKING_BOOK)
    name = str(numbering.FORM_TITLES[numbering.TRACKING_BOOK])
    prefix = _("Form %(number)s") % {"number": number} + " · " if number else ""
    dates = _("from %(first)s to %(last)s") % {
        "first": f"{period.first:%d/%m/%Y}",
        "last": f"{period.last:%d/%m/%Y}",
    }
    return f"{prefix}{name} · {unit.name} · {dates}"


def _cells(sheet: WriteOnlyWorksheet, values: list[Any], bold: bool = False) -> Iterator[Any]:
    for value in values:
        if not bold and not isinstance(value, datetime):
            yield value
            continue
        cell = WriteOnlyCell(sheet, value=value)
        if bold:
            cell.font = Font(bold=True)
        else:
            cell.number_format = DATETIME_FORMAT
        yield cell


def write_tracking_book(unit: OrgUnit, period: Period, stream: IO[bytes]) -> int:
    """Write the book of ``unit`` for ``period`` to ``stream`` as XLSX; returns the line count.

    Row 1 is the title (form number, unit and period), row 2 the headers, then one row per
    dossier.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(numbering.FORM_TITLES[numbering.TRACKING_BOOK])[:31])
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A3"
    sheet.append(list(_cells(sheet, [title(unit, period)], bold=True)))
    sheet.append(list(_cells(sheet, headers(), bold=True)))
    count = 0
    for dossier in book_dossiers(unit, period).iterator(chunk_size=2000):
        sheet.append(list(_cells(sheet, book_row(dossier))))
        count += 1
    workbook.save(stream)
    return count
