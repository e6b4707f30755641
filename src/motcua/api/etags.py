# SPDX-License-Identifier: EUPL-1.2
"""Conditional reads: an ETag on every 200 answer to a GET, ``304`` when the client's is current.

Dossiers carry ``W/"<version>"`` (set by their operation); other answers get a weak tag of their
content's SHA-256. Answers that may not be stored (``no-store``) and files get none.
"""

import hashlib

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils.http import parse_etags

#: Headers a 304 repeats from the answer it stands for (RFC 9110 §15.4.5).
KEPT_HEADERS = ("ETag", "Cache-Control", "Vary", "Content-Language", "Expires")


def content_etag(content: bytes) -> str:
    return f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'


def _opaque(tag: str) -> str:
    return tag.removeprefix("W/")


def is_current(request: HttpRequest, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weak comparison) or is ``*``."""
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header:
        return False
    tags = parse_etags(header)
    return tags == ["*"] or _opaque(etag) in {_opaque(tag) for tag in tags}


def not_modified(response: HttpResponseBase) -> HttpResponseNotModified:
    answer = HttpResponseNotModified()
    for name in KEPT_HEADERS:
        if response.has_header(name):
            answer[name] = response[name]
    return answer


def conditional(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """Tag a 200 answer to a GET and answer 304 if the client's copy is current."""
    if request.method != "GET" or response.status_code != 200:
        return response
    if response.streaming or "no-store" in response.get("Cache-Control", ""):
        return response
    if not response.has_header("ETag"):
        assert isinstance(response, HttpResponse)
        response["ETag"] = content_etag(response.content)
    return not_modified(response) if is_current(request, response["ETag"]) else response
