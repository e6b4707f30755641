# SPDX-License-Identifier: EUPL-1.2
"""The working calendar of a unit: national holidays + country and unit overrides + its hours."""

from datetime import time
from zoneinfo import ZoneInfo

from django.conf import settings

from motcua.calendar.models import CalendarOverride
from motcua.calendar.workdays import Override, WorkingCalendar, WorkingHours
from motcua.orgunits.models import OrgUnit


def _override(row: CalendarOverride) -> Override:
    return Override(row.day, row.is_working_day, row.reason, row.legal_reference)


def calendar_for_unit(unit: OrgUnit | None) -> WorkingCalendar:
    """Unit overrides win over country overrides, which win over the holiday library."""
    country = settings.MOTCUA_COUNTRY
    country_rows = CalendarOverride.objects.filter(country=country, unit__isnull=True)
    by_day = {row.day: _override(row) for row in country_rows}
    if unit is not None:
        by_day.update({row.day: _override(row) for row in unit.calendar_overrides.all()})
    intervals = (unit.working_hours if unit is not None else None) or settings.MOTCUA_WORKING_HOURS
    return WorkingCalendar(
        country=country,
        tz=ZoneInfo(settings.TIME_ZONE),
        hours=WorkingHours.from_strings(intervals),
        overrides=by_day.values(),
        same_day_cutoff=time.fromisoformat(settings.MOTCUA_SAME_DAY_CUTOFF),
    )
