# SPDX-License-Identifier: EUPL-1.2
"""People: citizens, officials, agents, and the roles officials hold in units."""
