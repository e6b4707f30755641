# SPDX-License-Identifier: EUPL-1.2
"""Reads for online submission: where a procedure may be submitted, its online fee and time
limit, a citizen's drafts, and the promised date a dossier would get if received now."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from motcua.accounts.models import User
from motcua.calendar.deadlines import compute_due
from motcua.calendar.selectors import calendar_for_unit
from motcua.catalog.models import (
    CompetentUnitKind,
    Fee,
    OnlineLevel,
    ProcedureVersion,
    TimeLimit,
)
from motcua.catalog.selectors import versions_in_force
from motcua.core import clock
from motcua.core.errors import NotFound
from motcua.dossiers.deadlines import applicable_limit
from motcua.dossiers.lifecycle import Channel
from motcua.dossiers.models import Dossier
from motcua.orgunits.models import OrgUnit, UnitKind
from motcua.submissions.models import SubmissionDraft


def online_available(version: ProcedureVersion) -> bool:
    """Whether the procedure may be submitted online at all (catalog channel and level)."""
    return "online" in version.channels and version.online_level != OnlineLevel.NONE


def in_force_today(version: ProcedureVersion) -> bool:
    today = timezone.localtime(clock.now()).date()
    return versions_in_force(today).filter(pk=version.pk).exists()


def receiving_centres(version: ProcedureVersion) -> QuerySet[OrgUnit]:
    """The centres a citizen may choose to receive an online dossier of ``version``.

    Boundary-free: any commune centre (and, for a provincial procedure, the provincial centre);
    a provincial procedure that is not boundary-free: the provincial centre; a commune procedure
    that is not boundary-free: the centre of the commune that handles it (the citizen picks it).
    """
    centres = OrgUnit.objects.filter(is_active=True).order_by("kind", "name")
    department = version.competent_unit_kind == CompetentUnitKind.DEPARTMENT
    if department and not version.boundary_free:
        return centres.filter(kind=UnitKind.PROVINCE_CENTRE)
    if department:
        return centres.filter(kind__in=UnitKind.centres())
    return centres.filter(kind=UnitKind.COMMUNE_CENTRE)


def competent_communes(version: ProcedureVersion) -> QuerySet[OrgUnit] | None:
    """Communes the citizen may name as competent unit (boundary-free commune procedures only);
    None when the competent unit follows from the centre."""
    if version.competent_unit_kind != CompetentUnitKind.COMMUNE or not version.boundary_free:
        return None
    return OrgUnit.objects.filter(kind=UnitKind.COMMUNE, is_active=True).order_by("name")


def online_fees(version: ProcedureVersion) -> list[Fee]:
    """The fees and charges of the online channel: a fee's online row, else its all-channel row."""
    chosen: dict[str, Fee] = {}
    for fee in sorted(version.fees.all(), key=lambda f: (f.code, f.channel != "online")):
        if fee.channel in ("", "online") and fee.code not in chosen:
            chosen[fee.code] = fee
    return list(chosen.values())


def online_time_limit(version: ProcedureVersion) -> TimeLimit | None:
    """The catalog's time limit of the online channel: its own row, else the all-channel one."""
    limits = {limit.channel: limit for limit in version.time_limits.all()}
    return limits.get("online") or limits.get("")


def expected_due(dossier: Dossier, at: datetime | None = None) -> datetime | None:
    """The promised date the dossier would get if the centre received it at ``at`` (now).

    Only an estimate for a dossier not yet received: the clock starts at reception. A received
    dossier has its real ``due_at``; None when the procedure has no online time limit.
    """
    if dossier.due_at is not None:
        return dossier.due_at
    try:
        limit = applicable_limit(dossier.procedure_version, Channel.ONLINE)
    except LookupError:
        return None
    calendar = calendar_for_unit(dossier.receiving_unit)
    return compute_due(calendar, received_at=at or clock.now(), limit=limit).due_at


def open_drafts(user: User) -> QuerySet[SubmissionDraft]:
    """The citizen's drafts not yet submitted, most recently saved first."""
    return (
        SubmissionDraft.objects.filter(owner=user, dossier__isnull=True)
        .select_related("procedure_version__procedure", "receiving_unit")
        .order_by("-updated_at", "-pk")
    )


def latest_open_draft(user: User, version: ProcedureVersion) -> SubmissionDraft | None:
    """The draft to resume on the procedure's submission page (same version only)."""
    return open_drafts(user).filter(procedure_version=version).first()


def draft_of(user: User, pk: int) -> SubmissionDraft:
    """The citizen's own draft; anyone else's is ``NotFound`` (never forbidden: no enumeration)."""
    draft = (
        SubmissionDraft.objects.filter(pk=pk, owner=user)
        .select_related("procedure_version__procedure", "receiving_unit", "competent_unit", "owner")
        .first()
    )
    if draft is None:
        raise NotFound()
    return draft


def owned_dossier(user: User, pk: int) -> Dossier:
    """A dossier the citizen owns; anyone else's is ``NotFound``."""
    dossier = (
        Dossier.objects.filter(pk=pk, owner=user)
        .select_related("procedure_version__procedure", "receiving_unit__parent")
        .first()
    )
    if dossier is None:
        raise NotFound()
    return dossier
