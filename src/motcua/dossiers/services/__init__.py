# SPDX-License-Identifier: EUPL-1.2
"""Every write to a dossier. Each function checks permission and the legal guard, changes the
dossier with compare-and-set, and records one audit event and one outbox message."""

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
    "dossier_approve",
    "dossier_cancel",
    "dossier_confirm_payment",
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
    "dossier_stop",
    "dossier_submit",
    "dossier_supplement",
    "dossier_withdraw",
]
