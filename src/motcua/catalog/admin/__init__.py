# SPDX-License-Identifier: EUPL-1.2
"""Catalog administration in the Django admin: fields, procedures, versions with their parts.

Rights come from role assignments (``catalog/permissions.py``); every write goes through
``catalog/services.py``; published versions are read-only (see docs/catalog.md, Administration).
"""

from motcua.catalog.admin import procedures, versions
from motcua.catalog.admin.base import ReadOnlyAdmin

__all__ = ["ReadOnlyAdmin", "procedures", "versions"]
