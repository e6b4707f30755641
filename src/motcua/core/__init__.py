# SPDX-License-Identifier: EUPL-1.2
"""Kernel: clock, text folding, domain errors, hash chains and the transactional outbox."""
