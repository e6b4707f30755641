# SPDX-License-Identifier: EUPL-1.2
"""Plausible application-form data for any procedure's JSON Schema (demo only)."""

import random
import re
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


def _string(name: str, spec: dict[str, Any], rng: random.Random) -> str:
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
