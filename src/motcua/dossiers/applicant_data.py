# SPDX-License-Identifier: EUPL-1.2
"""An application form against its procedure's JSON Schema: translated checks, and display.

Choices may be a bare ``enum`` or the labelled form ``oneOf: [{const, title}, ...]``; a wrong
value gets the same message either way, and ``applicant_data_display`` shows the titles.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from motcua.core.errors import ValidationFailed


def _labelled_choices(options: Any) -> list[tuple[Any, str]] | None:
    """(value, title) of a ``oneOf``/``anyOf`` list made only of ``const`` options, else None."""
    if not isinstance(options, list) or not options:
        return None
    if not all(isinstance(option, Mapping) and "const" in option for option in options):
        return None
    return [(option["const"], str(option.get("title") or option["const"])) for option in options]


def choice_titles(schema: Mapping[str, Any]) -> list[tuple[Any, str]] | None:
    """(value, title) of a property that is a choice, or None when it is not one.

    Titles come from ``oneOf``/``anyOf`` ``const``/``title`` options, or from ``x-enumNames``
    beside an ``enum``; a bare ``enum`` value is its own title.
    """
    if isinstance(schema.get("enum"), list):
        names = schema.get("x-enumNames") or schema.get("enumNames") or []
        return [
            (value, str(names[i]) if i < len(names) else str(value))
            for i, value in enumerate(schema["enum"])
        ]
    return _labelled_choices(schema.get("oneOf") or schema.get("anyOf"))


def _message(error: ValidationError) -> str:
    validator = error.validator
    limit = error.validator_value
    if validator == "required":
        return _("This field is required.")
    if validator == "maxLength":
        return _("Enter at most %(limit)s characters.") % {"limit": limit}
    if validator == "minLength":
        return (
            _("This field is required.")
            if limit == 1
            else _("Enter at least %(limit)s characters.") % {"limit": limit}
        )
    if validator == "pattern":
        return _("The format is not valid.")
    if validator == "format" and limit == "date":
        return _("Enter a valid date (YYYY-MM-DD).")
    if validator == "format":
        return _("The format is not valid.")
    if validator in ("enum", "const") or (
        validator in ("oneOf", "anyOf") and _labelled_choices(limit) is not None
    ):
        return _("Choose one of the allowed values.")
    if validator == "type":
        return _("The value has the wrong type.")
    if validator in ("minimum", "exclusiveMinimum"):
        return _("The value is too small.")
    if validator in ("maximum", "exclusiveMaximum"):
        return _("The value is too large.")
    if validator == "additionalProperties":
        return _("This field is not part of the form.")
    return _("The value is not valid.")


def _field_name(error: ValidationError) -> str:
    if error.validator == "required":
        # "'x' is a required property": the missing name is the first quoted word.
        return str(error.message).split("'")[1]
    return ".".join(str(part) for part in error.absolute_path) or "__all__"


def validate_applicant_data(schema: Mapping[str, Any], data: Any) -> None:
    """Raise ``ValidationFailed`` with ``errors = {field: [messages]}`` when ``data`` is invalid."""
    if not isinstance(data, Mapping):
        raise ValidationFailed(errors={"__all__": [_("The form must be a set of fields.")]})
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors: dict[str, list[str]] = {}
    for error in validator.iter_errors(dict(data)):
        if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
            known = set(error.schema.get("properties", {}))
            for name in sorted(set(error.instance) - known):
                errors.setdefault(str(name), []).append(_message(error))
            continue
        errors.setdefault(_field_name(error), []).append(_message(error))
    if errors:
        raise ValidationFailed(errors=errors)


def _display_value(schema: Mapping[str, Any], value: Any) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    choices = choice_titles(schema)
    if choices is not None:
        title = next((t for v, t in choices if v == value), None)
        if title is not None:
            return title
    if schema.get("format") == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, int | float):
        return str(formats.number_format(value))
    if isinstance(value, list):
        items = schema.get("items")
        inner = items if isinstance(items, Mapping) else {}
        return ", ".join(_display_value(inner, item) for item in value)
    return str(value)


def _display_rows(
    schema: Mapping[str, Any], data: Mapping[str, Any], prefix: str
) -> list[tuple[str, str]]:
    properties = schema.get("properties")
    properties = properties if isinstance(properties, Mapping) else {}
    known = [name for name in properties if name in data]
    rows: list[tuple[str, str]] = []
    for name in known + [name for name in data if name not in properties]:
        sub = properties.get(name)
        sub = sub if isinstance(sub, Mapping) else {}
        label = f"{prefix}{sub.get('title') or name}"
        value = data[name]
        if isinstance(value, Mapping):
            rows += _display_rows(sub, value, f"{label} – ")
        elif value is not None:
            rows.append((label, _display_value(sub, value)))
    return rows


def applicant_data_display(schema: Mapping[str, Any], data: Any) -> list[tuple[str, str]]:
    """(label, value) of every filled field, in the schema's order, for people to read.

    The label is the property's title (nested objects: "Object – Field"), the value an option's
    title for a choice, a date as dd/mm/yyyy, Yes or No for a boolean; fields the schema does
    not describe come last, by their key.
    """
    if not isinstance(data, Mapping):
        return []
    return _display_rows(schema, data, "")
