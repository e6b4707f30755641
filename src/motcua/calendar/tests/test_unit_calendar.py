# SPDX-License-Identifier: EUPL-1.2
"""The calendar of a unit: library holidays, then country overrides, then the unit's own."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.calendar.models import CalendarOverride
from motcua.calendar.selectors import calendar_for_unit
from motcua.demo.organisation import create_organisation

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
SATURDAY = date(2026, 3, 7)
MONDAY = date(2026, 3, 9)


def test_country_and_unit_overrides_apply_in_order() -> None:
    org = create_organisation()
    commune = org.communes[0]
    CalendarOverride.objects.create(day=SATURDAY, is_working_day=True, reason="Làm bù",
                                    legal_reference="Thông báo 1/TB-VPCP")  # fmt: skip
    CalendarOverride.objects.create(unit=commune, day=SATURDAY, is_working_day=False,
                                    reason="Bầu cử", legal_reference="QĐ 9/QĐ-UBND")  # fmt: skip
    CalendarOverride.objects.create(unit=commune, day=MONDAY, is_working_day=False,
                                    reason="Nghỉ bù", legal_reference="QĐ 10/QĐ-UBND")  # fmt: skip
    country = calendar_for_unit(org.province_centre)
    unit = calendar_for_unit(commune)
    assert country.is_working_day(SATURDAY) and country.is_working_day(MONDAY)
    assert not unit.is_working_day(SATURDAY) and not unit.is_working_day(MONDAY)


def test_unit_working_hours_replace_the_default() -> None:
    org = create_organisation()
    centre = org.commune_centres[0]
    centre.working_hours = [["08:00", "12:00"], ["13:30", "17:30"]]
    centre.save()
    calendar = calendar_for_unit(centre)
    start, _ = calendar.clock_start(datetime(2026, 3, 9, 7, 45, tzinfo=HCM))
    assert start == datetime(2026, 3, 9, 8, 0, tzinfo=HCM)
    default_start, _ = calendar_for_unit(org.province_centre).clock_start(
        datetime(2026, 3, 9, 7, 45, tzinfo=HCM)
    )
    assert default_start == datetime(2026, 3, 9, 7, 45, tzinfo=HCM)
