# SPDX-License-Identifier: EUPL-1.2
"""Every write to a dossier. Each function checks permission and the legal guard, changes the
dossier with compare-and-set, and records one audit event and one outbox message."""

from motcua.dossiers.services.assignment import dossier_assign, dossier_send_back
from motcua.dossiers.services.counter import CounterDecision, dossier_counter_intake
from motcua.dossiers.services.documents import DocumentCheck, missing_requirements
from motcua.dossiers.services.intake import (
    Applicant,
    dossier_cancel,
    dossier_receive,
    dossier_refuse,
    dossier_request_supplement,
    dossier_submit,
    dossier_supplement,
    dossier_withdraw,
)
from motcua.dossiers.services.processing import (
    dossier_approve,
    dossier_confirm_payment,
    dossier_extend_deadline,
    dossier_forward,
    dossier_issue_result,
    dossier_process_step,
    dossier_reject,
    dossier_request_payment,
    dossier_return_result,
    dossier_stop,
)

__all__ = [
    "Applicant",
    "CounterDecision",
    "DocumentCheck",
    "dossier_approve",
    "dossier_assign",
    "dossier_cancel",
    "dossier_confirm_payment",
    "dossier_counter_intake",
    "dossier_extend_deadline",
    "dossier_forward",
    "dossier_issue_result",
    "dossier_process_step",
    "dossier_receive",
    "dossier_refuse",
    "dossier_reject",
    "dossier_request_payment",
    "dossier_request_supplement",
    "dossier_return_result",
    "dossier_send_back",
    "dossier_stop",
    "dossier_submit",
    "dossier_supplement",
    "dossier_withdraw",
    "missing_requirements",
]
