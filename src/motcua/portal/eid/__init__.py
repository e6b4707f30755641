# SPDX-License-Identifier: EUPL-1.2
"""Citizens log in with the national e-ID: an OpenID Connect relying party.

Authorization-code flow with PKCE (S256), ``state`` and ``nonce``; the ID token is checked by
``tokens.validate_id_token``; the assurance level (``acr``) becomes ``User.eid_level``.
Configured by ``MOTCUA_EID_*`` settings (docs/operations/configuration.md "e-ID login").
"""
