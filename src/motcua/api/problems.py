# SPDX-License-Identifier: EUPL-1.2
"""Every API error as an RFC 9457 problem document (``application/problem+json``).

``type`` is ``about:blank`` and ``title`` the HTTP status phrase, as RFC 9457 §4.2.1 asks for
``about:blank``; ``detail`` is a sentence in the request's language; ``code`` is stable for
programs; ``errors`` (validation only) maps each field to its messages. Nothing about the
server's internals is ever sent: an unexpected exception is logged and answered with a plain 500.
"""

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from motcua.core.errors import DomainError

PROBLEM_TYPE = "application/problem+json"
logger = logging.getLogger("motcua.api")


class ApiProblem(Exception):
    """Raised by API code to answer with one problem document."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        errors: Mapping[str, Sequence[str]] | None = None,
        headers: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.status = status
        self.code = code
        self.detail = detail
        self.errors = errors
        self.headers = list(headers)
        super().__init__(f"{status} {code}")

    def response(self) -> HttpResponse:
        return problem_response(
            self.status, self.code, self.detail, errors=self.errors, headers=self.headers
        )


def problem_response(
    status: int,
    code: str,
    detail: str,
    *,
    errors: Mapping[str, Sequence[str]] | None = None,
    headers: Iterable[tuple[str, str]] = (),
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": str(detail),
        "code": code,
    }
    if errors is not None:
        body["errors"] = {
            str(field): [str(m) for m in messages] for field, messages in errors.items()
        }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_TYPE
    )
    for name, value in headers:
        response[name] = value
    return response


def not_found() -> ApiProblem:
    return ApiProblem(404, "not_found", _("Nothing was found at this address."))


def too_many_requests(retry_after: int) -> ApiProblem:
    detail = ngettext(
        "Too many requests. Try again in %(seconds)d second.",
        "Too many requests. Try again in %(seconds)d seconds.",
        retry_after,
    ) % {"seconds": retry_after}
    return ApiProblem(429, "rate_limited", detail, headers=[("Retry-After", str(retry_after))])


def _field(location: Sequence[Any]) -> str:
    """``("body", "payload", "applicant", "name")`` → ``applicant.name``; ``("query", "limit")``
    → ``limit``; list positions stay: ``documents.0.requirement``."""
    parts = [str(part) for part in location]
    if parts and parts[0] in {"body", "query", "path", "header", "form", "cookie"}:
        parts = parts[1:]
    if parts and parts[0] == "payload":  # the name of the one body parameter of an operation
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_errors(errors: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(_field(error.get("loc", ())), []).append(str(error.get("msg", "")))
    return fields


def _on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem_response(
        422,
        "validation_failed",
        _("Some of the information is missing or invalid."),
        errors=validation_errors(exc.errors),
    )


def _on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    errors = exc.details.get("errors")
    return problem_response(exc.http_status, exc.code, str(exc.message), errors=errors)


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, Throttled):
        return too_many_requests(int(exc.wait or 60)).response()
    if isinstance(exc, AuthenticationError) or exc.status_code == 401:
        return problem_response(
            401,
            "not_authenticated",
            _("Send an access token: Authorization: Bearer <token>."),
            headers=[("WWW-Authenticate", 'Bearer realm="motcua"')],
        )
    if exc.status_code == 400:
        return problem_response(400, "invalid_body", _("The request body is not valid JSON."))
    status = exc.status_code if 400 <= exc.status_code < 600 else 400
    return problem_response(status, "http_error", HTTPStatus(status).phrase)


def _on_permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(403, "permission_denied", _("You are not allowed to do this."))


def _on_suspicious(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Django's request limits (too many fields, a body too large, a malformed request)."""
    if isinstance(exc, RequestDataTooBig):
        return problem_response(413, "body_too_large", _("The request body is too large."))
    return problem_response(400, "bad_request", _("The request is malformed."))


def _on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path)
    return problem_response(
        500, "internal_error", _("Something went wrong on our side. Please try again later.")
    )


def install_handlers(api: NinjaAPI) -> None:
    """Answer every exception an operation raises with a problem document."""
    handlers: list[tuple[type[Exception], Any]] = [
        (ApiProblem, lambda request, exc: exc.response()),
        (DomainError, _on_domain_error),
        (ValidationError, _on_validation),
        (HttpError, _on_http_error),
        (Http404, lambda request, exc: not_found().response()),
        (DjangoPermissionDenied, _on_permission_denied),
        (SuspiciousOperation, _on_suspicious),
        (Exception, _on_unexpected),
    ]
    for exception, handler in handlers:
        api.add_exception_handler(exception, handler)
