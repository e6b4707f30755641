# SPDX-License-Identifier: EUPL-1.2
"""Demo accounts: officials for every role, an agent, a postal officer and two citizens."""

from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.demo.organisation import Organisation
from motcua.orgunits.models import OrgUnit

DEMO_PASSWORD = "demo-motcua-2026"  # noqa: S105 — printed for the demo on purpose


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    unit: str


@cache
def _demo_password_hash() -> str:
    """Hashed once: every demo account shares the password, and hashing is slow on purpose."""
    return make_password(DEMO_PASSWORD)


def _user(username: str, full_name: str, **extra: object) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "password": _demo_password_hash(), **extra},
    )
    return user


def _assign(user: User, role: str, unit: OrgUnit) -> None:
    RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)


PROCESSING_ROLES = (Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.SIGNING_LEADER, Role.CLERK)


def create_people(org: Organisation) -> list[DemoLogin]:
    """Accounts for every role; the first of each kind is listed as a demo login."""
    logins: list[DemoLogin] = []
    admin = _user("admin", "Quản trị hệ thống", is_staff=True, is_superuser=True)
    _assign(admin, Role.SYSTEM_ADMIN, org.province)
    logins.append(DemoLogin("admin", Role.SYSTEM_ADMIN, org.province.name))
    unit_admin = _user("unitadmin", "Quản trị đơn vị", is_staff=True)
    _assign(unit_admin, Role.UNIT_ADMIN, org.province)
    logins.append(DemoLogin("unitadmin", Role.UNIT_ADMIN, org.province.name))

    manager = _user("manager.province", "Nguyễn Thị Quản Lý")
    _assign(manager, Role.CENTRE_MANAGER, org.province_centre)
    logins.append(DemoLogin(manager.username, Role.CENTRE_MANAGER, org.province_centre.name))
    for index, centre in enumerate(org.centres):
        username = "desk.province" if index == 0 else f"desk.commune{index}"
        desk = _user(username, f"Cán bộ một cửa {index + 1}")
        _assign(desk, Role.RECEPTION_OFFICER, centre)
        if index <= 1:
            logins.append(DemoLogin(username, Role.RECEPTION_OFFICER, centre.name))
        if index > 0:
            commune_manager = _user(f"manager.commune{index}", f"Giám đốc trung tâm xã {index}")
            _assign(commune_manager, Role.CENTRE_MANAGER, centre)

    units = [
        *(("dept." + short.lower(), unit) for short, unit in org.departments.items()),
        *((f"commune{i}", unit) for i, unit in enumerate(org.communes, start=1)),
    ]
    for prefix, unit in units:
        for role in PROCESSING_ROLES:
            username = f"{role.replace('_', '')}.{prefix}"
            official = _user(username, f"{Role(role).label} — {unit.name}")
            _assign(official, role, unit)
            if prefix in ("dept.stp", "commune1"):
                logins.append(DemoLogin(username, role, unit.name))

    agent = _user("agent.bidv", "Đại lý DVC trực tuyến BIDV An Bình")
    _assign(agent, Role.AGENT, org.province)
    postal = _user("postal.vnpost", "Bưu điện tỉnh An Bình")
    _assign(postal, Role.POSTAL_OFFICER, org.province_centre)
    logins += [
        DemoLogin("agent.bidv", Role.AGENT, org.province.name),
        DemoLogin("postal.vnpost", Role.POSTAL_OFFICER, org.province_centre.name),
    ]
    _user(
        "citizen.level2", "Trần Văn An", national_id="079088001234", phone="0912345678", eid_level=2
    )
    _user(
        "citizen.level1", "Lê Thị Bình", national_id="079090005678", phone="0987654321", eid_level=1
    )
    logins += [
        DemoLogin("citizen.level2", Role.APPLICANT, "e-ID level 2"),
        DemoLogin("citizen.level1", Role.APPLICANT, "e-ID level 1"),
    ]
    return logins
