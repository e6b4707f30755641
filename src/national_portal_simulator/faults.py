# SPDX-License-Identifier: EUPL-1.2
"""Injected faults: what the simulated portal does wrong, and the seeded dice that decide when.

The settings live in the store (shared by every thread, kept across restarts); each process
rolls its own ``random.Random(seed)``, restarted whenever the settings change.
"""

import dataclasses
import random
import threading
from dataclasses import dataclass
from typing import Any, TypeGuard

RATES = (
    "error_rate",
    "drop_after_commit_rate",
    "timeout_rate",
    "reject_rate",
    "inbound_duplicate_rate",
)
MAX_TIMEOUT_SECONDS = 600
MAX_SLOW_MS = 60_000
MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class Faults:
    error_rate: float = 0.0
    drop_after_commit_rate: float = 0.0
    timeout_rate: float = 0.0
    timeout_seconds: float = 0.0
    slow_ms: int = 0
    reject_rate: float = 0.0
    inbound_duplicate_rate: float = 0.0
    seed: int = 0

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class FaultsInvalid(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check(name: str, value: object) -> str | None:
    """Why ``value`` is not acceptable for the setting ``name``; None when it is."""
    if name in RATES:
        if not _number(value) or not 0 <= value <= 1:
            return f"{name}: must be a number from 0 to 1"
    elif name == "timeout_seconds":
        if not _number(value) or not 0 <= value <= MAX_TIMEOUT_SECONDS:
            return f"{name}: must be a number of seconds from 0 to {MAX_TIMEOUT_SECONDS}"
    elif name == "slow_ms":
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_SLOW_MS:
            return f"{name}: must be a whole number of milliseconds from 0 to {MAX_SLOW_MS}"
    elif name == "seed":
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_SEED:
            return f"{name}: must be a whole number from 0 to {MAX_SEED}"
    else:
        return f"{name}: unknown setting"
    return None


def faults_parse(document: object) -> Faults:
    """A PUT body: every key optional (missing → 0), unknown keys and bad values refused."""
    if not isinstance(document, dict):
        raise FaultsInvalid(["the body must be a JSON object"])
    errors = [error for name, value in document.items() if (error := _check(name, value))]
    if errors:
        raise FaultsInvalid(sorted(errors))
    floats = (*RATES, "timeout_seconds")
    values: dict[str, Any] = {
        name: float(value) if name in floats else value for name, value in document.items()
    }
    return Faults(**values)


class Dice:
    """Seeded decisions shared by the threads of one process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: int | None = None
        self._random = random.Random(0)

    def roll(self, faults: Faults, version: int, rate: float) -> bool:
        """True with probability ``rate``; 0 and 1 are certain and consume no draw."""
        if rate <= 0:
            return False
        if rate >= 1:
            return True
        with self._lock:
            if version != self._version:
                self._version = version
                self._random = random.Random(faults.seed)
            return self._random.random() < rate
