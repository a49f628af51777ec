"""The control API under ``/_sim/``: JSON in, JSON out, never counted and never faulted (see docs/design.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from tests.simulator.counter import RequestLog
from tests.simulator.faults import FaultConfig, FaultInjector
from tests.simulator.support import deployments
from tests.simulator.transitions import Scheduler

PREFIX = "/_sim/"


@dataclass
class SimState:
    """Everything the simulator keeps besides moto's own resources."""

    log: RequestLog
    faults: FaultInjector
    scheduler: Scheduler
    reset_resources: Callable[[], None]


class ControlError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def is_control(path: str) -> bool:
    return path.startswith(PREFIX)


def handle(state: SimState, method: str, path: str, body: bytes) -> tuple[int, object]:
    route = ROUTES.get((method, path.rstrip("/")))
    if route is None:
        return 404, {"error": f"no control call {method} {path}"}
    try:
        payload = json.loads(body) if body.strip() else {}
    except ValueError:
        return 400, {"error": "body must be JSON"}
    try:
        return 200, route(state, payload)
    except ControlError as err:
        return err.status, {"error": str(err)}


def _health(state: SimState, _: dict) -> dict:
    return {"ok": True, "scale": state.scheduler.scale}


def _counts(state: SimState, _: dict) -> dict:
    return state.log.counts()


def _reset_counts(state: SimState, _: dict) -> dict:
    state.log.reset()
    return {"ok": True}


def _log(state: SimState, _: dict) -> list:
    return state.log.entries()


def _get_config(state: SimState, _: dict) -> dict:
    return {"scale": state.scheduler.scale}


def _set_config(state: SimState, payload: dict) -> dict:
    unknown = set(payload) - {"scale"}
    if unknown:
        raise ControlError(400, f"unknown config settings: {sorted(unknown)}")
    if "scale" in payload:
        scale = payload["scale"]
        if isinstance(scale, bool) or not isinstance(scale, (int, float)) or scale < 0:
            raise ControlError(400, "scale must be a number >= 0")
        state.scheduler.scale = float(scale)
    return {"scale": state.scheduler.scale}


def _get_faults(state: SimState, _: dict) -> dict:
    return state.faults.state()


def _set_faults(state: SimState, payload: dict) -> dict:
    try:
        config = FaultConfig.from_json(payload)
    except (TypeError, ValueError) as err:
        raise ControlError(400, str(err)) from err
    state.faults.configure(config)
    return state.faults.state()


def _clear_faults(state: SimState, _: dict) -> dict:
    state.faults.clear()
    return state.faults.state()


def _reset(state: SimState, _: dict) -> dict:
    state.reset_resources()
    state.scheduler.clear()
    state.log.reset()
    state.faults.clear()
    deployments.reset()
    return {"ok": True}


# Blue/green switchover controls (issue 17): support/deployments.SwitchoverControl says what they do.
def _get_blue_green(state: SimState, _: dict) -> dict:
    state.scheduler.tick()  # the read-only clusters as of now, as the next RDS call would see them
    return deployments.CONTROL.state()


def _set_blue_green(state: SimState, payload: dict) -> dict:
    try:
        deployments.CONTROL.configure(payload)
    except ValueError as err:
        raise ControlError(400, str(err)) from err
    return deployments.CONTROL.state()


def _clear_blue_green(state: SimState, _: dict) -> dict:
    deployments.CONTROL.configure({"fail_switchover": None, "replica_lag": 0})
    return deployments.CONTROL.state()


ROUTES = {
    ("GET", "/_sim/health"): _health,
    ("GET", "/_sim/counts"): _counts,
    ("POST", "/_sim/counts/reset"): _reset_counts,
    ("GET", "/_sim/log"): _log,
    ("GET", "/_sim/config"): _get_config,
    ("POST", "/_sim/config"): _set_config,
    ("GET", "/_sim/faults"): _get_faults,
    ("POST", "/_sim/faults"): _set_faults,
    ("DELETE", "/_sim/faults"): _clear_faults,
    ("POST", "/_sim/reset"): _reset,
    ("GET", "/_sim/blue-green"): _get_blue_green,
    ("POST", "/_sim/blue-green"): _set_blue_green,
    ("DELETE", "/_sim/blue-green"): _clear_blue_green,
}
