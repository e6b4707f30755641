# SPDX-License-Identifier: EUPL-1.2
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles of the one-stop process (Decree 118/2025; Circular 03/2025)."""

    APPLICANT = "applicant", _("Applicant")
    AGENT = "agent", _("Online public service agent")
    POSTAL_OFFICER = "postal_officer", _("Public postal service officer")
    RECEPTION_OFFICER = "reception_officer", _("Reception officer (one-stop desk)")
    SPECIALIST = "specialist", _("Specialist")
    DEPARTMENT_HEAD = "department_head", _("Head of unit")
    SIGNING_LEADER = "signing_leader", _("Signing leader")
    CLERK = "clerk", _("Clerk (issues and stamps results)")
    CENTRE_MANAGER = "centre_manager", _("Centre manager")
    UNIT_ADMIN = "unit_admin", _("Unit administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SYSTEM = "system", _("System")
    INTEGRATION = "integration", _("Integrated system (API client)")

    @classmethod
    def official_roles(cls) -> tuple[str, ...]:
        machines = (cls.APPLICANT, cls.AGENT, cls.SYSTEM, cls.INTEGRATION)
        return tuple(r.value for r in cls if r not in machines)


class User(AbstractUser):
    """A citizen (logged in with the national e-ID) or an official."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    national_id = models.CharField(
        _("personal identification number"), max_length=12, blank=True, db_index=True
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    eid_level = models.PositiveSmallIntegerField(
        _("e-ID assurance level"), default=0, help_text=_("VNeID level 1 or 2; 0 = none.")
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """An official holds a role in one unit; every permission is scoped by that unit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="role_assignments"
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_unique_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} @ {self.unit_id}"
