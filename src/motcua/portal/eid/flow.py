# SPDX-License-Identifier: EUPL-1.2
"""One login attempt: its ``state``, ``nonce`` and PKCE verifier, kept in the portal session.

Each attempt is used once: the callback takes it out of the session before anything else, so
a replayed or forged callback finds nothing. A few attempts may be pending at once (several
tabs); attempts older than ``FLOW_MAX_AGE_SECONDS`` are dropped.
"""

import base64
import hashlib
import secrets
from collections.abc import MutableMapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from motcua.portal.eid.config import EidConfig
from motcua.portal.eid.errors import EidLoginFailed
from motcua.portal.eid.provider import Provider

SESSION_KEY = "motcua_eid_flows"
FLOW_MAX_AGE_SECONDS = 600
MAX_PENDING = 5


@dataclass(frozen=True)
class Flow:
    state: str
    nonce: str
    code_verifier: str
    next_url: str
    started_at: int
    #: The language the citizen started in: the callback answers in it.
    language: str = ""

    @property
    def code_challenge(self) -> str:
        return pkce_challenge(self.code_verifier)


def pkce_challenge(verifier: str) -> str:
    """The S256 code challenge of ``verifier`` (RFC 7636 §4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _pending(session: MutableMapping[str, Any], now: int) -> dict[str, dict[str, Any]]:
    flows = session.get(SESSION_KEY)
    if not isinstance(flows, dict):
        return {}
    return {
        state: flow
        for state, flow in flows.items()
        if isinstance(flow, dict) and now - int(flow.get("started_at", 0)) <= FLOW_MAX_AGE_SECONDS
    }


def start_flow(
    session: MutableMapping[str, Any], *, next_url: str, now: datetime, language: str = ""
) -> Flow:
    """A new attempt with fresh random values, remembered in ``session``."""
    moment = int(now.timestamp())
    flow = Flow(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64),  # 86 characters, within RFC 7636's 43-128
        next_url=next_url,
        started_at=moment,
        language=language,
    )
    flows = _pending(session, moment)
    for state in sorted(flows, key=lambda s: flows[s]["started_at"])[: -MAX_PENDING + 1]:
        del flows[state]
    flows[flow.state] = asdict(flow)
    session[SESSION_KEY] = flows
    return flow


def flow_language(session: MutableMapping[str, Any], state: str) -> str:
    """The language of the pending attempt ``state`` (empty if unknown); nothing is taken."""
    flows = session.get(SESSION_KEY)
    flow = flows.get(state) if isinstance(flows, dict) and state else None
    language = flow.get("language") if isinstance(flow, dict) else None
    return language if isinstance(language, str) else ""


def take_flow(session: MutableMapping[str, Any], state: str, *, now: datetime) -> Flow:
    """The attempt ``state`` names, removed from the session; refused if unknown or too old."""
    stored = session.get(SESSION_KEY)
    flows = dict(stored) if isinstance(stored, dict) else {}
    data = flows.pop(state, None) if state else None
    session[SESSION_KEY] = flows
    if not isinstance(data, dict):
        raise EidLoginFailed("state", "unknown or already used")
    try:
        flow = Flow(**data)
    except TypeError as error:
        raise EidLoginFailed("state", "unreadable attempt") from error
    if int(now.timestamp()) - flow.started_at > FLOW_MAX_AGE_SECONDS:
        raise EidLoginFailed("state", "attempt too old")
    return flow


def authorization_url(provider: Provider, config: EidConfig, flow: Flow, *, locale: str) -> str:
    """Where the browser goes to log in at the provider."""
    query = urlencode(
        {
            "response_type": "code",
            "client_id": config.client_id,
            "redirect_uri": config.redirect_uri,
            "scope": " ".join(config.scopes),
            "state": flow.state,
            "nonce": flow.nonce,
            "code_challenge": flow.code_challenge,
            "code_challenge_method": "S256",
            "acr_values": config.acr_values,
            "ui_locales": locale,
        }
    )
    separator = "&" if "?" in provider.authorization_endpoint else "?"
    return f"{provider.authorization_endpoint}{separator}{query}"
