# SPDX-License-Identifier: EUPL-1.2
"""The published catalog of administrative procedures (national TTHC database fields)."""
