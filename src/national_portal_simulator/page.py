# SPDX-License-Identifier: EUPL-1.2
"""The demo page at ``/``: counts and the latest dossiers, in Vietnamese like the real portal."""

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from national_portal_simulator.faults import Faults

#: TrangThaiHoSo codes (LAW-NOTES §1.4, OpenCPS practice).
STATUS_NAMES = {
    "1": "Mới đăng ký",
    "2": "Được tiếp nhận",
    "3": "Không được tiếp nhận",
    "4": "Đang xử lý",
    "5": "Yêu cầu bổ sung giấy tờ",
    "6": "Yêu cầu thực hiện nghĩa vụ tài chính",
    "7": "Công dân yêu cầu rút hồ sơ",
    "8": "Dừng xử lý",
    "9": "Đã xử lý xong",
    "10": "Đã trả kết quả",
}

STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; }
header { background: #a50f15; color: #fff; padding: 1rem 1.5rem; }
main { padding: 1rem 1.5rem; max-width: 72rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #ccc; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
dd { margin: 0; font-variant-numeric: tabular-nums; }
"""


def _date(value: str | None) -> str:
    """yyyyMMddHHmmss → dd/MM/yyyy HH:mm."""
    if not value or len(value) != 14:
        return ""
    return f"{value[6:8]}/{value[4:6]}/{value[0:4]} {value[8:10]}:{value[10:12]}"


def _row(dossier: Mapping[str, Any]) -> str:
    status = str(dossier["TrangThaiHoSo"])
    cells = (
        dossier["MaHoSo"],
        f"{status} — {STATUS_NAMES.get(status, '')}",
        str(dossier["ThuTu"]),
        dossier["DonViXuLy"],
        _date(dossier["NgayHenTra"]),
        _date(dossier["CapNhatLuc"]),
    )
    return "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>"


def _faults_text(faults: Faults) -> str:
    active = [f"{name} = {value}" for name, value in faults.as_json().items() if value]
    return ", ".join(active) if active else "không có"


def page_html(
    *,
    totals: Mapping[str, int],
    stats: Mapping[str, Any],
    faults: Faults,
    dossiers: Sequence[Mapping[str, Any]],
) -> str:
    counts = (
        ("Hồ sơ", totals["dossiers"]),
        ("Sự kiện đã nhận", totals["events"]),
        ("Sự kiện trùng lặp", stats["duplicates"]),
        ("Sự kiện bị từ chối", stats["rejected"]),
        ("Sự kiện sai thứ tự", stats["order_violations"]),
        ("Lô đã lưu", stats["batches_stored"]),
        ("Yêu cầu API", stats["requests"]),
        ("Hồ sơ nộp trên Cổng (chờ hệ thống tỉnh lấy về)", totals["inbound"]),
    )
    count_list = "".join(f"<dt>{escape(label)}</dt><dd>{value}</dd>" for label, value in counts)
    rows = "".join(_row(dossier) for dossier in dossiers)
    if not rows:
        rows = '<tr><td colspan="6">Chưa có hồ sơ nào.</td></tr>'
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng Dịch vụ công quốc gia (mô phỏng)</title>
<style>{STYLE}</style>
</head>
<body>
<header><h1>Cổng Dịch vụ công quốc gia — bản mô phỏng</h1></header>
<main>
<p>Bản mô phỏng dùng cho kiểm thử và trình diễn Motcua; không phải Cổng thật.</p>
<h2>Số liệu</h2>
<dl>{count_list}<dt>Lỗi giả lập</dt><dd>{escape(_faults_text(faults))}</dd></dl>
<h2>50 hồ sơ cập nhật gần nhất</h2>
<table>
<thead><tr><th scope="col">Mã hồ sơ</th><th scope="col">Trạng thái</th>
<th scope="col">Thứ tự</th><th scope="col">Đơn vị xử lý</th>
<th scope="col">Ngày hẹn trả</th><th scope="col">Cập nhật lúc</th></tr></thead>
<tbody>{rows}</tbody>
</table>
</main>
</body>
</html>
"""
