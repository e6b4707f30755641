# SPDX-License-Identifier: EUPL-1.2
"""What the demo e-ID says about a citizen: the claims in its ID token.

The real VNeID claim names and ``acr`` values are not public (LAW-NOTES.md §6 ⚠️): the demo
uses the standard OpenID Connect claims, the personal identification number as ``sub``, and
``urn:vn:vneid:level<N>`` as ``acr`` — the defaults of ``MOTCUA_EID_CLAIMS`` and
``MOTCUA_EID_ACR_LEVELS`` on the relying-party side.
"""

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

from motcua.accounts.models import User

ACR_PREFIX = "urn:vn:vneid:level"


def acr_for_level(level: int) -> str:
    return f"{ACR_PREFIX}{level}"


def citizen_claims(user: User) -> dict[str, Any]:
    """The identity claims of a demo citizen (its e-ID level is the account's level)."""
    return {
        "sub": user.national_id,
        "name": user.full_name,
        "phone_number": user.phone,
        "acr": acr_for_level(user.eid_level),
    }


class DemoEidValidator(OAuth2Validator):  # type: ignore[misc]
    """django-oauth-toolkit's validator with the citizen's claims and assurance level."""

    # Each claim is released only with its scope; ``sub`` and ``acr`` always (scope openid).
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "acr": "openid",
    }

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        if not isinstance(user, User):  # pragma: no cover - the authorize view requires a login
            return {}
        return citizen_claims(user)
