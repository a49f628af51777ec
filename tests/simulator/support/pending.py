"""PendingModifiedValues: changes RDS holds back until the maintenance window unless ApplyImmediately is set.

Service model, DBCluster.PendingModifiedValues / DBInstance.PendingModifiedValues: "Information about pending
changes"; which changes wait is each resource file's business (clusters.py, instances.py).

The values live on the model object as ``_sim_pending`` (output field name -> requested value); the clusters and
instances fidelity files show them as the PendingModifiedValues output field.
"""

from __future__ import annotations


def values(resource) -> dict:
    if getattr(resource, "_sim_pending", None) is None:
        resource._sim_pending = {}
    return resource._sim_pending


def defer(resource, field: str, requested, current) -> None:
    """Queue ``requested`` for ``field``; asking for the current value again cancels what was queued.

    The cancelling: no AWS source found (the collection must read PendingModifiedValues, not assume it clears).
    """
    queued = values(resource)
    if requested == current:
        queued.pop(field, None)
    else:
        queued[field] = requested


def shown(resource) -> dict:
    """A copy of what is queued, for the output field ({} when nothing is)."""
    return dict(getattr(resource, "_sim_pending", None) or {})
