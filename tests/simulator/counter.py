"""Per-action request counts and the ordered request log that benchmarks and tests read back."""

from __future__ import annotations

import time
from collections import Counter

from tests.simulator.protocol import RequestInfo


class RequestLog:
    """Every AWS request the simulator received, faulted ones included (a retry is a request too)."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._entries: list[dict] = []

    def record(self, request: RequestInfo) -> dict:
        self._counts[request.action] += 1
        entry = {
            "seq": len(self._entries) + 1,
            "time": time.time(),
            "service": request.service,
            "action": request.action,
            "ids": dict(request.ids),
        }
        self._entries.append(entry)
        return entry

    def counts(self) -> dict[str, int]:
        return dict(sorted(self._counts.items()))

    def entries(self) -> list[dict]:
        return [dict(entry) for entry in self._entries]

    def reset(self) -> None:
        self._counts.clear()
        self._entries.clear()
