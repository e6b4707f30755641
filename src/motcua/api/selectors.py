# SPDX-License-Identifier: EUPL-1.2
"""What a client may read: the dossiers received by, decided by or held by one of its units.

A dossier outside the client's units is "not found" — the same answer as a code that does not
exist, so a client cannot learn which codes exist elsewhere.
"""

from datetime import datetime

from django.db.models import Q, QuerySet

from motcua.accounts.models import Role, RoleAssignment
from motcua.api.models import ApiClient
from motcua.api.problems import not_found
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent


def client_unit_ids(client: ApiClient) -> list[int]:
    """The units the client acts for: its service user's integration roles."""
    return list(
        RoleAssignment.objects.filter(
            user_id=client.service_user_id, role=Role.INTEGRATION
        ).values_list("unit_id", flat=True)
    )


def client_dossiers(client: ApiClient) -> QuerySet[Dossier]:
    units = client_unit_ids(client)
    return Dossier.objects.filter(
        Q(receiving_unit_id__in=units)
        | Q(competent_unit_id__in=units)
        | Q(current_unit_id__in=units)
    ).select_related(
        "procedure_version__procedure", "receiving_unit", "competent_unit", "current_unit"
    )


def client_dossier(client: ApiClient, code: str) -> Dossier:
    dossier = client_dossiers(client).filter(code=code).first()
    if dossier is None:
        raise not_found()
    return dossier


def dossier_page(
    client: ApiClient,
    *,
    status: str | None,
    updated_after: datetime | None,
    after: tuple[datetime, int] | None,
    limit: int,
) -> list[Dossier]:
    """Up to ``limit`` + 1 dossiers in (updated_at, id) order, after the key ``after``."""
    dossiers = client_dossiers(client)
    if status is not None:
        dossiers = dossiers.filter(status=status)
    if updated_after is not None:
        dossiers = dossiers.filter(updated_at__gt=updated_after)
    if after is not None:
        moment, last_id = after
        dossiers = dossiers.filter(Q(updated_at__gt=moment) | Q(updated_at=moment, id__gt=last_id))
    return list(dossiers.order_by("updated_at", "id")[: limit + 1])


def event_page(dossier: Dossier, *, after: int | None, limit: int) -> list[DossierEvent]:
    events = DossierEvent.objects.filter(dossier=dossier).select_related("unit")
    if after is not None:
        events = events.filter(sequence__gt=after)
    return list(events.order_by("sequence")[: limit + 1])


def dossier_documents(dossier: Dossier) -> list[DossierDocument]:
    return list(
        DossierDocument.objects.filter(dossier=dossier)
        .select_related("requirement", "file")
        .order_by("id")
    )


def dossier_document(dossier: Dossier, document_id: int) -> DossierDocument:
    document = (
        DossierDocument.objects.filter(dossier=dossier, pk=document_id, file__isnull=False)
        .select_related("file")
        .first()
    )
    if document is None:
        raise not_found()
    return document
