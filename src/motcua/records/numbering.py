# SPDX-License-Identifier: EUPL-1.2
"""Printed numbers of the one-stop forms, per circular.

Forms are stored and produced by semantic type (``receipt``, ``supplement_request``...); the
number printed on them ("Mẫu số 01") depends on the circular in force, chosen with the
``MOTCUA_FORM_NUMBERING`` setting (DOMAIN.md "Forms"):

- ``circular_03_2025`` — Circular 03/2025/TT-VPCP, Annex I, forms 01-07 (in force; default);
- ``circular_01_2018`` — Circular 01/2018/TT-VPCP, forms 01-06 (replaced; no stop notice).

Another country or a later circular adds its own table with ``register_numbering``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RECEIPT = "receipt"
SUPPLEMENT_REQUEST = "supplement_request"
REFUSAL = "refusal"
APOLOGY_EXTENSION = "apology_extension"
STOP_NOTICE = "stop_notice"
CONTROL_SHEET = "control_sheet"
TRACKING_BOOK = "tracking_book"

#: Every semantic form type, in the order of Circular 03/2025.
FORM_TYPES = (
    RECEIPT,
    SUPPLEMENT_REQUEST,
    REFUSAL,
    APOLOGY_EXTENSION,
    STOP_NOTICE,
    CONTROL_SHEET,
    TRACKING_BOOK,
)

#: Titles of the forms (English source; the Vietnamese legal titles are the translations).
FORM_TITLES: dict[str, Promise] = {
    RECEIPT: _("Dossier receipt and appointment slip"),
    SUPPLEMENT_REQUEST: _("Request to supplement and complete the dossier"),
    REFUSAL: _("Refusal to receive the dossier"),
    APOLOGY_EXTENSION: _("Apology and new appointment date"),
    STOP_NOTICE: _("Notice of stopping the processing of the dossier"),
    CONTROL_SHEET: _("Dossier processing control sheet"),
    TRACKING_BOOK: _("Dossier tracking book"),
}


@dataclass(frozen=True)
class Numbering:
    """The numbers a circular gives the forms it defines, and how to cite it."""

    circular: str
    numbers: dict[str, str]


NUMBERINGS: dict[str, Numbering] = {
    "circular_03_2025": Numbering(
        circular="03/2025/TT-VPCP",
        numbers={
            RECEIPT: "01",
            SUPPLEMENT_REQUEST: "02",
            REFUSAL: "03",
            APOLOGY_EXTENSION: "04",
            STOP_NOTICE: "05",
            CONTROL_SHEET: "06",
            TRACKING_BOOK: "07",
        },
    ),
    "circular_01_2018": Numbering(
        circular="01/2018/TT-VPCP",
        numbers={
            RECEIPT: "01",
            SUPPLEMENT_REQUEST: "02",
            REFUSAL: "03",
            APOLOGY_EXTENSION: "04",
            CONTROL_SHEET: "05",
            TRACKING_BOOK: "06",
        },
    ),
}


def register_numbering(name: str, circular: str, numbers: dict[str, str]) -> None:
    """Add a circular's numbering; select it with ``MOTCUA_FORM_NUMBERING=<name>``.

    ``numbers`` maps semantic form types to printed numbers; a type it leaves out is printed
    without a number.
    """
    unknown = set(numbers) - set(FORM_TYPES)
    if unknown:
        raise ValueError(f"unknown form types: {', '.join(sorted(unknown))}")
    NUMBERINGS[name] = Numbering(circular=circular, numbers=dict(numbers))


def current_numbering() -> Numbering:
    """The numbering chosen by ``MOTCUA_FORM_NUMBERING``."""
    name = settings.MOTCUA_FORM_NUMBERING
    try:
        return NUMBERINGS[name]
    except KeyError:
        raise LookupError(f"unknown form numbering {name!r} (MOTCUA_FORM_NUMBERING)") from None


def form_number(form_type: str) -> str | None:
    """The printed number of ``form_type`` ("01"), or None if the circular has no such form."""
    if form_type not in FORM_TYPES:
        raise ValueError(f"unknown form type {form_type!r}")
    return current_numbering().numbers.get(form_type)
