# SPDX-License-Identifier: EUPL-1.2
"""Plausible application-form data for any procedure's JSON Schema (demo only).

``form_for`` fills every property; ``with_applicant`` then puts the dossier's applicant (name,
ID number, phone) in the fields that hold the applicant's own details, so the form and the
dossier show the same person.
"""

import random
import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu", "Quang", "Kim"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hoa",
    "Hùng",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
    "Yến",
]
STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung"]


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def id_number(rng: random.Random) -> str:
    return "0" + "".join(rng.choice("0123456789") for _ in range(11))


def phone(rng: random.Random) -> str:
    return rng.choice(["09", "08", "03", "07"]) + "".join(
        rng.choice("0123456789") for _ in range(8)
    )


def address(rng: random.Random) -> str:
    return f"Số {rng.randint(1, 250)} đường {rng.choice(STREETS)}, tỉnh An Bình"


#: One piece of a simple pattern: a character class or \d with a count, or a literal character.
PIECE = re.compile(r"(?:\[([^\]]+)\]|(\\d))(?:\{(\d+)(?:,(\d+))?\})?|(\\.|[^\\.*+?()|{}\[\]^$])")


def _alphabet(char_class: str) -> str:
    ranges = re.findall(r"(.)-(.)|(.)", char_class)
    return "".join(
        "".join(chr(c) for c in range(ord(low), ord(high) + 1)) if low else single
        for low, high, single in ranges
    )


def from_pattern(pattern: str, rng: random.Random) -> str | None:
    """A string matching a simple anchored pattern (classes, counts, literals), else None."""
    body = pattern.removeprefix("^").removesuffix("$")
    pieces = list(PIECE.finditer(body))
    if "".join(piece.group(0) for piece in pieces) != body:
        return None
    text = ""
    for piece in pieces:
        char_class, digit, low, high, literal = piece.groups()
        if literal is not None:
            text += literal.removeprefix("\\")
            continue
        alphabet = "0123456789" if digit else _alphabet(char_class)
        count = rng.randint(int(low or 1), int(high or low or 1))
        text += "".join(rng.choice(alphabet) for _ in range(count))
    return text if re.search(pattern, text) else None


def _string(name: str, spec: dict[str, Any], rng: random.Random) -> str:
    """A plausible value for the field's name and title that also matches its pattern."""
    value = _plain_string(name, spec, rng)
    pattern = spec.get("pattern", "")
    if pattern and re.search(pattern, value) is None:
        return from_pattern(pattern, rng) or value
    return value


def _plain_string(name: str, spec: dict[str, Any], rng: random.Random) -> str:
    pattern = spec.get("pattern", "")
    key = (name + " " + spec.get("title", "")).lower()
    if spec.get("format") == "date":
        return (date(1960, 1, 1) + timedelta(days=rng.randint(0, 20000))).isoformat()
    if spec.get("format") == "email":
        return f"congdan{rng.randint(1, 9999)}@example.vn"
    if re.search(r"\\d\{12\}|\[0-9\]\{12\}", pattern) or "id_number" in key or "cccd" in key:
        return id_number(rng)
    if pattern and ("0" in pattern and ("3|5|7|8|9" in pattern or "[35789]" in pattern)):
        return phone(rng)
    if "phone" in key or "điện thoại" in key:
        return phone(rng)
    if "name" in key or "họ" in key or "tên" in key:
        return person_name(rng)
    if "address" in key or "địa chỉ" in key or "nơi" in key:
        return address(rng)
    text = spec.get("title", name)
    return str(text)[: spec.get("maxLength", 200)] or "x"


def value_for(name: str, spec: dict[str, Any], rng: random.Random) -> Any:
    if "const" in spec:
        return spec["const"]
    if "enum" in spec:
        return rng.choice(spec["enum"])
    options = spec.get("oneOf") or spec.get("anyOf") or []
    if options and all(isinstance(option, dict) and "const" in option for option in options):
        return rng.choice(options)["const"]
    kind = spec.get("type", "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "integer":
        low = int(spec.get("minimum", 1))
        return rng.randint(low, max(low, int(spec.get("maximum", low + 5))))
    if kind == "number":
        return float(spec.get("minimum", 1))
    if kind == "boolean":
        return True
    if kind == "array":
        return [
            value_for(name, spec.get("items", {}), rng)
            for _ in range(max(1, spec.get("minItems", 1)))
        ]
    if kind == "object":
        return form_for(spec, rng)
    return _string(name, spec, rng)


def form_for(schema: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Values for every property (required or not), following types, enums, formats, patterns."""
    return {name: value_for(name, spec, rng) for name, spec in schema.get("properties", {}).items()}


#: Keys of the applicant's own name, ID number and phone in the schemas (test catalog, demo
#: catalog), most specific first; ``{spouse}`` and ``{parent}`` follow the applicant's sex.
NAME_KEYS = (
    "full_name", "ho_ten", "nguoi_yeu_cau_ho_ten", "nguoi_khai_ho_ten", "nguoi_nhan_ho_ten",
    "chu_ho_ho_ten", "chu_xe_ho_ten", "chu_dau_tu_ho_ten", "nguoi_su_dung_dat_ho_ten",
    "ben_a_ho_ten", "ben_chuyen_ho_ten", "truong_ban_van_dong_ho_ten", "{spouse}_ho_ten",
)  # fmt: skip
ID_KEYS = (
    "id_number", "so_dinh_danh", "nguoi_yeu_cau_so_dinh_danh", "nguoi_khai_so_dinh_danh",
    "nguoi_di_khai_so_dinh_danh", "nguoi_nhan_so_dinh_danh", "chu_ho_so_dinh_danh",
    "chu_xe_so_dinh_danh", "ben_a_so_dinh_danh", "ben_chuyen_so_dinh_danh",
    "truong_ban_van_dong_so_dinh_danh", "{spouse}_so_dinh_danh", "{parent}_so_dinh_danh",
)  # fmt: skip
PHONE_KEYS = ("phone", "so_dien_thoai")


def _fits(spec: Mapping[str, Any], value: str) -> bool:
    """Whether ``value`` satisfies the property's length and pattern (else keep the sample)."""
    limit = spec.get("maxLength")
    if isinstance(limit, int) and len(value) > limit:
        return False
    pattern = spec.get("pattern")
    return not isinstance(pattern, str) or re.search(pattern, value) is not None


def applicant_keys(schema: Mapping[str, Any], name: str) -> dict[str, str]:
    """Which property holds the applicant's "name", "id_number" and "phone" in ``schema``."""
    properties = schema.get("properties", {})
    female = " Thị " in f" {name} "
    spouse, parent = ("vo", "me") if female else ("chong", "cha")
    found: dict[str, str] = {}
    for part, keys in (("name", NAME_KEYS), ("id_number", ID_KEYS), ("phone", PHONE_KEYS)):
        for template in keys:
            key = template.format(spouse=spouse, parent=parent)
            if key in properties:
                found[part] = key
                break
    return found


def with_applicant(
    data: dict[str, Any],
    schema: Mapping[str, Any],
    *,
    name: str,
    id_number: str,
    phone: str = "",
) -> dict[str, Any]:
    """``data`` with the applicant's own name, ID number and phone where the schema has them."""
    values = {"name": name, "id_number": id_number, "phone": phone}
    properties = schema.get("properties", {})
    result = dict(data)
    for part, key in applicant_keys(schema, name).items():
        value = values[part]
        if value and _fits(properties[key], value):
            result[key] = value
    return result
