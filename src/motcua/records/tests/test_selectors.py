# SPDX-License-Identifier: EUPL-1.2
"""The list of a dossier's printable forms (for links on the dossier's page)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from motcua.core import clock
from motcua.dossiers.lifecycle import Status
from motcua.records.selectors import FormLink, printable_forms
from motcua.records.tests.support import at
from motcua.testing.builders import World


def test_each_event_that_produced_a_form_is_listed_once_in_order(world: World) -> None:
    with clock.frozen_at(at(9)):
        d = world.dossier_in(Status.STOPPED)  # receive, forward, withdraw, stop
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        links = printable_forms(d)
    assert links == [
        FormLink(2, "receipt", "01", "Dossier receipt and appointment slip", at(9)),
        FormLink(3, "control_sheet", "06", "Dossier processing control sheet", at(9)),
        FormLink(5, "stop_notice", "05", "Notice of stopping the processing of the dossier",
                 at(9)),
    ]  # fmt: skip
    assert len(queries.captured_queries) == 1


def test_a_dossier_without_forms_lists_none(world: World) -> None:
    assert printable_forms(world.submit()) == []
