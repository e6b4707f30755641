# SPDX-License-Identifier: EUPL-1.2
from django.http import HttpRequest

from motcua.accounts.actors import Actor


def actor(request: HttpRequest) -> dict[str, Actor | None]:
    """``actor`` in every template: the official's capacity on back-office pages, else None."""
    return {"actor": getattr(request, "actor", None)}
