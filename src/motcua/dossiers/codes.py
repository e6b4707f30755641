# SPDX-License-Identifier: EUPL-1.2
"""Dossier codes: pluggable layouts over a race-free per-unit, per-day sequence.

Layouts (DOMAIN.md "Dossier code"; LAW-NOTES.md §2.3):
- ``agency_eid`` — agency e-ID code level 1 first, as provincial systems print now:
  ``H15.50.05.13-261008-0975`` (Decision 20/2020 Art. 4 ✅; example ☑️);
- ``circular_01_2018`` — the old layout, lowest level first: ``000.00.31.H12-251120-0001`` ☑️;
- ``circular_04_2025`` — centralised services: ``<agency>-YYMMDD-AAXXXX`` (Art. 23 cl. 2 ✅),
  where AA is a setting (``MOTCUA_DOSSIER_CODE_SYSTEM_DIGITS``).
The sequence has at least 4 digits and grows as needed. Never parse meaning out of a code.
"""

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.db import connection, transaction

from motcua.dossiers.models import DossierSequence, TrackingBookSequence
from motcua.orgunits.models import OrgUnit

CodeLayout = Callable[[str, date, int], str]


def _agency_eid(agency_code: str, day: date, sequence: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{sequence:04d}"


def _circular_01_2018(agency_code: str, day: date, sequence: int) -> str:
    lowest_first = ".".join(reversed(agency_code.split(".")))
    return f"{lowest_first}-{day:%y%m%d}-{sequence:04d}"


def _circular_04_2025(agency_code: str, day: date, sequence: int) -> str:
    system = settings.MOTCUA_DOSSIER_CODE_SYSTEM_DIGITS
    return f"{agency_code}-{day:%y%m%d}-{system}{sequence:04d}"


LAYOUTS: dict[str, CodeLayout] = {
    "agency_eid": _agency_eid,
    "circular_01_2018": _circular_01_2018,
    "circular_04_2025": _circular_04_2025,
}


def register_layout(name: str, layout: CodeLayout) -> None:
    """Add a country's or province's own layout; select it with MOTCUA_DOSSIER_CODE_SCHEME."""
    LAYOUTS[name] = layout


def format_code(agency_code: str, day: date, sequence: int, scheme: str | None = None) -> str:
    layout = LAYOUTS[scheme or settings.MOTCUA_DOSSIER_CODE_SCHEME]
    return layout(agency_code, day, sequence)


def _increment(table: str, key_column: str, unit: OrgUnit, key: date | int) -> int:
    """Upsert ``last_value + 1`` of (unit, key) and read it back, holding the row's lock.

    The UPDATE takes the row's write lock until the surrounding transaction ends, so concurrent
    writers of one unit queue here and each reads back its own value.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sequences must be taken inside the writer's transaction")
    with connection.cursor() as cursor:
        # One upsert with RETURNING (PostgreSQL; SQLite >= 3.35, Debian 12 ships 3.40): the row
        # stays locked until the writer commits, so numbers are unique and gap-free.
        cursor.execute(
            f"INSERT INTO {table} (unit_id, {key_column}, last_value) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (unit_id, {key_column}) DO UPDATE SET last_value = "
            f"{table}.last_value + 1 RETURNING last_value",
            [unit.pk, key],
        )
        (value,) = cursor.fetchone()
    return int(value)


def next_sequence(unit: OrgUnit, day: date) -> int:
    """The next dossier number of ``unit`` on ``day``, safe under concurrency on both databases."""
    return _increment(DossierSequence._meta.db_table, "day", unit, day)


def next_tracking_book_line(unit: OrgUnit, year: int) -> int:
    """The next line of ``unit``'s tracking book (form 07) for ``year``."""
    return _increment(TrackingBookSequence._meta.db_table, "year", unit, year)
