"""CreateDBCluster, ModifyDBCluster and DeleteDBCluster with RDS's checks, deferrals and timing.

What stock moto 5.2.5 gets wrong, each fixed below (the source of each RDS behaviour sits beside its code):
- CreateDBCluster with an existing identifier silently replaces the cluster (RDS: DBClusterAlreadyExistsFault).
- ModifyDBCluster starts with ``del self.clusters[id]`` and only puts the cluster back at the end, so any
  validation error raised in between (rotating the master password without ApplyImmediately, a short password
  hitting the ``master_user_password`` setter, a missing cluster as KeyError/HTTP 500) deletes the cluster.
  The replacement validates everything first and never removes the cluster.
- ModifyDBCluster reads ``enable_cloudwatch_logs_exports`` but the API sends CloudwatchLogsExportConfiguration,
  so log export changes are ignored.
- EngineVersion and NewDBClusterIdentifier apply at once; RDS defers them to the maintenance window unless
  ApplyImmediately is set, while the other settings apply at once.
- DeleteDBCluster ignores SkipFinalSnapshot and removes the cluster at once; RDS requires a final snapshot
  identifier unless SkipFinalSnapshot, and shows ``deleting`` for a while.
- Status flips from ``creating`` to ``available`` the first time anybody reads it; here it is whatever the
  transition scheduler says.
- PendingModifiedValues is never shown; RDS shows it on a cluster while something waits for the window.
- moto defaults aurora-mysql to 5.7.mysql_aurora.2.07.2, long gone; RDS picks its current default version.
The cluster's parameter group, storage and Performance Insights settings are checked and kept by the helpers of
parameter_groups, storage.py and performance_insights.py, called from here; an EngineVersion change by upgrades.py, and
what a blue/green deployment forbids by support/deployments.py.
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
from tests.simulator.fidelity import events, parameter_groups, performance_insights, storage, subnet_groups, upgrades
from tests.simulator.support import deployments, lifecycle, lookup, pending, validation
from tests.simulator.support.patching import Patches

PATCHES = Patches(__name__)

# Request keys the generic "set it on the model" loop must not touch: handled explicitly, deferred, or not state.
# Everything else applies at once, ApplyImmediately or not: "All other changes are applied immediately, regardless
# of the value of the ApplyImmediately parameter" (RDS API reference, ModifyDBCluster ApplyImmediately, as worded
# until 2022 and kept in SDKs generated from it; the current service model only says "Some modifications, such as
# turning on deletion protection and changing the master password, are applied immediately"). That same older text
# deferred EnableIAMDatabaseAuthentication too, which this layer applies at once.
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
# A modification is refused while the cluster is in one of these states: InvalidDBClusterStateFault "DB cluster is
# not available for modification with status modifying" (https://github.com/aws-controllers-k8s/community/issues/1107).
# Which states refuse: no AWS source found beyond that one (the collection must wait for available, not assume).
BUSY = frozenset({"creating", "deleting", "failing-over", "stopped", "stopping", "starting"})


def already_exists() -> RDSClientError:
    """Service model, CreateDBCluster/ModifyDBCluster errors: DBClusterAlreadyExistsFault, "The user already has a
    DB cluster with the given identifier"; wording as quoted in
    https://github.com/terraform-aws-modules/terraform-aws-rds-aurora/issues/408 and its reports."""
    return RDSClientError("DBClusterAlreadyExistsFault", "DB Cluster already exists")


def check_windows(maintenance: str | None, backup: str | None) -> None:
    """moto's own check: format ddd:hh24:mi-ddd:hh24:mi, at least 30 minutes, not overlapping the backup window
    (service model, CreateDBClusterMessage.PreferredMaintenanceWindow / PreferredBackupWindow constraints)."""
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
    # Service model, CreateDBClusterMessage.ManageMasterUserPassword: "Can't manage the master user password with
    # Amazon Web Services Secrets Manager if MasterUserPassword is specified" (wording: no AWS source found).
    if kwargs.get("manage_master_user_password") and kwargs.get("master_user_password"):
        raise InvalidParameterCombination("Can't specify both MasterUserPassword and ManageMasterUserPassword.")
    validation.backup_retention(kwargs.get("backup_retention_period"))
    validation.performance_insights_retention(kwargs.get("performance_insights_retention_period"))
    validation.log_types(engine, version, kwargs.get("enable_cloudwatch_logs_exports"))
    check_windows(kwargs.get("preferred_maintenance_window"), kwargs.get("preferred_backup_window"))
    # Service model, CreateDBClusterMessage.DBSubnetGroupName: "Must match the name of an existing DB subnet group".
    if kwargs.get("db_subnet_group_name") != subnet_groups.DEFAULT_GROUP:
        subnet_groups.ensure_exists(backend, kwargs.get("db_subnet_group_name"))


def fill_defaults(kwargs) -> None:
    """The subnet group RDS picks when none is named (parameter groups are the parameter fidelity's business).

    "default": Aurora User Guide, tut-restore-cluster.md shows a cluster made without one in DBSubnetGroup
    "default". The lower-cased maintenance window: no AWS source found (the collection compares windows
    case-insensitively).
    """
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
    # Engine upgrades and blue/green deployments (issue 17): the rules live in upgrades.py and support/deployments.py.
    deployments.check_modify(backend, cluster, kwargs)
    upgrades.check(backend, cluster, kwargs)
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
    # Service model, ModifyDBClusterMessage.RotateMasterUserPassword: "You must apply the change immediately when
    # rotating the master user password" (wording: no AWS source found).
    if kwargs.get("rotate_master_user_password") and not kwargs.get("apply_immediately"):
        raise InvalidParameterCombination("You must specify apply immediately when rotating the master user password.")
    storage.check_storage_type(cluster.engine, kwargs.get("storage_type"))
    performance_insights.resolve_key(backend, kwargs)


def apply_log_exports(cluster: DBCluster, exports) -> None:
    """CloudwatchLogsExportConfiguration: enable and disable by type; a type not enabled is simply not there.

    Service model, ModifyDBClusterMessage.CloudwatchLogsExportConfiguration (EnableLogTypes, DisableLogTypes).
    """
    if not exports:
        return
    enabled = list(cluster.enabled_cloudwatch_logs_exports)
    enabled += [log_type for log_type in exports.get("EnableLogTypes") or [] if log_type not in enabled]
    disabled = set(exports.get("DisableLogTypes") or [])
    cluster.enabled_cloudwatch_logs_exports = [log_type for log_type in enabled if log_type not in disabled]


def apply_master_user_settings(cluster: DBCluster, kwargs) -> None:
    """ManageMasterUserPassword on or off, RotateMasterUserPassword: service model, ModifyDBClusterMessage; the
    secret itself is moto's."""
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
    """NewDBClusterIdentifier: "This value is stored as a lowercase string" (service model); the members follow.
    RDS shows the cluster ``renaming`` meanwhile (Aurora User Guide, Aurora.Status.md); here the rename is instant."""
    members = lookup.members(backend, cluster)
    del backend.clusters[cluster.db_cluster_identifier]
    cluster.db_cluster_identifier = new_identifier
    backend.clusters[cluster.db_cluster_identifier] = cluster
    for member in members:
        member.db_cluster_identifier = cluster.db_cluster_identifier


def apply_pending(backend: RDSBackend, cluster: DBCluster) -> None:
    """ApplyImmediately: everything queued goes now; an engine upgrade shows ``upgrading`` while it runs.

    Service model, ModifyDBClusterMessage.EngineVersion: "The change is applied during the next maintenance window
    unless ApplyImmediately is enabled"; the status: Aurora User Guide, Aurora.Status.md ("upgrading: The DB
    cluster engine version is being upgraded"). The rename waiting for the window: RDS API reference, ModifyDBCluster
    ApplyImmediately as worded until 2022 ("changes to ... NewDBClusterIdentifier values are applied during the next
    maintenance window").
    """
    queued = pending.values(cluster)
    new_identifier = queued.pop("DBClusterIdentifier", None)
    if new_identifier:
        rename(backend, cluster, new_identifier)
    target = queued.get("EngineVersion")
    if target:
        upgrades.start(backend, cluster, target)  # issue 17: statuses, members, events and groups of an upgrade


def modify(backend: RDSBackend, kwargs) -> DBCluster:
    cluster = lookup.cluster(backend, kwargs.get("db_cluster_identifier"))
    old_group, new_group = cluster.parameter_group, kwargs.get("db_cluster_parameter_group_name")
    version = kwargs.get("engine_version") or cluster.engine_version
    parameter_groups.check_cluster_group(backend, new_group, cluster.engine, version)
    validate_modify(backend, cluster, kwargs)
    if upgrades.take_groups(cluster, kwargs):  # issue 17: a major upgrade's parameter groups go with the upgrade
        new_group = None
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
    # Service model, DeleteDBCluster errors: InvalidDBClusterStateFault (wording: no AWS source found).
    if cluster.status == "deleting":
        raise InvalidDBClusterStateFault(f"Cluster {identifier} is already being deleted.")
    # Aurora User Guide, aurora-serverless.delete.md quotes it: InvalidParameterCombination "Cannot delete protected
    # Cluster, please disable deletion protection and try again."; USER_DeleteCluster.md: "You can't delete clusters
    # that have deletion protection enabled".
    if cluster.deletion_protection:
        raise InvalidParameterCombination(
            "Cannot delete protected Cluster, please disable deletion protection and try again."
        )
    # Aurora User Guide, USER_DeleteCluster.md: InvalidDBClusterStateFault "Cluster cannot be deleted, it still contains
    # DB instances in non-deleting state.", accepted once every instance is deleting.
    if any(member.status != "deleting" for member in lookup.members(backend, cluster)):
        raise DBClusterToBeDeletedHasActiveMembers()
    # Service model, DeleteDBClusterMessage.SkipFinalSnapshot / FinalDBSnapshotIdentifier: one of the two, never
    # both. RDS words the first refusal "You cannot specify both FinalDBSnapshotIdentifier and SkipFinalSnapshot"
    # (https://github.com/crossplane-contrib/provider-aws/issues/1423), the second "FinalDBSnapshotIdentifier is
    # required unless SkipFinalSnapshot is specified." (https://github.com/hashicorp/terraform-provider-aws/issues/33539).
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
        # RDS-EVENT-0171 "DB cluster deleted.": Aurora User Guide, USER_Events.Messages.md.
        backend.delete_db_cluster(cluster.db_cluster_identifier)
        events.record_cluster(backend, cluster, "DB cluster deleted", "deletion")

    def countdown() -> None:
        lifecycle.start(cluster, [("deleting", "cluster.deleting")], removed)

    def when_empty() -> bool:
        # RDS deletes the cluster itself only after the last of its instances has gone: Aurora User Guide,
        # USER_DeleteCluster.md accepts DeleteDBCluster while the instances are deleting; how long the cluster
        # stays: no AWS source found (the collection waits for it to be gone).
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
        # RDS-EVENT-0170 "DB cluster created.": Aurora User Guide, USER_Events.Messages.md.
        events.record_cluster(backend, cluster, "DB cluster created", "creation")

    # creating, then available: Aurora User Guide, Aurora.Status.md and tut-restore-cluster.md (a new cluster
    # answers "creating"). backing-up in between: no AWS source found for the sequence (Aurora.Status.md lists the
    # status only); the collection waits for available, whatever comes between.
    lifecycle.start(cluster, [("creating", "cluster.creating"), ("backing-up", "cluster.backing-up")], created)
    return cluster


@PATCHES.wrap(DBCluster, "default_engine_version")
def default_engine_version(original, engine: str) -> str:
    """moto defaults aurora-mysql to 5.7.mysql_aurora.2.07.2, long gone; RDS picks its current default version.

    Service model, CreateDBClusterMessage.EngineVersion ("You can supply either 5.7 or 8.0 to use the default
    engine version"); DescribeDBEngineVersions DefaultOnly names it.
    """
    return default_aurora_mysql_version() if engine == "aurora-mysql" else original(engine)


def _status(self: DBCluster) -> str:
    """Whatever the scheduler last set: Aurora User Guide, Aurora.Status.md lists the statuses."""
    return self._status


def _set_status(self: DBCluster, value: str) -> None:
    self._status = value


def _pending_modified_values(self: DBCluster) -> dict | None:
    """Service model, DBCluster.PendingModifiedValues: "This information is returned only when there are pending
    changes"."""
    return pending.shown(self) or None


PATCHES.replace(DBCluster, "status", property(_status, _set_status))
PATCHES.replace(DBCluster, "pending_modified_values", property(_pending_modified_values))


# Blue/green deployments (issue 17): a cluster in a deployment cannot be stopped (support/deployments.check_stop).
@PATCHES.wrap(RDSBackend, "stop_db_cluster")
def stop(original, backend: RDSBackend, cluster_identifier: str) -> DBCluster:
    deployments.check_stop(backend, lookup.cluster(backend, cluster_identifier))
    return original(backend, cluster_identifier)
