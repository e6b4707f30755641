# SPDX-License-Identifier: EUPL-1.2
"""Worklists: who sees which list, exactly which dossiers, filters, search, pages, the report.

Commune 1 (centre C1, commune K1) and commune 2 (C2, K2) each have dossiers in many statuses,
all received on Monday 2026-03-09 09:00 (due Thursday 17:00). A dossier of another unit never
shows in a list.
"""

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role
from motcua.calendar.selectors import calendar_for_unit
from motcua.core import clock
from motcua.core.errors import NotFound, PermissionDenied
from motcua.dossiers import services, worklists
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.lifecycle_support import Shared, at
from motcua.dossiers.worklists import (
    Filters,
    OverdueCount,
    overdue_report,
    worklist_named,
    worklist_page,
    worklist_queryset,
    worklist_tabs,
    worklists_for,
)
from motcua.testing.builders import add_official, add_procedure, submit_dossier

MONDAY, WEDNESDAY, FRIDAY = at(9, 9), at(11, 10), at(13, 9)

EXPECTED_TABS = {
    Role.RECEPTION_OFFICER: ["awaiting_reception", "to_forward", "awaiting_supplement",
                             "results_to_return", "due_soon", "overdue"],
    Role.CENTRE_MANAGER: ["awaiting_reception", "due_soon", "overdue"],
    Role.SPECIALIST: ["mine", "unit", "awaiting_supplement", "due_soon", "overdue"],
    Role.DEPARTMENT_HEAD: ["mine", "unit", "awaiting_supplement", "due_soon", "overdue"],
    Role.SIGNING_LEADER: ["mine", "unit", "due_soon", "overdue"],
    Role.CLERK: ["mine", "unit", "due_soon", "overdue"],
    Role.POSTAL_OFFICER: [],
    Role.UNIT_ADMIN: [],
    Role.SYSTEM_ADMIN: [],
}  # fmt: skip


@pytest.mark.parametrize("role", EXPECTED_TABS)
def test_each_role_has_exactly_its_worklists(role: Role) -> None:
    assert [w.name for w in worklists_for(role)] == EXPECTED_TABS[role]


def test_a_worklist_of_another_role_is_not_found(s: Shared) -> None:
    specialist = s.world.processing(Role.SPECIALIST)
    with pytest.raises(NotFound):
        worklist_named(specialist, "awaiting_reception")
    with pytest.raises(NotFound):
        worklist_named(specialist, "no_such_list")
    assert worklist_named(specialist, "mine").name == "mine"


@dataclass
class Scene:
    """Dossiers of commune 1 by name, dossiers of commune 2, and the officials."""

    d: dict[str, Dossier]
    other: dict[str, Dossier]
    actors: dict[str, Actor]


def _scene(s: Shared) -> Scene:
    w = s.world
    spec = w.processing(Role.SPECIALIST)
    at_specialist = lambda: w.apply(w.dossier_in(Status.IN_PROGRESS), "assign")  # noqa: E731
    d = {status.value: w.dossier_in(status) for status in (
        Status.SUBMITTED, Status.AWAITING_COMPLETION, Status.RECEIVED, Status.IN_PROGRESS,
        Status.AWAITING_SUPPLEMENT, Status.AWAITING_PAYMENT, Status.WITHDRAW_REQUESTED,
        Status.PROCESSED, Status.RESULT_READY, Status.RETURNED)}  # fmt: skip
    d["at_specialist"] = at_specialist()
    d["mine"] = services.dossier_assign(at_specialist(), actor=spec)
    d["at_leader"] = w.apply(at_specialist(), "appraise")
    # boundary-free: received at C1, decided by K2
    cross = submit_dossier(w, competent_unit=w.org.communes[1])
    d["cross"] = w.apply(w.apply(cross, "receive"), "forward")

    c2, k2 = w.org.commune_centres[1], w.org.communes[1]
    desk2 = w.desk(c2)
    head2, spec2 = w.processing(Role.DEPARTMENT_HEAD, k2), w.processing(Role.SPECIALIST, k2)
    other = {"submitted": submit_dossier(w, receiving_unit=c2, competent_unit=k2)}
    other["received"] = services.dossier_receive(
        submit_dossier(w, receiving_unit=c2, competent_unit=k2), actor=desk2
    )
    held = services.dossier_forward(
        services.dossier_receive(
            submit_dossier(w, receiving_unit=c2, competent_unit=k2), actor=desk2
        ),
        actor=desk2,
    )
    held = services.dossier_process_step(held, actor=head2)
    other["mine"] = services.dossier_assign(held, actor=spec2)
    actors = {
        "desk": w.desk(),
        "manager": w.official(Role.CENTRE_MANAGER, w.centre),
        "head": w.processing(Role.DEPARTMENT_HEAD),
        "specialist": spec,
        "specialist_2": add_official("specialist.two", Role.SPECIALIST, w.commune),
        "leader": w.processing(Role.SIGNING_LEADER),
        "clerk": w.processing(Role.CLERK),
        "desk_c2": desk2,
        "head_k2": head2,
    }
    return Scene(d, other, actors)


@pytest.fixture
def scene(s: Shared) -> Scene:
    return _scene(s)


def _names(scene: Scene, actor: Actor, name: str, now: datetime) -> set[str]:
    worklist = worklist_named(actor, name)
    queryset = worklist_queryset(worklist, actor, now=now, calendar=calendar_for_unit(actor.unit))
    by_id = {d.pk: key for key, d in scene.d.items()}
    by_id.update({d.pk: f"other:{key}" for key, d in scene.other.items()})
    return {by_id[pk] for pk in queryset.values_list("pk", flat=True)}


RUNNING_K1 = {"in_progress", "withdraw_requested", "at_specialist", "mine", "at_leader"}
EXPECTED = {
    ("desk", "awaiting_reception"): {"submitted"},
    ("desk", "to_forward"): {"received"},
    ("desk", "awaiting_supplement"): {"awaiting_completion", "awaiting_supplement"},
    ("desk", "results_to_return"): {"result_ready"},
    ("manager", "awaiting_reception"): {"submitted"},
    ("head", "mine"): set(),
    ("head", "unit"): {"in_progress", "awaiting_payment", "withdraw_requested", "processed",
                       "at_specialist", "mine", "at_leader"},
    ("head", "awaiting_supplement"): {"awaiting_supplement"},
    ("specialist", "mine"): {"mine"},
    ("specialist", "unit"): {"at_specialist", "mine"},
    ("specialist", "awaiting_supplement"): {"awaiting_supplement"},
    ("specialist_2", "mine"): set(),
    ("specialist_2", "unit"): {"at_specialist", "mine"},
    ("leader", "mine"): set(),
    ("leader", "unit"): {"at_leader"},
    ("clerk", "mine"): set(),
    ("clerk", "unit"): {"processed"},
    ("desk_c2", "awaiting_reception"): {"other:submitted"},
    ("desk_c2", "to_forward"): {"other:received"},
    ("head_k2", "unit"): {"other:mine", "cross"},
}  # fmt: skip


def test_every_worklist_holds_exactly_its_dossiers(scene: Scene) -> None:
    for (who, name), expected in EXPECTED.items():
        assert _names(scene, scene.actors[who], name, MONDAY) == expected, (who, name)


@pytest.mark.parametrize(
    ("now", "due_soon", "overdue"),
    [(MONDAY, False, False), (WEDNESDAY, True, False), (FRIDAY, False, True)],
)
def test_due_soon_and_overdue_follow_the_running_clock(
    scene: Scene, now: datetime, due_soon: bool, overdue: bool
) -> None:
    # Paused (awaiting supplement or payment) and decided dossiers never count.
    expected = {
        "desk": {"received"},
        "manager": {"received", "cross", *RUNNING_K1},
        "head": RUNNING_K1,
        "specialist": RUNNING_K1,
        "leader": RUNNING_K1,
        "clerk": RUNNING_K1,
        "head_k2": {"cross", "other:mine"},
    }
    for who, running in expected.items():
        actor = scene.actors[who]
        assert _names(scene, actor, "due_soon", now) == (running if due_soon else set()), who
        assert _names(scene, actor, "overdue", now) == (running if overdue else set()), who


def test_a_dossier_of_another_unit_never_appears(scene: Scene) -> None:
    commune_1 = ("desk", "manager", "head", "specialist", "specialist_2", "leader", "clerk")
    for who in commune_1:
        actor = scene.actors[who]
        for worklist in worklists_for(actor.role):
            for now in (MONDAY, WEDNESDAY, FRIDAY):
                seen = _names(scene, actor, worklist.name, now)
                assert not {n for n in seen if n.startswith("other:")}, (who, worklist.name)
                # received at C1 but held by K2: only the centre's manager oversees it
                assert "cross" not in seen or who == "manager", (who, worklist.name)


def test_a_page_is_one_query_with_the_time_left_of_each_row(scene: Scene) -> None:
    specialist = scene.actors["specialist"]
    calendar = calendar_for_unit(specialist.unit)
    worklist = worklist_named(specialist, "unit")
    with CaptureQueriesContext(connection) as queries:
        page = worklist_page(worklist, specialist, now=WEDNESDAY, calendar=calendar)
    assert len(queries.captured_queries) == 1
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    assert [row.dossier.pk for row in page.rows] == [
        scene.d["mine"].pk,
        scene.d["at_specialist"].pk,
    ]
    mine = page.rows[0]
    assert (mine.dossier.assignee, mine.status_label, mine.channel_label) == (
        specialist.user,
        "In progress",
        "Online",
    )
    # Wednesday 10:00 to Thursday 17:00: 1.5 + 4 + 8 working hours
    assert (mine.time_left.label, mine.time_left.overdue) == ("1 working day 5 h left", False)
    assert page.next_after is None


def test_query_count_does_not_grow_with_the_rows(s: Shared) -> None:
    w = s.world
    specialist = w.processing(Role.SPECIALIST)
    worklist = worklist_named(specialist, "mine")
    calendar = calendar_for_unit(specialist.unit)

    def add(count: int) -> None:
        for _ in range(count):
            d = w.apply(w.dossier_in(Status.IN_PROGRESS), "assign")
            services.dossier_assign(d, actor=specialist)

    counts = []
    for added, rows in ((3, 3), (27, 30)):
        add(added)
        with CaptureQueriesContext(connection) as queries:
            page = worklist_page(worklist, specialist, now=WEDNESDAY, calendar=calendar)
            for row in page.rows:  # what the template reads
                _ = (row.dossier.procedure_version.name, str(row.dossier.assignee), row.time_left)
        assert len(page.rows) == rows
        counts.append(len(queries.captured_queries))
    assert counts == [1, 1]


def test_keyset_pages_newest_first_and_keep_filters(s: Shared) -> None:
    desk = s.world.desk()
    codes = [s.world.submit().code for _ in range(5)]
    worklist = worklist_named(desk, "awaiting_reception")
    calendar = calendar_for_unit(desk.unit)
    seen, after, pages = [], None, 0
    while True:
        page = worklist_page(
            worklist, desk, now=MONDAY, calendar=calendar, after=after, size=2,
            filters=Filters(q="tran van an"),
        )  # fmt: skip
        seen += [row.dossier.code for row in page.rows]
        pages += 1
        after = page.next_after
        if after is None:
            break
    assert (seen, pages) == (codes[::-1], 3)


def test_search_is_accent_insensitive_and_codes_match_exactly(s: Shared) -> None:
    w = s.world
    an = w.submit()
    binh = submit_dossier(
        w, applicant=services.Applicant(name="Lê Thị Bình", id_number="079090005678")
    )
    desk = w.desk()
    worklist = worklist_named(desk, "awaiting_reception")
    calendar = calendar_for_unit(desk.unit)

    def found(query: str) -> set[str]:
        page = worklist_page(
            worklist, desk, now=MONDAY, calendar=calendar, filters=Filters(q=query)
        )
        return {row.dossier.code for row in page.rows}

    assert found("tran van an") == {an.code}
    assert found("  TRẦN   Văn an ") == {an.code}
    assert found("Binh") == found("bình") == found("0790900") == {binh.code}
    assert found("le thi binh 079090005678") == {binh.code}
    assert found(binh.code) == found(binh.code.lower()) == {binh.code}
    assert found(binh.code[:-1]) == set()
    assert found("nguyen") == set()
    assert found("") == {an.code, binh.code}


def test_filters_by_procedure_field_channel_and_submission_date(s: Shared) -> None:
    w = s.world
    construction = add_procedure("1.000201", field="XD")
    online = w.submit()
    counter = w.submit(actor=w.desk())
    other_field = submit_dossier(w, version=construction)
    with clock.frozen_at(at(2, 9)):
        last_week = w.submit()
    desk = w.desk()
    worklist = worklist_named(desk, "awaiting_reception")
    calendar = calendar_for_unit(desk.unit)

    def found(**filters: object) -> set[str]:
        page = worklist_page(
            worklist,
            desk,
            now=MONDAY,
            calendar=calendar,
            filters=Filters(**filters),  # type: ignore[arg-type]
        )
        return {row.dossier.code for row in page.rows}

    everything = {online.code, counter.code, other_field.code, last_week.code}
    assert found() == everything
    assert found(channel="counter") == {counter.code}
    assert found(channel="online") == {online.code, other_field.code, last_week.code}
    assert found(field="XD") == found(procedure="1.000201") == {other_field.code}
    assert found(field="HT") == everything - {other_field.code}
    assert found(submitted_from=date(2026, 3, 9)) == everything - {last_week.code}
    assert found(submitted_to=date(2026, 3, 8)) == {last_week.code}
    assert found(submitted_from=date(2026, 3, 2), submitted_to=date(2026, 3, 2)) == {last_week.code}
    assert found(field="XD", channel="counter") == set()


def test_tab_counts_are_capped(s: Shared, monkeypatch: pytest.MonkeyPatch) -> None:
    desk = s.world.desk()
    for _ in range(3):
        s.world.submit()
    calendar = calendar_for_unit(desk.unit)
    tabs = {t.worklist.name: t.count for t in worklist_tabs(desk, now=MONDAY, calendar=calendar)}
    assert tabs == {"awaiting_reception": "3", "to_forward": "0", "awaiting_supplement": "0",
                    "results_to_return": "0", "due_soon": "0", "overdue": "0"}  # fmt: skip
    monkeypatch.setattr(worklists, "COUNT_CAP", 3)
    capped = worklist_tabs(desk, now=MONDAY, calendar=calendar)
    assert capped[0].count == "2+"
    monkeypatch.setattr(worklists, "COUNT_CAP", 4)
    assert worklist_tabs(desk, now=MONDAY, calendar=calendar)[0].count == "3"


def test_overdue_report_by_unit_and_step(scene: Scene) -> None:
    w = scene.actors
    c1, k1 = w["desk"].unit, w["head"].unit
    k2 = w["head_k2"].unit
    assert c1 is not None and k1 is not None and k2 is not None
    assert overdue_report(w["manager"], now=WEDNESDAY) == []
    assert overdue_report(w["manager"], now=FRIDAY) == [
        OverdueCount(c1.name, "reception_officer", "Reception officer (one-stop desk)", 1),
        OverdueCount(k1.name, "department_head", "Head of unit", 2),
        OverdueCount(k1.name, "signing_leader", "Signing leader", 1),
        OverdueCount(k1.name, "specialist", "Specialist", 2),
        OverdueCount(k2.name, "department_head", "Head of unit", 1),
    ]
    head_report = overdue_report(w["head"], now=FRIDAY)
    # K1 also sees its dossier still waiting at the desk of C1
    assert [(r.unit_name, r.role, r.count) for r in head_report] == [
        (c1.name, "reception_officer", 1),
        (k1.name, "department_head", 2),
        (k1.name, "signing_leader", 1),
        (k1.name, "specialist", 2),
    ]
    assert overdue_report(w["leader"], now=FRIDAY) == head_report
    # K2 is competent for the cross dossier, its own (at the specialist) and one still at C2
    c2 = w["desk_c2"].unit
    assert c2 is not None
    assert [(r.unit_name, r.role, r.count) for r in overdue_report(w["head_k2"], now=FRIDAY)] == [
        (c2.name, "reception_officer", 1),
        (k2.name, "department_head", 1),
        (k2.name, "specialist", 1),
    ]
    for who in ("desk", "specialist", "clerk"):
        with pytest.raises(PermissionDenied):
            overdue_report(w[who], now=FRIDAY)
