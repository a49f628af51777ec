"""Put a cluster, an instance or an instance's parameter status into any state RDS documents (control API only).

``POST /_sim/status`` calls ``force``: tests use it to show the collection states it cannot leave by waiting
(``inaccessible-encryption-credentials``, ``storage-full``, ``failed-to-apply`` ...) and prove it fails fast. The
status sticks: whatever transition the resource was in is cancelled, and nothing moves it on until a call that RDS
would accept in that state does (StartDBCluster from ``stopped``, for example).

The statuses that may be forced are the ones AWS documents:
- clusters: Aurora User Guide, Aurora.Status.md, plus inaccessible-encryption-credentials-recoverable
  (Overview.Encryption.md) and restore-failed (AWS's CloudFormation handlers, DBClusterStatus.java);
- instances: Overview.DBInstance.Status.md, plus inaccessible-encryption-credentials-recoverable and the terminal
  ones of AWS's CloudFormation handlers (DBInstanceStatus.java: incompatible-create, incompatible-credentials,
  modify-failed, upgrade-failed);
- parameter statuses: service model, DBParameterGroupStatus.ParameterApplyStatus ("applying | failed-to-apply |
  in-sync | pending-database-upgrade | pending-reboot"), used for DBClusterParameterGroupStatus too (the model
  lists no values for it: no AWS source found).
"""

from __future__ import annotations

from moto.rds.models import RDSBackend

from tests.simulator.fidelity import failover, states
from tests.simulator.fidelity.parameter_groups import status as parameter_status
from tests.simulator.support import lifecycle
from tests.simulator.transitions import SCHEDULER

CLUSTER_STATUSES = frozenset(
    {
        "available",
        "backing-up",
        "backtracking",
        "cloning-failed",
        "creating",
        "deleting",
        "failing-over",
        "inaccessible-encryption-credentials",
        "inaccessible-encryption-credentials-recoverable",
        "maintenance",
        "migrating",
        "migration-failed",
        "modifying",
        "promoting",
        "renaming",
        "resetting-master-credentials",
        "restore-failed",
        "starting",
        "stopped",
        "stopping",
        "update-iam-db-auth",
        "upgrading",
    }
)
INSTANCE_STATUSES = frozenset(
    {
        "available",
        "backing-up",
        "backtracking",
        "configuring-enhanced-monitoring",
        "configuring-iam-database-auth",
        "configuring-log-exports",
        "converting-to-vpc",
        "creating",
        "deleting",
        "failed",
        "inaccessible-encryption-credentials",
        "inaccessible-encryption-credentials-recoverable",
        "incompatible-create",
        "incompatible-credentials",
        "incompatible-network",
        "incompatible-option-group",
        "incompatible-parameters",
        "incompatible-restore",
        "insufficient-capacity",
        "maintenance",
        "modifying",
        "modify-failed",
        "moving-to-vpc",
        "rebooting",
        "renaming",
        "resetting-master-credentials",
        "restore-error",
        "starting",
        "stopped",
        "stopping",
        "storage-full",
        "storage-optimization",
        "upgrade-failed",
        "upgrading",
    }
)
PARAMETER_SETTINGS = ("parameter_apply_status", "cluster_parameter_group_status")
PARAMETER_STATUSES = frozenset({"applying", "failed-to-apply", "in-sync", "pending-database-upgrade", "pending-reboot"})


class ForceError(ValueError):
    """The request names no resource, an unknown one (``missing`` set) or a status AWS does not document."""

    def __init__(self, message: str, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


def _check(value: str | None, allowed: frozenset, what: str) -> None:
    if value is not None and value not in allowed:
        raise ForceError(f"{value!r} is not a documented {what}; one of: {', '.join(sorted(allowed))}")


def force(backend: RDSBackend, request: dict) -> dict:
    """``request``: {"cluster": id, "status": s} or {"instance": id, and any of "status", "parameter_apply_status",
    "cluster_parameter_group_status"}; the answer says what each resource shows now."""
    unknown = set(request) - {"cluster", "instance", "status", "region", *PARAMETER_SETTINGS}
    if unknown:
        raise ForceError(f"unknown settings: {sorted(unknown)}")
    if bool(request.get("cluster")) == bool(request.get("instance")):
        raise ForceError('name exactly one of "cluster" and "instance"')
    if request.get("cluster"):
        return _force_cluster(backend, request)
    return _force_instance(backend, request)


def _force_cluster(backend: RDSBackend, request: dict) -> dict:
    status = request.get("status")
    if status is None or set(request) & set(PARAMETER_SETTINGS):
        raise ForceError('a cluster takes "status" only')
    _check(status, CLUSTER_STATUSES, "DB cluster status")
    cluster = backend.clusters.get(request["cluster"])
    if cluster is None:
        raise ForceError(f"no DB cluster {request['cluster']}", missing=True)
    lifecycle.stop(cluster)
    SCHEDULER.cancel(failover.job_key(cluster))
    states.abandon_modification(cluster)
    cluster.status = status
    return {"cluster": cluster.db_cluster_identifier, "status": cluster.status}


def _force_instance(backend: RDSBackend, request: dict) -> dict:
    status = request.get("status")
    own, of_cluster = request.get("parameter_apply_status"), request.get("cluster_parameter_group_status")
    if status is None and own is None and of_cluster is None:
        raise ForceError('an instance takes "status", "parameter_apply_status" or "cluster_parameter_group_status"')
    _check(status, INSTANCE_STATUSES, "DB instance status")
    _check(own, PARAMETER_STATUSES, "parameter apply status")
    _check(of_cluster, PARAMETER_STATUSES, "parameter apply status")
    instance = backend.databases.get(request["instance"])
    if instance is None:
        raise ForceError(f"no DB instance {request['instance']}", missing=True)
    if status is not None:
        lifecycle.stop(instance)
        instance.status = status
    if own is not None:
        parameter_status.settle(instance, parameter_status.INSTANCE_SCOPE, own)
    if of_cluster is not None:
        parameter_status.settle(instance, parameter_status.CLUSTER_SCOPE, of_cluster)
    return {
        "instance": instance.db_instance_identifier,
        "status": instance.status,
        "parameter_apply_status": parameter_status.instance_group_status(instance),
        "cluster_parameter_group_status": parameter_status.cluster_group_status(instance),
    }
