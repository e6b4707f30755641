# SPDX-License-Identifier: EUPL-1.2
"""Shapes shared by every operation: the problem document and the shape of a page."""

from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import ConfigDict, Field, field_validator


class Problem(Schema):
    """An RFC 9457 problem document (``application/problem+json``)."""

    type: str = Field(examples=["about:blank"])
    title: str = Field(description="The HTTP status phrase.", examples=["Not Found"])
    status: int = Field(ge=400, le=599)
    detail: str = Field(description="What went wrong, in the request's language.")
    code: str = Field(description="Stable machine-readable code.", examples=["not_found"])
    errors: dict[str, list[str]] | None = Field(
        default=None, description="Validation only: the messages of each field."
    )


class TokenProblem(Problem):
    """A problem of the token endpoint, with RFC 6749 §5.2's fields as well."""

    error: str | None = Field(default=None, examples=["invalid_client"])
    error_description: str | None = None


def holds_nul(value: Any) -> bool:
    """Whether ``value`` (a string, or JSON made of them) holds a NUL character anywhere."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(holds_nul(item) for item in value)
    return False


class StrictSchema(Schema):
    """A request body: a field it does not define is an error, never silently stored; no text
    may hold NUL (PostgreSQL cannot store it)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if holds_nul(value):
            raise ValueError(_("Text may not contain NUL characters."))
        return value
