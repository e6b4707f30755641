# SPDX-License-Identifier: EUPL-1.2
"""Words people read for statuses, actions and channels (translatable), one table each."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.lifecycle import Action, Channel, Status

STATUS_LABELS: dict[str, Promise] = {
    Status.SUBMITTED: _("Submitted, awaiting reception"),
    Status.AWAITING_COMPLETION: _("Awaiting completion by the applicant"),
    Status.NOT_ACCEPTED: _("Reception refused"),
    Status.CANCELLED: _("Cancelled"),
    Status.WITHDRAWN: _("Withdrawn"),
    Status.RECEIVED: _("Received"),
    Status.IN_PROGRESS: _("In progress"),
    Status.AWAITING_SUPPLEMENT: _("Awaiting supplement (clock paused)"),
    Status.AWAITING_PAYMENT: _("Awaiting payment of obligations (clock paused)"),
    Status.WITHDRAW_REQUESTED: _("Withdrawal requested"),
    Status.STOPPED: _("Processing stopped"),
    Status.PROCESSED: _("Decided"),
    Status.RESULT_READY: _("Result ready to return"),
    Status.RETURNED: _("Result returned"),
}

ACTION_LABELS: dict[str, Promise] = {
    Action.SUBMIT: _("Submitted"),
    Action.RECEIVE: _("Received at the desk"),
    Action.REQUEST_SUPPLEMENT: _("Supplement requested"),
    Action.SUPPLEMENT: _("Supplemented"),
    Action.REFUSE: _("Reception refused"),
    Action.FORWARD: _("Handed over"),
    Action.PROCESS_STEP: _("Step completed"),
    Action.ASSIGN: _("Assigned"),
    Action.SEND_BACK: _("Sent back to the previous step"),
    Action.REQUEST_PAYMENT: _("Financial obligation notified"),
    Action.CONFIRM_PAYMENT: _("Financial obligation paid"),
    Action.EXTEND_DEADLINE: _("Apology and new promised date"),
    Action.APPROVE: _("Approved"),
    Action.REJECT: _("Found ineligible (reasoned notice)"),
    Action.ISSUE_RESULT: _("Result issued"),
    Action.RETURN_RESULT: _("Result returned"),
    Action.WITHDRAW: _("Withdrawal by the applicant"),
    Action.STOP: _("Processing stopped"),
    Action.CANCEL: _("Cancelled"),
}

#: What the button of each action says.
ACTION_VERBS: dict[str, Promise] = {
    Action.RECEIVE: _("Receive the dossier"),
    Action.REQUEST_SUPPLEMENT: _("Request a supplement"),
    Action.SUPPLEMENT: _("Record the supplement"),
    Action.REFUSE: _("Refuse reception"),
    Action.FORWARD: _("Hand over"),
    Action.PROCESS_STEP: _("Complete this step"),
    Action.ASSIGN: _("Assign or claim"),
    Action.SEND_BACK: _("Send back"),
    Action.REQUEST_PAYMENT: _("Notify a financial obligation"),
    Action.CONFIRM_PAYMENT: _("Confirm payment"),
    Action.EXTEND_DEADLINE: _("Apologise and set a new date"),
    Action.APPROVE: _("Approve and sign"),
    Action.REJECT: _("Find ineligible"),
    Action.ISSUE_RESULT: _("Issue the result"),
    Action.RETURN_RESULT: _("Return the result"),
    Action.WITHDRAW: _("Record a withdrawal request"),
    Action.STOP: _("Stop processing"),
    Action.CANCEL: _("Cancel (entered in error)"),
}

CHANNEL_LABELS: dict[str, Promise] = {
    Channel.ONLINE: _("Online"),
    Channel.COUNTER: _("At the counter"),
    Channel.KIOSK: _("Self-service kiosk"),
    Channel.POSTAL: _("By post"),
    Channel.AGENT: _("Online service agent"),
    Channel.NATIONAL_PORTAL: _("National public service portal"),
}

RETURN_METHOD_LABELS: dict[str, Promise] = {
    "counter": _("At the counter"),
    "postal": _("By post"),
    "electronic": _("Electronically"),
}
