"""Fault injection: throttling, server errors and dropped connections, switched on and off at runtime.

A configuration names a rate per fault kind (0..1, the share of matching requests that get it), optionally
the actions it applies to (``None`` = every action) and optionally a ``count``: the number of faults to inject
before injection switches itself off. ``{"throttle_rate": 1, "count": 2}`` therefore throttles exactly the
next two requests, which is what a retry test wants.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

KINDS = ("throttle", "error", "drop")
DROP_MODES = ("before", "after")  # before: the action never runs; after: it runs but the response is lost


@dataclass
class FaultConfig:
    throttle_rate: float = 0.0
    error_rate: float = 0.0
    drop_rate: float = 0.0
    drop_mode: str = "before"
    error_status: int | None = None  # 500 or 503; None picks either at random
    actions: list[str] | None = None
    count: int | None = None
    seed: int | None = None

    @classmethod
    def from_json(cls, body: dict) -> FaultConfig:
        unknown = set(body) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown fault settings: {sorted(unknown)}")
        config = cls(**body)
        config.validate()
        return config

    def validate(self) -> None:
        rates = [self.throttle_rate, self.error_rate, self.drop_rate]
        if any(not isinstance(rate, (int, float)) or rate < 0 or rate > 1 for rate in rates):
            raise ValueError("rates must be numbers between 0 and 1")
        if sum(rates) > 1:
            raise ValueError("throttle_rate + error_rate + drop_rate must not exceed 1")
        if self.drop_mode not in DROP_MODES:
            raise ValueError(f"drop_mode must be one of {DROP_MODES}")
        if self.error_status not in (None, 500, 503):
            raise ValueError("error_status must be 500, 503 or null")
        if self.count is not None and (not isinstance(self.count, int) or self.count < 0):
            raise ValueError("count must be a non-negative integer or null")
        if self.actions is not None and not all(isinstance(action, str) for action in self.actions):
            raise ValueError("actions must be a list of action names or null")


@dataclass
class Fault:
    kind: str  # one of KINDS
    status: int = 400
    drop_mode: str = "before"

    @property
    def label(self) -> str:
        if self.kind == "drop":
            return f"drop-{self.drop_mode}"
        if self.kind == "error":
            return f"error-{self.status}"
        return self.kind


class FaultInjector:
    def __init__(self) -> None:
        self._config: FaultConfig | None = None
        self._remaining: int | None = None
        self._injected = 0
        self._random = random.Random()

    def configure(self, config: FaultConfig) -> None:
        if config.count == 0:
            self.clear()
            return
        self._config = config
        self._remaining = config.count
        self._injected = 0
        self._random = random.Random(config.seed)

    def clear(self) -> None:
        self._config = None
        self._remaining = None

    def state(self) -> dict:
        return {
            "active": self._config is not None,
            "config": asdict(self._config) if self._config else None,
            "remaining": self._remaining,
            "injected": self._injected,
        }

    def decide(self, action: str) -> Fault | None:
        config = self._config
        if config is None:
            return None
        if config.actions is not None and action not in config.actions:
            return None
        roll = self._random.random()
        fault = self._pick(config, roll)
        if fault is None:
            return None
        self._injected += 1
        if self._remaining is not None:
            self._remaining -= 1
            if self._remaining <= 0:
                self.clear()
        return fault

    def _pick(self, config: FaultConfig, roll: float) -> Fault | None:
        threshold = config.throttle_rate
        if roll < threshold:
            return Fault("throttle", 400)
        threshold += config.error_rate
        if roll < threshold:
            status = config.error_status or self._random.choice((500, 503))
            return Fault("error", status)
        threshold += config.drop_rate
        if roll < threshold:
            return Fault("drop", 0, config.drop_mode)
        return None
