# SPDX-License-Identifier: EUPL-1.2
"""Writes of the API: registering a client, and submitting a dossier exactly once per key.

``api_dossier_submit`` claims the client's ``Idempotency-Key`` in the transaction that creates
the dossier. A request that finds the key taken (now, or when its own insert collides with a
concurrent one) answers with the dossier created under it if the body is the same, or a conflict
if it differs; a request that fails creates nothing and leaves the key free.
"""

import hashlib
import io
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.actors import actor_as_integration
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.accounts.selectors import citizen_account
from motcua.api.models import ApiClient, ApiIdempotencyKey, ApiToken
from motcua.api.problems import ApiProblem
from motcua.api.schemas.dossiers import DocumentIn, DossierCreate
from motcua.api.selectors import client_unit_ids
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import version_in_force
from motcua.core import clock
from motcua.core.errors import ConcurrentUpdate, ValidationFailed
from motcua.documents.encoded import EncodedFileError, decode_scan
from motcua.documents.services import file_store
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, DocumentCheck, dossier_submit
from motcua.orgunits.models import OrgUnit
from motcua.webforms.uploads import clean_filename

# -- clients ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewClient:
    client: ApiClient
    secret: str  # shown once; only its hash is kept


def api_client_create(
    *,
    name: str,
    units: Sequence[OrgUnit],
    scopes: Sequence[str],
    channels: Sequence[str],
    requests_per_minute: int | None = None,
) -> NewClient:
    """A client with a new machine account holding the integration role in ``units``."""
    client_id = f"mc_{secrets.token_hex(12)}"
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        user = User.objects.create(username=f"api-{client_id}", full_name=name[:200])
        user.set_unusable_password()
        user.save(update_fields=["password"])
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=user, role=Role.INTEGRATION, unit=unit) for unit in units
        )
        client = ApiClient.objects.create(
            client_id=client_id,
            secret_hash=make_password(secret),
            name=name,
            service_user=user,
            scopes=sorted(set(scopes)),
            channels=sorted(set(channels)),
            requests_per_minute=requests_per_minute
            or int(settings.MOTCUA_API_CLIENT_RATE_PER_MINUTE),
            created_at=clock.now(),
        )
    return NewClient(client, secret)


def api_purge() -> tuple[int, int]:
    """Delete idempotency keys older than ``MOTCUA_API_IDEMPOTENCY_HOURS`` and tokens expired
    for a day; returns how many of each."""
    now = clock.now()
    keys_before = now - timedelta(hours=int(settings.MOTCUA_API_IDEMPOTENCY_HOURS))
    keys, _detail = ApiIdempotencyKey.objects.filter(created_at__lt=keys_before).delete()
    tokens_before = now - timedelta(days=1) - timedelta(seconds=settings.MOTCUA_API_TOKEN_SECONDS)
    tokens, _detail = ApiToken.objects.filter(issued_at__lt=tokens_before).delete()
    return keys, tokens


# -- submitting a dossier ----------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    dossier: Dossier
    created: bool  # False: the dossier created earlier under the same key


def body_digest(payload: DossierCreate) -> str:
    canonical = json.dumps(payload.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(record: ApiIdempotencyKey, digest: str) -> Submitted:
    if record.body_sha256 != digest:
        raise ApiProblem(
            409,
            "idempotency_conflict",
            _("This Idempotency-Key was already used with another request body."),
        )
    if record.dossier is None:  # not possible: the key and its dossier commit together
        raise ConcurrentUpdate()
    return Submitted(record.dossier, created=False)


def _unit(code: str | None, field: str) -> OrgUnit | None:
    if code is None:
        return None
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        raise ValidationFailed(errors={field: [_("No unit has this code.")]})
    return unit


def _version(code: str) -> ProcedureVersion:
    version = version_in_force(code, timezone.localtime(clock.now()).date())
    if version is None:
        raise ValidationFailed(errors={"procedure": [_("No procedure in force has this code.")]})
    return version


def printable(text: str) -> str:
    """``text`` without control characters (a file name ends up in a header)."""
    return "".join(character for character in text if character.isprintable())


def _document(index: int, document: DocumentIn, version: ProcedureVersion) -> DocumentCheck:
    where = f"documents.{index}"
    requirement = version.requirements.filter(code=document.requirement).first()
    if requirement is None:
        raise ValidationFailed(
            errors={f"{where}.requirement": [_("The procedure has no requirement with this code.")]}
        )
    try:
        content, sniffed = decode_scan(document.content_base64)
    except EncodedFileError as error:
        raise ValidationFailed(errors={f"{where}.content_base64": [str(error)]}) from None
    if sniffed != document.content_type:
        raise ValidationFailed(
            errors={
                f"{where}.content_type": [
                    _("The file is %(actual)s, not %(declared)s.")
                    % {"actual": sniffed, "declared": document.content_type}
                ]
            }
        )
    stored = file_store(io.BytesIO(content), content_type=sniffed)
    filename = printable(clean_filename(document.filename)) or requirement.code
    return DocumentCheck(
        requirement_id=requirement.pk, name=requirement.name, file=stored, filename=filename
    )


def _check_client_may(client: ApiClient, unit: OrgUnit, channel: str) -> None:
    if unit.pk not in client_unit_ids(client):
        raise ApiProblem(
            403, "unit_not_served", _("This client may not submit dossiers at this unit.")
        )
    if channel not in client.channels:
        raise ApiProblem(
            403, "channel_not_allowed", _("This client may not submit through this channel.")
        )


def api_dossier_submit(*, client: ApiClient, key: str, payload: DossierCreate) -> Submitted:
    """Submit ``payload`` at its receiving unit for ``client``, once per ``key``."""
    digest = body_digest(payload)
    taken = ApiIdempotencyKey.objects.filter(client=client, key=key).select_related("dossier")
    record = taken.first()
    if record is not None:
        return _replay(record, digest)
    version = _version(payload.procedure)
    unit = _unit(payload.receiving_unit, "receiving_unit")
    competent = _unit(payload.competent_unit, "competent_unit")
    assert unit is not None
    _check_client_may(client, unit, payload.channel)
    actor = actor_as_integration(client.service_user, unit)
    documents = [_document(i, d, version) for i, d in enumerate(payload.documents)]
    applicant = payload.applicant
    owner = citizen_account(applicant.id_number)
    try:
        with transaction.atomic():
            record = ApiIdempotencyKey.objects.create(
                client=client, key=key, body_sha256=digest, created_at=clock.now()
            )
            dossier = dossier_submit(
                procedure_version=version,
                receiving_unit=unit,
                competent_unit=competent,
                channel=payload.channel,
                applicant=Applicant(
                    kind=applicant.kind,
                    name=applicant.name,
                    id_number=applicant.id_number,
                    phone=applicant.phone,
                    email=applicant.email,
                    address=applicant.address,
                ),
                applicant_data=dict(payload.form),
                actor=actor,
                owner=owner,
                documents=documents,
            )
            record.dossier = dossier
            record.save(update_fields=["dossier"])
    except IntegrityError:
        record = taken.first()
        if record is None:
            raise
        return _replay(record, digest)
    return Submitted(dossier, created=True)
