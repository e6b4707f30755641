# SPDX-License-Identifier: EUPL-1.2
"""Helpers for other test suites: a simulator in a subprocess, and valid example payloads.

Usage::

    with RunningSimulator(tmp_path) as portal:
        ...  # point Motcua's national-portal destination at portal.url with portal.token
        portal.set_faults(error_rate=1.0)
        portal.stop()
        ...  # the portal is down for a stretch
        portal.start()  # same port, same data
        assert portal.event_ids() == [...]
"""

import atexit
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

import requests

from national_portal_simulator.app import DEFAULT_TOKEN

START_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 10.0
HTTP_TIMEOUT_SECONDS = 10.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class SimulatorFailed(RuntimeError):
    """The simulator did not start, or answered a control call with an error."""


class RunningSimulator:
    """``python -m national_portal_simulator`` on a free port, its database in ``directory``."""

    def __init__(
        self,
        directory: Path | str,
        *,
        token: str = DEFAULT_TOKEN,
        port: int | None = None,
        threads: int = 4,
        max_batch: int | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.db = self.directory / "national-portal.sqlite3"
        self.log = self.directory / "national-portal.log"
        self.token = token
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.threads = threads
        self.max_batch = max_batch
        self._process: subprocess.Popen[bytes] | None = None
        self._session = requests.Session()

    # --- process

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> "RunningSimulator":
        """Start (again) on the same port and database; return once it answers."""
        if self.running:
            return self
        self.directory.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable, "-m", "national_portal_simulator", "--host", "127.0.0.1",
            "--port", str(self.port), "--db", str(self.db), "--threads", str(self.threads),
        ]  # fmt: skip
        if self.max_batch is not None:
            command += ["--max-batch", str(self.max_batch)]
        environment = {**os.environ, "NATSIM_TOKEN": self.token}
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(  # noqa: S603 — fixed argument list
                command, stdout=log, stderr=subprocess.STDOUT, env=environment,
                start_new_session=True,  # its own process group: stop() ends the worker too
            )  # fmt: skip
        atexit.register(self.stop)  # never outlive the test run, even without a `with`
        self._wait_until_answering()
        return self

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if not self.running:
                raise SimulatorFailed(f"the simulator exited; its log:\n{self._log_tail()}")
            try:
                if requests.get(f"{self.url}/_control/stats", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.stop()
        raise SimulatorFailed(f"the simulator did not answer; its log:\n{self._log_tail()}")

    def _log_tail(self) -> str:
        return self.log.read_text("utf-8", errors="replace")[-4000:] if self.log.exists() else ""

    def stop(self) -> None:
        """SIGTERM, then SIGKILL to its process group after a while; wait until it is gone."""
        process, self._process = self._process, None
        atexit.unregister(self.stop)
        self._session.close()
        self._session = requests.Session()  # no kept-alive connection survives a restart
        if process is None:
            return
        process.send_signal(signal.SIGTERM)  # granian stops its worker, then exits
        try:
            process.wait(STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group of the process we started
            process.wait()

    def __enter__(self) -> "RunningSimulator":
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- HTTP helpers

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def _call(self, method: str, path: str, **options: Any) -> requests.Response:
        response = self._session.request(
            method, f"{self.url}{path}", timeout=HTTP_TIMEOUT_SECONDS, **options
        )
        if response.status_code >= 400 and response.status_code != 404:
            raise SimulatorFailed(f"{method} {path}: {response.status_code} {response.text}")
        return response

    def set_faults(self, **faults: Any) -> dict[str, Any]:
        """Replace the fault settings (unnamed ones go back to 0)."""
        result: dict[str, Any] = self._call("PUT", "/_control/faults", json=faults).json()
        return result

    def stats(self) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", "/_control/stats").json()
        return result

    def event_ids(self) -> list[str]:
        ids: list[str] = self._call("GET", "/_control/event-ids").json()["ids"]
        return ids

    def events(self, code: str) -> list[dict[str, Any]]:
        """The events stored for dossier ``code``, in arrival order."""
        response = self._call("GET", "/_control/events", params={"MaHoSo": code})
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    def dossier(self, code: str) -> dict[str, Any] | None:
        """The portal's view of dossier ``code``; None when it has none."""
        path = f"/api/v1/dossiers/{quote(code, safe='')}"
        response = self._call("GET", path, headers=self.headers)
        if response.status_code == 404:
            return None
        result: dict[str, Any] = response.json()
        return result

    def add_inbound(self, item: Mapping[str, Any]) -> int:
        """Append a dossier to the inbound feed; its feed_id."""
        feed_id: int = self._call("POST", "/_control/inbound", json=dict(item)).json()["feed_id"]
        return feed_id

    def reset(self) -> None:
        self._call("POST", "/_control/reset")

    def sync(self, events: list[Mapping[str, Any]]) -> requests.Response:
        """POST a batch as a Motcua dispatcher would (any status is returned, not raised)."""
        return self._session.post(
            f"{self.url}/api/v1/dossiers/sync", json={"events": events}, headers=self.headers,
            timeout=HTTP_TIMEOUT_SECONDS,
        )  # fmt: skip


# --- valid example payloads (tests change what they need)


def example_event(
    *,
    code: str = "H15.50.05.13-260105-0001",
    sequence: int = 1,
    kind: str = "dossier.submit",
    status: str = "1",
    event_id: str | None = None,
    **dossier_fields: Any,
) -> dict[str, Any]:
    """A complete event that matches dossier-event.schema.json; ``dossier_fields`` go in HoSo."""
    dossier: dict[str, Any] = {
        "MaHoSo": code,
        "MaTTHC": "1.001612",
        "TenTTHC": "Đăng ký khai sinh",
        "MaLinhVuc": "HT",
        "TenLinhVuc": "Hộ tịch",
        "KenhThucHien": 2,
        "ChuHoSo": "Nguyễn Văn An",
        "LoaiDoiTuong": 1,
        "MaDoiTuong": "001090012345",
        "Email": "an.nguyen@example.vn",
        "SoDienThoai": "0912345678",
        "TrichYeuHoSo": "Đăng ký khai sinh cho con",
        "NgayNopHoSo": "20260105090000",
        "NgayTiepNhan": None,
        "NgayHenTra": None,
        "TrangThaiHoSo": status,
        "NgayTra": None,
        "HinhThuc": None,
        "NgayKetThucXuLy": None,
        "DonViXuLy": "H15.50.05",
        "MaDonViTiepNhan": "H15.50.05.13",
        "ThoiGianGiaiQuyet": 3,
        "DonViTinh": "ngay_lam_viec",
        "HoSoCoThanhPhanSoHoa": 1,
        "TaiKhoanDuocXacThucVoiVNeID": 1,
        "DanhSachLePhi": [
            {
                "TenPhiLePhi": "Lệ phí đăng ký khai sinh",
                "MaPhiLePhi": "LP01",
                "LoaiPhiLePhi": 1,
                "MucThu": 0,
                "DuocThanhToanTrucTuyen": 0,
            }
        ],
        "DanhSachHoSoBoSung": [],
        "DanhSachGiayToKetQua": [],
        "TaiLieuNop": [
            {
                "TenTaiLieu": "Tờ khai đăng ký khai sinh",
                "MaThanhPhan": "TP01",
                "DuocSoHoa": 1,
                "DuocLayTuKhoDMQG": 0,
            }
        ],
        **dossier_fields,
    }
    return {
        "IdSuKien": event_id or str(uuid.uuid4()),
        "ThuTu": sequence,
        "LoaiSuKien": kind,
        "ThoiGian": "20260105090000",
        "HoSo": dossier,
    }


def example_inbound_item(*, code: str = "G22.99-260105-000001", **fields: Any) -> dict[str, Any]:
    """A complete inbound dossier (without feed_id) that matches inbound-dossier.schema.json."""
    return {
        "MaHoSoQG": code,
        "MaTTHC": "1.001612",
        "MaDonViTiepNhan": "H15.50.05.13",
        "NgayNop": "20260105083000",
        "ChuHoSo": {
            "HoTen": "Trần Thị Bình",
            "SoDinhDanh": "001190054321",
            "SoDienThoai": "0987654321",
            "Email": "binh.tran@example.vn",
            "DiaChi": "12 Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh",
        },
        "DuLieuToKhai": {"HoTenTre": "Trần Minh Khang", "NgaySinhTre": "20251230"},
        "TaiLieuNop": [
            {
                "MaThanhPhan": "TP01",
                "TenTep": "to-khai.pdf",
                "KieuTep": "application/pdf",
                "NoiDung": "JVBERi0xLjQK",
            }
        ],
        **fields,
    }
