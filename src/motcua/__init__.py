# SPDX-License-Identifier: EUPL-1.2
"""Motcua: one-stop public administrative services."""
