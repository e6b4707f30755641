# SPDX-License-Identifier: EUPL-1.2
from motcua.core.hashchain import GENESIS, BrokenLink, Link, link_hash, verify_chain


def _chain(*contents: dict[str, object]) -> list[Link]:
    links, previous = [], GENESIS
    for sequence, content in enumerate(contents, start=1):
        digest = link_hash(previous, content)
        links.append(Link(sequence, previous, digest, content))
        previous = digest
    return links


def test_intact_chain_verifies() -> None:
    assert verify_chain(_chain({"a": 1}, {"b": "Đ"}, {"c": [1, 2]})) is None
    assert verify_chain([]) is None


def test_hash_is_stable_and_key_order_free() -> None:
    assert link_hash(GENESIS, {"a": 1, "b": 2}) == link_hash(GENESIS, {"b": 2, "a": 1})
    assert len(link_hash(GENESIS, {})) == 64


def test_changed_content_is_the_first_broken_link() -> None:
    links = _chain({"a": 1}, {"a": 2}, {"a": 3})
    links[1] = Link(2, links[1].previous_hash, links[1].hash, {"a": 999})
    assert verify_chain(links) == BrokenLink(2, "content does not match its hash")


def test_removed_link_is_a_sequence_gap() -> None:
    links = _chain({"a": 1}, {"a": 2}, {"a": 3})
    assert verify_chain([links[0], links[2]]) == BrokenLink(3, "sequence gap: expected 2")


def test_relinked_chain_is_detected_by_previous_hash() -> None:
    first, second = _chain({"a": 1}, {"a": 2})
    forged = Link(2, GENESIS, link_hash(GENESIS, second.content), second.content)
    assert verify_chain([first, forged]) == BrokenLink(
        2, "previous hash does not match the link before"
    )
