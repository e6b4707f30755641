# SPDX-License-Identifier: EUPL-1.2
"""POST /api/v1/dossiers: a dossier from another channel, exactly once per Idempotency-Key."""

import hashlib
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from pytest_django import Settings

from motcua.accounts.models import User
from motcua.api.models import ApiIdempotencyKey
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.testing.builders import World

from .support import (  # noqa: F401
    PDF,
    PNG,
    _fresh_counters,
    bearer,
    encoded,
    new_client,
    post_dossier,
    problem,
    submission,
    token_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(client: Client, world: World) -> str:
    return token_for(client, new_client(world, scopes=["dossiers:write", "dossiers:read"]))


def test_a_kiosk_submits_a_dossier(client: Client, world: World, token: str) -> None:
    # the demo people hold a second account with this ID number: make citizen A's the only one
    User.objects.filter(national_id="079088001234").exclude(pk=world.citizen_a.pk).update(
        national_id="079088009999"
    )
    response = post_dossier(client, token, submission(world))
    assert response.status_code == 201, response.content
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/api/v1/dossiers/{dossier.code}"
    assert response["ETag"] == 'W/"1"'
    body = response.json()
    assert {k: v for k, v in body.items() if not k.endswith("_at")} == {
        "code": dossier.code,
        "version": 1,
        "procedure": {"code": "1.004873", "version": 1,
                      "name": "Cấp Giấy xác nhận tình trạng hôn nhân",
                      "name_en": "Certification of marital status"},
        "channel": "kiosk",
        "national_channel": 2,
        "status": "submitted",
        "national_status": 1,
        "receiving_unit": world.centre.code,
        "competent_unit": world.commune.code,
        "current_unit": world.centre.code,
        "applicant": {"kind": "individual", "name": "Trần Văn An", "id_number": "079088001234",
                      "phone": "0912 345 678", "email": "an@example.vn",
                      "address": "Số 5 Ngõ 7"},
        "outcome": "",
    }  # fmt: skip
    assert body["received_at"] is None and body["submitted_at"] == body["updated_at"]
    # the applicant's own e-ID account follows it
    assert dossier.owner == world.citizen_a
    assert dossier.submitted_by is not None
    assert dossier.submitted_by.username.startswith("api-mc_")
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.action, event.role, event.unit) == ("submit", "integration", world.centre)
    document = DossierDocument.objects.select_related("file", "requirement").get()
    assert (document.requirement.code, document.filename) == ("R1", "to-khai.pdf")
    assert document.file is not None
    assert document.file.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.file.content_type == "application/pdf"


def test_the_same_key_and_body_return_the_first_dossier(
    client: Client, world: World, token: str
) -> None:
    first = post_dossier(client, token, submission(world))
    again = post_dossier(client, token, submission(world))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert again["Location"] == first["Location"]
    assert Dossier.objects.count() == 1
    assert ApiIdempotencyKey.objects.get().dossier == Dossier.objects.get()


def test_the_same_key_with_another_body_is_a_conflict(
    client: Client, world: World, token: str
) -> None:
    assert post_dossier(client, token, submission(world)).status_code == 201
    other = submission(world)
    other["applicant"]["phone"] = "0987 654 321"
    response = post_dossier(client, token, other)
    assert response.status_code == 409
    assert problem(response)["code"] == "idempotency_conflict"
    assert Dossier.objects.count() == 1


def test_other_keys_are_other_dossiers(client: Client, world: World, token: str) -> None:
    codes = {post_dossier(client, token, submission(world), key=f"k{i}").json()["code"]
             for i in range(3)}  # fmt: skip
    assert len(codes) == 3 == Dossier.objects.count()


def test_keys_belong_to_one_client(client: Client, world: World, token: str) -> None:
    other = token_for(client, new_client(world, name="Bưu điện"))
    assert post_dossier(client, token, submission(world)).status_code == 201
    assert post_dossier(client, other, submission(world)).status_code == 201
    assert Dossier.objects.count() == 2


def test_a_failed_request_leaves_the_key_free(client: Client, world: World, token: str) -> None:
    bad = submission(world, form={"full_name": "Trần Văn An"})
    refused = post_dossier(client, token, bad)
    assert refused.status_code == 422
    assert set(problem(refused)["errors"]) >= {"id_number"}
    assert not ApiIdempotencyKey.objects.exists()
    assert post_dossier(client, token, submission(world)).status_code == 201


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_requests_with_one_key_make_one_dossier(world: World) -> None:
    token = token_for(Client(), new_client(world))
    body = submission(world)
    statuses: list[int] = []
    codes: list[str] = []
    barrier = threading.Barrier(10)

    def send() -> None:
        try:
            barrier.wait()
            response = post_dossier(Client(), token, body, key="same-key")
            statuses.append(response.status_code)
            codes.append(response.json()["code"])
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 9 + [201]
    assert len(set(codes)) == 1
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"owner": 5}, "owner"),
        ({"status": "returned"}, "status"),
        ({"applicant": {"name": "A", "eid_level": 2}}, "applicant.eid_level"),
        ({"documents": [{"requirement": "R1", "filename": "a.pdf",
                         "content_type": "application/pdf", "content_base64": "JVBERi0=",
                         "file_id": 1}]}, "documents.0.file_id"),
    ],
)  # fmt: skip
def test_fields_the_api_does_not_define_are_refused(
    client: Client, world: World, token: str, change: dict[str, Any], field: str
) -> None:
    response = post_dossier(client, token, submission(world, **change))
    assert response.status_code == 422
    body = problem(response)
    assert body["code"] == "validation_failed"
    assert field in body["errors"]
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"procedure": "9.999999"}, "procedure"),
        ({"procedure": "nope"}, "procedure"),
        ({"receiving_unit": "X00"}, "receiving_unit"),
        ({"channel": "online"}, "channel"),
        ({"applicant": {"name": ""}}, "applicant.name"),
        ({"form": {"full_name": "An", "id_number": "12", "birth_date": "1988-05-02"}},
         "id_number"),
        ({"documents": [{"requirement": "R9", "filename": "a.pdf",
                         "content_type": "application/pdf", "content_base64": encoded(PDF)}]},
         "documents.0.requirement"),
        ({"documents": [{"requirement": "R1", "filename": "a.pdf",
                         "content_type": "application/pdf", "content_base64": "%%%"}]},
         "documents.0.content_base64"),
        ({"documents": [{"requirement": "R1", "filename": "a.exe",
                         "content_type": "application/pdf",
                         "content_base64": encoded(b"MZ\x90\x00binary")}]},
         "documents.0.content_base64"),
        ({"documents": [{"requirement": "R1", "filename": "a.pdf",
                         "content_type": "application/pdf", "content_base64": encoded(PNG)}]},
         "documents.0.content_type"),
    ],
)  # fmt: skip
def test_invalid_submissions_say_which_field(
    client: Client, world: World, token: str, change: dict[str, Any], field: str
) -> None:
    response = post_dossier(client, token, submission(world, **change))
    assert response.status_code == 422, response.content
    assert field in problem(response)["errors"]
    assert not Dossier.objects.exists()
    assert not ApiIdempotencyKey.objects.exists()


def test_a_document_over_the_upload_limit(
    client: Client, world: World, token: str, settings: Settings
) -> None:
    settings.MOTCUA_UPLOAD_MAX_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    document = {"requirement": "R1", "filename": "big.pdf", "content_type": "application/pdf",
                "content_base64": encoded(big)}  # fmt: skip
    response = client.post(
        "/api/v1/dossiers", submission(world, documents=[document]),
        content_type="application/json", HTTP_IDEMPOTENCY_KEY="k", HTTP_ACCEPT_LANGUAGE="en",
        **bearer(token),
    )  # fmt: skip
    assert response.status_code == 422
    assert problem(response)["errors"] == {
        "documents.0.content_base64": ["The file is empty or larger than 1 MB."]
    }


@pytest.mark.parametrize(
    ("key", "status"), [(None, 422), ("", 422), ("k" * 65, 422), ("khóa", 422), ("k" * 64, 201)]
)
def test_the_idempotency_key_header(
    client: Client, world: World, token: str, key: str | None, status: int
) -> None:
    headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
    response = client.post("/api/v1/dossiers", submission(world),
                           content_type="application/json", **headers, **bearer(token))  # fmt: skip
    assert response.status_code == status
    if status == 422:
        assert "Idempotency-Key" in problem(response)["errors"]


def test_units_and_channels_the_client_does_not_serve(
    client: Client, world: World, settings: Settings
) -> None:
    postal_only = token_for(client, new_client(world, channels=["postal"]))
    response = post_dossier(client, postal_only, submission(world))
    assert response.status_code == 403
    assert problem(response)["code"] == "channel_not_allowed"
    elsewhere = token_for(client, new_client(world, units=[world.org.commune_centres[1]]))
    response = post_dossier(client, elsewhere, submission(world))
    assert response.status_code == 403
    assert problem(response)["code"] == "unit_not_served"
    assert not Dossier.objects.exists()


def test_the_body_must_be_json(client: Client, world: World, token: str) -> None:
    form = "application/x-www-form-urlencoded"
    response = client.post("/api/v1/dossiers", "procedure=1.004873", HTTP_IDEMPOTENCY_KEY="k",
                           content_type=form, **bearer(token))  # fmt: skip
    assert response.status_code == 415
    assert problem(response)["code"] == "unsupported_media_type"
    broken = client.post("/api/v1/dossiers", "{not json", content_type="application/json",
                         HTTP_IDEMPOTENCY_KEY="k", **bearer(token))  # fmt: skip
    assert broken.status_code == 400
    assert problem(broken)["code"] == "invalid_body"


def test_bodies_over_django_s_limit_but_within_the_api_s(
    client: Client, world: World, token: str, settings: Settings
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # the documents make the body larger
    settings.MOTCUA_API_BODY_MAX_MB = 1
    assert post_dossier(client, token, submission(world)).status_code == 201
    big = {"requirement": "R1", "filename": "big.pdf", "content_type": "application/pdf",
           "content_base64": encoded(PDF + b"0" * (1024 * 1024))}  # fmt: skip
    response = post_dossier(client, token, submission(world, documents=[big]), key="k2")
    assert response.status_code == 413
    assert problem(response)["code"] == "body_too_large"
    assert Dossier.objects.count() == 1


def test_control_characters_leave_file_names(client: Client, world: World) -> None:
    token = token_for(client, new_client(world))
    document = {"requirement": "R1", "filename": "C:\\scans\\tờ\nkhai\r.pdf",
                "content_type": "application/pdf", "content_base64": encoded(PDF)}  # fmt: skip
    code = post_dossier(client, token, submission(world, documents=[document])).json()["code"]
    stored = DossierDocument.objects.get(dossier__code=code)
    assert stored.filename == "tờkhai.pdf"
    content = client.get(f"/api/v1/dossiers/{code}/documents/{stored.pk}/content", **bearer(token))
    assert content["Content-Disposition"] == "attachment; filename*=utf-8''t%E1%BB%9Dkhai.pdf"


def test_an_id_number_held_by_two_accounts_links_no_account(
    client: Client, world: World, token: str
) -> None:
    # citizen A and the demo's citizen.level2 both carry 079088001234: linking either is a guess
    assert User.objects.filter(national_id="079088001234").count() == 2
    assert post_dossier(client, token, submission(world)).status_code == 201
    assert Dossier.objects.get().owner is None
