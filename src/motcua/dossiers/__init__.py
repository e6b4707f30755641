# SPDX-License-Identifier: EUPL-1.2
"""The dossier (hồ sơ): lifecycle, codes, deadlines, history."""
