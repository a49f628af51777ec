"""CreateDBCluster, ModifyDBCluster and DeleteDBCluster with RDS's checks, deferrals and timing.

What stock moto 5.2.5 gets wrong, each fixed below:
- CreateDBCluster with an existing identifier silently replaces the cluster (RDS: DBClusterAlreadyExistsFault).
- ModifyDBCluster starts with ``del self.clusters[id]`` and only puts the cluster back at the end, so any
  validation error raised in between (rotating the master password without ApplyImmediately, a short password
  hitting the ``master_user_password`` setter, a missing cluster as KeyError/HTTP 500) deletes the cluster.
  The replacement validates everything first and never removes the cluster.
- ModifyDBCluster reads ``enable_cloudwatch_logs_exports`` but the API sends CloudwatchLogsExportConfiguration,
  so log export changes are ignored.
- EngineVersion and NewDBClusterIdentifier apply at once; RDS defers them to the maintenance window unless
  ApplyImmediately is set (the Aurora table in the RDS docs: retention, windows, log exports, deletion
  protection, security groups and the parameter group apply at once).
- DeleteDBCluster ignores SkipFinalSnapshot and removes the cluster at once; RDS requires a final snapshot
  identifier unless SkipFinalSnapshot, and shows ``deleting`` for a while.
- Status flips from ``creating`` to ``available`` the first time anybody reads it; here it is whatever the
  transition scheduler says.
- PendingModifiedValues is never shown; RDS shows it on a cluster while something waits for the window.
- moto defaults aurora-mysql to 5.7.mysql_aurora.2.07.2, long gone; RDS picks its current default version.
The cluster's parameter group, storage and Performance Insights settings are checked and kept by the helpers of
parameter_groups, storage.py and performance_insights.py, called from here.
"""

from __future__ import annotations

from moto.core.responses import ActionResult
from moto.rds.exceptions import (
    DBClusterToBeDeletedHasActiveMembers,
    InvalidDBClusterStateFault,
    InvalidParameterCombination,
    RDSClientError,
)
from moto.rds.models import DBCluster, MasterUserSecret, RDSBackend
from moto.rds.responses import RDSResponse
from moto.rds.utils import valid_preferred_maintenance_window

from tests.simulator.catalog import default_aurora_mysql_version
from tests.simulator.fidelity import events, parameter_groups, performance_insights, storage, subnet_groups
from tests.simulator.support import lifecycle, lookup, pending, validation
from tests.simulator.support.patching import Patches

PATCHES = Patches(__name__)

# Request keys the generic "set it on the model" loop must not touch: handled explicitly, deferred, or not state.
NOT_ATTRIBUTES = frozenset(
    {
        "db_cluster_identifier",
        "new_db_cluster_identifier",
        "engine_version",
        "apply_immediately",
        "allow_major_version_upgrade",
        "allow_engine_mode_change",
        "cloudwatch_logs_export_configuration",
        "rotate_master_user_password",
        "manage_master_user_password",
        "master_user_secret_kms_key_id",
        "db_instance_parameter_group_name",
        "enable_performance_insights",
        "performance_insights_retention_period",
        "performance_insights_kms_key_id",
        "preferred_maintenance_window",
    }
)
# Request key -> moto attribute, where moto stores a setting under another name.
ATTRIBUTE_NAMES = {
    "db_cluster_parameter_group_name": "parameter_group",
    "enable_iam_database_authentication": "iam_auth",
}
# A modification is refused while the cluster is in one of these states.
BUSY = frozenset({"creating", "deleting", "failing-over", "stopped", "stopping", "starting"})


def already_exists() -> RDSClientError:
    return RDSClientError("DBClusterAlreadyExistsFault", "DB Cluster already exists")


def check_windows(maintenance: str | None, backup: str | None) -> None:
    if maintenance:
        message = valid_preferred_maintenance_window(maintenance.lower(), backup)
        if message:
            raise RDSClientError("InvalidParameterValue", message)


def check_new_cluster(backend: RDSBackend, kwargs) -> None:
    """Checks that must pass before defaults are filled in from the requested identifier and version."""
    identifier = kwargs.get("db_cluster_identifier")
    validation.identifier(identifier, "DBClusterIdentifier")
    if identifier in backend.clusters:
        raise already_exists()
    validation.engine_version(kwargs.get("engine"), kwargs.get("engine_version"))


def validate_create(backend: RDSBackend, kwargs) -> None:
    engine, version = kwargs.get("engine"), kwargs.get("engine_version")
    validation.master_password(kwargs.get("master_user_password"))
    if kwargs.get("manage_master_user_password") and kwargs.get("master_user_password"):
        raise InvalidParameterCombination("Can't specify both MasterUserPassword and ManageMasterUserPassword.")
    validation.backup_retention(kwargs.get("backup_retention_period"))
    validation.performance_insights_retention(kwargs.get("performance_insights_retention_period"))
    validation.log_types(engine, version, kwargs.get("enable_cloudwatch_logs_exports"))
    check_windows(kwargs.get("preferred_maintenance_window"), kwargs.get("preferred_backup_window"))
    if kwargs.get("db_subnet_group_name") != subnet_groups.DEFAULT_GROUP:
        subnet_groups.ensure_exists(backend, kwargs.get("db_subnet_group_name"))


def fill_defaults(kwargs) -> None:
    """The subnet group RDS picks when none is named (parameter groups are the parameter fidelity's business)."""
    if not kwargs.get("db_subnet_group_name"):
        kwargs["db_subnet_group_name"] = subnet_groups.DEFAULT_GROUP
    if kwargs.get("preferred_maintenance_window"):
        kwargs["preferred_maintenance_window"] = kwargs["preferred_maintenance_window"].lower()


def validate_modify(backend: RDSBackend, cluster: DBCluster, kwargs) -> None:
    if cluster.status in BUSY:
        raise InvalidDBClusterStateFault(
            f"DB cluster {cluster.db_cluster_identifier} is not available for modification with status {cluster.status}"
        )
    new_identifier = kwargs.get("new_db_cluster_identifier")
    if new_identifier:
        validation.identifier(new_identifier, "NewDBClusterIdentifier")
        if new_identifier.lower() != cluster.db_cluster_identifier and new_identifier in backend.clusters:
            raise already_exists()
    version = kwargs.get("engine_version")
    if version and version != cluster.engine_version:
        validation.upgrade(cluster.engine, cluster.engine_version, version, kwargs.get("allow_major_version_upgrade"))
    validation.master_password(kwargs.get("master_user_password"))
    validation.backup_retention(kwargs.get("backup_retention_period"))
    validation.performance_insights_retention(kwargs.get("performance_insights_retention_period"))
    exports = kwargs.get("cloudwatch_logs_export_configuration") or {}
    requested_types = list(exports.get("EnableLogTypes") or []) + list(exports.get("DisableLogTypes") or [])
    validation.log_types(cluster.engine, cluster.engine_version, requested_types)
    check_windows(
        kwargs.get("preferred_maintenance_window"),
        kwargs.get("preferred_backup_window") or cluster.preferred_backup_window,
    )
    if kwargs.get("rotate_master_user_password") and not kwargs.get("apply_immediately"):
        raise InvalidParameterCombination("You must specify apply immediately when rotating the master user password.")
    storage.check_storage_type(cluster.engine, kwargs.get("storage_type"))
    performance_insights.resolve_key(backend, kwargs)


def apply_log_exports(cluster: DBCluster, exports) -> None:
    """CloudwatchLogsExportConfiguration: enable and disable by type; a type not enabled is simply not there."""
    if not exports:
        return
    enabled = list(cluster.enabled_cloudwatch_logs_exports)
    enabled += [log_type for log_type in exports.get("EnableLogTypes") or [] if log_type not in enabled]
    disabled = set(exports.get("DisableLogTypes") or [])
    cluster.enabled_cloudwatch_logs_exports = [log_type for log_type in enabled if log_type not in disabled]


def apply_master_user_settings(cluster: DBCluster, kwargs) -> None:
    manage = kwargs.get("manage_master_user_password")
    if manage is True:
        cluster.master_user_secret = MasterUserSecret(cluster, kwargs.get("master_user_secret_kms_key_id"))
        cluster.manage_master_user_password = True
    elif manage is False and hasattr(cluster, "master_user_secret"):
        cluster.master_user_secret.delete_secret()
        del cluster.master_user_secret
        cluster.manage_master_user_password = False
    if kwargs.get("rotate_master_user_password"):
        cluster.master_user_secret.rotate_secret()


def apply_immediate(cluster: DBCluster, kwargs) -> None:
    apply_master_user_settings(cluster, kwargs)
    for key, value in kwargs.items():
        if key not in NOT_ATTRIBUTES and value is not None:
            setattr(cluster, ATTRIBUTE_NAMES.get(key, key), value)
    if kwargs.get("preferred_maintenance_window"):
        cluster.preferred_maintenance_window = kwargs["preferred_maintenance_window"].lower()
    performance_insights.store(cluster, kwargs)
    apply_log_exports(cluster, kwargs.get("cloudwatch_logs_export_configuration"))


def rename(backend: RDSBackend, cluster: DBCluster, new_identifier: str) -> None:
    members = lookup.members(backend, cluster)
    del backend.clusters[cluster.db_cluster_identifier]
    cluster.db_cluster_identifier = new_identifier
    backend.clusters[cluster.db_cluster_identifier] = cluster
    for member in members:
        member.db_cluster_identifier = cluster.db_cluster_identifier


def apply_pending(backend: RDSBackend, cluster: DBCluster) -> None:
    """ApplyImmediately: everything queued goes now; an engine upgrade shows ``upgrading`` while it runs."""
    queued = pending.values(cluster)
    new_identifier = queued.pop("DBClusterIdentifier", None)
    if new_identifier:
        rename(backend, cluster, new_identifier)
    target = queued.get("EngineVersion")
    if not target:
        return

    def upgraded() -> None:
        cluster.engine_version = target
        if queued.get("EngineVersion") == target:
            queued.pop("EngineVersion")
        cluster.status = "available"

    lifecycle.start(cluster, [("upgrading", "cluster.upgrading")], upgraded)


def modify(backend: RDSBackend, kwargs) -> DBCluster:
    cluster = lookup.cluster(backend, kwargs.get("db_cluster_identifier"))
    old_group, new_group = cluster.parameter_group, kwargs.get("db_cluster_parameter_group_name")
    version = kwargs.get("engine_version") or cluster.engine_version
    parameter_groups.check_cluster_group(backend, new_group, cluster.engine, version)
    validate_modify(backend, cluster, kwargs)
    apply_immediate(cluster, kwargs)
    version, new_identifier = kwargs.get("engine_version"), kwargs.get("new_db_cluster_identifier")
    if version:
        pending.defer(cluster, "EngineVersion", version, cluster.engine_version)
    if new_identifier:
        pending.defer(cluster, "DBClusterIdentifier", new_identifier.lower(), cluster.db_cluster_identifier)
    if kwargs.get("apply_immediately"):
        apply_pending(backend, cluster)
    parameter_groups.cluster_group_switched(cluster, old_group, new_group)
    return cluster


PATCHES.replace(RDSBackend, "modify_db_cluster", modify)


def delete(backend: RDSBackend, params) -> DBCluster:
    cluster = lookup.cluster(backend, params.get("DBClusterIdentifier"))
    identifier = cluster.db_cluster_identifier
    if cluster.status == "deleting":
        raise InvalidDBClusterStateFault(f"Cluster {identifier} is already being deleted.")
    if cluster.deletion_protection:
        raise InvalidParameterCombination(
            "Cannot delete protected Cluster, please disable deletion protection and try again."
        )
    if any(member.status != "deleting" for member in lookup.members(backend, cluster)):
        raise DBClusterToBeDeletedHasActiveMembers()
    skip, snapshot = bool(params.get("SkipFinalSnapshot")), params.get("FinalDBSnapshotIdentifier")
    if skip and snapshot:
        raise InvalidParameterCombination(
            "FinalDBSnapshotIdentifier can not be specified when deleting a cluster with SkipFinalSnapshot enabled."
        )
    if not skip and not snapshot:
        raise InvalidParameterCombination(
            "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified."
        )
    if snapshot:
        backend.validate_db_snapshot_identifier(snapshot, parameter_name="FinalDBSnapshotIdentifier")
        backend.create_db_cluster_snapshot(identifier, snapshot)

    def removed() -> None:
        backend.delete_db_cluster(cluster.db_cluster_identifier)
        events.record_cluster(backend, cluster, "DB cluster deleted", "deletion")

    def countdown() -> None:
        lifecycle.start(cluster, [("deleting", "cluster.deleting")], removed)

    def when_empty() -> bool:
        # RDS deletes the cluster itself only after the last of its instances has gone.
        if lookup.members(backend, cluster):
            return False
        countdown()
        return True

    if lookup.members(backend, cluster):
        cluster.status = "deleting"
        lifecycle.start(cluster, [], when_empty)
    else:
        countdown()
    return cluster


def delete_db_cluster(self: RDSResponse) -> ActionResult:
    return ActionResult({"DBCluster": delete(self.backend, self.params)})


PATCHES.replace(RDSResponse, "delete_db_cluster", delete_db_cluster)


@PATCHES.wrap(RDSBackend, "create_db_cluster")
def create(original, backend: RDSBackend, kwargs) -> DBCluster:
    parameter_groups.check_new_cluster(backend, kwargs)
    check_new_cluster(backend, kwargs)
    fill_defaults(kwargs)
    validate_create(backend, kwargs)
    storage.prepare_type(kwargs)
    performance_insights.resolve_key(backend, kwargs)
    storage.prepare_key(backend, kwargs)
    if kwargs["db_subnet_group_name"] == subnet_groups.DEFAULT_GROUP:
        subnet_groups.ensure_default(backend)
    cluster = original(backend, kwargs)
    storage.finish_create(cluster)
    performance_insights.store(cluster, kwargs)
    parameter_groups.use_default_cluster_group(backend, cluster, kwargs.get("db_cluster_parameter_group_name"))

    def created() -> None:
        cluster.status = "available"
        events.record_cluster(backend, cluster, "DB cluster created", "creation")

    lifecycle.start(cluster, [("creating", "cluster.creating"), ("backing-up", "cluster.backing-up")], created)
    return cluster


@PATCHES.wrap(DBCluster, "default_engine_version")
def default_engine_version(original, engine: str) -> str:
    """moto defaults aurora-mysql to 5.7.mysql_aurora.2.07.2, long gone; RDS picks its current default version."""
    return default_aurora_mysql_version() if engine == "aurora-mysql" else original(engine)


def _status(self: DBCluster) -> str:
    return self._status


def _set_status(self: DBCluster, value: str) -> None:
    self._status = value


def _pending_modified_values(self: DBCluster) -> dict | None:
    return pending.shown(self) or None


PATCHES.replace(DBCluster, "status", property(_status, _set_status))
PATCHES.replace(DBCluster, "pending_modified_values", property(_pending_modified_values))
