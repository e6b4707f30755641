# SPDX-License-Identifier: EUPL-1.2
from django.http import HttpRequest

from motcua.accounts.models import User
from motcua.portal.access import citizen_of


def citizen(request: HttpRequest) -> dict[str, User | None]:
    """``citizen`` in every template: the logged-in citizen (e-ID), else None."""
    if not hasattr(request, "user"):
        return {"citizen": None}
    return {"citizen": citizen_of(request)}
