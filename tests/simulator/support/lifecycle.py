"""The status transitions the fidelity layer schedules for clusters and instances, on the shared scheduler."""

from __future__ import annotations

import copy
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


def busy(resource) -> bool:
    """Whether a status job of ``resource`` is still running."""
    return SCHEDULER.pending(key(resource))


def stop(resource) -> None:
    """Cancel the status job of ``resource``: its status stays whatever it shows now."""
    SCHEDULER.cancel(key(resource))


def as_it_was(resource, status: str):
    """The answer to a call that changes a cluster: the cluster with the status it had when the call arrived.

    RDS answers ModifyDBCluster, DeleteDBCluster and FailoverDBCluster with "Status": "available" and shows the new
    status only in later describes: Aurora User Guide, USER_DeleteCluster.md and
    AuroraMySQL.Updates.MajorVersionUpgrade.md ("It takes a few moments for the status ... to change to upgrading"), and
    the AWS CLI examples modify-db-cluster.rst, delete-db-cluster.rst and failover-db-cluster.rst (aws/aws-cli,
    awscli/examples/rds).
    A shallow copy: everything else is the live cluster's.
    """
    shown = copy.copy(resource)
    shown._status = status
    return shown
