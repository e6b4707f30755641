# SPDX-License-Identifier: EUPL-1.2
"""The control API's reads and the demo page."""

from national_portal_simulator.testing import example_event
from national_portal_simulator.tests.wsgi_client import Client

ID_A = "0b8f4c1e-2a8d-4c3e-9f7a-1d2e3f4a5b6c"
ID_B = "1c9f5d2f-3b9e-4d4f-8a8b-2e3f4a5b6c7d"


def test_events_of_a_dossier_in_arrival_order_and_all_event_ids(client: Client) -> None:
    client.sync(example_event(code="C-1", event_id=ID_B, sequence=2))
    client.sync(example_event(code="C-2"), example_event(code="C-1", event_id=ID_A, sequence=1))
    assert client.get("/_control/events", query={"MaHoSo": "C-1"}).json() == {
        "items": [
            {"IdSuKien": ID_B, "ThuTu": 2, "LoaiSuKien": "dossier.submit", "serial": 1},
            {"IdSuKien": ID_A, "ThuTu": 1, "LoaiSuKien": "dossier.submit", "serial": 3},
        ]
    }
    ids = client.get("/_control/event-ids").json()["ids"]
    assert (len(ids), ids[0], ids[2]) == (3, ID_B, ID_A)
    assert client.get("/_control/events", query={"MaHoSo": "C-9"}).json() == {"items": []}
    assert client.get("/_control/events").status == 400


def test_stats_count_api_requests(client: Client) -> None:
    client.get("/api/v1/dossiers")
    client.get("/api/v1/dossiers", token="wrong")
    client.get("/_control/stats")
    assert client.get("/_control/stats").json() == {
        "requests": 2, "batches_stored": 0, "accepted": 0, "duplicates": 0, "rejected": 0,
        "order_violations": 0, "faults": {"error": 0, "drop_after_commit": 0, "timeout": 0},
    }  # fmt: skip


def test_the_page_shows_counts_and_the_latest_dossiers_in_vietnamese(client: Client) -> None:
    client.sync(
        example_event(code="C-<b>1</b>", status="2", NgayHenTra="20260108170000"),
        example_event(code="C-2", status="10"),
    )
    reply = client.get("/")
    assert (reply.status, reply.content_type) == (200, "text/html; charset=utf-8")
    html = reply.text
    assert '<html lang="vi">' in html
    assert "<title>Cổng Dịch vụ công quốc gia (mô phỏng)</title>" in html
    assert "<dt>Hồ sơ</dt><dd>2</dd>" in html
    assert "<td>C-&lt;b&gt;1&lt;/b&gt;</td><td>2 — Được tiếp nhận</td>" in html
    assert "<td>08/01/2026 17:00</td>" in html
    assert html.index("C-2") < html.index("C-&lt;b&gt;")  # latest first
    assert "<td>10 — Đã trả kết quả</td>" in html


def test_the_empty_page_says_so(client: Client) -> None:
    assert "Chưa có hồ sơ nào." in client.get("/").text
