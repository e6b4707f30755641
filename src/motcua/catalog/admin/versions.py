# SPDX-License-Identifier: EUPL-1.2
"""Admin of procedure versions: drafts are edited with their parts, then published.

Published versions are read-only, parts included. "Create a new draft version" copies a version;
"Publish" runs the same checks as an import and publishes from the draft's effective date.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from motcua.accounts.models import Role
from motcua.catalog import services
from motcua.catalog.admin.base import (
    CatalogAdmin,
    VersionPartInline,
    admin_actor,
    folded_search,
    is_draft,
    report,
)
from motcua.catalog.models import (
    Channel,
    CompetentUnitKind,
    Fee,
    ProcedureVersion,
    ProcessingStep,
    Requirement,
    TimeLimit,
    VersionStatus,
)
from motcua.core.errors import DomainError

#: Roles an internal step may name (the exchange format's list).
STEP_ROLES = (
    Role.RECEPTION_OFFICER,
    Role.DEPARTMENT_HEAD,
    Role.SPECIALIST,
    Role.SIGNING_LEADER,
    Role.CLERK,
)
#: What a draft's form edits (number, status and end date are set by the services).
VERSION_FIELDS = [
    "procedure", "effective_from", "name", "name_en", "field", "level", "online_level",
    "boundary_free", "min_eid_level", "channels", "sets", "implementing_agency",
    "competent_agency", "delegated_agency", "coordinating_agencies", "competent_unit_kind",
    "competent_department", "applicants", "steps_text", "conditions", "results", "results_en",
    "legal_basis", "applicant_schema",
]  # fmt: skip
STEP_FIELDS = ("order", "name", "name_en", "role", "unit_kind", "share", "share_unit",
               "inter_agency", "forms")  # fmt: skip
SMALL_TEXT: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})}
}


class ProcedureVersionForm(forms.ModelForm[ProcedureVersion]):
    channels = forms.MultipleChoiceField(
        label=_("channels"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ProcedureVersion
        fields = VERSION_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("legal_basis", "applicant_schema"):  # [] and {} are valid values
            if name in self.fields:
                self.fields[name].required = False

    def clean_channels(self) -> list[str]:
        chosen = set(self.cleaned_data["channels"])
        return [value for value in Channel.values if value in chosen]

    def clean_legal_basis(self) -> Any:
        value = self.cleaned_data["legal_basis"]
        value = [] if value is None else value
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise forms.ValidationError(_('Write a list of texts, e.g. ["Law 60/2014/QH13"].'))
        return value

    def clean_applicant_schema(self) -> Any:
        value = self.cleaned_data["applicant_schema"]
        value = {} if value is None else value
        try:
            Draft202012Validator.check_schema(value)
        except SchemaError as error:
            message = _("This is not a valid JSON Schema: %(error)s")
            raise forms.ValidationError(message, params={"error": error.message}) from None
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, department = data.get("competent_unit_kind"), data.get("competent_department")
        if kind == CompetentUnitKind.DEPARTMENT and not department:
            self.add_error("competent_department", _("Give the department's short code."))
        procedure = data.get("procedure")
        if self.instance.pk is None and procedure is not None:
            conflict = services.draft_conflict(procedure.pk)
            if conflict:
                self.add_error("procedure", conflict)
        return data


class StepForm(forms.ModelForm[ProcessingStep]):
    role = forms.ChoiceField(label=_("role"), choices=[(r.value, r.label) for r in STEP_ROLES])

    class Meta:
        model = ProcessingStep
        fields = STEP_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["forms"].required = False  # a step may produce no form

    def clean_forms(self) -> Any:
        value = self.cleaned_data["forms"]
        value = [] if value is None else value
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise forms.ValidationError(_('Write a list of form codes, e.g. ["01", "02"].'))
        return value


class RequirementInline(VersionPartInline[Requirement]):
    model = Requirement
    formfield_overrides = SMALL_TEXT
    fields = ["order", "code", "name", "name_en", "originals", "copies", "mandatory",
              "template", "reusable_document_type", "note"]  # fmt: skip


class TimeLimitInline(VersionPartInline[TimeLimit]):
    model = TimeLimit
    formfield_overrides = SMALL_TEXT
    fields = ["channel", "amount", "unit", "extended_amount", "note"]


class FeeInline(VersionPartInline[Fee]):
    model = Fee
    formfield_overrides = SMALL_TEXT
    fields = ["code", "kind", "name", "name_en", "amount_vnd", "unit", "channel",
              "legal_basis", "note"]  # fmt: skip


class StepInline(VersionPartInline[ProcessingStep]):
    model = ProcessingStep
    form = StepForm
    fields = STEP_FIELDS


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(CatalogAdmin[ProcedureVersion]):
    form = ProcedureVersionForm
    list_display = ["procedure", "number", "name", "status", "effective_from", "effective_to"]
    list_display_links = ["procedure", "number", "name"]
    list_filter = ["status", "level", "online_level", "competent_unit_kind", "field"]
    list_select_related = ["procedure", "field"]
    search_fields = ["search_text"]
    search_help_text = _("Code or name; accents are ignored.")
    readonly_fields = ["number", "status", "effective_to"]
    actions = ["create_draft", "publish"]
    inlines = [RequirementInline, TimeLimitInline, FeeInline, StepInline]
    fieldsets = [
        (None, {"fields": ["procedure", "number", "status", "effective_from", "effective_to"]}),
        (_("Procedure"), {"fields": ["name", "name_en", "field", "level", "online_level",
                                     "boundary_free", "min_eid_level", "channels", "sets"]}),
        (_("Agencies"), {"fields": ["implementing_agency", "competent_agency",
                                    "delegated_agency", "coordinating_agencies",
                                    "competent_unit_kind", "competent_department"]}),
        (_("Content"), {"fields": ["applicants", "steps_text", "conditions", "results",
                                   "results_en", "legal_basis", "applicant_schema"]}),
    ]  # fmt: skip

    def get_readonly_fields(
        self, request: HttpRequest, obj: ProcedureVersion | None = None
    ) -> list[str]:
        fixed = list(self.readonly_fields)
        return [*fixed, "procedure"] if obj is not None else fixed

    def editable(self, obj: ProcedureVersion | None) -> bool:
        return is_draft(obj)

    def deletable(self, obj: ProcedureVersion | None) -> bool:
        return obj is not None and obj.status == VersionStatus.DRAFT

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[ProcedureVersion], search_term: str
    ) -> tuple[QuerySet[ProcedureVersion], bool]:
        return folded_search(queryset, search_term, "search_text"), False

    def save_model(
        self, request: HttpRequest, obj: ProcedureVersion, form: Any, change: Any
    ) -> None:
        services.procedure_draft_save(version=obj, actor=admin_actor(request))

    def delete_model(self, request: HttpRequest, obj: ProcedureVersion) -> None:
        services.procedure_draft_delete(version=obj, actor=admin_actor(request))

    @admin.action(description=_("Create a new draft version"), permissions=["change"])
    def create_draft(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        actor = admin_actor(request)
        for version in queryset.select_related("procedure"):
            try:
                draft = services.procedure_version_new_draft(version=version, actor=actor)
            except DomainError as error:
                report(self, request, error)
                continue
            self.log_addition(request, draft, [{"added": {}}])
            message = gettext(
                "Draft version %(number)s of %(code)s was created from version %(source)s. "
                "It takes effect on %(day)s unless you change that date before publishing it."
            )
            self.message_user(request, message % self._facts(draft, source=version.number))

    @admin.action(description=_("Publish"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        actor = admin_actor(request)
        for version in queryset.select_related("procedure"):
            try:
                published = services.procedure_draft_publish(version=version, actor=actor)
            except DomainError as error:
                report(self, request, error)
                continue
            self.log_change(request, published, [{"changed": {"fields": ["status"]}}])
            ended = ProcedureVersion.objects.filter(
                procedure_id=published.procedure_id,
                status=VersionStatus.PUBLISHED,
                effective_to=published.effective_from,
            ).exclude(pk=published.pk)
            for previous in ended:
                self.log_change(request, previous, [{"changed": {"fields": ["effective to"]}}])
            message = gettext("Version %(number)s of %(code)s is published from %(day)s.")
            self.message_user(request, message % self._facts(published), messages.SUCCESS)

    @staticmethod
    def _facts(version: ProcedureVersion, **more: Any) -> dict[str, Any]:
        return {
            "number": version.number,
            "code": version.procedure.national_code,
            "day": date_format(version.effective_from),
            **more,
        }
