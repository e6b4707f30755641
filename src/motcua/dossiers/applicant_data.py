# SPDX-License-Identifier: EUPL-1.2
"""Check an application form against its procedure's JSON Schema, with translated messages."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from motcua.core.errors import ValidationFailed


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
    if validator in ("enum", "const"):
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
