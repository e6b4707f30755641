# SPDX-License-Identifier: EUPL-1.2
"""The operators' sync pages: delivery health, problem deliveries, reconciliation reports."""
