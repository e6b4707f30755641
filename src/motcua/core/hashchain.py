# SPDX-License-Identifier: EUPL-1.2
"""Hash chains for append-only logs: each link commits to the previous one and its own content."""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical_json(content: Mapping[str, Any]) -> str:
    """A stable text for hashing: sorted keys, no spaces, UTF-8, ISO dates via ``str``."""
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def link_hash(previous_hash: str, content: Mapping[str, Any]) -> str:
    """SHA-256 of the previous link's hash followed by the canonical content."""
    digest = hashlib.sha256(previous_hash.encode("ascii"))
    digest.update(canonical_json(content).encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Link:
    sequence: int
    previous_hash: str
    hash: str
    content: Mapping[str, Any]


@dataclass(frozen=True)
class BrokenLink:
    sequence: int
    reason: str


def verify_chain(links: Iterable[Link]) -> BrokenLink | None:
    """Return the first broken link of a chain ordered by sequence, or ``None`` if it is intact."""
    expected_previous = GENESIS
    expected_sequence = 1
    for link in links:
        if link.sequence != expected_sequence:
            return BrokenLink(link.sequence, f"sequence gap: expected {expected_sequence}")
        if link.previous_hash != expected_previous:
            return BrokenLink(link.sequence, "previous hash does not match the link before")
        if link_hash(link.previous_hash, link.content) != link.hash:
            return BrokenLink(link.sequence, "content does not match its hash")
        expected_previous = link.hash
        expected_sequence += 1
    return None
