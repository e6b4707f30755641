# SPDX-License-Identifier: EUPL-1.2
"""What every API address does around its operation.

- The language of ``detail`` and labels comes from ``Accept-Language`` (the API is outside the
  site's ``/en/`` prefixes), and the answer says it in ``Content-Language``.
- ``HEAD`` is answered as ``GET`` without the body.
- A method the address does not have → ``405`` problem with ``Allow``; an unknown address under
  ``/api/`` → ``404`` problem; a body too large → ``413``; a body that is not JSON where JSON is
  expected → ``415``.
- ETag and ``304`` on reads (``etags.conditional``).
"""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.urls import URLPattern
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from motcua.api.etags import conditional
from motcua.api.problems import not_found, problem_response

View = Callable[..., HttpResponseBase]
logger = logging.getLogger("motcua.api")
JSON_TYPES = ("application/json",)
FORM_TYPES = ("application/x-www-form-urlencoded",)


def _is_json(content_type: str) -> bool:
    return content_type in JSON_TYPES or content_type.endswith("+json")


def _body_limit(request: HttpRequest) -> int:
    """JSON bodies may carry base64 documents; other bodies keep Django's limit."""
    if _is_json(request.content_type or ""):
        return int(settings.MOTCUA_API_BODY_MAX_MB) * 1024 * 1024
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)


def _too_large() -> HttpResponseBase:
    limit = int(settings.MOTCUA_API_BODY_MAX_MB)
    return problem_response(
        413, "body_too_large", _("The request body is larger than %(limit)s MB.") % {"limit": limit}
    )


def _read_body(request: HttpRequest) -> HttpResponseBase | None:
    """Read a large JSON body within the API's own limit, or answer 413."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return problem_response(400, "bad_request", _("The Content-Length header is invalid."))
    limit = _body_limit(request)
    if length > limit:
        return _too_large()
    if length > int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0):
        # Django's own limit is lower: read the body here (HttpRequest.body would refuse it).
        request._body = request.read(limit + 1)
        if len(request._body) > limit:
            return _too_large()
    return None


def _not_allowed(response: HttpResponseNotAllowed) -> HttpResponseBase:
    allowed = [method.strip() for method in response["Allow"].split(",") if method.strip()]
    if "GET" in allowed:
        allowed.append("HEAD")
    return problem_response(
        405,
        "method_not_allowed",
        _("This address does not accept this method."),
        headers=[("Allow", ", ".join(sorted(set(allowed))))],
    )


def _dispatch(view: View, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
    if "\x00" in request.path_info:
        return not_found().response()  # no resource has NUL in its address
    early = _read_body(request)
    if early is not None:
        return early
    head = request.method == "HEAD"
    if head:
        request.method = "GET"
    try:
        response = view(request, *args, **kwargs)
    except Http404:
        response = not_found().response()
    except RequestDataTooBig:
        response = _too_large()
    except SuspiciousOperation:
        response = problem_response(400, "bad_request", _("The request is malformed."))
    except Exception:
        logger.exception("API error outside an operation on %s", request.path)
        response = problem_response(
            500, "internal_error", _("Something went wrong on our side. Please try again later.")
        )
    if isinstance(response, HttpResponseNotAllowed):
        response = _not_allowed(response)
    response = conditional(request, response)
    if head:
        request.method = "HEAD"
        if not response.streaming:
            response["Content-Length"] = str(len(response.content))  # type: ignore[attr-defined]
            response.content = b""  # type: ignore[attr-defined]
    return response


def api_view(view: View) -> View:
    """Wrap one of the API's URL views (language, HEAD, 405, 413, ETag)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        language = translation.get_language_from_request(request)
        with translation.override(language):
            response = _dispatch(view, request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language",))
        return response

    return wrapped


def wrap_pattern(pattern: URLPattern) -> URLPattern:
    return URLPattern(
        pattern.pattern, api_view(pattern.callback), pattern.default_args, pattern.name
    )


@api_view
def unknown_address(request: HttpRequest, rest: str = "") -> HttpResponseBase:
    """Any address under /api/ that is no operation."""
    return not_found().response()


def _unsupported(expected: str) -> HttpResponseBase:
    return problem_response(
        415,
        "unsupported_media_type",
        _("Send the body as %(type)s.") % {"type": expected},
    )


def _body_type_check(accepted: Callable[[str], bool], expected: str) -> Callable[[View], View]:
    def decorator(run: View) -> View:
        @wraps(run)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            has_body = bool(request.META.get("CONTENT_LENGTH") not in (None, "", "0"))
            content_type = request.content_type or ""
            if (has_body or content_type) and not accepted(content_type):
                return _unsupported(expected)
            return run(request, *args, **kwargs)

        return checked

    return decorator


#: ``decorate_view(requires_json)``: a body that is not JSON → 415 before it is parsed.
requires_json = _body_type_check(_is_json, "application/json")
#: ``decorate_view(requires_form)``: the token endpoint's form encoding.
requires_form = _body_type_check(
    lambda kind: kind in FORM_TYPES, "application/x-www-form-urlencoded"
)
