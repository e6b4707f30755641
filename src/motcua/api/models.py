# SPDX-License-Identifier: EUPL-1.2
"""Connected systems (API clients), their access tokens, and idempotency keys of their writes.

Secrets and tokens are never stored: a client's secret as a Django password hash, a token as
its SHA-256. The units a client may act for are its service user's ``Role.INTEGRATION``
assignments, so withdrawing a unit takes effect on the next request.

``ApiClient`` and ``ApiToken`` carry the methods authlib's OAuth 2.0 server calls on a client
and a token (``ClientMixin``, ``TokenMixin``, RFC 6749 §4.4 client credentials).
"""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core import clock

#: The only grant and the client authentication methods of the token endpoint.
GRANT_TYPE = "client_credentials"
AUTH_METHODS = ("client_secret_basic", "client_secret_post")


class ApiScope(models.TextChoices):
    DOSSIERS_READ = "dossiers:read", _("Read the dossiers of the client's units")
    DOSSIERS_WRITE = "dossiers:write", _("Submit dossiers at the client's units")
    DOCUMENTS_READ = "documents:read", _("Read the documents of those dossiers")
    INBOUND_NATIONAL = "inbound:national", _("Push dossiers submitted on the national portal")


class ApiChannel(models.TextChoices):
    """Channels a connected system may submit through (``dossiers.lifecycle.Channel`` values)."""

    KIOSK = "kiosk", _("Kiosk")
    POSTAL = "postal", _("Public postal service")
    NATIONAL_PORTAL = "national_portal", _("National public service portal")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiClient(models.Model):
    client_id = models.CharField(_("client id"), max_length=64, unique=True)
    secret_hash = models.CharField(_("secret (hashed)"), max_length=200)
    name = models.CharField(_("name"), max_length=200)
    service_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_clients",
        verbose_name=_("service user"),
        help_text=_("The machine account whose integration roles name the client's units."),
    )
    scopes = models.JSONField(_("scopes"), default=list)
    channels = models.JSONField(_("allowed channels"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    requests_per_minute = models.PositiveIntegerField(_("requests per minute"), default=120)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return f"{self.name} ({self.client_id})"

    # -- authlib ClientMixin --------------------------------------------------------------------

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == GRANT_TYPE

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in AUTH_METHODS

    def check_client_secret(self, client_secret: str) -> bool:
        return self.is_active and check_password(client_secret, self.secret_hash)

    def get_allowed_scope(self, scope: str | None) -> str | None:
        """All the client's scopes when none is asked; a subset as asked; None (refused) when a
        scope asked for is not the client's."""
        if not scope:
            return " ".join(sorted(self.scopes))
        asked = set(scope.split())
        if not asked <= set(self.scopes):
            return None
        return " ".join(sorted(asked))


class ApiToken(models.Model):
    """An access token: only its SHA-256 is kept."""

    token_sha256 = models.CharField(max_length=64, unique=True)
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens")
    scopes = models.JSONField(default=list)
    issued_at = models.DateTimeField()
    expires_in = models.PositiveIntegerField(help_text=_("Seconds after issued_at."))
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("API access token")
        verbose_name_plural = _("API access tokens")
        indexes = [models.Index(fields=["issued_at"], name="apitoken_issued_idx")]

    def __str__(self) -> str:
        return f"{self.client_id} {self.issued_at:%Y-%m-%d %H:%M}"

    @property
    def expires_at(self) -> datetime:
        return self.issued_at + timedelta(seconds=self.expires_in)

    # -- authlib TokenMixin ---------------------------------------------------------------------

    def check_client(self, client: ApiClient) -> bool:
        return self.client_id == client.pk

    def get_scope(self) -> str:
        return " ".join(self.scopes)

    def get_expires_in(self) -> int:
        return self.expires_in

    def is_expired(self) -> bool:
        return bool(clock.now() >= self.expires_at)

    def is_revoked(self) -> bool:
        return self.revoked or not self.client.is_active


class ApiIdempotencyKey(models.Model):
    """The dossier a client created under an ``Idempotency-Key``, and what the body was."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    body_sha256 = models.CharField(max_length=64)
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("API idempotency key")
        verbose_name_plural = _("API idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="api_idempotency_unique_key")
        ]
        indexes = [models.Index(fields=["created_at"], name="api_idempotency_created_idx")]

    def __str__(self) -> str:
        return f"{self.client_id} {self.key}"
