# SPDX-License-Identifier: EUPL-1.2
"""The citizen rates the handling of a dossier once its result has been returned.

``ho-so-cua-toi/<pk>/danh-gia/``: the owner's dossiers only (anyone else's, or a missing
one, is a 404). Before the result is returned the page says when rating opens; after the
rating it thanks the citizen and shows what was sent.
"""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from motcua.core.errors import TransitionNotAllowed, ValidationFailed
from motcua.dossiers.lifecycle import FINAL_STATUSES, Status
from motcua.dossiers.models import Dossier
from motcua.feedback.choices import COMMENT_MAX_LENGTH, SCORE_LABELS, Reason
from motcua.feedback.selectors import rating_of
from motcua.feedback.services import AlreadyRated, dossier_rate
from motcua.portal.access import citizen_of, citizen_required
from motcua.portal.rating.forms import RatingForm
from motcua.portal.track.public import localized_name


def _own_dossier(request: HttpRequest, pk: int) -> Dossier:
    citizen = citizen_of(request)
    dossier = (
        Dossier.objects.select_related("procedure_version").filter(pk=pk, owner=citizen).first()
    )
    if dossier is None:
        raise Http404
    return dossier


def _context(dossier: Dossier, **extra: object) -> dict[str, object]:
    version = dossier.procedure_version
    return {"dossier": dossier, "procedure": localized_name(version.name, version.name_en), **extra}


def _thanks(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    rating = rating_of(dossier.pk)
    assert rating is not None
    context = _context(
        dossier,
        rating=rating,
        score_label=SCORE_LABELS.get(rating.score, ""),
        reason_labels=[Reason(code).label for code in rating.reasons if code in Reason.values],
    )
    return render(request, "portal/rating/thanks.html", context)


@citizen_required
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _own_dossier(request, pk)
    if rating_of(dossier.pk) is not None:
        return _thanks(request, dossier)
    if dossier.status != Status.RETURNED:
        ended = dossier.status in FINAL_STATUSES  # refused, withdrawn, stopped, cancelled
        context = _context(dossier, ended=ended)
        return render(request, "portal/rating/not_open.html", context)
    form = RatingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        citizen = citizen_of(request)
        assert citizen is not None
        try:
            dossier_rate(
                dossier,
                citizen=citizen,
                score=form.cleaned_data["score"],
                reasons=form.cleaned_data["reasons"],
                comment=form.cleaned_data["comment"],
            )
        except (AlreadyRated, TransitionNotAllowed):
            return HttpResponseRedirect(request.path)
        except ValidationFailed as error:
            for name, messages in error.details.get("errors", {}).items():
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
        else:
            return HttpResponseRedirect(request.path)
    context = _context(dossier, form=form, comment_max=COMMENT_MAX_LENGTH)
    status = 422 if form.errors else 200
    return render(request, "portal/rating/form.html", context, status=status)
