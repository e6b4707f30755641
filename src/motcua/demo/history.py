# SPDX-License-Identifier: EUPL-1.2
"""A year of historic dossiers, replayed through the real service layer at past times.

Every dossier, event and outbox message is written by the same services officials use, so the
history is valid: hash chains verify, promised dates follow the calendar, statuses are legal.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from motcua.accounts.actors import Actor, actor_as_applicant
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.calendar.selectors import calendar_for_unit
from motcua.calendar.workdays import WorkingCalendar
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import versions_in_force
from motcua.core import clock
from motcua.core.errors import DomainError
from motcua.demo import formdata
from motcua.demo.documents import demo_documents
from motcua.demo.organisation import Organisation
from motcua.dossiers import services
from motcua.dossiers.lifecycle import CATALOG_CHANNEL, Channel, Status
from motcua.dossiers.models import Dossier
from motcua.orgunits.models import OrgUnit


@dataclass
class Replay:
    """Moves one dossier through its life; each step happens a little later than the last."""

    dossier: Dossier
    at: datetime
    until: datetime
    calendar: WorkingCalendar
    rng: random.Random

    def later(self, working_hours: float) -> bool:
        """Advance the clock; False when that moment is still in the future."""
        self.at = self.calendar.add_working_time(self.at, timedelta(hours=working_hours))
        return self.at < self.until

    def do(self, action: Callable[..., Dossier], **kwargs: object) -> None:
        with clock.frozen_at(self.at):
            self.dossier = action(self.dossier, **kwargs)


class People:
    """Finds the demo official holding a role in a unit (cached)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int], Actor] = {}
        for assignment in RoleAssignment.objects.select_related("user", "unit").order_by("id"):
            key = (assignment.role, assignment.unit_id)
            self._cache.setdefault(key, Actor(assignment.user, assignment.role, assignment.unit))

    def get(self, role: str, unit: OrgUnit) -> Actor:
        return self._cache[(role, unit.pk)]


def _pick_channel(version: ProcedureVersion, rng: random.Random) -> Channel:
    weights = {Channel.ONLINE: 58, Channel.COUNTER: 27, Channel.POSTAL: 7, Channel.AGENT: 6,
               Channel.KIOSK: 2}  # fmt: skip
    allowed = [
        c for c in weights
        if CATALOG_CHANNEL[c] in version.channels
        and not (CATALOG_CHANNEL[c] == "online" and version.online_level == "none")
    ]  # fmt: skip
    return rng.choices(allowed, weights=[weights[c] for c in allowed])[0]


def _submission_time(day: datetime, rng: random.Random) -> datetime:
    """Most people come during office hours; online submissions arrive at any time."""
    return day.replace(hour=rng.randint(6, 19), minute=rng.randint(0, 59), second=0)


class HistoryBuilder:
    def __init__(self, org: Organisation, *, seed: int, now: datetime) -> None:
        self.org = org
        self.rng = random.Random(seed)
        self.now = now
        self.people = People()
        self.calendar = calendar_for_unit(None)
        self.versions = list(
            versions_in_force(timezone.localdate(now) - timedelta(days=366))
            .select_related("procedure", "field")
            .prefetch_related("steps", "time_limits")
        )
        self.citizens = list(
            User.objects.filter(username__startswith="citizen.", eid_level__gte=2).order_by("id")
        )

    def citizen(self) -> User:
        if len(self.citizens) < 60:
            index = len(self.citizens)
            user = User.objects.create(
                username=f"citizen.demo{index:03d}",
                full_name=formdata.person_name(self.rng),
                national_id=formdata.id_number(self.rng),
                phone=formdata.phone(self.rng),
                eid_level=2,
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            self.citizens.append(user)
            return user
        return self.rng.choice(self.citizens)

    def submit(self, at: datetime) -> Dossier:
        rng = self.rng
        version = rng.choice(self.versions)
        channel = _pick_channel(version, rng)
        centre = rng.choice(self.org.centres) if version.boundary_free else None
        commune = None
        if version.competent_unit_kind == "commune":
            commune = rng.choice(self.org.communes)
            if centre is None or (centre.parent_id != commune.pk and rng.random() < 0.7):
                centre = self.org.commune_centres[self.org.communes.index(commune)]
        elif centre is None:
            centre = self.org.province_centre
        owner = None
        if channel in (Channel.ONLINE, Channel.KIOSK):
            owner = self.citizen()
            actor = actor_as_applicant(owner)
        elif channel == Channel.AGENT:
            actor = self.people.get(Role.AGENT, self.org.province)
            owner = self.citizen() if rng.random() < 0.5 else None
        elif channel == Channel.POSTAL and centre == self.org.province_centre:
            actor = self.people.get(Role.POSTAL_OFFICER, centre)
        else:
            actor = self.people.get(Role.RECEPTION_OFFICER, centre)
        name = owner.full_name if owner else formdata.person_name(rng)
        applicant = services.Applicant(
            name=name,
            id_number=owner.national_id if owner else formdata.id_number(rng),
            phone=owner.phone if owner else formdata.phone(rng),
            address=formdata.address(rng),
        )
        schema = version.applicant_schema
        form = formdata.with_applicant(
            formdata.form_for(schema, rng),
            schema,
            name=applicant.name,
            id_number=applicant.id_number,
            phone=applicant.phone,
        )
        with clock.frozen_at(at):
            return services.dossier_submit(
                procedure_version=version,
                receiving_unit=centre,
                channel=channel,
                applicant=applicant,
                applicant_data=form,
                actor=actor,
                competent_unit=commune,
                owner=owner,
                documents=demo_documents(version, channel),
            )

    def build(self, count: int) -> int:
        created = 0
        for _ in range(count):
            day = self.now - timedelta(days=self.rng.uniform(0.5, 365))
            at = _submission_time(day.astimezone(self.calendar.tz), self.rng)
            if at >= self.now:
                continue
            try:
                with transaction.atomic():
                    dossier = self.submit(at)
                    self.live(Replay(dossier, at, self.now, self.calendar, self.rng))
                created += 1
            except DomainError:
                continue
        return created

    def desk(self, dossier: Dossier) -> Actor:
        return self.people.get(Role.RECEPTION_OFFICER, dossier.receiving_unit)

    def holder(self, dossier: Dossier, role: str) -> Actor:
        return self.people.get(role, dossier.current_unit)

    def live(self, replay: Replay) -> None:
        """Desk check, then processing, with the usual share of incidents."""
        rng, d = replay.rng, replay.dossier
        if not replay.later(rng.uniform(0.2, 6)):
            return
        fate = rng.random()
        if fate < 0.04:
            replay.do(
                services.dossier_refuse,
                actor=self.desk(d),
                reason="Thủ tục không thuộc thẩm quyền giải quyết",
            )
            return
        if fate < 0.06:
            replay.do(
                services.dossier_withdraw, actor=self.desk(d), reason="Người nộp đề nghị rút hồ sơ"
            )
            return
        if fate < 0.13:
            replay.do(
                services.dossier_request_supplement,
                actor=self.desk(d),
                missing=["Bản sao giấy tờ tùy thân"],
                reason="Hồ sơ chưa đầy đủ",
            )
            if not replay.later(rng.uniform(4, 40)):
                return
            replay.do(
                services.dossier_supplement,
                actor=self.desk(replay.dossier),
                note="Đã bổ sung tại quầy",
            )
            if not replay.later(rng.uniform(0.2, 3)):
                return
        replay.do(services.dossier_receive, actor=self.desk(replay.dossier))
        self.process(replay)

    def process(self, replay: Replay) -> None:
        rng = replay.rng
        if not replay.later(rng.uniform(0.1, 2)):
            return
        replay.do(services.dossier_forward, actor=self.desk(replay.dossier))
        late = rng.random() < 0.07
        supplement = rng.random() < 0.08
        steps = list(replay.dossier.procedure_version.steps.all())
        for step in steps:
            d = replay.dossier
            if step.order != d.current_step or step.unit_kind == "one_stop_centre":
                continue
            share_hours = float(step.share) * (8 if step.share_unit == "working_days" else 1)
            factor = rng.uniform(1.1, 2.0) if late else rng.uniform(0.2, 0.9)
            if not replay.later(max(0.1, share_hours * factor)):
                return
            actor = self.holder(d, step.role)
            if step.role == Role.SPECIALIST and supplement:
                supplement = False
                replay.do(
                    services.dossier_request_supplement,
                    actor=actor,
                    missing=["Bản vẽ hiện trạng có xác nhận"],
                    reason="Cần bổ sung",
                )
                if not replay.later(rng.uniform(8, 60)):
                    return
                owner_actor = actor_as_applicant(d.owner) if d.owner else self.desk(d)
                replay.do(services.dossier_supplement, actor=owner_actor, note="Đã bổ sung")
                if not replay.later(rng.uniform(1, 8)):
                    return
            if step.role == Role.SIGNING_LEADER and replay.dossier.status == Status.IN_PROGRESS:
                if rng.random() < 0.03:
                    replay.do(
                        services.dossier_reject,
                        actor=actor,
                        reason="Không đủ điều kiện theo quy định",
                    )
                else:
                    replay.do(services.dossier_approve, actor=actor)
                continue
            if step.role == Role.CLERK and replay.dossier.status == Status.PROCESSED:
                replay.do(
                    services.dossier_issue_result,
                    actor=actor,
                    result_number=f"{rng.randint(1, 9999)}/GCN",
                )
                continue
            if replay.dossier.status == Status.IN_PROGRESS:
                replay.do(services.dossier_process_step, actor=actor)
        if replay.dossier.status == Status.RESULT_READY and replay.later(rng.uniform(1, 24)):
            method = "electronic" if replay.dossier.channel == Channel.ONLINE else "counter"
            replay.do(
                services.dossier_return_result,
                actor=self.desk(replay.dossier),
                method=method,
                receiver_name=replay.dossier.applicant_name,
                receiver_id_number=replay.dossier.applicant_id_number,
            )
