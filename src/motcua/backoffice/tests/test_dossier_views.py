# SPDX-License-Identifier: EUPL-1.2
"""The dossier page: who may see it, the actions offered, and stale or refused actions."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import Role
from motcua.core import clock
from motcua.dossiers import services
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.tests.lifecycle_support import MONDAY
from motcua.testing.builders import World, add_official, submit_dossier

from .support import login_official

pytestmark = pytest.mark.django_db


def page(pk: int) -> str:
    return reverse("backoffice:dossier", kwargs={"pk": pk})


def act(pk: int, action: str) -> str:
    return reverse("backoffice:dossier_act", kwargs={"pk": pk, "action": action})


def test_the_desk_sees_its_dossier_with_the_actions_it_may_take(
    client: Client, world: World
) -> None:
    d = world.submit()
    login_official(client, world.desk())
    response = client.get(page(d.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert d.code in html
    assert act(d.pk, "receive") in html
    assert act(d.pk, "refuse") in html
    assert act(d.pk, "approve") not in html


def test_anonymous_is_sent_to_login(client: Client, world: World) -> None:
    d = world.submit()
    response = client.get(page(d.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))


@pytest.mark.parametrize(
    ("role", "unit_index"),
    [(Role.RECEPTION_OFFICER, 1), (Role.SPECIALIST, 1), (Role.DEPARTMENT_HEAD, 1)],
)
def test_another_units_official_gets_404_and_changes_nothing(
    client: Client, world: World, role: str, unit_index: int
) -> None:
    d = world.submit()
    units = world.org.commune_centres if role == Role.RECEPTION_OFFICER else world.org.communes
    login_official(client, world.official(role, units[unit_index]))
    assert client.get(page(d.pk)).status_code == 404
    response = client.post(act(d.pk, "receive"), {"version": d.version})
    assert response.status_code == 404
    assert Dossier.objects.get(pk=d.pk).status == Status.SUBMITTED


def test_a_unit_the_dossier_was_forwarded_to_sees_it(client: Client, world: World) -> None:
    d = world.dossier_in(Status.IN_PROGRESS)
    from motcua.dossiers import services

    services.dossier_forward(
        d,
        actor=world.processing(Role.DEPARTMENT_HEAD),
        to_unit=world.org.departments["STP"],
        reason="Phối hợp",
    )
    login_official(client, world.official(Role.DEPARTMENT_HEAD, world.org.departments["STP"]))
    assert client.get(page(d.pk)).status_code == 200


def test_receive_an_online_dossier_with_the_checklist(client: Client, world: World) -> None:
    d = submit_dossier(world, documents=[])
    requirement = world.version.requirements.get()
    login_official(client, world.desk())
    with clock.frozen_at(MONDAY):
        response = client.post(
            act(d.pk, "receive"), {"version": d.version, f"seen_{requirement.pk}": "on"}
        )
    assert response.status_code == 302
    assert response["Location"] == page(d.pk)
    d.refresh_from_db()
    assert (d.status, d.tracking_book_line) == (Status.RECEIVED, 1)


def test_receive_without_the_documents_is_refused_and_names_them(
    client: Client, world: World
) -> None:
    d = submit_dossier(world, documents=[])
    login_official(client, world.desk())
    response = client.post(act(d.pk, "receive"), {"version": d.version})
    assert response.status_code == 422
    assert "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân" in response.content.decode()
    assert Dossier.objects.get(pk=d.pk).status == Status.SUBMITTED


def test_a_stale_form_changes_nothing_and_keeps_the_typed_input(
    client: Client, world: World
) -> None:
    d = world.submit()
    seen_version = d.version
    from motcua.dossiers import services

    services.dossier_receive(d, actor=world.desk())  # another officer, first
    login_official(client, world.desk())
    events = DossierEvent.objects.count()
    response = client.post(
        act(d.pk, "refuse"), {"version": seen_version, "reason": "Hồ sơ không thuộc thẩm quyền"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Hồ sơ không thuộc thẩm quyền" in html  # the typed reason is still there
    assert "Received" in html or "Đã tiếp nhận" in html
    assert DossierEvent.objects.count() == events
    assert Dossier.objects.get(pk=d.pk).status == Status.RECEIVED


def test_an_action_of_another_role_is_refused_without_change(client: Client, world: World) -> None:
    d = world.dossier_in(Status.IN_PROGRESS)  # at the head's step
    login_official(client, world.processing(Role.SPECIALIST))
    response = client.post(act(d.pk, "process_step"), {"version": d.version, "note": "Xong"})
    assert response.status_code == 409
    assert Dossier.objects.get(pk=d.pk).version == d.version


def test_unknown_action_is_404(client: Client, world: World) -> None:
    d = world.submit()
    login_official(client, world.desk())
    assert client.post(act(d.pk, "delete"), {"version": d.version}).status_code == 404


def test_get_on_an_action_is_refused(client: Client, world: World) -> None:
    d = world.submit()
    login_official(client, world.desk())
    assert client.get(act(d.pk, "receive")).status_code == 405


def test_mass_assignment_is_ignored(client: Client, world: World) -> None:
    d = world.dossier_in(Status.IN_PROGRESS)
    login_official(client, world.processing(Role.DEPARTMENT_HEAD))
    response = client.post(
        act(d.pk, "process_step"),
        {"version": d.version, "note": "Giao", "status": "returned", "due_at": "2020-01-01"},
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert (d.status, d.current_step) == (Status.IN_PROGRESS, 3)


def test_head_assigns_from_the_page(client: Client, world: World) -> None:
    d = world.dossier_in(Status.IN_PROGRESS)
    specialist = add_official("specialist.page", Role.SPECIALIST, world.commune)
    login_official(client, world.processing(Role.DEPARTMENT_HEAD))
    response = client.post(
        act(d.pk, "process_step"),
        {"version": d.version, "note": "", "assignee": str(specialist.user_id)},
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.assignee_id == specialist.user_id


def test_a_bad_number_is_a_form_error_not_a_500(client: Client, world: World) -> None:
    d = world.dossier_in(Status.IN_PROGRESS)
    from motcua.dossiers import services

    d = services.dossier_process_step(d, actor=world.processing(Role.DEPARTMENT_HEAD))
    login_official(client, world.processing(Role.SPECIALIST))
    response = client.post(
        act(d.pk, "request_payment"),
        {"version": d.version, "amount_vnd": "a lot", "reason": "Thuế"},
    )
    assert response.status_code == 422
    assert Dossier.objects.get(pk=d.pk).status == Status.IN_PROGRESS


def test_pages_with_personal_data_are_never_cached(client: Client, world: World) -> None:
    d = world.submit()
    login_official(client, world.desk())
    response = client.get(page(d.pk))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_scan_downloads_as_an_attachment_for_the_unit_only(client: Client, world: World) -> None:
    import io

    from motcua.documents.services import file_store
    from motcua.dossiers import services

    scan = file_store(io.BytesIO(b"%PDF-1.4 to khai"), content_type="application/pdf")
    requirement = world.version.requirements.get()
    check = services.DocumentCheck(requirement_id=requirement.pk, file=scan, filename="to-khai.pdf")
    d = submit_dossier(world, documents=[check])
    document = d.documents.get()
    url = reverse("backoffice:dossier_document", kwargs={"pk": d.pk, "document_id": document.pk})
    login_official(client, world.desk())
    assert url in client.get(page(d.pk)).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 to khai"  # type: ignore[attr-defined]
    assert response["Content-Disposition"] == 'attachment; filename="to-khai.pdf"'
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == (
        "application/pdf",
        "nosniff",
    )
    assert "no-store" in response["Cache-Control"]
    login_official(client, world.desk(world.org.commune_centres[1]))
    assert client.get(url).status_code == 404


def test_the_dossier_page_costs_a_fixed_number_of_queries(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    """Session, user, device, capacity, dossier, steps, requirements, units, two officials
    lists (assign, next step), documents, events, unit names: 13, however long the history."""
    d = world.dossier_in(Status.IN_PROGRESS)
    login_official(client, world.processing(Role.DEPARTMENT_HEAD))
    url = page(d.pk)
    with django_assert_num_queries(13):
        client.get(url)
    d = services.dossier_request_supplement(
        d, actor=world.processing(Role.DEPARTMENT_HEAD), missing=["Ảnh"], reason="Thiếu"
    )
    d = services.dossier_supplement(d, actor=world.applicant(), note="Đã nộp")
    with django_assert_num_queries(13):
        client.get(url)
