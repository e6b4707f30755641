# SPDX-License-Identifier: EUPL-1.2
"""Shared pieces of the tracking and rating tests (no tests here): a fixed working week, a
dossier whose history is full of personal data that must never reach the public page, the
pages' addresses, and stub URLs for portal links another part has not mounted yet."""

import types
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, include, path, reverse

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.core import clock
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.testing.builders import VALID_FORM, World, complete_documents

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
#: Monday 9 March 2026, 09:00 in Hồ Chí Minh City: a working week without holidays.
MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=HCM)

APPLICANT_NAME = "Trần Văn An"
ID_NUMBER = "079088001234"  # verifier 1234
PHONE = "0912 345 678"  # verifier 5678
#: Free text typed by officials: it may name people, so it never reaches the public.
NOTE = "Giao ông Đỗ Văn Khoa xử lý gấp"
MISSING = "Giấy khai sinh của bà Vũ Thị Hạnh"
REASON = "Theo lời ông Phạm Hùng, thiếu giấy tờ"
APOLOGY = "Xin lỗi bà Lò Thị Mai vì sự chậm trễ"


def track_url(**query: str) -> str:
    base = reverse("portal:track")
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def api_url(code: str, verifier: str | None = None) -> str:
    """The REST API's tracking address (``motcua.api``, outside the language prefixes)."""
    base = reverse("api-v1:track", kwargs={"code": code})
    return base if verifier is None else f"{base}?verifier={verifier}"


def name_the_officials() -> list[str]:
    """Give every official a person's name; returns the names."""
    names = []
    user_ids = RoleAssignment.objects.values_list("user_id", flat=True).distinct()
    for index, user in enumerate(User.objects.filter(pk__in=user_ids).order_by("pk")):
        user.full_name = f"Nguyễn Quan Chức {index:03d}"
        user.save(update_fields=["full_name"])
        names.append(user.full_name)
    return names


def submit(world: World, owner: User | None = None) -> Dossier:
    """An online dossier of citizen A (or ``owner``) with an ID number and a phone."""
    user = owner or world.citizen_a
    return services.dossier_submit(
        procedure_version=world.version,
        receiving_unit=world.centre,
        channel="online",
        applicant=services.Applicant(
            name=user.full_name, id_number=user.national_id, phone=PHONE, address="Số 5 Ngõ 7"
        ),
        applicant_data=dict(VALID_FORM, full_name=user.full_name, id_number=user.national_id),
        actor=world.applicant(user),
        competent_unit=world.commune,
        documents=complete_documents(world.version),
    )


def eventful_dossier(world: World) -> Dossier:
    """Submitted Monday; a supplement asked and given, the date extended, the result returned.

    Every free-text field an official can type is filled with a person's name.
    """
    s = services
    desk = world.desk()
    head = world.processing(Role.DEPARTMENT_HEAD)
    specialist = world.processing(Role.SPECIALIST)
    with clock.frozen_at(MONDAY):
        d = submit(world)
        d = s.dossier_receive(d, actor=desk)
        d = s.dossier_forward(d, actor=desk)
        d = s.dossier_process_step(d, actor=head, note=NOTE)
        d = s.dossier_request_supplement(d, actor=specialist, missing=[MISSING], reason=REASON)
        d = s.dossier_supplement(d, actor=world.applicant())
        assert d.due_at is not None
        new_due = d.due_at.replace(day=d.due_at.day + 4)  # Thursday → Monday
        d = s.dossier_extend_deadline(d, actor=head, new_due=new_due, reason=APOLOGY)
        d = s.dossier_process_step(d, actor=specialist, note=NOTE)
        d = s.dossier_approve(d, actor=world.processing(Role.SIGNING_LEADER))
        d = s.dossier_issue_result(d, actor=world.processing(Role.CLERK))
        d = s.dossier_return_result(
            d, actor=desk, method="counter", receiver_name=APPLICANT_NAME,
            receiver_id_number=ID_NUMBER,
        )  # fmt: skip
    return d


def personal_data(world: World, dossier: Dossier) -> list[str]:
    """Everything personal in the dossier and its history that the public must not see."""
    officials = list(dossier.events.exclude(role="applicant").values_list("actor_name", flat=True))
    assert officials and all(name.startswith("Nguyễn Quan Chức") for name in officials)
    return [APPLICANT_NAME, ID_NUMBER, "079088", PHONE, "0912", "Số 5 Ngõ 7", NOTE, MISSING,
            REASON, APOLOGY, *officials]  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh_counters() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


# -- until every portal part is mounted -----------------------------------------------------------

#: Names ``portal/base.html`` and these pages link to, with the paths the brief fixes for them.
PORTAL_LINKS = {
    "login": "dang-nhap/",
    "logout": "dang-xuat/",
    "procedures": "thu-tuc/",
    "my_dossiers": "ho-so-cua-toi/",
    "my_dossier": "ho-so-cua-toi/<int:pk>/",
}


def _stub(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("stub")


@pytest.fixture(autouse=True)
def portal_urls(settings: Any) -> Iterator[None]:
    """The real URLs, plus stubs for the portal links another part has not mounted yet."""
    missing = []
    for name, route in PORTAL_LINKS.items():
        try:
            reverse(f"portal:{name}", kwargs={"pk": 1} if "<int:pk>" in route else None)
        except NoReverseMatch:
            missing.append(name)
    if not missing:
        yield
        return
    from motcua import views
    from motcua.portal import urls as portal

    stubs = [path(PORTAL_LINKS[name], _stub, name=name) for name in missing]
    conf = types.ModuleType("motcua_track_test_urls")
    conf.urlpatterns = [  # type: ignore[attr-defined]
        *i18n_patterns(
            path("", views.home, name="home"),
            path("", include(([*portal.urlpatterns, *stubs], "portal"))),
            prefix_default_language=False,
        )
    ]
    settings.ROOT_URLCONF = conf
    yield
