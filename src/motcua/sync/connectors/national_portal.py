# SPDX-License-Identifier: EUPL-1.2
"""National public service portal connector: our outbox messages → the portal's sync payload.

Field names and status codes follow LAW-NOTES.md §1.4 (OpenCPS practice and the 766 documents);
the exact exchange format of Circular 04/2025/TT-VPCP is not public ⚠️, so the mapping is one
pure function (``national_event``) and the transport one small class, both easy to replace.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import requests

from motcua.sync.connectors.base import Outcome, Verdict, classify_status, transport_failure
from motcua.sync.models import Delivery, Destination

#: Dates are sent as local time yyyyMMddHHmmss (OpenCPS DVCQG practice ⚠️).
PORTAL_TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

#: Our applicant kinds → LoaiDoiTuong (1 citizen, 2 organisation).
APPLICANT_KIND = {"individual": 1, "organisation": 2, "organization": 2, "business": 2}
#: Our return methods → HinhThuc (0 at the desk, 1 by post, 2 electronically) ⚠️.
RETURN_METHOD = {"counter": 0, "postal": 1, "electronic": 2}
#: Our time-limit units → DonViTinh.
TIME_UNIT = {"working_days": "ngay_lam_viec", "working_hours": "gio_lam_viec"}
#: Fee kinds → LoaiPhiLePhi (1 fee / lệ phí, 2 charge / phí).
FEE_KIND = {"fee": 1, "charge": 2}


def endpoint(destination: Destination, path: str) -> str:
    """An address of the portal's API; the destination holds the portal's base address."""
    return f"{destination.url.rstrip('/')}/api/v1/{path}"


def portal_session(session: requests.Session, destination: Destination) -> requests.Session:
    session.headers["Authorization"] = f"Bearer {destination.secret}"
    return session


class MappingError(ValueError):
    """The message cannot be expressed in the portal's format (dead-lettered, never sent)."""


def portal_time(value: str | None) -> str | None:
    if not value:
        return None
    return datetime.fromisoformat(value).astimezone(PORTAL_TIME_ZONE).strftime("%Y%m%d%H%M%S")


def national_event(envelope: Mapping[str, Any], sequence: int) -> dict[str, Any]:
    """One CloudEvents envelope of a dossier (or rating) message as a portal sync event."""
    data = envelope.get("data")
    if not isinstance(data, Mapping) or not data.get("dossier_code"):
        raise MappingError("the message carries no dossier snapshot")
    kind = str(envelope["type"]).removeprefix("vn.motcua.")
    dossier = _dossier(data)
    if isinstance(data.get("rating"), Mapping):
        rating = data["rating"]
        dossier["DanhGia"] = {
            "MucDoHaiLong": int(rating["score"]),
            "NgayDanhGia": portal_time(rating["at"]),
        }
    return {
        "IdSuKien": envelope["id"],
        "ThuTu": sequence,
        "LoaiSuKien": kind,
        "ThoiGian": portal_time(envelope["time"]),
        "HoSo": dossier,
    }


def _dossier(data: Mapping[str, Any]) -> dict[str, Any]:
    limit = data.get("time_limit") or {}
    documents = data.get("documents") or []
    return {
        "MaHoSo": data["dossier_code"],
        "MaTTHC": data["procedure_code"],
        "TenTTHC": data.get("procedure_name", ""),
        "MaLinhVuc": data.get("field_code", ""),
        "TenLinhVuc": data.get("field_name", ""),
        "KenhThucHien": data["national_channel"],
        "ChuHoSo": data["applicant_name"],
        "LoaiDoiTuong": APPLICANT_KIND.get(data.get("applicant_kind", ""), 1),
        "MaDoiTuong": data.get("applicant_id_number", ""),
        "Email": data.get("applicant_email", ""),
        "SoDienThoai": data.get("applicant_phone", ""),
        "TrichYeuHoSo": data.get("procedure_name", ""),
        "NgayNopHoSo": portal_time(data["submitted_at"]),
        "NgayTiepNhan": portal_time(data.get("received_at")),
        "NgayHenTra": portal_time(data.get("due_at")),
        "TrangThaiHoSo": str(data["national_status"]),
        "NgayTra": portal_time(data.get("returned_at")),
        "HinhThuc": RETURN_METHOD.get(data.get("return_method") or ""),
        "NgayKetThucXuLy": portal_time(data.get("decided_at") or data.get("finished_at")),
        "DonViXuLy": data["competent_unit"],
        "MaDonViTiepNhan": data["receiving_unit"],
        "ThoiGianGiaiQuyet": limit.get("amount", 0),
        "DonViTinh": TIME_UNIT.get(limit.get("unit", ""), "ngay_lam_viec"),
        "HoSoCoThanhPhanSoHoa": int(any(d.get("digitised") for d in documents)),
        "TaiKhoanDuocXacThucVoiVNeID": int(bool(data.get("eid_verified"))),
        "DanhSachLePhi": [
            {
                "TenPhiLePhi": fee["name"],
                "MaPhiLePhi": fee["code"],
                "LoaiPhiLePhi": FEE_KIND.get(fee["kind"], 1),
                "MucThu": fee["amount_vnd"],
                "DuocThanhToanTrucTuyen": 0,  # online payment arrives with its issue
            }
            for fee in data.get("fees") or []
        ],
        "DanhSachHoSoBoSung": [
            {
                "NgayYeuCauBoSung": portal_time(item["requested_at"]),
                "NgayTiepNhanBoSung": portal_time(item.get("answered_at")),
                "NgayHenTraTruoc": portal_time(item.get("due_before")),
                "NgayHenTraMoi": portal_time(item.get("due_after")),
            }
            for item in data.get("supplements") or []
        ],
        "DanhSachGiayToKetQua": [
            {"TenGiayTo": item["name"], "MaGiayTo": "", "DuongDanTepTinKetQua": item["url"]}
            for item in data.get("results") or []
        ],
        "TaiLieuNop": [
            {
                "TenTaiLieu": doc["name"],
                "MaThanhPhan": doc["requirement"],
                "DuocSoHoa": int(bool(doc["digitised"])),
                "DuocLayTuKhoDMQG": int(bool(doc["reused"])),
            }
            for doc in documents
        ],
    }


class NationalPortalConnector:
    """Sends batches to ``POST {base}/api/v1/dossiers/sync``; the portal answers per event."""

    batching = True

    def send(
        self, session: requests.Session, destination: Destination, deliveries: Sequence[Delivery]
    ) -> list[Outcome]:
        outcomes: list[Outcome] = []
        events: list[dict[str, Any]] = []
        sending: list[Delivery] = []
        for delivery in deliveries:
            try:
                events.append(national_event(delivery.message.envelope, delivery.sequence))
                sending.append(delivery)
            except (MappingError, KeyError, TypeError, ValueError) as error:
                outcomes.append(Outcome(delivery.pk, "dead", f"cannot map: {error!r}"))
        if not sending:
            return outcomes
        try:
            response = session.post(
                endpoint(destination, "dossiers/sync"),
                json={"events": events},
                headers={"Authorization": f"Bearer {destination.secret}"},
                timeout=(5, destination.timeout_seconds),
            )
        except requests.RequestException as error:
            return outcomes + transport_failure(sending, error)
        answer = classify_status(response.status_code)
        if answer == "ok":
            return outcomes + _per_event(response, sending)
        detail = f"HTTP {response.status_code}: {response.text[:300]}"
        verdict: Verdict = "retry"
        if answer == "invalid":
            # a refused batch: send each alone to find the one the portal refuses
            verdict = "solo" if len(sending) > 1 else "dead"
        return outcomes + [Outcome(d.pk, verdict, detail, response.status_code) for d in sending]


def _per_event(response: requests.Response, sending: Sequence[Delivery]) -> list[Outcome]:
    try:
        results = {str(item["id"]): item for item in response.json()["results"]}
    except (ValueError, KeyError, TypeError) as error:
        return [Outcome(d.pk, "retry", f"unreadable answer: {error!r}", 200) for d in sending]
    outcomes = []
    for delivery in sending:
        result = results.get(str(delivery.message_id))
        status = result.get("status") if isinstance(result, Mapping) else None
        if status in ("accepted", "duplicate"):
            outcomes.append(Outcome(delivery.pk, "delivered", "", 200))
        elif status == "rejected":
            errors = "; ".join(str(e) for e in result.get("errors", []))[:2000]  # type: ignore[union-attr]
            outcomes.append(Outcome(delivery.pk, "dead", f"rejected: {errors}", 200))
        else:
            outcomes.append(Outcome(delivery.pk, "retry", "no result for this event", 200))
    return outcomes
