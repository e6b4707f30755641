# SPDX-License-Identifier: EUPL-1.2
from collections import Counter
from datetime import UTC, datetime

import pytest

from motcua.demo.history import HistoryBuilder
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import first_broken_link
from motcua.testing.builders import World

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def test_history_is_replayed_through_the_services_with_valid_chains(world: World) -> None:
    created = HistoryBuilder(world.org, seed=7, now=NOW).build(120)
    assert created == Dossier.objects.count()
    assert created >= 110
    statuses = Counter(Dossier.objects.values_list("status", flat=True))
    assert statuses["returned"] > created // 2
    assert len(statuses) >= 3  # refusals and withdrawals happen too
    assert first_broken_link() is None
    assert DossierEvent.objects.count() == sum(Dossier.objects.values_list("version", flat=True))
    assert not Dossier.objects.filter(submitted_at__gt=NOW).exists()
    assert not DossierEvent.objects.filter(at__gt=NOW).exists()
    channels = set(Dossier.objects.values_list("channel", flat=True))
    assert {"online", "counter"} <= channels
