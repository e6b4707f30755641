# SPDX-License-Identifier: EUPL-1.2
"""The public catalog: browse and search, and one procedure's page (the JSON search is the REST
API's ``GET /api/v1/procedures``, ``motcua.api``).

No login, no JavaScript, no personal data. The version shown is the one in force today (a
draft or a retired version never).
"""

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from motcua.catalog.selectors import (
    catalog_departments,
    catalog_fields,
    procedure_browse,
    procedure_cards,
    procedure_page,
)
from motcua.core import clock
from motcua.core.text import fold
from motcua.documents.qr import qr_svg
from motcua.portal.catalog.forms import CatalogFilterForm
from motcua.portal.catalog.page import (
    agency_choices,
    cards,
    field_name,
    page_links,
    procedure_context,
)

#: A national procedure code (d.dddddd); anything else is not looked up.
NATIONAL_CODE = re.compile(r"[0-9]\.[0-9]{6}")
PAGE_SIZE = 20


def _today() -> date:
    return timezone.localtime(clock.now()).date()


def public_url(path: str) -> str:
    """An absolute address on the public site (QR codes, the API)."""
    base: str = settings.MOTCUA_PUBLIC_URL
    return base.rstrip("/") + path


@require_safe
def procedures(request: HttpRequest) -> HttpResponse:
    """Browse by field, agency, level and online service; search accent-insensitively."""
    today = _today()
    fields = catalog_fields(today)
    form = CatalogFilterForm(
        request.GET or None,
        fields=sorted(
            ((field.code, field_name(field).text) for field in fields),
            key=lambda choice: fold(choice[1]),
        ),
        agencies=agency_choices(catalog_departments(today)),
    )
    ids = procedure_browse(today, **form.filters())
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    context: dict[str, Any] = {
        "form": form,
        "page": page,
        "cards": cards(procedure_cards(list(page.object_list))),
        "total": len(ids),
        "query_string": kept.urlencode(),
        "searched": bool(form.filters().get("query")),
        "page_links": page_links(page),
    }
    return render(request, "portal/catalog/procedures.html", context)


@require_safe
def procedure(request: HttpRequest, code: str) -> HttpResponse:
    """Everything a citizen needs about one procedure, in the version in force today."""
    version = procedure_page(code, _today()) if NATIONAL_CODE.fullmatch(code) else None
    if version is None:
        raise Http404(_("No procedure in force has this code."))
    own_path = reverse("portal:procedure", kwargs={"code": version.procedure.national_code})
    context = procedure_context(version)
    context["page_url"] = public_url(own_path)
    svg = qr_svg(context["page_url"], title=_("QR code of this page"))
    # segno's output for an encoded URL; the title is escaped by segno
    context["qr"] = mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308
    if context["places"].online:
        try:
            context["submit_url"] = reverse(
                "portal:submit", kwargs={"code": version.procedure.national_code}
            )
        except NoReverseMatch:  # the submission part is not installed
            context["submit_url"] = ""
    return render(request, "portal/catalog/procedure.html", context)
