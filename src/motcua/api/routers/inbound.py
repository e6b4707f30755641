# SPDX-License-Identifier: EUPL-1.2
"""``POST /inbound/national-portal``: the national portal pushes a dossier submitted there.

The item is the one the portal's inbound feed carries (docs/national-portal-simulator.md), and
the import is the same as when Motcua pulls the feed (``sync.inbound``): each national dossier
becomes one Motcua dossier, however often it is pushed or pulled.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router
from ninja.decorators import decorate_view
from ninja.responses import Status
from pydantic import Field

from motcua.api.auth.bearer import ClientToken
from motcua.api.http import requires_json
from motcua.api.models import ApiScope
from motcua.api.schemas.common import Problem, StrictSchema
from motcua.api.schemas.dossiers import DossierOut, dossier_out
from motcua.sync.inbound import import_national_dossier

router = Router(tags=["inbound"])
DATE14 = r"^\d{14}$"


class NationalApplicant(StrictSchema):
    HoTen: str = Field(min_length=1, max_length=200, description="Full name.")
    SoDinhDanh: str = Field(pattern=r"^\d{12}$", description="Personal identification number.")
    SoDienThoai: str = Field("", max_length=20)
    Email: str = Field("", max_length=200)
    DiaChi: str = Field("", max_length=300)


class NationalDocument(StrictSchema):
    MaThanhPhan: str = Field(min_length=1, max_length=12, description="Requirement code.")
    TenTep: str = Field(min_length=1, max_length=255, description="File name.")
    KieuTep: str = Field("", max_length=100, description="Content type (checked by signature).")
    NoiDung: str = Field(min_length=1, description="The file, base64.")


class NationalDossier(StrictSchema):
    MaHoSoQG: str = Field(min_length=1, max_length=80, description="National dossier code.")
    MaTTHC: str = Field(pattern=r"^\d\.\d{6}$", description="National procedure code.")
    MaDonViTiepNhan: str = Field(min_length=1, max_length=60, description="Receiving unit.")
    NgayNop: str = Field(pattern=DATE14, description="Submitted at, yyyyMMddHHmmss (Vietnam).")
    ChuHoSo: NationalApplicant
    DuLieuToKhai: dict[str, Any] = Field(default_factory=dict, description="Application form.")
    TaiLieuNop: list[NationalDocument] = Field(default_factory=list, max_length=50)


@router.post(
    "/inbound/national-portal",
    auth=ClientToken(ApiScope.INBOUND_NATIONAL),
    response={
        201: DossierOut,
        200: DossierOut,
        400: Problem,
        401: Problem,
        403: Problem,
        404: Problem,
        413: Problem,
        415: Problem,
        422: Problem,
        429: Problem,
    },
    operation_id="pushNationalDossier",
    summary="A dossier submitted on the national public service portal",
)
@decorate_view(requires_json)
def push_national_dossier(
    request: HttpRequest, response: HttpResponse, payload: NationalDossier
) -> Status[dict[str, object]]:
    """201 when imported now, 200 when it was imported before (same MaHoSoQG)."""
    result = import_national_dossier(payload.model_dump())
    dossier = result.dossier
    response["Location"] = reverse("api-v1:get_dossier", kwargs={"code": dossier.code})
    return Status(201 if result.created else 200, dossier_out(dossier))
