# SPDX-License-Identifier: EUPL-1.2
"""Domain errors. Each carries a translatable message and a stable code for APIs (RFC 9457)."""

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base of every rule violation a user can cause; never a 500."""

    code = "domain_error"
    http_status = 400
    default_message: Any = _("The request could not be carried out.")

    def __init__(self, message: Any = None, **details: Any) -> None:
        self.message = message if message is not None else self.default_message
        self.details = details
        super().__init__(str(self.message))


class PermissionDenied(DomainError):
    code = "permission_denied"
    http_status = 403
    default_message = _("You are not allowed to do this.")


class NotFound(DomainError):
    code = "not_found"
    http_status = 404
    default_message = _("Not found.")


class TransitionNotAllowed(DomainError):
    """The legal guard refused: the action is not allowed in the current status."""

    code = "transition_not_allowed"
    http_status = 409
    default_message = _("This action is not allowed in the dossier's current status.")


class ConcurrentUpdate(DomainError):
    """Someone else changed the record first (compare-and-set failed)."""

    code = "concurrent_update"
    http_status = 409
    default_message = _("Someone else changed this dossier in the meantime.")


class ValidationFailed(DomainError):
    """Input does not satisfy the rules; ``details['errors']`` lists field → messages."""

    code = "validation_failed"
    http_status = 422
    default_message = _("Some of the information is missing or invalid.")
