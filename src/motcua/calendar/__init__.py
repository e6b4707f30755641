# SPDX-License-Identifier: EUPL-1.2
"""Working days and deadlines: public holidays, announced overrides, working hours."""
