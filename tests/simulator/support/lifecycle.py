"""The status transitions the fidelity layer schedules for clusters and instances, on the shared scheduler."""

from __future__ import annotations

from collections.abc import Callable

from tests.simulator.transitions import SCHEDULER


def key(resource) -> tuple[str, int]:
    """One job per resource object; the object outlives a rename, so its id() is the stable handle."""
    return type(resource).__name__, id(resource)


def start(resource, steps: list[tuple[str, str]], on_done: Callable[[], bool | None] | None = None) -> None:
    """Show ``steps`` on ``resource.status`` (see transitions.Scheduler.start), replacing any earlier job of it."""

    def set_status(status: str) -> None:
        resource.status = status

    SCHEDULER.start(key(resource), steps, set_status, on_done)
