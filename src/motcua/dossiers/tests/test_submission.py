# SPDX-License-Identifier: EUPL-1.2
"""Submission: who may submit, through which channel, at which centre, with which form."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.utils import translation

from motcua.accounts.actors import Actor, actor_as_applicant
from motcua.accounts.models import Role, User
from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.core.errors import (
    DomainError,
    PermissionDenied,
    ValidationFailed,
)
from motcua.core.models import OutboxMessage
from motcua.dossiers import services
from motcua.dossiers.lifecycle import (
    SUBMIT_ROLES,
    Status,
)
from motcua.dossiers.models import Dossier, DossierEvent, DossierSequence
from motcua.dossiers.tests.lifecycle_support import (
    Shared,
    denied,
    fresh,
    home_actor,
)
from motcua.testing.builders import (
    VALID_FORM,
    add_procedure,
    submit_dossier,
)

# -- submission -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    dossiers: int
    events: int
    outbox: int
    sequences: int


def counts() -> Counts:
    return Counts(
        Dossier.objects.count(),
        DossierEvent.objects.count(),
        OutboxMessage.objects.count(),
        DossierSequence.objects.count(),
    )


def submit_denied(error: type[DomainError], **kwargs: Any) -> DomainError:
    before = counts()
    with pytest.raises(DomainError) as info:
        submit_dossier(**kwargs)
    assert type(info.value) is error, f"{type(info.value).__name__}: {info.value}"
    assert counts() == before
    return info.value


@pytest.mark.parametrize("role", sorted(set(Role) - SUBMIT_ROLES))
def test_submit_wrong_role(s: Shared, role: str) -> None:
    submit_denied(PermissionDenied, world=s.world, actor=home_actor(s, role), channel="counter")


def test_submit_desk_of_another_centre(s: Shared) -> None:
    other_desk = s.world.desk(s.world.org.commune_centres[1])
    submit_denied(PermissionDenied, world=s.world, actor=other_desk)


def test_submit_forged_desk_without_assignment(s: Shared) -> None:
    manager = home_actor(s, Role.CENTRE_MANAGER)
    forged = Actor(manager.user, Role.RECEPTION_OFFICER, s.world.centre)
    submit_denied(PermissionDenied, world=s.world, actor=forged)


def test_submit_level_1_citizen_cannot_use_a_level_2_procedure(s: Shared) -> None:
    # given a citizen with a level-1 e-ID account and a procedure needing level 2
    user = User.objects.create(username="citizen.l1", full_name="Lê Thị Một", eid_level=1)
    assert s.world.version.min_eid_level == 2
    # when they submit, then they are refused with the level named
    error = submit_denied(PermissionDenied, world=s.world, actor=actor_as_applicant(user))
    assert str(error.message) == "This procedure needs a level 2 electronic identity account."


def test_submit_level_1_citizen_may_use_a_level_1_procedure(s: Shared) -> None:
    user = User.objects.create(username="citizen.l1", full_name="Lê Thị Một", eid_level=1)
    version = add_procedure("1.000103", min_eid_level=1)
    d = submit_dossier(s.world, version=version, actor=actor_as_applicant(user))
    assert (d.status, d.owner_id) == (Status.SUBMITTED, user.pk)


@pytest.mark.parametrize(
    ("channel", "role", "message"),
    [
        ("fax", Role.APPLICANT, "Unknown channel."),
        ("counter", Role.APPLICANT, "This channel cannot be used here."),
        ("online", Role.RECEPTION_OFFICER, "This channel cannot be used here."),
        ("postal", Role.AGENT, "This channel cannot be used here."),
    ],
)
def test_submit_wrong_channel(s: Shared, channel: str, role: str, message: str) -> None:
    error = submit_denied(
        ValidationFailed, world=s.world, actor=home_actor(s, role), channel=channel
    )
    assert error.details == {"errors": {"channel": [message]}}


def test_submit_channel_the_procedure_does_not_offer(s: Shared) -> None:
    version = add_procedure("1.000104", channels=["in_person", "postal"], online_level="none")
    error = submit_denied(ValidationFailed, world=s.world, version=version)
    assert error.details == {
        "errors": {"channel": ["This procedure cannot be submitted through this channel."]}
    }


NOT_IN_FORCE = {"errors": {"procedure": ["This version of the procedure is not in force."]}}


def test_submit_version_not_yet_in_force(s: Shared) -> None:
    version = add_procedure("1.000105", effective_from="2026-04-01")
    error = submit_denied(ValidationFailed, world=s.world, version=version)
    assert error.details == NOT_IN_FORCE


def test_submit_superseded_version(s: Shared) -> None:
    # given the procedure re-published with a version in force since 1 March 2026
    add_procedure(s.world.version.procedure.national_code, effective_from="2026-03-01", sets=2)
    old, new = ProcedureVersion.objects.filter(procedure=s.world.version.procedure).order_by(
        "number"
    )
    assert (old.effective_to, new.effective_to) == (date(2026, 3, 1), None)
    # when a dossier is submitted under the old version, then it is refused; the new one works
    error = submit_denied(ValidationFailed, world=s.world, version=old)
    assert error.details == NOT_IN_FORCE
    assert submit_dossier(s.world, version=new).status == Status.SUBMITTED


def test_submit_draft_version(s: Shared) -> None:
    ProcedureVersion.objects.filter(pk=s.local_only.pk).update(status=VersionStatus.DRAFT)
    version = ProcedureVersion.objects.get(pk=s.local_only.pk)
    error = submit_denied(ValidationFailed, world=s.world, version=version)
    assert error.details == NOT_IN_FORCE


def test_submit_non_boundary_free_at_another_communes_centre(s: Shared) -> None:
    # given a procedure that is not boundary-free, for commune 1
    w = s.world
    other_centre = w.org.commune_centres[1]
    # when submitted at commune 2's centre, then refused
    error = submit_denied(
        ValidationFailed,
        world=w,
        version=s.local_only,
        actor=w.desk(other_centre),
        receiving_unit=other_centre,
    )
    assert error.details == {
        "errors": {
            "receiving_unit": [
                "This procedure must be submitted at the centre of the competent unit."
            ]
        }
    }
    # and at commune 1's own centre it is accepted
    assert submit_dossier(w, version=s.local_only).status == Status.SUBMITTED


def test_submit_boundary_free_at_any_centre_of_the_province(s: Shared) -> None:
    w = s.world
    for centre in w.org.centres:
        d = submit_dossier(w, receiving_unit=centre)
        assert (d.receiving_unit, d.competent_unit, d.current_unit) == (centre, w.commune, centre)


def test_submit_to_a_competent_unit_that_is_not_a_commune(s: Shared) -> None:
    error = submit_denied(
        ValidationFailed, world=s.world, competent_unit=s.world.org.departments["STP"]
    )
    assert error.details == {
        "errors": {"competent_unit": ["Choose a commune or ward of this province."]}
    }


def desk_submits_for(s: Shared, owner: User) -> Dossier:
    w = s.world
    return services.dossier_submit(
        procedure_version=w.version,
        receiving_unit=w.centre,
        channel="counter",
        applicant=services.Applicant(name="Trần Văn An", id_number="079088001234"),
        applicant_data=dict(VALID_FORM),
        actor=w.desk(),
        competent_unit=w.commune,
        owner=owner,
    )


def test_desk_links_the_dossier_to_the_applicants_account(s: Shared) -> None:
    # given citizen A at the counter, whose ID number is the applicant's
    d = desk_submits_for(s, s.world.citizen_a)
    # then citizen A owns it and may follow it up (withdraw)
    assert (d.owner_id, d.submitted_by_id) == (s.world.citizen_a.pk, s.world.desk().user_id)
    d = services.dossier_withdraw(d, actor=s.world.applicant(), reason="Nộp nhầm")
    assert d.status == Status.WITHDRAWN


def test_desk_cannot_link_the_dossier_to_another_citizens_account(s: Shared) -> None:
    before = counts()
    with pytest.raises(ValidationFailed) as info:
        desk_submits_for(s, s.world.citizen_b)
    assert info.value.details == {
        "errors": {"owner": ["The account does not belong to the applicant."]}
    }
    assert counts() == before


def test_submit_blank_applicant_name(s: Shared) -> None:
    w = s.world
    before = counts()
    with pytest.raises(ValidationFailed) as info:
        services.dossier_submit(
            procedure_version=w.version,
            receiving_unit=w.centre,
            channel="online",
            applicant=services.Applicant(name="   "),
            applicant_data=dict(VALID_FORM),
            actor=w.applicant(),
            competent_unit=w.commune,
        )
    assert info.value.details == {"errors": {"applicant_name": ["This field is required."]}}
    assert counts() == before


FORM_ERRORS = [
    pytest.param(
        {"full_name": "Trần Văn An", "id_number": "079088001234"},
        {"birth_date": ["This field is required."]},
        id="missing-required",
    ),
    pytest.param(
        {**VALID_FORM, "id_number": "07908800123A"},
        {"id_number": ["The format is not valid."]},
        id="bad-pattern",
    ),
    pytest.param(
        {**VALID_FORM, "birth_date": "1988-02-30"},
        {"birth_date": ["Enter a valid date (YYYY-MM-DD)."]},
        id="bad-date",
    ),
    pytest.param(
        {**VALID_FORM, "birth_date": "02/05/1988"},
        {"birth_date": ["Enter a valid date (YYYY-MM-DD)."]},
        id="date-not-iso",
    ),
    pytest.param(
        {**VALID_FORM, "purpose": "travel"},
        {"purpose": ["Choose one of the allowed values."]},
        id="not-in-enum",
    ),
    pytest.param(
        {**VALID_FORM, "full_name": 42}, {"full_name": ["The value has the wrong type."]}, id="type"
    ),
    pytest.param(
        {**VALID_FORM, "full_name": ""}, {"full_name": ["This field is required."]}, id="empty"
    ),
    pytest.param(
        {**VALID_FORM, "full_name": "A" * 101},
        {"full_name": ["Enter at most 100 characters."]},
        id="too-long",
    ),
    pytest.param(
        {"id_number": "123", "birth_date": "x"},
        {
            "full_name": ["This field is required."],
            "id_number": ["The format is not valid."],
            "birth_date": ["Enter a valid date (YYYY-MM-DD)."],
        },
        id="several",
    ),
    pytest.param(["full_name"], {"__all__": ["The form must be a set of fields."]}, id="list"),
]


@pytest.mark.parametrize(("form", "errors"), FORM_ERRORS)
def test_submit_invalid_form(s: Shared, form: Any, errors: dict[str, list[str]]) -> None:
    error = submit_denied(ValidationFailed, world=s.world, applicant_data=form)
    assert error.details == {"errors": errors}


def test_submit_unknown_form_field_is_keyed_by_its_name(s: Shared) -> None:
    error = submit_denied(
        ValidationFailed, world=s.world, applicant_data={**VALID_FORM, "nickname": "An"}
    )
    assert error.details == {"errors": {"nickname": ["This field is not part of the form."]}}


def test_submit_unknown_form_field_is_refused(s: Shared) -> None:
    error = submit_denied(
        ValidationFailed, world=s.world, applicant_data={**VALID_FORM, "nickname": "An"}
    )
    assert list(error.details["errors"].values()) == [["This field is not part of the form."]]


def test_form_messages_are_translated(s: Shared) -> None:
    # given Vietnamese as the active language
    with translation.override("vi"):
        error = submit_denied(
            ValidationFailed, world=s.world, applicant_data={"full_name": "An", "birth_date": "x"}
        )
        required = translation.gettext("This field is required.")
    # then the messages are the Vietnamese ones
    assert required != "This field is required."
    assert error.details["errors"]["id_number"] == [required]


def test_supplement_with_an_invalid_form_changes_nothing(s: Shared) -> None:
    d = s.world.dossier_in(Status.AWAITING_COMPLETION)
    error = denied(
        lambda: services.dossier_supplement(
            d, actor=s.world.applicant(), applicant_data={**VALID_FORM, "id_number": "1"}
        ),
        d,
        ValidationFailed,
    )
    assert error.details == {"errors": {"id_number": ["The format is not valid."]}}


def test_supplement_replaces_the_form(s: Shared) -> None:
    d = s.world.dossier_in(Status.AWAITING_COMPLETION)
    form = {**VALID_FORM, "purpose": "marriage"}
    d = services.dossier_supplement(d, actor=s.world.applicant(), applicant_data=form)
    assert (fresh(d).status, fresh(d).applicant_data) == (Status.SUBMITTED, form)


def test_submit_values_longer_than_their_columns_are_refused(s: Shared) -> None:
    applicant = services.Applicant(name="A" * 201, id_number="1" * 21, address="x" * 300)
    error = submit_denied(ValidationFailed, world=s.world, applicant=applicant)
    assert error.details["errors"] == {
        "applicant_name": ["Enter at most 200 characters."],
        "applicant_id_number": ["Enter at most 20 characters."],
    }
