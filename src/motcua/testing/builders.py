# SPDX-License-Identifier: EUPL-1.2
"""Builders for tests: a small catalog, the demo organisation, and dossiers in any status.

Dossiers are always driven through the service layer, never written directly, so every test
dossier has a valid history.
"""

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from motcua.accounts.actors import Actor, actor_as_applicant
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import catalog_import
from motcua.core import clock
from motcua.demo.organisation import Organisation, create_organisation
from motcua.demo.people import create_people
from motcua.dossiers import services
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.orgunits.models import OrgUnit

APPLICANT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["full_name", "id_number", "birth_date"],
    "properties": {
        "full_name": {"type": "string", "title": "Họ và tên", "minLength": 1, "maxLength": 100},
        "id_number": {"type": "string", "title": "Số định danh", "pattern": "^[0-9]{12}$"},
        "birth_date": {"type": "string", "title": "Ngày sinh", "format": "date"},
        "purpose": {"enum": ["marriage", "other"], "title": "Mục đích"},
    },
    "additionalProperties": False,
}
VALID_FORM = {"full_name": "Trần Văn An", "id_number": "079088001234", "birth_date": "1988-05-02"}

STEPS = [
    ("Tiếp nhận hồ sơ", "reception_officer", "one_stop_centre", "0.5"),
    ("Phân công xử lý", "department_head", "competent_unit", "0.5"),
    ("Thẩm định hồ sơ", "specialist", "competent_unit", "1"),
    ("Ký duyệt", "signing_leader", "competent_unit", "0.5"),
    ("Vào sổ, đóng dấu", "clerk", "competent_unit", "0.5"),
]


def procedure_document(**overrides: Any) -> dict[str, Any]:
    """A commune-level procedure with a 3-working-day limit (a valid exchange document item)."""
    steps = [
        {"order": i, "name_vi": name, "role": role, "unit_kind": kind, "share": share,
         "share_unit": "working_days", "forms": []}
        for i, (name, role, kind, share) in enumerate(STEPS, start=1)
    ]  # fmt: skip
    steps.append(
        {
            "order": 6,
            "name_vi": "Trả kết quả",
            "role": "reception_officer",
            "unit_kind": "one_stop_centre",
            "share": "0",
            "share_unit": "not_counted",
        }
    )
    document = {
        "national_code": "1.004873",
        "name_vi": "Cấp Giấy xác nhận tình trạng hôn nhân",
        "name_en": "Certification of marital status",
        "field": "HT",
        "level": "commune",
        "implementing_agency": "Ủy ban nhân dân cấp xã",
        "competent_agency": "Ủy ban nhân dân cấp xã",
        "competent_unit_kind": "commune",
        "channels": ["in_person", "postal", "online"],
        "requirements": [
            {"code": "R1", "name_vi": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
             "originals": 1, "copies": 0, "mandatory": True}
        ],
        "time_limits": [{"channel": "", "amount": "3", "unit": "working_days",
                         "extended_amount": "5"}],
        "fees": [{"code": "F1", "kind": "fee", "name_vi": "Lệ phí", "amount_vnd": 5000}],
        "legal_basis": ["Luật Hộ tịch số 60/2014/QH13"],
        "online_level": "full",
        "boundary_free": True,
        "min_eid_level": 2,
        "applicant_schema": copy.deepcopy(APPLICANT_SCHEMA),
        "internal_steps": steps,
        "effective_from": "2025-07-01",
    }  # fmt: skip
    document.update(overrides)
    return document


def catalog_document(*procedures: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": "motcua-catalog",
        "format_version": 1,
        "fields": [
            {"code": "HT", "name_vi": "Hộ tịch", "name_en": "Civil status"},
            {"code": "XD", "name_vi": "Xây dựng", "name_en": "Construction"},
        ],
        "procedures": list(procedures) or [procedure_document()],
    }


#: The steps of ``World.apply`` that bring a submitted dossier to each status.
PATHS: dict[Status, list[str]] = {
    Status.SUBMITTED: [],
    Status.AWAITING_COMPLETION: ["completion"],
    Status.NOT_ACCEPTED: ["refuse"],
    Status.CANCELLED: ["cancel"],
    Status.WITHDRAWN: ["withdraw"],
    Status.RECEIVED: ["receive"],
    Status.IN_PROGRESS: ["receive", "forward"],
    Status.AWAITING_SUPPLEMENT: ["receive", "forward", "assign", "supplement_request"],
    Status.AWAITING_PAYMENT: ["receive", "forward", "assign", "payment_request"],
    Status.WITHDRAW_REQUESTED: ["receive", "forward", "withdraw"],
    Status.STOPPED: ["receive", "forward", "withdraw", "stop"],
    Status.PROCESSED: ["receive", "forward", "assign", "appraise", "approve"],
    Status.RESULT_READY: ["receive", "forward", "assign", "appraise", "approve", "issue"],
    Status.RETURNED: ["receive", "forward", "assign", "appraise", "approve", "issue", "return"],
}


@dataclass
class World:
    """The demo organisation with its officials, one procedure and two citizens."""

    org: Organisation
    version: ProcedureVersion
    citizen_a: User
    citizen_b: User

    @property
    def centre(self) -> OrgUnit:
        """The commune centre of commune 1, where dossiers are received."""
        return self.org.commune_centres[0]

    @property
    def commune(self) -> OrgUnit:
        return self.org.communes[0]

    def official(self, role: str, unit: OrgUnit) -> Actor:
        """The first official holding ``role`` in ``unit`` (tests may add more)."""
        assignment = (
            RoleAssignment.objects.select_related("user")
            .filter(role=role, unit=unit)
            .order_by("pk")
            .first()
        )
        assert assignment is not None, f"no {role} in {unit.code}"
        return Actor(assignment.user, role, unit)

    def desk(self, unit: OrgUnit | None = None) -> Actor:
        return self.official(Role.RECEPTION_OFFICER, unit or self.centre)

    def processing(self, role: str, unit: OrgUnit | None = None) -> Actor:
        return self.official(role, unit or self.commune)

    def applicant(self, user: User | None = None) -> Actor:
        return actor_as_applicant(user or self.citizen_a)

    def submit(self, *, actor: Actor | None = None, at: datetime | None = None) -> Dossier:
        actor = actor or self.applicant()
        with clock.frozen_at(at or clock.now()):
            return services.dossier_submit(
                procedure_version=self.version,
                receiving_unit=self.centre,
                channel="online" if actor.role == Role.APPLICANT else "counter",
                applicant=services.Applicant(name="Trần Văn An", id_number="079088001234"),
                applicant_data=dict(VALID_FORM),
                actor=actor,
                competent_unit=self.commune,
                documents=complete_documents(self.version),
            )

    def dossier_in(self, status: Status) -> Dossier:
        """A dossier of citizen A brought to ``status`` through the services."""
        d = self.submit()
        path = PATHS[status]
        for step in path:
            d = self.apply(d, step)
        assert d.status == status
        return d

    def apply(self, d: Dossier, step: str) -> Dossier:
        head = self.processing(Role.DEPARTMENT_HEAD)
        s = services
        actions = {
            "completion": lambda: s.dossier_request_supplement(
                d, actor=self.desk(), missing=["Tờ khai"], reason="Thiếu tờ khai"),
            "refuse": lambda: s.dossier_refuse(d, actor=self.desk(), reason="Ngoài thẩm quyền"),
            "cancel": lambda: s.dossier_cancel(
                d, actor=self.official(Role.CENTRE_MANAGER, self.centre), reason="Nhập trùng"),
            "withdraw": lambda: s.dossier_withdraw(d, actor=self.applicant(), reason="Thôi"),
            "receive": lambda: s.dossier_receive(d, actor=self.desk()),
            "forward": lambda: s.dossier_forward(d, actor=self.desk()),
            "assign": lambda: s.dossier_process_step(d, actor=head, note="Giao chuyên viên"),
            "appraise": lambda: s.dossier_process_step(d, actor=self.processing(Role.SPECIALIST)),
            "supplement_request": lambda: s.dossier_request_supplement(
                d, actor=self.processing(Role.SPECIALIST), missing=["Bản sao"], reason="Thiếu"),
            "payment_request": lambda: s.dossier_request_payment(
                d, actor=self.processing(Role.SPECIALIST), amount_vnd=500000, reason="Lệ phí"),
            "stop": lambda: s.dossier_stop(d, actor=head, reason="Người nộp rút hồ sơ"),
            "approve": lambda: s.dossier_approve(d, actor=self.processing(Role.SIGNING_LEADER)),
            "issue": lambda: s.dossier_issue_result(d, actor=self.processing(Role.CLERK)),
            "return": lambda: s.dossier_return_result(
                d, actor=self.desk(), method="counter", receiver_name="Trần Văn An",
                receiver_id_number="079088001234"),
        }  # fmt: skip
        return actions[step]()


def build_world() -> World:
    org = create_organisation()
    create_people(org)
    catalog_import(catalog_document())
    version = ProcedureVersion.objects.get(procedure__national_code="1.004873")
    citizen_a = User.objects.create(
        username="citizen.a", full_name="Trần Văn An", national_id="079088001234", eid_level=2
    )
    citizen_b = User.objects.create(
        username="citizen.b", full_name="Lê Thị Bình", national_id="079090005678", eid_level=2
    )
    return World(org, version, citizen_a, citizen_b)


# -- helpers for the dossier lifecycle tests (appended) -------------------------------------------

#: An internal procedure where the clerk registers the dossier first and the head decides.
HEAD_DECIDES_STEPS = [
    ("Tiếp nhận hồ sơ", "reception_officer", "one_stop_centre", "0.5"),
    ("Vào sổ hồ sơ đến", "clerk", "competent_unit", "0.5"),
    ("Phân công xử lý", "department_head", "competent_unit", "0.5"),
    ("Thẩm định hồ sơ", "specialist", "competent_unit", "1"),
    ("Phê duyệt", "department_head", "competent_unit", "0.5"),
]


def internal_steps(steps: list[tuple[str, str, str, str]]) -> list[dict[str, Any]]:
    """Exchange-format internal steps (working-day shares) followed by a not-counted return."""
    rows: list[dict[str, Any]] = [
        {"order": i, "name_vi": name, "role": role, "unit_kind": kind, "share": share,
         "share_unit": "working_days", "forms": []}
        for i, (name, role, kind, share) in enumerate(steps, start=1)
    ]  # fmt: skip
    rows.append(
        {
            "order": len(steps) + 1,
            "name_vi": "Trả kết quả",
            "role": "reception_officer",
            "unit_kind": "one_stop_centre",
            "share": "0",
            "share_unit": "not_counted",
        }
    )
    return rows


def add_procedure(national_code: str, **overrides: Any) -> ProcedureVersion:
    """Import one more published procedure (``procedure_document`` with overrides)."""
    catalog_import(catalog_document(procedure_document(national_code=national_code, **overrides)))
    return ProcedureVersion.objects.filter(procedure__national_code=national_code).latest("number")


def add_official(username: str, role: str, unit: OrgUnit) -> Actor:
    """A further official holding ``role`` in ``unit`` (e.g. a second desk officer)."""
    user = User.objects.create(username=username, full_name=username)
    RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return Actor(user, role, unit)


def submit_dossier(
    world: World,
    *,
    version: ProcedureVersion | None = None,
    actor: Actor | None = None,
    receiving_unit: OrgUnit | None = None,
    competent_unit: OrgUnit | None = None,
    channel: str | None = None,
    applicant_data: dict[str, Any] | None = None,
    applicant: services.Applicant | None = None,
    documents: list[services.DocumentCheck] | None = None,
) -> Dossier:
    """Submit through the service with any procedure, centre, channel or submitter.

    Unless ``documents`` says otherwise, a copy of every requirement comes with it.
    """
    actor = actor or world.applicant()
    if channel is None:
        by_role = {
            Role.APPLICANT: "online",
            Role.AGENT: "agent",
            Role.POSTAL_OFFICER: "postal",
            Role.INTEGRATION: "national_portal",
        }
        channel = by_role.get(Role(actor.role), "counter")
    return services.dossier_submit(
        procedure_version=version or world.version,
        receiving_unit=receiving_unit or world.centre,
        channel=channel,
        applicant=applicant or services.Applicant(name="Trần Văn An", id_number="079088001234"),
        applicant_data=dict(VALID_FORM) if applicant_data is None else applicant_data,
        actor=actor,
        competent_unit=competent_unit or world.commune,
        documents=complete_documents(version or world.version) if documents is None else documents,
    )


def complete_documents(version: ProcedureVersion) -> list[services.DocumentCheck]:
    """One copy of every requirement of ``version``: a complete dossier."""
    return [
        services.DocumentCheck(requirement_id=r.pk, copies=1)
        for r in version.requirements.order_by("order")
    ]


def drive_to(world: World, dossier: Dossier, status: Status) -> Dossier:
    """Bring a freshly submitted dossier (any submitter) to ``status`` through the services."""
    for step in PATHS[status]:
        dossier = world.apply(dossier, step)
    assert dossier.status == status
    return dossier
