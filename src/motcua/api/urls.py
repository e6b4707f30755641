# SPDX-License-Identifier: EUPL-1.2
"""The API's addresses: ``/api/v1/...`` (outside the site's language prefixes), and a problem
document for any other address under ``/api/``."""

from django.urls import URLPattern, URLResolver, include, path

from motcua.api.api import api
from motcua.api.http import unknown_address, wrap_pattern


def api_urlpatterns() -> list[URLPattern | URLResolver]:
    patterns, app_name, namespace = api.urls
    wrapped = [wrap_pattern(pattern) for pattern in patterns if isinstance(pattern, URLPattern)]
    assert len(wrapped) == len(patterns), "ninja gave a nested URL resolver"
    return [
        path("api/v1/", include((wrapped, app_name), namespace=namespace)),
        path("api/", unknown_address, name="api-unknown-root"),
        path("api/<path:rest>", unknown_address, name="api-unknown"),
    ]
