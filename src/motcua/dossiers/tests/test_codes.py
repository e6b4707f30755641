# SPDX-License-Identifier: EUPL-1.2
"""Dossier codes: every layout, long sequences, custom layouts, agency-code history."""

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from pytest_django import Settings

from motcua.core import clock
from motcua.dossiers import codes
from motcua.dossiers.codes import LAYOUTS, format_code, next_sequence, register_layout
from motcua.dossiers.models import DossierSequence
from motcua.orgunits.models import AgencyCode, OrgUnit
from motcua.orgunits.selectors import agency_code_on
from motcua.testing.builders import World, submit_dossier

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2026, 10, 8)


# -- layouts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme", "agency", "day", "sequence", "code"),
    [
        ("agency_eid", "H15.50.05.13", DAY, 975, "H15.50.05.13-261008-0975"),
        ("agency_eid", "H15.50.05.13", DAY, 1, "H15.50.05.13-261008-0001"),
        ("circular_01_2018", "H12.31.00.000", date(2025, 11, 20), 1, "000.00.31.H12-251120-0001"),
        ("circular_01_2018", "H15", DAY, 12, "H15-261008-0012"),
        ("circular_04_2025", "H15.50.05.13", DAY, 975, "H15.50.05.13-261008-000975"),
        ("agency_eid", "H15.50.05.13", DAY, 9999, "H15.50.05.13-261008-9999"),
        ("agency_eid", "H15.50.05.13", DAY, 10000, "H15.50.05.13-261008-10000"),
        ("agency_eid", "H15.50.05.13", DAY, 123456, "H15.50.05.13-261008-123456"),
        ("circular_01_2018", "H12.31.00.000", DAY, 10001, "000.00.31.H12-261008-10001"),
        ("circular_04_2025", "H15.50.05.13", DAY, 10000, "H15.50.05.13-261008-0010000"),
    ],
)
def test_layout(scheme: str, agency: str, day: date, sequence: int, code: str) -> None:
    assert format_code(agency, day, sequence, scheme=scheme) == code


def test_circular_04_2025_uses_the_system_digits_setting(settings: Settings) -> None:
    # given our system's two digits in the national scheme are 07
    settings.MOTCUA_DOSSIER_CODE_SYSTEM_DIGITS = "07"
    # then they sit between the date and the sequence
    assert format_code("H15.50.05.13", DAY, 975, "circular_04_2025") == (
        "H15.50.05.13-261008-070975"
    )
    assert format_code("H15.50.05.13", DAY, 12345, "circular_04_2025") == (
        "H15.50.05.13-261008-0712345"
    )


def test_the_scheme_setting_chooses_the_layout(settings: Settings) -> None:
    settings.MOTCUA_DOSSIER_CODE_SCHEME = "circular_01_2018"
    assert format_code("H12.31.00.000", DAY, 5) == "000.00.31.H12-261008-0005"
    settings.MOTCUA_DOSSIER_CODE_SCHEME = "agency_eid"
    assert format_code("H12.31.00.000", DAY, 5) == "H12.31.00.000-261008-0005"


def test_unknown_scheme_is_a_configuration_error() -> None:
    with pytest.raises(KeyError):
        format_code("H15", DAY, 1, scheme="no_such_layout")


@pytest.fixture
def custom_layout() -> Iterator[str]:
    name = "test_province_layout"
    yield name
    LAYOUTS.pop(name, None)


def test_register_layout(custom_layout: str, settings: Settings) -> None:
    # given a province's own layout: sequence first, then the agency, day as YYYYMMDD
    register_layout(custom_layout, lambda agency, day, seq: f"{seq:06d}/{agency}/{day:%Y%m%d}")
    # then it formats by name and through the setting
    assert format_code("H15.50", DAY, 42, scheme=custom_layout) == "000042/H15.50/20261008"
    settings.MOTCUA_DOSSIER_CODE_SCHEME = custom_layout
    assert format_code("H15.50", DAY, 42) == "000042/H15.50/20261008"
    assert codes.LAYOUTS[custom_layout] is LAYOUTS[custom_layout]


# -- sequences ------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # outside any transaction, as a careless caller is
def test_next_sequence_needs_the_submission_transaction() -> None:
    unit = OrgUnit.objects.create(kind="commune_centre", code="H99.77.01", name="Trung tâm")
    with pytest.raises(RuntimeError, match="inside the writer's transaction"):
        next_sequence(unit, DAY)
    assert not DossierSequence.objects.exists()


@pytest.mark.django_db
def test_next_sequence_counts_per_unit_and_per_day() -> None:
    a = OrgUnit.objects.create(kind="commune_centre", code="H99.77.01", name="A")
    b = OrgUnit.objects.create(kind="commune_centre", code="H99.77.02", name="B")
    with transaction.atomic():
        values = [
            next_sequence(a, DAY),
            next_sequence(a, DAY),
            next_sequence(b, DAY),
            next_sequence(a, date(2026, 10, 9)),
            next_sequence(a, DAY),
        ]
    assert values == [1, 2, 1, 1, 3]


@pytest.mark.django_db
def test_next_sequence_goes_past_9999() -> None:
    unit = OrgUnit.objects.create(kind="commune_centre", code="H99.77.01", name="A")
    DossierSequence.objects.create(unit=unit, day=DAY, last_value=9999)
    with transaction.atomic():
        assert next_sequence(unit, DAY) == 10000


def test_submission_past_9999_gets_a_five_digit_code(world: World) -> None:
    # given 9,999 dossiers already numbered at the centre today
    monday = datetime(2026, 3, 9, 9, 0, tzinfo=VN)
    DossierSequence.objects.create(unit=world.centre, day=monday.date(), last_value=9999)
    # when one more is submitted, then its number has five digits
    with clock.frozen_at(monday):
        d = submit_dossier(world)
    assert d.code == f"{world.centre.code}-260309-10000"


def test_submission_uses_the_configured_scheme(world: World, settings: Settings) -> None:
    settings.MOTCUA_DOSSIER_CODE_SCHEME = "circular_01_2018"
    with clock.frozen_at(datetime(2026, 3, 9, 9, 0, tzinfo=VN)):
        first, second = submit_dossier(world), submit_dossier(world)
    # the centre H99.50.01.01, lowest level first
    assert (first.code, second.code) == ("01.01.50.H99-260309-0001", "01.01.50.H99-260309-0002")


def test_submission_numbers_restart_each_local_day(world: World) -> None:
    # 23:30 and 23:59 on 9 March, 00:10 on 10 March (Hà Nội time; 17:10 UTC on the 9th)
    moments = [
        datetime(2026, 3, 9, 23, 30, tzinfo=VN),
        datetime(2026, 3, 9, 23, 59, tzinfo=VN),
        datetime(2026, 3, 10, 0, 10, tzinfo=VN),
    ]
    codes_ = []
    for moment in moments:
        with clock.frozen_at(moment):
            codes_.append(submit_dossier(world).code)
    centre = world.centre.code
    assert codes_ == [f"{centre}-260309-0001", f"{centre}-260309-0002", f"{centre}-260310-0001"]


# -- agency code history --------------------------------------------------------------------------


@pytest.fixture
def renamed_centre(world: World) -> OrgUnit:
    """Commune 1's centre was coded H99.40.07.01 until the merger of 1 March 2026."""
    centre = world.centre
    AgencyCode.objects.create(
        unit=centre, code="H99.40.07.01", valid_from=date(2025, 7, 1), valid_to=date(2026, 3, 1)
    )
    AgencyCode.objects.create(
        unit=centre,
        code="H99.50.01.01",
        valid_from=date(2026, 3, 1),
        legal_reference="QĐ 123/QĐ-UBND ngày 20/02/2026",
    )
    return centre


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (date(2025, 6, 30), "H99.50.01.01"),  # before any record: the unit's current code
        (date(2025, 7, 1), "H99.40.07.01"),
        (date(2026, 2, 28), "H99.40.07.01"),
        (date(2026, 3, 1), "H99.50.01.01"),  # valid_to is exclusive
        (date(2027, 1, 1), "H99.50.01.01"),
    ],
)
def test_agency_code_on(renamed_centre: OrgUnit, day: date, code: str) -> None:
    assert agency_code_on(renamed_centre, day) == code


def test_agency_code_gap_falls_back_to_the_current_code(world: World) -> None:
    AgencyCode.objects.create(
        unit=world.centre, code="H99.OLD", valid_from=date(2025, 1, 1), valid_to=date(2025, 7, 1)
    )
    assert agency_code_on(world.centre, date(2025, 6, 30)) == "H99.OLD"
    assert agency_code_on(world.centre, date(2025, 7, 1)) == world.centre.code


def test_submission_code_uses_the_agency_code_valid_that_local_day(
    renamed_centre: OrgUnit, world: World
) -> None:
    # 28 Feb 23:00 and 1 Mar 06:00 Hà Nội time (both 28 Feb in UTC)
    with clock.frozen_at(datetime(2026, 2, 28, 23, 0, tzinfo=VN)):
        before = submit_dossier(world)
    with clock.frozen_at(datetime(2026, 3, 1, 6, 0, tzinfo=VN)):
        after = submit_dossier(world)
    assert before.code == "H99.40.07.01-260228-0001"
    assert after.code == "H99.50.01.01-260301-0001"
