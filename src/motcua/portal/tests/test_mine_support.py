# SPDX-License-Identifier: EUPL-1.2
"""Shared pieces of the "My dossiers" tests (no tests here): a fixed working week, scans,
officials with names that must never reach a citizen, a level-1 e-ID login."""

from datetime import datetime
from zoneinfo import ZoneInfo

from motcua.accounts.models import RoleAssignment, User
from motcua.testing.builders import World

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
#: Monday 9 March 2026, 09:00 in Hồ Chí Minh City: a working week without holidays.
MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=HCM)

PDF = b"%PDF-1.4\n% a scan of the missing copy\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def name_the_officials(world: World) -> list[str]:
    """Give every official of the organisation a person's name; returns the names."""
    names = []
    user_ids = RoleAssignment.objects.values_list("user_id", flat=True).distinct()
    for index, user in enumerate(User.objects.filter(pk__in=user_ids).order_by("pk")):
        user.full_name = f"Nguyễn Quan Chức {index:03d}"
        user.save(update_fields=["full_name"])
        names.append(user.full_name)
    return names


def level_1(user: User) -> User:
    user.eid_level = 1
    user.save(update_fields=["eid_level"])
    return user
