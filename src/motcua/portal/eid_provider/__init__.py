# SPDX-License-Identifier: EUPL-1.2
"""A simulated national e-ID (VNeID-like) OpenID provider for the demo and the tests.

django-oauth-toolkit serves it under ``/eid-demo/`` when ``MOTCUA_EID_DEMO_PROVIDER`` is true;
never in production (docs/adr/0015). The portal's relying party (``motcua.portal.eid``) talks to
it over HTTP exactly as it would to the real provider.
"""
