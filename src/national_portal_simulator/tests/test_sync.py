# SPDX-License-Identifier: EUPL-1.2
"""POST /api/v1/dossiers/sync: per-event results, idempotency by IdSuKien, state and order."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from national_portal_simulator import web
from national_portal_simulator.app import Simulator
from national_portal_simulator.testing import example_event
from national_portal_simulator.tests.wsgi_client import Client

CODE = "H15.50.05.13-260105-0001"
ID_A = "0b8f4c1e-2a8d-4c3e-9f7a-1d2e3f4a5b6c"
ID_B = "1c9f5d2f-3b9e-4d4f-8a8b-2e3f4a5b6c7d"
ID_C = "2da06e30-4caf-4e50-9b9c-3f4a5b6c7d8e"
NOTHING = {
    "requests": 0, "batches_stored": 0, "accepted": 0, "duplicates": 0, "rejected": 0,
    "order_violations": 0, "faults": {"error": 0, "drop_after_commit": 0, "timeout": 0},
}  # fmt: skip


def stored(simulator: Simulator) -> list[str]:
    return simulator.store.event_ids()


def test_accepted_duplicate_and_rejected_results_in_the_order_sent(
    client: Client, simulator: Simulator
) -> None:
    invalid = example_event(event_id=ID_B, MaTTHC="1.1612")
    reply = client.sync(
        example_event(event_id=ID_A), example_event(event_id=ID_A), invalid, "not an event"
    )
    assert reply.status == 200
    assert reply.content_type == "application/json"
    assert reply.json() == {
        "results": [
            {"id": ID_A, "status": "accepted", "errors": []},
            {"id": ID_A, "status": "duplicate", "errors": []},
            {
                "id": ID_B,
                "status": "rejected",
                "errors": ["$.HoSo.MaTTHC: '1.1612' does not match '^[0-9]\\\\.[0-9]{6}$'"],
            },
            {
                "id": None,
                "status": "rejected",
                "errors": ["$: 'not an event' is not of type 'object'"],
            },
        ]
    }
    assert stored(simulator) == [ID_A]
    assert simulator.store.stats() == {
        **NOTHING, "requests": 1, "batches_stored": 1, "accepted": 1, "duplicates": 1,
        "rejected": 2,
    }  # fmt: skip


def test_a_duplicate_has_no_effect_even_when_its_payload_differs(
    client: Client, simulator: Simulator
) -> None:
    client.sync(example_event(event_id=ID_A, sequence=1, status="1"))
    reply = client.sync(example_event(event_id=ID_A, sequence=5, status="10"))
    assert reply.json()["results"] == [{"id": ID_A, "status": "duplicate", "errors": []}]
    assert simulator.store.dossier(CODE) is not None
    assert simulator.store.dossier(CODE)["TrangThaiHoSo"] == "1"  # type: ignore[index]
    assert simulator.store.events_of(CODE) == [
        {"IdSuKien": ID_A, "ThuTu": 1, "LoaiSuKien": "dossier.submit", "serial": 1}
    ]


def test_a_rejected_event_is_not_stored_and_may_be_sent_again(
    client: Client, simulator: Simulator
) -> None:
    client.sync(example_event(event_id=ID_A, TenTTHC=""))
    assert stored(simulator) == []
    assert simulator.store.dossier(CODE) is None
    reply = client.sync(example_event(event_id=ID_A))
    assert reply.json()["results"] == [{"id": ID_A, "status": "accepted", "errors": []}]
    assert stored(simulator) == [ID_A]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"{not json", "the body is not valid JSON: Expecting property name enclosed in double "
         "quotes: line 1 column 2 (char 1)"),
        (b"\xff\xfe", "the body is not valid JSON: 'utf-8' codec can't decode byte 0xff in "
         "position 0: invalid start byte"),
        (b'{"events": [NaN]}', "the body is not valid JSON: NaN is not JSON"),
        (b'{"events": ["\\ud800"]}', "the body is not valid JSON: a string holds an unpaired "
         "surrogate (\\ud800-\\udfff)"),
        (b"[" * 100_000, "the body is not valid JSON: maximum recursion depth exceeded while "
         "decoding a JSON array from a unicode string"),
        (b"", "the body is not valid JSON: Expecting value: line 1 column 1 (char 0)"),
        (b"[]", 'the body must be a JSON object {"events": [...]}'),
        (b"{}", 'the body must be a JSON object {"events": [...]}'),
        (b'{"events": [], "more": 1}', 'the body must be a JSON object {"events": [...]}'),
        (b'{"events": {}}', "events must be a list of 1 to 5 events"),
        (b'{"events": []}', "events must be a list of 1 to 5 events"),
    ],
)  # fmt: skip
def test_a_malformed_body_is_400_and_stores_nothing(
    client: Client, simulator: Simulator, body: bytes, detail: str
) -> None:
    reply = client.post("/api/v1/dossiers/sync", body=body)
    assert reply.status == 400
    assert reply.content_type == "application/problem+json"
    assert reply.json() == {"type": "about:blank", "title": "Bad Request", "status": 400,
                            "detail": detail}  # fmt: skip
    assert simulator.store.stats() == {**NOTHING, "requests": 1}


def test_more_events_than_the_batch_limit_is_400(client: Client, simulator: Simulator) -> None:
    reply = client.sync(*[example_event() for _ in range(6)])
    assert reply.status == 400
    assert reply.json()["detail"] == "events must be a list of 1 to 5 events"
    assert stored(simulator) == []


def test_a_body_over_the_size_limit_is_413(
    client: Client, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web, "MAX_BODY_BYTES", 100)
    reply = client.sync(example_event())
    assert reply.status == 413
    assert reply.json()["detail"] == "the body is larger than 100 bytes"
    assert stored(simulator) == []


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token", "Basic ZGVtbzpkZW1v", "Bearer", "demo-national-portal-token"],
)
def test_without_the_bearer_token_it_is_401_and_stores_nothing(
    client: Client, simulator: Simulator, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    reply = client.sync(example_event(), token=None, headers=headers)
    assert reply.status == 401
    assert reply.headers["www-authenticate"] == 'Bearer realm="national-portal"'
    assert reply.json() == {"type": "about:blank", "title": "Unauthorized", "status": 401,
                            "detail": "a valid bearer token is required"}  # fmt: skip
    assert stored(simulator) == []


def test_every_api_call_needs_the_token(client: Client) -> None:
    for path in ("/api/v1/dossiers", f"/api/v1/dossiers/{CODE}", "/api/v1/inbound", "/api/x"):
        assert client.get(path, token="wrong").status == 401


def test_a_newer_sequence_wins_and_an_older_one_changes_nothing(
    client: Client, simulator: Simulator
) -> None:
    client.sync(example_event(sequence=2, status="2", NgayHenTra="20260108170000"))
    client.sync(example_event(sequence=1, status="1"))
    dossier = simulator.store.dossier(CODE)
    assert dossier is not None
    assert (dossier["ThuTu"], dossier["TrangThaiHoSo"], dossier["NgayHenTra"]) == (
        2, "2", "20260108170000",
    )  # fmt: skip
    client.sync(example_event(sequence=3, status="4", DonViXuLy="H15.50.06"))
    dossier = simulator.store.dossier(CODE)
    assert dossier is not None
    assert (dossier["ThuTu"], dossier["TrangThaiHoSo"], dossier["DonViXuLy"]) == (
        3, "4", "H15.50.06",
    )  # fmt: skip


def test_order_violations_are_counted_per_dossier_and_stream_and_still_stored(
    client: Client, simulator: Simulator
) -> None:
    client.sync(
        example_event(event_id=ID_A, sequence=1),
        example_event(event_id=ID_B, sequence=3, status="2"),
    )
    client.sync(example_event(event_id=ID_C, sequence=2, status="4"))
    rating = example_event(
        sequence=1, kind="rating.created", status="10",
        DanhGia={"MucDoHaiLong": 4, "NgayDanhGia": "20260110090000"},
    )  # fmt: skip
    other_dossier = example_event(code="H15.50.05.13-260105-0002", sequence=1)
    client.sync(rating, other_dossier)
    assert simulator.store.stats()["order_violations"] == 1
    assert [(event["ThuTu"], event["LoaiSuKien"]) for event in simulator.store.events_of(CODE)] == [
        (1, "dossier.submit"), (3, "dossier.submit"), (2, "dossier.submit"), (1, "rating.created"),
    ]  # fmt: skip
    dossier = simulator.store.dossier(CODE)
    assert dossier is not None
    assert (dossier["ThuTu"], dossier["TrangThaiHoSo"]) == (3, "2")  # a rating is no state


def test_a_repeated_sequence_in_one_batch_is_a_violation(
    client: Client, simulator: Simulator
) -> None:
    client.sync(example_event(sequence=1), example_event(sequence=1))
    assert simulator.store.stats()["order_violations"] == 1
    assert [event["serial"] for event in simulator.store.events_of(CODE)] == [1, 2]


def test_unknown_paths_are_404_and_wrong_methods_405(client: Client) -> None:
    assert client.get("/api/v1/nothing").status == 404
    assert client.get("/nothing").json() == {
        "type": "about:blank", "title": "Not Found", "status": 404,
        "detail": "no such resource: /nothing",
    }  # fmt: skip
    reply = client.get("/api/v1/dossiers/sync")
    assert (reply.status, reply.headers["allow"]) == (405, "POST")
    reply = client.post(f"/api/v1/dossiers/{CODE}", json_body={})
    assert (reply.status, reply.headers["allow"]) == (405, "GET")
    reply = client.request("DELETE", "/_control/faults")
    assert (reply.status, reply.headers["allow"]) == (405, "GET, PUT")


scalars = (
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False)
)  # fmt: skip
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
event_fields = st.sampled_from(["IdSuKien", "ThuTu", "LoaiSuKien", "ThoiGian", "HoSo"])
dossier_fields = st.sampled_from([*sorted(example_event()["HoSo"]), "Extra"])


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    top=st.dictionaries(event_fields, json_values, max_size=2),
    inner=st.dictionaries(dossier_fields, json_values, max_size=3),
)
def test_any_json_in_an_event_gets_a_result_never_a_server_error(
    client: Client, top: dict[str, object], inner: dict[str, object]
) -> None:
    event = example_event()
    event["HoSo"].update(inner)
    event.update(top)
    reply = client.sync(event)
    assert reply.status == 200, reply.text
    [result] = reply.json()["results"]
    assert result["status"] in {"accepted", "duplicate", "rejected"}
    assert (result["status"] == "rejected") == bool(result["errors"])


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=64) | json_values.map(lambda value: json.dumps(value).encode()))
def test_any_body_is_answered_with_200_or_400(client: Client, body: bytes) -> None:
    assert client.post("/api/v1/dossiers/sync", body=body).status in {200, 400}
    assert client.put("/_control/faults", body=body).status in {200, 400}
    assert client.post("/_control/inbound", body=body).status in {201, 400}


def test_numbers_too_large_for_a_float_are_400(client: Client) -> None:
    reply = client.post("/_control/inbound", body=b'{"MaHoSoQG": 1e400}')
    assert reply.json()["detail"] == "the body is not valid JSON: 1e400 is too large for a number"
