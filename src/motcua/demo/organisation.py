# SPDX-License-Identifier: EUPL-1.2
"""The demo province: a fictional two-tier province with real-world structure.

Codes follow the agency e-ID layout (level 1 first); "H99" is not a real province code.
"""

from dataclasses import dataclass

from motcua.orgunits.models import Counter, OrgUnit, UnitKind

PROVINCE_CODE = "H99"

#: Short code → (Vietnamese name, English name) of the provincial departments and sector agencies.
DEPARTMENTS: dict[str, tuple[str, str]] = {
    "STP": ("Sở Tư pháp", "Department of Justice"),
    "SXD": ("Sở Xây dựng", "Department of Construction"),
    "SNNMT": ("Sở Nông nghiệp và Môi trường", "Department of Agriculture and Environment"),
    "SNV": ("Sở Nội vụ", "Department of Home Affairs"),
    "SCT": ("Sở Công Thương", "Department of Industry and Trade"),
    "SYT": ("Sở Y tế", "Department of Health"),
    "SGDĐT": ("Sở Giáo dục và Đào tạo", "Department of Education and Training"),
    "STC": ("Sở Tài chính", "Department of Finance"),
    "CA": ("Công an tỉnh", "Provincial Police"),
}

COMMUNES: list[tuple[str, str]] = [
    ("Phường An Bình", "An Binh Ward"),
    ("Phường Hòa Thuận", "Hoa Thuan Ward"),
    ("Xã Tân Lập", "Tan Lap Commune"),
    ("Xã Đồng Tâm", "Dong Tam Commune"),
    ("Xã Phú Mỹ", "Phu My Commune"),
    ("Xã Sơn Hà", "Son Ha Commune"),
]


@dataclass
class Organisation:
    province: OrgUnit
    province_centre: OrgUnit
    departments: dict[str, OrgUnit]
    communes: list[OrgUnit]
    commune_centres: list[OrgUnit]

    @property
    def centres(self) -> list[OrgUnit]:
        return [self.province_centre, *self.commune_centres]


def _unit(
    code: str, kind: str, name: str, name_en: str, parent: OrgUnit | None, **extra: str
) -> OrgUnit:
    unit, _ = OrgUnit.objects.get_or_create(
        code=code,
        defaults={"kind": kind, "name": name, "name_en": name_en, "parent": parent, **extra},
    )
    return unit


def create_organisation() -> Organisation:
    province = _unit(
        PROVINCE_CODE,
        UnitKind.PROVINCE,
        "UBND tỉnh An Bình (demo)",
        "An Binh Province People's Committee (demo)",
        None,
    )
    centre = _unit(
        f"{PROVINCE_CODE}.01",
        UnitKind.PROVINCE_CENTRE,
        "Trung tâm Phục vụ hành chính công tỉnh An Bình",
        "An Binh Provincial Public Administrative Service Centre",
        province,
        address="01 Quảng trường Trung tâm, tỉnh An Bình",
    )
    departments = {
        short: _unit(
            f"{PROVINCE_CODE}.{10 + index}",
            UnitKind.DEPARTMENT,
            name,
            name_en,
            province,
            department_code=short,
        )
        for index, (short, (name, name_en)) in enumerate(DEPARTMENTS.items())
    }
    communes, commune_centres = [], []
    for index, (name, name_en) in enumerate(COMMUNES, start=1):
        commune = _unit(
            f"{PROVINCE_CODE}.50.{index:02d}",
            UnitKind.COMMUNE,
            f"UBND {name}",
            f"{name_en} People's Committee",
            province,
        )
        communes.append(commune)
        commune_centres.append(
            _unit(
                f"{PROVINCE_CODE}.50.{index:02d}.01",
                UnitKind.COMMUNE_CENTRE,
                f"Trung tâm Phục vụ hành chính công {name}",
                f"{name_en} Public Administrative Service Centre",
                commune,
            )
        )
    for unit, count in [(centre, 6), *[(c, 2) for c in commune_centres]]:
        for number in range(1, count + 1):
            Counter.objects.get_or_create(
                centre=unit, number=number, defaults={"name": f"Quầy {number}"}
            )
    return Organisation(province, centre, departments, communes, commune_centres)
