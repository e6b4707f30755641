# SPDX-License-Identifier: EUPL-1.2
"""Reads of dossiers: lookup by code (one indexed query) and keyset-paginated lists."""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role
from motcua.core.errors import NotFound
from motcua.core.hashchain import BrokenLink, Link, verify_chain
from motcua.dossiers.lifecycle import NATIONAL_STATUS, Action, Status
from motcua.dossiers.models import Dossier, DossierEvent


@dataclass(frozen=True)
class StatusView:
    code: str
    status: str
    national_status: int
    due_at: object


def dossier_status_by_code(code: str) -> StatusView | None:
    """Status of a dossier by its code: one query on the unique index, no joins."""
    # [:1] rather than .first(): no ORDER BY on a unique column.
    rows = list(Dossier.objects.filter(code=code).values_list("code", "status", "due_at")[:1])
    if not rows:
        return None
    found, status, due_at = rows[0]
    return StatusView(found, status, NATIONAL_STATUS[Status(status)], due_at)


def dossier_page(
    queryset: QuerySet[Dossier], *, after_id: int | None = None, size: int = 50
) -> tuple[list[Dossier], int | None]:
    """One page of a list, newest first, by keyset (``id < after_id``); no COUNT(*).

    Returns the rows and the cursor of the next page (``None`` on the last page).
    """
    if after_id is not None:
        queryset = queryset.filter(id__lt=after_id)
    rows = list(queryset.order_by("-id")[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    return rows, (rows[-1].pk if has_more and rows else None)


def first_broken_link() -> tuple[int, BrokenLink] | None:
    """Verify every dossier's chain in one pass; the first broken link as (dossier id, link).

    A chain must also end at the dossier's current version: a missing last event is a break.
    """
    events = DossierEvent.objects.order_by("dossier_id", "sequence")
    for dossier_id, group in groupby(events.iterator(chunk_size=5000), key=lambda e: e.dossier_id):
        links = (Link(e.sequence, e.previous_hash, e.hash, e.chain_content()) for e in group)
        broken = verify_chain(links)
        if broken is not None:
            return dossier_id, broken
    mismatch = (
        Dossier.objects.annotate(events_count=Count("events"))
        .exclude(events_count=F("version"))
        .order_by("id")
        .values_list("id", "version", "events_count")
        .first()
    )
    if mismatch is None:
        return None
    dossier_id, version, events_count = mismatch
    if events_count > version:
        return dossier_id, BrokenLink(version + 1, "an event beyond the dossier's version")
    return dossier_id, BrokenLink(version, "the chain ends before the dossier's version")


def dossiers_visible_to(actor: Actor) -> QuerySet[Dossier]:
    """Dossiers an official may see: received, decided or held by their unit, or forwarded to it.

    A unit that took part in a linked flow keeps seeing the dossier (it wrote control-sheet rows).
    """
    if actor.unit is None or actor.role not in Role.official_roles():
        return Dossier.objects.none()
    unit = actor.unit
    forwarded_here = DossierEvent.objects.filter(
        dossier_id=OuterRef("pk"), action=Action.FORWARD, data__to_unit=unit.code
    )
    return Dossier.objects.filter(
        Q(receiving_unit=unit)
        | Q(competent_unit=unit)
        | Q(current_unit=unit)
        | Exists(forwarded_here)
    )


def dossier_for_official(actor: Actor, pk: object) -> Dossier:
    """One dossier the official may see, or ``NotFound`` (the same for missing and foreign)."""
    try:
        key = int(str(pk))
    except ValueError:
        raise NotFound() from None
    dossier = (
        dossiers_visible_to(actor)
        .filter(pk=key)
        .select_related(
            "procedure_version__procedure",
            "procedure_version__field",
            "receiving_unit",
            "competent_unit",
            "current_unit",
            "assignee",
        )
        .prefetch_related("procedure_version__steps", "procedure_version__requirements")
        .first()
    )
    if dossier is None:
        raise NotFound()
    return dossier
