# SPDX-License-Identifier: EUPL-1.2
"""The REST API v1 (django-ninja): one ``NinjaAPI`` with a router per resource."""

from typing import Any

from django.utils import translation
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from motcua.api.openapi import MotcuaSchema
from motcua.api.problems import install_handlers
from motcua.api.routers import catalog, dossiers, inbound, oauth, tracking

DESCRIPTION = (
    "Motcua's REST API: the public catalog and tracking, and for connected systems "
    "(OAuth 2.0 client credentials) dossiers submitted through other channels, their status, "
    "history and documents. Errors are RFC 9457 problem documents. Guide: docs/api.md."
)


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class MotcuaAPI(NinjaAPI):
    def get_content_type(self) -> str:
        return "application/json"  # UTF-8 by definition (RFC 8259); no charset parameter

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> MotcuaSchema:
        with translation.override("en"):
            if path_prefix is None:
                path_prefix = self.get_root_path(path_params or {})
            return MotcuaSchema(self, path_prefix)


api = MotcuaAPI(
    title="Motcua API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    renderer=Renderer(),
)
install_handlers(api)
api.add_router("", oauth.router)
api.add_router("", catalog.router)
api.add_router("", tracking.router)
api.add_router("", dossiers.router)
api.add_router("", inbound.router)
