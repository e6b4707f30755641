# SPDX-License-Identifier: EUPL-1.2
"""How the catalog reads to a citizen: names in their language, money, time limits in words.

Everything here is plain text for templates (no HTML), built for the active language. The
catalog holds Vietnamese text and, for some fields, an English one: other languages show the
English text where there is one, marked with its own ``lang`` so screen readers switch voice.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.templatetags.static import static
from django.utils import formats, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from motcua.catalog.models import Fee, LimitUnit, Requirement, TimeLimit

#: A form template given as a file name (served from the static folder ``forms/``).
TEMPLATE_FILE = re.compile(r"^[\w.-]+\.(?:pdf|docx?|odt|rtf|xlsx?|ods)$", re.IGNORECASE)

FEE_UNITS = {
    "dossier": gettext_lazy("per dossier"),
    "page": gettext_lazy("per page"),
    "copy": gettext_lazy("per copy"),
    "certificate": gettext_lazy("per certificate"),
}


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


@dataclass(frozen=True)
class Localized:
    """A text and the language it is written in; ``lang`` is the attribute to add, if any."""

    text: str
    language: str

    @property
    def lang(self) -> SafeString:
        if self.language == _language():
            return SafeString("")
        return format_html(' lang="{}"', self.language)

    def __str__(self) -> str:
        return self.text


def localized(vietnamese: str, english: str = "") -> Localized:
    """The Vietnamese text on Vietnamese pages; elsewhere the English one when there is one."""
    if _language() != "vi" and english:
        return Localized(english, "en")
    return Localized(vietnamese, "vi")


def vietnamese(text: str) -> Localized:
    """A text the catalog only holds in Vietnamese."""
    return Localized(text, "vi")


def money(amount_vnd: int) -> str:
    """An amount in đồng as the locale writes it: "5.000 đồng", "VND 5,000"."""
    number = formats.number_format(amount_vnd, force_grouping=True)
    if _language() == "vi":
        return f"{number} đồng"
    return f"VND {number}"


def _amount(value: Decimal) -> tuple[str, int]:
    """A decimal amount as text in the locale, and the count that picks the plural form."""
    if value == value.to_integral_value():
        whole = int(value)
        return formats.number_format(whole), whole
    return formats.number_format(value.normalize()), 2


def days_words(amount: Decimal) -> str:
    text, count = _amount(amount)
    return ngettext("%(amount)s working day", "%(amount)s working days", count) % {"amount": text}


def limit_words(limit: TimeLimit, *, short: bool = False) -> str:
    """A time limit in words: "5 working days", "same day; next working day if …"."""
    if limit.unit == LimitUnit.SAME_DAY:
        if short:
            return _("same day")
        return _("same day; next working day if received after %(cutoff)s") % {
            "cutoff": settings.MOTCUA_SAME_DAY_CUTOFF
        }
    if limit.unit == LimitUnit.WORKING_HOURS:
        text, count = _amount(limit.amount)
        return ngettext("%(amount)s working hour", "%(amount)s working hours", count) % {
            "amount": text
        }
    return days_words(limit.amount)


@dataclass(frozen=True)
class LimitRow:
    channel: str
    words: str
    extended: str
    note: Localized | None


def limit_rows(limits: list[TimeLimit]) -> list[LimitRow]:
    """The general limit first, then the channels that have their own."""
    rows = []
    for limit in sorted(limits, key=lambda item: (item.channel != "", item.channel)):
        extended = ""
        if limit.extended_amount:
            extended = _("up to %(limit)s when verification is needed") % {
                "limit": days_words(limit.extended_amount)
            }
        rows.append(
            LimitRow(
                channel=limit.get_channel_display() if limit.channel else "",
                words=limit_words(limit),
                extended=extended,
                note=vietnamese(limit.note) if limit.note else None,
            )
        )
    return rows


def general_limit(limits: list[TimeLimit], *, short: bool = True) -> str:
    """The all-channel limit in words (empty if the catalog has none)."""
    for limit in limits:
        if not limit.channel:
            return limit_words(limit, short=short)
    return ""


@dataclass(frozen=True)
class FeeRow:
    name: Localized
    amount: str
    free: bool
    per: str
    channel: str
    note: Localized | None


def fee_rows(fees: list[Fee]) -> list[FeeRow]:
    rows = []
    for fee in fees:
        rows.append(
            FeeRow(
                name=localized(fee.name, fee.name_en),
                amount=money(fee.amount_vnd) if fee.amount_vnd else _("free"),
                free=not fee.amount_vnd,
                per=str(FEE_UNITS.get(fee.unit, fee.unit)),
                channel=fee.get_channel_display() if fee.channel else "",
                note=vietnamese(fee.note) if fee.note else None,
            )
        )
    return rows


@dataclass(frozen=True)
class RequirementRow:
    name: Localized
    quantity: str
    mandatory: bool
    template_url: str
    template_text: Localized | None
    note: Localized | None


def template_link(template: str) -> str:
    """Where a form template can be downloaded: an http(s) address or a file name, else ""."""
    value = template.strip()
    if re.match(r"^https?://\S+$", value, re.IGNORECASE):
        return value
    if TEMPLATE_FILE.match(value):
        return static(f"forms/{value}")
    return ""


def _quantity(requirement: Requirement) -> str:
    parts = []
    if requirement.originals:
        parts.append(
            ngettext("%(count)d original", "%(count)d originals", requirement.originals)
            % {"count": requirement.originals}
        )
    if requirement.copies:
        parts.append(
            ngettext("%(count)d copy", "%(count)d copies", requirement.copies)
            % {"count": requirement.copies}
        )
    return ", ".join(parts)


def requirement_rows(requirements: list[Requirement]) -> list[RequirementRow]:
    rows = []
    for requirement in requirements:
        url = template_link(requirement.template)
        text = requirement.template if requirement.template and not url else ""
        rows.append(
            RequirementRow(
                name=localized(requirement.name, requirement.name_en),
                quantity=_quantity(requirement),
                mandatory=requirement.mandatory,
                template_url=url,
                template_text=vietnamese(text) if text else None,
                note=vietnamese(requirement.note) if requirement.note else None,
            )
        )
    return rows
