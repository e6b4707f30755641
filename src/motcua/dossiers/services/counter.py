# SPDX-License-Identifier: EUPL-1.2
"""Intake at the counter: the dossier is entered and decided on in one go, atomically."""

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.actors import Actor
from motcua.accounts.models import User
from motcua.catalog.models import ProcedureVersion
from motcua.core.errors import ValidationFailed
from motcua.dossiers.lifecycle import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.documents import DocumentCheck, missing_requirements
from motcua.dossiers.services.intake import (
    Applicant,
    dossier_receive,
    dossier_refuse,
    dossier_request_supplement,
    dossier_submit,
)
from motcua.orgunits.models import OrgUnit


class CounterDecision(StrEnum):
    RECEIVE = "receive"  # complete: receipt and appointment slip (form 01)
    REQUEST_COMPLETION = "request_completion"  # incomplete: what is missing (form 02), once
    REFUSE = "refuse"  # not eligible for reception (form 03)


def dossier_counter_intake(
    *,
    procedure_version: ProcedureVersion,
    receiving_unit: OrgUnit,
    applicant: Applicant,
    applicant_data: dict[str, Any],
    documents: Sequence[DocumentCheck],
    decision: str,
    actor: Actor,
    competent_unit: OrgUnit | None = None,
    owner: User | None = None,
    reason: str = "",
    missing_notes: Sequence[str] = (),
    channel: str = Channel.COUNTER,
) -> Dossier:
    """Enter a dossier brought to the counter (or by post) and receive, return or refuse it.

    Either everything happens or nothing: a refused reception leaves no half-entered dossier.
    For a completion request the missing list is every unticked mandatory requirement plus
    ``missing_notes``. Only reception needs a complete application form.
    """
    if decision not in CounterDecision._value2member_map_:
        raise ValidationFailed(errors={"decision": [_("Choose what to do with the dossier.")]})
    with transaction.atomic():
        dossier = dossier_submit(
            procedure_version=procedure_version,
            receiving_unit=receiving_unit,
            channel=channel,
            applicant=applicant,
            applicant_data=applicant_data,
            actor=actor,
            competent_unit=competent_unit,
            owner=owner,
            documents=documents,
            # A dossier refused or returned for completion may have an unfinished form.
            form_complete=decision == CounterDecision.RECEIVE,
        )
        if decision == CounterDecision.RECEIVE:
            return dossier_receive(dossier, actor=actor, reason=reason)
        if decision == CounterDecision.REFUSE:
            return dossier_refuse(dossier, actor=actor, reason=reason)
        missing = [r.name for r in missing_requirements(dossier)] + list(missing_notes)
        return dossier_request_supplement(
            dossier,
            actor=actor,
            missing=missing,
            reason=reason or _("The dossier is incomplete."),
        )
