"""``SimClient``: the simulator's control API from Python (standard library only, so any venv can use it)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request


class SimError(RuntimeError):
    pass


class SimClient:
    def __init__(self, endpoint: str, timeout: float = 10.0) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.timeout = timeout

    def health(self) -> dict:
        return self._call("GET", "/_sim/health")

    def is_healthy(self) -> bool:
        try:
            return bool(self.health().get("ok"))
        except (OSError, SimError):
            return False

    def wait_healthy(self, timeout: float = 30.0, interval: float = 0.1) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.health()
            except (OSError, SimError):
                if time.monotonic() >= deadline:
                    raise
            time.sleep(interval)

    def counts(self) -> dict[str, int]:
        return self._call("GET", "/_sim/counts")

    def reset_counts(self) -> None:
        self._call("POST", "/_sim/counts/reset")

    def log(self) -> list[dict]:
        return self._call("GET", "/_sim/log")

    def config(self) -> dict:
        return self._call("GET", "/_sim/config")

    def set_scale(self, scale: float) -> dict:
        return self._call("POST", "/_sim/config", {"scale": scale})

    def faults(self) -> dict:
        return self._call("GET", "/_sim/faults")

    def set_faults(self, **settings: object) -> dict:
        """throttle_rate, error_rate, drop_rate, drop_mode, error_status, actions, count, seed (see faults.py)."""
        return self._call("POST", "/_sim/faults", settings)

    def clear_faults(self) -> dict:
        return self._call("DELETE", "/_sim/faults")

    def reset(self) -> None:
        self._call("POST", "/_sim/reset")

    def blue_green(self) -> dict:
        """The switchover controls and the clusters still read-only after a switchover."""
        return self._call("GET", "/_sim/blue-green")

    def set_blue_green(self, **settings: object) -> dict:
        """fail_switchover (a reason, or None), replica_lag (seconds): see support/deployments.SwitchoverControl."""
        return self._call("POST", "/_sim/blue-green", settings)

    def clear_blue_green(self) -> dict:
        return self._call("DELETE", "/_sim/blue-green")

    def _call(self, method: str, path: str, payload: dict | None = None) -> object:
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(self.endpoint + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as err:
            raise SimError(f"{method} {path}: HTTP {err.code}: {err.read().decode(errors='replace')}") from err
