# SPDX-License-Identifier: EUPL-1.2
"""The tus 1.0.0 protocol endpoints (core, creation, termination, expiration).

Answers are protocol answers, never redirects: 401 without a citizen's login, 404 for an
upload that is not the citizen's own, 412 without ``Tus-Resumable: 1.0.0`` (OPTIONS aside),
409 on an offset mismatch, 413 over the size limit. Every answer carries ``Tus-Resumable`` and
is ``no-store``. CSRF protection stays on: the script sends the form's token in
``X-CSRFToken``.
"""

import base64
import binascii
from typing import IO, cast
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.accounts.models import User
from motcua.core.errors import DomainError, PermissionDenied, ValidationFailed
from motcua.portal.access import citizen_of, may_submit
from motcua.portal.tus import services
from motcua.submissions.models import SubmissionDraft, TusUpload
from motcua.webforms.uploads import upload_limit_bytes

VERSION = "1.0.0"
EXTENSIONS = "creation,termination,expiration"
OCTET_STREAM = "application/offset+octet-stream"


def _answer(status: int, text: str = "", **headers: str) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Tus-Resumable"] = VERSION
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    add_never_cache_headers(response)
    return response


def _error(error: DomainError) -> HttpResponse:
    texts = [str(error.message)]
    if isinstance(error, ValidationFailed) and error.details.get("errors"):
        texts = [str(m) for ms in dict(error.details["errors"]).values() for m in ms]
    return _answer(error.http_status, " ".join(texts))


def _options() -> HttpResponse:
    return _answer(
        204,
        Tus_Version=VERSION,
        Tus_Extension=EXTENSIONS,
        Tus_Max_Size=str(upload_limit_bytes()),
    )


def _guard(request: HttpRequest) -> tuple[User | None, HttpResponse | None]:
    """The citizen, or the answer to give instead (412, 401)."""
    if request.headers.get("Tus-Resumable") != VERSION:
        return None, _answer(412, Tus_Version=VERSION)
    user = citizen_of(request)
    if user is None:
        return None, _answer(401, _("Log in with e-ID first."))
    return user, None


def parse_metadata(header: str) -> dict[str, str]:
    """``Upload-Metadata``: comma-separated ``key base64value`` pairs (the value optional)."""
    metadata: dict[str, str] = {}
    for pair in header.split(","):
        parts = pair.strip().split(" ")
        if not parts[0]:
            continue
        try:
            raw = base64.b64decode(parts[1], validate=True) if len(parts) > 1 else b""
            metadata[parts[0]] = raw.decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise ValueError(parts[0]) from None
    return metadata


def _int_header(request: HttpRequest, name: str) -> int | None:
    value = request.headers.get(name, "")
    return int(value) if value.isdigit() else None


def _expires(upload: TusUpload) -> str:
    return http_date(upload.expires_at.timestamp())


@require_http_methods(["POST", "OPTIONS"])
def tus_collection(request: HttpRequest) -> HttpResponse:
    """OPTIONS: what the server supports; POST: create an upload (the creation extension)."""
    if request.method == "OPTIONS":
        return _options()
    user, refused = _guard(request)
    if refused is not None or user is None:
        return refused or _answer(401)
    length = _int_header(request, "Upload-Length")
    try:
        metadata = parse_metadata(request.headers.get("Upload-Metadata", ""))
    except ValueError:
        metadata = {}
    draft_id, requirement_id = metadata.get("draft", ""), metadata.get("requirement", "")
    if length is None or not draft_id.isdigit() or not requirement_id.isdigit():
        return _answer(400, _("Upload-Length and the draft and requirement are needed."))
    try:
        draft = SubmissionDraft.objects.filter(pk=int(draft_id), owner=user).first()
        if draft is not None and not may_submit(user, draft.procedure_version.min_eid_level):
            raise PermissionDenied()
        upload = services.tus_create(
            user, draft_id=int(draft_id), requirement_id=int(requirement_id), length=length,
            filename=metadata.get("filename", ""), filetype=metadata.get("filetype", ""),
        )  # fmt: skip
    except DomainError as error:
        return _error(error)
    location = request.build_absolute_uri(reverse("portal:tus_upload", kwargs={"pk": upload.pk}))
    return _answer(201, Location=location, Upload_Expires=_expires(upload))


@require_http_methods(["HEAD", "PATCH", "DELETE", "OPTIONS"])
def tus_resource(request: HttpRequest, pk: UUID) -> HttpResponse:
    """HEAD: the offset; PATCH: append a chunk; DELETE: end the upload (termination)."""
    if request.method == "OPTIONS":
        return _options()
    user, refused = _guard(request)
    if refused is not None or user is None:
        return refused or _answer(401)
    try:
        if request.method == "HEAD":
            upload = services.tus_get(user, pk)
            return _answer(
                200,
                Upload_Offset=str(upload.offset),
                Upload_Length=str(upload.length),
                Upload_Expires=_expires(upload),
            )
        if request.method == "DELETE":
            services.tus_terminate(user, pk)
            return _answer(204)
        return _patch(request, user, pk)
    except DomainError as error:
        return _error(error)


def _patch(request: HttpRequest, user: User, pk: UUID) -> HttpResponse:
    if request.content_type != OCTET_STREAM:
        return _answer(415, _("Send the bytes as %(type)s.") % {"type": OCTET_STREAM})
    offset = _int_header(request, "Upload-Offset")
    if offset is None:
        return _answer(400, _("Upload-Offset is needed."))
    upload = services.tus_append(user, pk, offset=offset, stream=cast(IO[bytes], request))
    return _answer(204, Upload_Offset=str(upload.offset), Upload_Expires=_expires(upload))
