# SPDX-License-Identifier: EUPL-1.2
"""Why an e-ID login failed. ``reason`` is a stable code for logs and tests, never shown."""


class EidLoginFailed(Exception):
    """The login could not be completed; the citizen is asked to start again."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


class IdTokenRejected(EidLoginFailed):
    """The ID token failed a check (signature, issuer, audience, time, nonce, acr)."""


class ProviderUnavailable(EidLoginFailed):
    """The e-ID provider could not be reached or answered with something unusable."""


class LoginRefused(EidLoginFailed):
    """The provider or the citizen refused (cancelled, ``access_denied``)."""


class LevelTooLow(EidLoginFailed):
    """The assurance level is missing, unknown or below level 1."""


class AccountLocked(EidLoginFailed):
    """The citizen's account exists but is deactivated."""
