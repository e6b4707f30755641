# SPDX-License-Identifier: EUPL-1.2
"""The periodic late-dossier check: at risk within 1 working day, overdue, idempotent."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from motcua.core import clock
from motcua.dossiers import services
from motcua.dossiers.late import LateCheck, dossiers_flag_late
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import DeadlineAlert
from motcua.dossiers.tests.lifecycle_support import MONDAY, at
from motcua.testing.builders import World

pytestmark = pytest.mark.django_db


def received_monday(world: World):  # type: ignore[no-untyped-def]
    with clock.frozen_at(MONDAY):
        d = world.submit()
        return services.dossier_forward(
            services.dossier_receive(d, actor=world.desk()), actor=world.desk()
        )  # due Thu 12 March 17:00 (3 working days)


def test_nothing_is_raised_while_there_is_time(world: World) -> None:
    received_monday(world)
    result = dossiers_flag_late(at(10, 9))  # Tue: due Thu, more than 1 working day away
    assert (result.at_risk, result.overdue) == (0, 0)
    assert DeadlineAlert.objects.count() == 0


def test_due_tomorrow_is_at_risk_and_after_the_date_overdue(world: World) -> None:
    d = received_monday(world)
    result = dossiers_flag_late(at(11, 9))  # Wed: due Thu, within 1 working day
    assert (result.at_risk, result.overdue) == (1, 0)
    alert = DeadlineAlert.objects.get()
    assert (alert.dossier_id, alert.kind, alert.due_at, alert.unit_id, alert.step) == (
        d.pk,
        "at_risk",
        d.due_at,
        world.commune.pk,
        2,
    )
    result = dossiers_flag_late(at(13, 9))  # Fri: past Thu 17:00
    assert (result.at_risk, result.overdue) == (0, 1)
    assert sorted(DeadlineAlert.objects.values_list("kind", flat=True)) == ["at_risk", "overdue"]


def test_running_the_check_twice_raises_each_alert_once(world: World) -> None:
    received_monday(world)
    assert dossiers_flag_late(at(13, 9)) == LateCheck(at_risk=0, overdue=1)
    assert dossiers_flag_late(at(13, 10)) == LateCheck(at_risk=0, overdue=0)
    call_command("late_check", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    assert DeadlineAlert.objects.count() == 1


def test_a_paused_dossier_is_not_late(world: World) -> None:
    with clock.frozen_at(MONDAY):
        d = world.dossier_in(Status.AWAITING_SUPPLEMENT)
    assert d.due_at is not None
    dossiers_flag_late(d.due_at + timedelta(days=3))
    assert DeadlineAlert.objects.count() == 0
