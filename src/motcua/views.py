# SPDX-License-Identifier: EUPL-1.2
"""The landing page: search the catalog, browse it by field, track a dossier."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from motcua.catalog.selectors import versions_in_force
from motcua.core import clock
from motcua.core.text import fold


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    language = (translation.get_language() or "vi").split("-")[0]
    rows = (
        versions_in_force(timezone.localtime(clock.now()).date())
        .values("field__code", "field__name", "field__name_en")
        .annotate(procedures=Count("procedure", distinct=True))
        .order_by("field__code")
    )
    fields = []
    for row in rows:
        # Vietnamese pages show Vietnamese names; others the English one when there is one.
        english = language != "vi" and bool(row["field__name_en"])
        name_language = "en" if english else "vi"
        fields.append(
            {
                "code": row["field__code"],
                "name": row["field__name_en"] if english else row["field__name"],
                "lang": name_language if name_language != language else "",
                "procedures": row["procedures"],
            }
        )
    fields.sort(key=lambda field: fold(str(field["name"])))
    total = sum(field["procedures"] for field in fields)
    return render(request, "home.html", {"fields": fields, "total": total})
