# SPDX-License-Identifier: EUPL-1.2
"""One small form per dossier action. Each carries the dossier version the official saw."""

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import RoleAssignment, User
from motcua.calendar.selectors import calendar_for_unit
from motcua.dossiers.labels import RETURN_METHOD_LABELS
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import DocumentCheck
from motcua.dossiers.services.assignment import current_step
from motcua.orgunits.models import OrgUnit

TEXT = {"class": "govuk-textarea", "rows": 3}
INPUT = {"class": "govuk-input"}


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        self.dossier = dossier
        kwargs.setdefault("initial", {})["version"] = dossier.version
        super().__init__(*args, **kwargs)

    def arguments(self) -> dict[str, Any]:
        """Keyword arguments of the service call, from the cleaned data."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(TEXT))


class NoteForm(ActionForm):
    note = forms.CharField(
        label=_("Note (optional)"), max_length=2000, required=False, widget=forms.Textarea(TEXT)
    )


def _unit_officials(dossier: Dossier, role: str) -> list[tuple[str, str]]:
    users = User.objects.filter(
        pk__in=RoleAssignment.objects.filter(unit_id=dossier.current_unit_id, role=role).values(
            "user"
        )
    ).order_by("full_name", "username")
    return [(str(u.pk), str(u)) for u in users]


def _user_or_none(value: str) -> User | None:
    return User.objects.filter(pk=int(value)).first() if value else None


class AssignForm(ActionForm):
    assignee = forms.ChoiceField(label=_("Official"), required=False)

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        step = current_step(dossier)
        choices = _unit_officials(dossier, step.role) if step is not None else []
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Myself")), *choices]

    def arguments(self) -> dict[str, Any]:
        return {"assignee": _user_or_none(self.cleaned_data["assignee"])}


class ProcessStepForm(NoteForm):
    assignee = forms.ChoiceField(label=_("Hand the next step to"), required=False)

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        later = sorted(
            (s for s in dossier.procedure_version.steps.all() if s.order > dossier.current_step),
            key=lambda s: s.order,
        )
        choices = _unit_officials(dossier, later[0].role) if later else []
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Anyone in the unit (to claim)")), *choices]

    def arguments(self) -> dict[str, Any]:
        return {
            "note": self.cleaned_data["note"],
            "assignee": _user_or_none(self.cleaned_data["assignee"]),
        }


class ForwardForm(ActionForm):
    to_unit = forms.ChoiceField(label=_("Unit"), required=False)
    share_days = forms.IntegerField(
        label=_("Working days given to the coordinating unit"),
        required=False,
        min_value=1,
        max_value=365,
        widget=forms.NumberInput({"class": "govuk-input govuk-input--width-3"}),
    )
    reason = forms.CharField(
        label=_("Note for the receiving unit"), max_length=2000, required=False,
        widget=forms.Textarea(TEXT),
    )  # fmt: skip

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        if dossier.status == "received":
            unit = dossier.competent_unit
            self.fields["to_unit"].choices = [(str(unit.pk), unit.name)]  # type: ignore[attr-defined]
            del self.fields["share_days"]
        else:
            units = OrgUnit.objects.filter(is_active=True).exclude(pk=dossier.current_unit_id)
            choices = [(str(u.pk), u.name) for u in units.order_by("name") if not u.is_centre]
            self.fields["to_unit"].choices = choices  # type: ignore[attr-defined]
            self.fields["to_unit"].required = True

    def arguments(self) -> dict[str, Any]:
        value = self.cleaned_data["to_unit"]
        arguments: dict[str, Any] = {
            "to_unit": OrgUnit.objects.filter(pk=int(value)).first() if value else None,
            "reason": self.cleaned_data["reason"],
        }
        if self.cleaned_data.get("share_days"):
            arguments["share_days"] = self.cleaned_data["share_days"]
        return arguments


class SupplementRequestForm(ActionForm):
    missing = forms.CharField(
        label=_("Missing or incorrect items, one per line"),
        max_length=4000,
        widget=forms.Textarea(TEXT),
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(TEXT))

    def arguments(self) -> dict[str, Any]:
        return {
            "missing": self.cleaned_data["missing"].splitlines(),
            "reason": self.cleaned_data["reason"],
        }


class ReceiveForm(ActionForm):
    """The desk's checklist for a dossier submitted online, by post, kiosk or agent."""

    extended_limit = forms.BooleanField(
        label=_("Use the longer time limit (verification needed)"), required=False
    )
    reason = forms.CharField(
        label=_("Reason for the longer limit"), max_length=2000, required=False,
        widget=forms.Textarea(TEXT),
    )  # fmt: skip

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        self.requirements = sorted(
            dossier.procedure_version.requirements.all(), key=lambda r: r.order
        )
        for requirement in self.requirements:
            self.fields[f"seen_{requirement.pk}"] = forms.BooleanField(
                label=_("Original seen"), required=False
            )
            self.fields[f"copies_{requirement.pk}"] = forms.IntegerField(
                label=_("Copies received"), required=False, min_value=0, max_value=99,
                widget=forms.NumberInput({"class": "govuk-input govuk-input--width-2"}),
            )  # fmt: skip

    def checklist(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(r, self[f"seen_{r.pk}"], self[f"copies_{r.pk}"]) for r in self.requirements]

    def arguments(self) -> dict[str, Any]:
        checks = [
            DocumentCheck(
                requirement_id=r.pk,
                original_seen=bool(self.cleaned_data.get(f"seen_{r.pk}")),
                copies=self.cleaned_data.get(f"copies_{r.pk}") or 0,
            )
            for r in self.requirements
        ]
        return {
            "documents": [c for c in checks if c.is_provided],
            "extended_limit": self.cleaned_data["extended_limit"],
            "reason": self.cleaned_data["reason"],
        }


class PaymentRequestForm(ActionForm):
    amount_vnd = forms.IntegerField(
        label=_("Amount (VND)"), min_value=1, max_value=10**13,
        widget=forms.NumberInput({"class": "govuk-input govuk-input--width-10"}),
    )  # fmt: skip
    reason = forms.CharField(label=_("Obligation"), max_length=2000, widget=forms.Textarea(TEXT))


class ConfirmPaymentForm(ActionForm):
    reference = forms.CharField(
        label=_("Payment reference"), max_length=100, widget=forms.TextInput(INPUT)
    )


class ExtendForm(ActionForm):
    new_due = forms.DateField(
        label=_("New promised date"),
        widget=forms.DateInput({"type": "date", "class": "govuk-input govuk-input--width-10"}),
    )
    reason = forms.CharField(
        label=_("Reason for the delay and apology"), max_length=2000, widget=forms.Textarea(TEXT)
    )

    def arguments(self) -> dict[str, Any]:
        day: date = self.cleaned_data["new_due"]
        calendar = calendar_for_unit(self.dossier.receiving_unit)
        # The end of that working day; a non-working day goes to the service, which refuses it.
        moment = (
            calendar.end_of_working_hours(day)
            if calendar.is_working_day(day)
            else timezone.make_aware(datetime.combine(day, time(12)))
        )
        return {"new_due": moment, "reason": self.cleaned_data["reason"]}


class IssueResultForm(ActionForm):
    result_number = forms.CharField(
        label=_("Number of the result document"), max_length=60, required=False,
        widget=forms.TextInput(INPUT),
    )  # fmt: skip


class ReturnForm(ActionForm):
    method = forms.ChoiceField(
        label=_("How the result is returned"),
        choices=list(RETURN_METHOD_LABELS.items()),
        widget=forms.RadioSelect,
    )
    receiver_name = forms.CharField(
        label=_("Received by (full name)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(INPUT),
    )
    receiver_id_number = forms.CharField(
        label=_("Their ID number"), max_length=20, required=False, widget=forms.TextInput(INPUT)
    )


FORMS: dict[Action, type[ActionForm]] = {
    Action.RECEIVE: ReceiveForm,
    Action.REQUEST_SUPPLEMENT: SupplementRequestForm,
    Action.SUPPLEMENT: NoteForm,
    Action.REFUSE: ReasonForm,
    Action.FORWARD: ForwardForm,
    Action.PROCESS_STEP: ProcessStepForm,
    Action.ASSIGN: AssignForm,
    Action.SEND_BACK: ReasonForm,
    Action.REQUEST_PAYMENT: PaymentRequestForm,
    Action.CONFIRM_PAYMENT: ConfirmPaymentForm,
    Action.EXTEND_DEADLINE: ExtendForm,
    Action.APPROVE: NoteForm,
    Action.REJECT: ReasonForm,
    Action.ISSUE_RESULT: IssueResultForm,
    Action.RETURN_RESULT: ReturnForm,
    Action.WITHDRAW: ReasonForm,
    Action.STOP: ReasonForm,
    Action.CANCEL: ReasonForm,
}
