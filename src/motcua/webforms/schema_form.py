# SPDX-License-Identifier: EUPL-1.2
"""A Django form built from a procedure's JSON Schema (its application form), and back.

Supported: strings (``minLength``, ``maxLength``, ``pattern``, ``format`` date or email),
``enum`` as a select (labels from ``oneOf`` ``const``/``title`` or ``x-enumNames`` when the
schema has them), ``integer`` and ``number`` (``minimum``, ``maximum`` and the exclusive
bounds), ``boolean`` as a checkbox, arrays of strings (one item per line) and nested objects,
flattened into dotted names (``address.street``); ``title`` is the label, ``description`` the
hint. Dates are typed as dd/mm/yyyy (or yyyy-mm-dd) and stored as ISO dates.

The schema stays the rule: the service validates the JSON object again, and its errors, keyed
by JSON path, are put back on the fields with ``SchemaForm.add_schema_errors``.
"""

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
#: Strings allowed to be longer than this get a text area.
TEXTAREA_FROM = 256
#: GOV.UK fixed input widths (characters), smallest first.
WIDTHS = (2, 3, 4, 5, 10, 20, 30)


@dataclass(frozen=True)
class SchemaField:
    """A leaf of the schema: its dotted path, its schema, and whether it must be filled.

    ``optional_object`` is the path of the nearest optional object around it (""), so a field
    required inside an optional object is required only when that object is filled in.
    """

    path: str
    schema: Mapping[str, Any]
    required: bool
    optional_object: str = ""


def json_type(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type", "")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "")
    return str(kind)


def flatten(
    schema: Mapping[str, Any], prefix: str = "", optional_object: str = ""
) -> tuple[list[SchemaField], list[tuple[str, str]]]:
    """Leaf fields in schema order, and the (path, optional object) of objects to create."""
    fields: list[SchemaField] = []
    objects: list[tuple[str, str]] = []
    required = set(schema.get("required", []))
    for name, sub in schema.get("properties", {}).items():
        if not isinstance(sub, Mapping):
            continue
        path = f"{prefix}{name}"
        if json_type(sub) == "object" and isinstance(sub.get("properties"), Mapping):
            inner = optional_object if name in required else (optional_object or path)
            if name in required:
                objects.append((path, optional_object))
            inner_fields, inner_objects = flatten(sub, f"{path}.", inner)
            fields += inner_fields
            objects += inner_objects
        else:
            fields.append(SchemaField(path, sub, name in required, optional_object))
    return fields, objects


def _humanize(value: Any) -> str:
    return str(value).replace("_", " ")


def _key(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def enum_choices(schema: Mapping[str, Any]) -> list[tuple[Any, str]] | None:
    """(value, label) of an enumeration, or None when the schema is not one."""
    if isinstance(schema.get("enum"), list):
        names = schema.get("x-enumNames") or schema.get("enumNames") or []
        return [
            (value, str(names[i]) if i < len(names) else _humanize(value))
            for i, value in enumerate(schema["enum"])
        ]
    options = schema.get("oneOf") or schema.get("anyOf")
    if (
        isinstance(options, list)
        and options
        and all(isinstance(o, Mapping) and "const" in o for o in options)
    ):
        return [(o["const"], str(o.get("title") or _humanize(o["const"]))) for o in options]
    return None


def _bound(check: Callable[[Any], bool], message: Any, limit: Any) -> Callable[[Any], None]:
    def validate(value: Any) -> None:
        if value is not None and not check(value):
            raise ValidationError(message, params={"limit": limit})

    return validate


def _number_validators(schema: Mapping[str, Any]) -> list[Callable[[Any], None]]:
    validators = []
    if isinstance(low := schema.get("exclusiveMinimum"), int | float):
        validators.append(
            _bound(lambda v: v > low, _("Enter a number greater than %(limit)s."), low)
        )
    if isinstance(high := schema.get("exclusiveMaximum"), int | float):
        validators.append(
            _bound(lambda v: v < high, _("Enter a number less than %(limit)s."), high)
        )
    return validators


def _text_attrs(max_length: int | None, numeric: bool = False) -> dict[str, str]:
    attrs = {"autocomplete": "off", "spellcheck": "false"}
    if numeric:
        attrs["inputmode"] = "decimal"
    if max_length is not None:
        width = next((w for w in WIDTHS if max_length <= w), None)
        if width is not None:
            attrs["class"] = f"govuk-input--width-{width}"
    return attrs


def _string_field(spec: SchemaField, common: dict[str, Any]) -> forms.Field:
    schema = spec.schema
    if schema.get("format") == "date":
        common.setdefault("help_text", _("For example, 27/03/1988"))
        date_input = forms.TextInput(attrs=_text_attrs(10))
        return forms.DateField(input_formats=DATE_INPUT_FORMATS, widget=date_input, **common)
    max_length = schema.get("maxLength") if isinstance(schema.get("maxLength"), int) else None
    if schema.get("format") == "email":
        return forms.EmailField(max_length=max_length, **common)
    min_length = schema.get("minLength") if isinstance(schema.get("minLength"), int) else None
    validators = []
    if isinstance(schema.get("pattern"), str):
        try:
            regex = re.compile(schema["pattern"])
        except re.error:
            pass  # the service still validates it with the schema's own engine
        else:
            validators.append(RegexValidator(regex, message=_("The format is not valid.")))
    long = max_length is None or max_length >= TEXTAREA_FROM
    widget: forms.Widget = (
        forms.Textarea(attrs={"rows": "3"})
        if long and not validators
        else forms.TextInput(attrs=_text_attrs(max_length))
    )
    return forms.CharField(
        max_length=max_length,
        min_length=min_length if min_length and min_length > 1 else None,
        validators=validators,
        widget=widget,
        **common,
    )


class LinesField(forms.CharField):
    """An array of strings, one item per line."""

    widget = forms.Textarea(attrs={"rows": "3"})

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def build_field(spec: SchemaField) -> forms.Field:
    """The Django form field of one leaf of the schema."""
    schema = spec.schema
    label = str(schema.get("title") or spec.path.rsplit(".", 1)[-1])
    kind = json_type(schema)
    choices = enum_choices(schema)
    required_message = (
        gettext("Choose “%(label)s”.") if choices is not None else gettext("Enter “%(label)s”.")
    )
    common: dict[str, Any] = {
        "label": label,
        "required": spec.required and not spec.optional_object,
        "error_messages": {"required": required_message % {"label": label}},
    }
    if schema.get("description"):
        common["help_text"] = str(schema["description"])
    if choices is not None:
        values = {_key(value): value for value, _label in choices}
        return forms.TypedChoiceField(
            choices=[("", _("Choose…")), *((_key(v), label) for v, label in choices)],
            coerce=values.__getitem__,
            empty_value=None,
            **common,
        )
    if kind == "boolean":
        return forms.BooleanField(**{**common, "required": False})
    if kind == "integer":
        return forms.IntegerField(
            min_value=schema.get("minimum"),
            max_value=schema.get("maximum"),
            validators=_number_validators(schema),
            widget=forms.TextInput(attrs=_text_attrs(10, numeric=True)),
            **common,
        )
    if kind == "number":
        return forms.DecimalField(
            min_value=schema.get("minimum"),
            max_value=schema.get("maximum"),
            validators=_number_validators(schema),
            widget=forms.TextInput(attrs=_text_attrs(10, numeric=True)),
            **common,
        )
    if kind == "array":
        return LinesField(**common)
    return _string_field(spec, common)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is False


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[leaf] = value


class SchemaForm(forms.Form):
    """The procedure's own fields; HTML names and ids are ``data-<dotted path>``.

    ``partial`` makes every field optional (a form the applicant has not finished, e.g. when
    the desk refuses reception or asks for completion); formats are still checked.
    """

    def __init__(
        self, schema: Mapping[str, Any], *args: Any, partial: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "data")
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.title = str(schema.get("title", ""))
        self.partial = partial
        self.schema_fields, self.required_objects = flatten(schema)
        for spec in self.schema_fields:
            self.fields[spec.path] = build_field(spec)
            if partial:
                self.fields[spec.path].required = False

    def _filled(self, object_path: str) -> bool:
        inside = f"{object_path}."
        return any(
            not _empty(value)
            for path, value in self.cleaned_data.items()
            if path.startswith(inside)
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for spec in self.schema_fields:
            conditional = spec.required and json_type(spec.schema) != "boolean" and not self.partial
            if not conditional or not spec.optional_object or spec.path not in cleaned:
                continue
            if _empty(cleaned[spec.path]) and self._filled(spec.optional_object):
                self.add_error(spec.path, self.fields[spec.path].error_messages["required"])
        return cleaned

    def to_json(self) -> dict[str, Any]:
        """The application form as the JSON object the schema describes (form must be valid)."""
        data: dict[str, Any] = {}
        for path, optional_object in self.required_objects:
            if not optional_object or self._filled(optional_object):
                _put(data, path, {})
        for spec in self.schema_fields:
            value = self.cleaned_data.get(spec.path)
            present = not spec.optional_object or self._filled(spec.optional_object)
            if json_type(spec.schema) == "boolean" and present and value is not None:
                _put(data, spec.path, bool(value))
            elif not _empty(value):
                _put(data, spec.path, _json_value(value))
        return data

    @staticmethod
    def initial_from_json(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
        """Initial values (dotted names) from a JSON object, e.g. an earlier dossier's form."""
        initial: dict[str, Any] = {}
        for name, value in data.items():
            if isinstance(value, Mapping):
                initial.update(SchemaForm.initial_from_json(value, f"{prefix}{name}."))
            elif isinstance(value, list):
                initial[f"{prefix}{name}"] = "\n".join(str(item) for item in value)
            elif isinstance(value, bool) or value is None:
                initial[f"{prefix}{name}"] = value
            else:
                initial[f"{prefix}{name}"] = _key(value)
        return initial

    def field_for_path(self, path: str) -> str | None:
        """The field a JSON path (``a.b``, ``a.b.0``, or a bare name from ``required``) is on."""
        candidate = path
        while candidate:
            if candidate in self.fields:
                return candidate
            candidate = candidate.rpartition(".")[0]
        return next((name for name in self.fields if name.endswith(f".{path}")), None)

    def add_schema_errors(self, errors: Mapping[str, list[str]]) -> dict[str, list[str]]:
        """Put errors keyed by JSON path on their fields; returns those that fit no field."""
        unmatched: dict[str, list[str]] = {}
        for path, messages in errors.items():
            target = self.field_for_path(path)
            if target is None:
                unmatched[path] = list(messages)
            else:
                self.add_error(target, list(messages))
        return unmatched
