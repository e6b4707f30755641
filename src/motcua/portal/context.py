# SPDX-License-Identifier: EUPL-1.2
from django.http import HttpRequest

from motcua.accounts.models import User


def citizen(request: HttpRequest) -> dict[str, User | None]:
    """``citizen`` in every template: the logged-in citizen (e-ID), else None."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "national_id", ""):
        return {"citizen": None}
    return {"citizen": user}
