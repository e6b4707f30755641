# SPDX-License-Identifier: EUPL-1.2
"""Demo data: one province, its catalog, officials for every role, a year of dossiers."""
