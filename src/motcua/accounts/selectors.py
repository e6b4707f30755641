# SPDX-License-Identifier: EUPL-1.2
"""Looking accounts up."""

from motcua.accounts.models import User


def citizen_account(national_id: str) -> User | None:
    """The e-ID account with this ID number, or ``None`` if there is none or more than one.

    A dossier submitted for someone else (API, national portal) is linked to it so that it shows
    in the citizen's "My dossiers"; an ambiguous match links nothing.
    """
    if not national_id:
        return None
    accounts = list(User.objects.filter(national_id=national_id, eid_level__gte=1)[:2])
    return accounts[0] if len(accounts) == 1 else None
