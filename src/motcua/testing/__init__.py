# SPDX-License-Identifier: EUPL-1.2
"""Test support shared by every app's tests (builders that go through the real services)."""
