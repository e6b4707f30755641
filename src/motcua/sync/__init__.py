# SPDX-License-Identifier: EUPL-1.2
"""Sync: deliver outbox messages to the national portal and subscribers; inbound; reconciliation."""
