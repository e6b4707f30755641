# SPDX-License-Identifier: EUPL-1.2
"""Form parts shared by the back office and the portal: forms from JSON Schema, uploads."""
