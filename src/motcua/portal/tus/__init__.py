# SPDX-License-Identifier: EUPL-1.2
"""Resumable uploads (tus 1.0.0) into the upload slots of a citizen's online draft."""
