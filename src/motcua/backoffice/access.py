# SPDX-License-Identifier: EUPL-1.2
"""Who is at the keyboard: a logged-in, second-factor-verified official acting in one capacity.

Every back-office view is wrapped in ``official_required``; it sets ``request.actor`` (an
``Actor``: user, role, unit), re-checked against the role assignments on every request, so a
withdrawn assignment takes effect at once.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from motcua.accounts.actors import Actor
from motcua.accounts.models import Role, RoleAssignment

P = ParamSpec("P")
SESSION_KEY = "motcua_capacity"


def official_assignments(user: Any) -> list[RoleAssignment]:
    """The official capacities of ``user`` (role in a unit), units loaded."""
    return list(
        RoleAssignment.objects.filter(user=user, role__in=Role.official_roles())
        .select_related("unit")
        .order_by("unit__name", "role")
    )


def capacity_set(request: HttpRequest, assignment: RoleAssignment) -> None:
    request.session[SESSION_KEY] = {"role": assignment.role, "unit": assignment.unit_id}


def session_actor(request: HttpRequest) -> Actor | None:
    """The capacity chosen in this session, if the user still holds it; a single one is chosen."""
    chosen = request.session.get(SESSION_KEY)
    if chosen:
        assignment = (
            RoleAssignment.objects.filter(
                user_id=int(request.user.pk or 0),
                role=chosen.get("role"),
                unit_id=chosen.get("unit"),
            )
            .select_related("unit")
            .first()
        )
    else:
        assignments = official_assignments(request.user)
        assignment = assignments[0] if len(assignments) == 1 else None
        if assignment is not None:
            capacity_set(request, assignment)
    if assignment is None or assignment.role not in Role.official_roles():
        return None
    return Actor(user=request.user, role=assignment.role, unit=assignment.unit)  # type: ignore[arg-type]


def official_required(
    view: Callable[Concatenate[HttpRequest, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """Login, then the second factor, then a capacity; sets ``request.actor``.

    Responses are marked ``no-store``: back-office pages show citizens' personal data.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("backoffice:login"))
        if not request.user.is_verified():  # type: ignore[attr-defined]
            return redirect_to_login(request.get_full_path(), reverse("backoffice:otp"))
        actor = session_actor(request)
        if actor is None:
            return redirect_to_login(request.get_full_path(), reverse("backoffice:capacity"))
        request.actor = actor  # type: ignore[attr-defined]
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)  # personal data: never kept by browsers or proxies
        return response

    return wrapper  # type: ignore[return-value]


def actor_of(request: HttpRequest) -> Actor:
    """The actor ``official_required`` put on the request."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    return actor
