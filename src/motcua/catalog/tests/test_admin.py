# SPDX-License-Identifier: EUPL-1.2
"""The catalog in the Django admin: drafts edited with their parts, published versions read-only,
actions reporting the services' refusals, and rights from role assignments.

Logins carry a verified second factor, so these tests pass whether ``admin.site`` is Django's
site or django-otp's ``OTPAdminSite``.
"""

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.forms import BaseForm, CheckboxInput
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.actors import SYSTEM_ACTOR
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.catalog import services
from motcua.catalog.models import Field, Procedure, ProcedureVersion, VersionStatus
from motcua.core import clock
from motcua.orgunits.models import OrgUnit
from motcua.testing.builders import World

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=VN)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with clock.frozen_at(MONDAY):
        yield


def url(name: str, *args: Any) -> str:
    """An English admin address (``/en/admin/...``), so Django's own messages are English."""
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


def staff(username: str, role: str | None, unit: OrgUnit | None, **flags: Any) -> User:
    user = User.objects.create(username=username, is_staff=True, **flags)
    if role is not None and unit is not None:
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


def login(client: Client, user: User) -> Client:
    """Log in with a verified second factor (what ``OTPAdminSite`` also requires)."""
    device = TOTPDevice.objects.create(user=user, name="admin", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def sysadmin(world: World, client: Client) -> Client:
    return login(client, staff("sysadmin", Role.SYSTEM_ADMIN, world.org.province))


def messages_of(response: HttpResponse) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def form_data(response: HttpResponse) -> dict[str, Any]:
    """The POST data of a change form as shown (main form, then every inline formset)."""
    forms: list[BaseForm] = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.extend([inline.formset.management_form, *inline.formset.forms])
    data: dict[str, Any] = {}
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field.widget, CheckboxInput):
                if value:
                    data[form.add_prefix(name)] = "on"
            elif isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(item) for item in value]
            else:
                data[form.add_prefix(name)] = "" if value is None else str(value)
    return data


def act(client: Client, action: str, *versions: ProcedureVersion) -> HttpResponse:
    return client.post(
        url("catalog_procedureversion_changelist"),
        {"action": action, "_selected_action": [v.pk for v in versions]},
        follow=True,
    )


def draft_of(world: World) -> ProcedureVersion:
    return ProcedureVersion.objects.get(
        procedure=world.version.procedure, status=VersionStatus.DRAFT
    )


# -- lists and search -----------------------------------------------------------------------------


def test_versions_are_listed_and_searched_without_accents(world: World, sysadmin: Client) -> None:
    listing = url("catalog_procedureversion_changelist")
    assert sysadmin.get(listing).status_code == 200
    found = sysadmin.get(listing, {"q": "HON NHÂN"})
    assert list(found.context["cl"].result_list) == [world.version]
    assert list(sysadmin.get(listing, {"q": "đăng ký đất"}).context["cl"].result_list) == []
    procedures = sysadmin.get(url("catalog_procedure_changelist"), {"q": "hôn nhân"})
    assert list(procedures.context["cl"].result_list) == [world.version.procedure]


# -- drafts ---------------------------------------------------------------------------------------


def test_create_draft_action_copies_the_version_and_logs_it(world: World, sysadmin: Client) -> None:
    response = act(sysadmin, "create_draft", world.version)
    draft = draft_of(world)
    assert messages_of(response) == [
        "Draft version 2 of 1.004873 was created from version 1. It takes effect on "
        "9 March 2026 unless you change that date before publishing it."
    ]
    assert draft.steps.count() == world.version.steps.count() == 6
    entry = LogEntry.objects.get(object_id=str(draft.pk))
    assert (entry.action_flag, entry.user.username) == (ADDITION, "sysadmin")


def test_a_second_draft_is_refused_with_a_message(world: World, sysadmin: Client) -> None:
    act(sysadmin, "create_draft", world.version)
    response = act(sysadmin, "create_draft", world.version)
    assert messages_of(response) == [
        "Some of the information is missing or invalid.",
        "Version 2 of this procedure is already a draft: publish or delete it first.",
    ]
    assert world.version.procedure.versions.count() == 2


def test_a_draft_is_edited_with_its_parts(world: World, sysadmin: Client) -> None:
    act(sysadmin, "create_draft", world.version)
    draft = draft_of(world)
    change = url("catalog_procedureversion_change", draft.pk)
    data = form_data(sysadmin.get(change))
    data.update({"name": "Xác nhận tình trạng hôn nhân", "time_limits-0-amount": "2",
                 "steps-2-share": "0", "effective_from": "2026-03-16"})  # fmt: skip
    response = sysadmin.post(change, data)
    assert response.status_code == 302, response.context["errors"]
    draft.refresh_from_db()
    assert (draft.name, draft.effective_from) == ("Xác nhận tình trạng hôn nhân", date(2026, 3, 16))
    assert draft.search_text.startswith("xac nhan tinh trang hon nhan ")
    assert draft.time_limits.get().amount == Decimal(2)
    assert draft.steps.get(order=3).share == Decimal(0)
    assert world.version.time_limits.get().amount == Decimal(3)
    entry = LogEntry.objects.filter(object_id=str(draft.pk), action_flag=CHANGE).get()
    assert entry.user.username == "sysadmin"


def test_a_draft_form_is_checked(world: World, sysadmin: Client) -> None:
    act(sysadmin, "create_draft", world.version)
    draft = draft_of(world)
    change = url("catalog_procedureversion_change", draft.pk)
    data = form_data(sysadmin.get(change))
    data.update({"competent_unit_kind": "department", "competent_department": "",
                 "applicant_schema": '{"type": 5}', "steps-1-order": "1"})  # fmt: skip
    response = sysadmin.post(change, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["competent_department"] == ["Give the department's short code."]
    assert errors["applicant_schema"][0].startswith("This is not a valid JSON Schema: 5 is not")
    steps = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "steps"
    )
    assert steps.formset.non_form_errors() == ["Please correct the duplicate data for order."]
    draft.refresh_from_db()
    assert draft.competent_unit_kind == "commune"


def test_list_fields_and_step_roles_are_checked(world: World, sysadmin: Client) -> None:
    act(sysadmin, "create_draft", world.version)
    draft = draft_of(world)
    change = url("catalog_procedureversion_change", draft.pk)
    data = form_data(sysadmin.get(change))
    data.update({"legal_basis": '"Luật Hộ tịch"', "channels": [], "steps-0-forms": '{"a": 1}',
                 "steps-1-role": "centre_manager"})  # fmt: skip
    response = sysadmin.post(change, data)
    errors = response.context["adminform"].form.errors
    assert (errors["legal_basis"], errors["channels"]) == (
        ['Write a list of texts, e.g. ["Law 60/2014/QH13"].'],
        ["This field is required."],
    )
    steps = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "steps"
    )
    assert steps.formset.errors[:2] == [
        {"forms": ['Write a list of form codes, e.g. ["01", "02"].']},
        {"role": ["Select a valid choice. centre_manager is not one of the available choices."]},
    ]
    assert ProcedureVersion.objects.get(pk=draft.pk).legal_basis == ["Luật Hộ tịch số 60/2014/QH13"]


def test_a_published_version_is_read_only(world: World, sysadmin: Client) -> None:
    change = url("catalog_procedureversion_change", world.version.pk)
    page = sysadmin.get(change)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert all(not f.has_change_permission for f in page.context["inline_admin_formsets"])
    data = form_data(page)
    data.update({"name": "Đổi tên", "time_limits-0-amount": "1"})
    assert sysadmin.post(change, data).status_code == 403
    delete = url("catalog_procedureversion_delete", world.version.pk)
    assert sysadmin.post(delete, {"post": "yes"}).status_code == 403
    world.version.refresh_from_db()
    assert world.version.name == "Cấp Giấy xác nhận tình trạng hôn nhân"
    assert world.version.time_limits.get().amount == Decimal(3)
    assert not LogEntry.objects.exists()


def test_a_draft_may_be_deleted(world: World, sysadmin: Client) -> None:
    act(sysadmin, "create_draft", world.version)
    draft = draft_of(world)
    response = sysadmin.post(url("catalog_procedureversion_delete", draft.pk), {"post": "yes"})
    assert response.status_code == 302
    assert list(world.version.procedure.versions.all()) == [world.version]


def test_a_version_is_added_as_a_draft_of_a_new_procedure(sysadmin: Client) -> None:
    add = url("catalog_procedure_add")
    bad = sysadmin.post(add, {"national_code": "1-2", "local_code": "", **empty("versions")})
    assert bad.context["adminform"].form.errors == {
        "national_code": ["Use the form d.dddddd, e.g. 1.001806."]
    }
    sysadmin.post(add, {"national_code": "2.000001", "local_code": "NA-1", **empty("versions")})
    procedure = Procedure.objects.get(national_code="2.000001")
    page = sysadmin.get(url("catalog_procedureversion_add"))
    data = form_data(page)
    data.update({"procedure": procedure.pk, "effective_from": "2026-04-01", "name": "Thủ tục mới",
                 "field": Field.objects.get(code="HT").pk, "level": "commune",
                 "implementing_agency": "UBND xã", "competent_agency": "UBND xã",
                 "competent_unit_kind": "commune", "channels": ["online", "in_person"],
                 "online_level": "full", "legal_basis": "[]", "applicant_schema": "{}",
                 "sets": "1", "min_eid_level": "2", "boundary_free": "on"})  # fmt: skip
    assert sysadmin.post(url("catalog_procedureversion_add"), data).status_code == 302
    version = procedure.versions.get()
    assert (version.number, version.status, version.channels) == (
        1, VersionStatus.DRAFT, ["in_person", "online"]
    )  # fmt: skip
    assert version.search_text == "thu tuc moi 2.000001 na-1 ho tich civil status"
    # a second version while that draft exists is refused on the form
    again = sysadmin.post(url("catalog_procedureversion_add"), data)
    assert again.context["adminform"].form.errors["procedure"] == [
        "Version 1 of this procedure is already a draft: publish or delete it first."
    ]


def empty(prefix: str) -> dict[str, str]:
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}


def test_a_field_is_renamed_and_search_follows(world: World, sysadmin: Client) -> None:
    field = Field.objects.get(code="HT")
    change = url("catalog_field_change", field.pk)
    response = sysadmin.post(change, {"name": "Hộ tịch - Chứng thực", "name_en": "Civil status"})
    assert response.status_code == 302
    world.version.refresh_from_db()
    assert world.version.search_text.endswith(" ho tich - chung thuc civil status")
    assert Field.objects.get(pk=field.pk).code == "HT"  # the code is read-only


# -- publication ----------------------------------------------------------------------------------


def test_publish_action_publishes_and_ends_the_previous_version(
    world: World, sysadmin: Client
) -> None:
    act(sysadmin, "create_draft", world.version)
    draft = draft_of(world)
    ProcedureVersion.objects.filter(pk=draft.pk).update(effective_from=date(2026, 3, 10))
    response = act(sysadmin, "publish", draft)
    assert messages_of(response) == ["Version 2 of 1.004873 is published from 10 March 2026."]
    draft.refresh_from_db()
    world.version.refresh_from_db()
    assert (draft.status, world.version.effective_to) == (
        VersionStatus.PUBLISHED,
        date(2026, 3, 10),
    )
    changes = LogEntry.objects.filter(action_flag=CHANGE).order_by("pk")
    assert [(e.object_id, e.get_change_message()) for e in changes] == [
        (str(draft.pk), "Changed status."),
        (str(world.version.pk), "Changed effective to."),
    ]


def test_publish_action_shows_why_and_publishes_nothing(world: World, sysadmin: Client) -> None:
    act(sysadmin, "create_draft", world.version)
    draft = draft_of(world)
    draft.steps.filter(order=3).update(share=Decimal(2))
    response = act(sysadmin, "publish", draft, world.version)
    assert response.status_code == 200
    assert messages_of(response) == [
        "Version 2 of 1.004873 cannot be published.",
        "step shares add up to 32 working hours, the limit is 24",
        "Only a draft version can be published.",
    ]
    draft.refresh_from_db()
    world.version.refresh_from_db()
    assert (draft.status, world.version.effective_to) == (VersionStatus.DRAFT, None)
    assert not LogEntry.objects.filter(action_flag=CHANGE).exists()


# -- who may --------------------------------------------------------------------------------------


def test_a_commune_unit_admin_sees_the_catalog_read_only(world: World, client: Client) -> None:
    services.procedure_version_new_draft(version=world.version, actor=SYSTEM_ACTOR)
    draft = draft_of(world)
    login(client, staff("commune.admin", Role.UNIT_ADMIN, world.commune))
    listing = client.get(url("catalog_procedureversion_changelist"))
    assert listing.status_code == 200
    assert listing.context["action_form"] is None  # no action offered
    change = url("catalog_procedureversion_change", draft.pk)
    data = form_data(client.get(change))
    data["name"] = "Đổi tên"
    assert client.post(change, data).status_code == 403
    act(client, "publish", draft)
    assert client.get(url("catalog_procedureversion_add")).status_code == 403
    draft.refresh_from_db()
    assert (draft.name, draft.status) == (world.version.name, VersionStatus.DRAFT)
    assert not LogEntry.objects.exists()


def test_a_department_unit_admin_edits_the_catalog(world: World, client: Client) -> None:
    login(client, staff("stp.admin", Role.UNIT_ADMIN, world.org.departments["STP"]))
    act(client, "create_draft", world.version)
    assert draft_of(world).number == 2


def test_staff_without_an_administrator_role_is_refused(world: World, client: Client) -> None:
    login(client, staff("desk.staff", Role.RECEPTION_OFFICER, world.centre))
    for name, args in [
        ("catalog_procedureversion_changelist", ()),
        ("catalog_procedureversion_change", (world.version.pk,)),
        ("catalog_procedure_changelist", ()),
        ("catalog_field_changelist", ()),
    ]:
        assert client.get(url(name, *args)).status_code == 403
    assert act(client, "create_draft", world.version).status_code == 403
    assert world.version.procedure.versions.count() == 1
    index = client.get(url("index"))
    assert "catalog" not in [app["app_label"] for app in index.context["app_list"]]


def test_django_model_permissions_alone_grant_nothing(world: World, client: Client) -> None:
    user = staff("perm.only", None, None)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="catalog"))
    login(client, user)
    assert client.get(url("catalog_procedureversion_changelist")).status_code == 403


def test_a_citizen_is_sent_to_the_admin_login(world: World, client: Client) -> None:
    client.force_login(world.citizen_a)
    listing = url("catalog_procedureversion_changelist")
    response = client.get(listing)
    assert (response.status_code, response["Location"]) == (
        302,
        f"{url('login')}?next={listing}",
    )
    response = act(client, "create_draft", world.version)
    assert world.version.procedure.versions.count() == 1


def test_with_the_otp_admin_site_a_second_factor_is_required(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(admin.site, "__class__", OTPAdminSite)
    user = staff("sysadmin", Role.SYSTEM_ADMIN, world.org.province)
    listing = url("catalog_procedureversion_changelist")
    client.force_login(user)
    assert client.get(listing).status_code == 302  # logged in, not verified
    assert login(client, user).get(listing).status_code == 200
