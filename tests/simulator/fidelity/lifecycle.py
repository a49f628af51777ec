"""Shared pieces of the status transitions the fidelity layer schedules for clusters and instances."""

from __future__ import annotations

import logging
from collections.abc import Callable

from tests.simulator.transitions import SCHEDULER

log = logging.getLogger(__name__)


def key(resource) -> tuple[str, int]:
    """One job per resource object; the object outlives a rename, so its id() is the stable handle."""
    return type(resource).__name__, id(resource)


def status_setter(*resources) -> Callable[[str], None]:
    def set_status(status: str) -> None:
        for resource in resources:
            resource.status = status

    return set_status


def start(resource, steps: list[tuple[str, str]], on_done: Callable[[], bool | None] | None = None) -> None:
    SCHEDULER.start(key(resource), steps, status_setter(resource), on_done)


def after_reboot(backend, instance) -> None:
    """A completed reboot applies pending-reboot parameters (S2's parameter fidelity owns that logic)."""
    try:
        from tests.simulator.fidelity.parameters import apply_pending_reboot
    except ImportError as err:
        log.warning("parameter fidelity not available, pending-reboot parameters stay pending: %s", err)
        return
    apply_pending_reboot(backend, instance)
