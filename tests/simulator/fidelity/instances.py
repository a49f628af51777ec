"""CreateDBInstance, ModifyDBInstance, DeleteDBInstance and RebootDBInstance with RDS's checks and timing.

What stock moto 5.2.5 gets wrong, each fixed below (the source of each RDS behaviour sits beside its code):
- instances are ``available`` at once; RDS shows ``creating``, ``modifying``, ``rebooting``, ``deleting``;
- DBInstanceClass, CACertificateIdentifier, EngineVersion and NewDBInstanceIdentifier apply at once; RDS
  queues them in PendingModifiedValues until the maintenance window unless ApplyImmediately is set;
- settings an Aurora member takes from its cluster (backup retention, master password, security groups, ...)
  raise NotImplementedError inside moto (HTTP 500); RDS answers InvalidParameterCombination;
- promotion tier, monitoring interval and Performance Insights retention are not validated, and Performance
  Insights settings are dropped;
- RebootDBInstance does nothing, so pending-reboot parameters never apply; nor does the restart that an
  immediate DBInstanceClass change makes;
- PendingModifiedValues is left out; RDS always shows it on an instance ({} when nothing waits);
- an Aurora member reports no DBSubnetGroup; RDS reports its cluster's.
The instance's parameter group and Performance Insights settings are checked and kept by the helpers of
parameter_groups and performance_insights.py, called from here.
"""

from __future__ import annotations

from moto.rds.exceptions import (
    DBInstanceAlreadyExists,
    InvalidDBClusterStateFault,
    InvalidDBInstanceEngine,
    InvalidParameterCombination,
    RDSClientError,
)
from moto.rds.models import DBInstance, DBInstanceClustered, RDSBackend

from tests.simulator.fidelity import events, parameter_groups, performance_insights
from tests.simulator.support import deployments, lifecycle, lookup, pending, validation
from tests.simulator.support.patching import Patches

PATCHES = Patches(__name__)

# Request key -> words RDS uses when it refuses a cluster-level setting on an Aurora member. Service model,
# CreateDBInstanceMessage / ModifyDBInstanceMessage: each "doesn't apply to Amazon Aurora DB instances" and is
# "managed by the DB cluster". RDS's refusals as quoted in public issues: "The requested DB Instance will be a member
# of a DB Cluster. Set master user password for the DB Cluster."
# (https://github.com/ansible-collections/community.aws/issues/850) on create, and "The specified DB Instance is a
# member of a cluster. Modify backup retention for the DB Cluster using the ModifyDbCluster API"
# (https://github.com/Optum/dce/issues/244) on modify. RDS's words differ in places ("backup retention", "backup
# window"); RDS also refuses DeletionProtection on a member (https://github.com/crossplane-contrib/provider-aws/issues/1529),
# which this list lacks.
CLUSTER_LEVEL = {
    "master_user_password": "master user password",
    "backup_retention_period": "backup retention period",
    "preferred_backup_window": "preferred backup window",
    "vpc_security_group_ids": "VPC security groups",
    "allocated_storage": "allocated storage",
    "max_allocated_storage": "max allocated storage",
    "storage_type": "storage type",
    "option_group_name": "option group",
    "license_model": "license model",
}
# Request key -> PendingModifiedValues field, for changes RDS holds until the maintenance window. Service model,
# ModifyDBInstanceMessage: DBInstanceClass and EngineVersion ("applied during the next maintenance window, unless
# you specify ApplyImmediately"), NewDBInstanceIdentifier ("will occur during the next maintenance window if you
# disable ApplyImmediately"), CACertificateIdentifier (ApplyImmediately: "If this parameter is disabled, changes to
# the DB instance are applied during the next maintenance window").
DEFERRED = {
    "db_instance_class": "DBInstanceClass",
    "ca_certificate_identifier": "CACertificateIdentifier",
    "engine_version": "EngineVersion",
    "new_db_instance_identifier": "DBInstanceIdentifier",
}


def invalid_state(message: str) -> RDSClientError:
    """Service model, InvalidDBInstanceStateFault: code InvalidDBInstanceState (our messages' wording: no AWS source
    found)."""
    return RDSClientError("InvalidDBInstanceState", message)


def current_value(instance: DBInstance, field: str):
    return {
        "DBInstanceClass": instance.db_instance_class,
        "CACertificateIdentifier": instance.ca_certificate_identifier,
        "EngineVersion": instance.engine_version,
        "DBInstanceIdentifier": instance.db_instance_identifier,
    }[field]


def validate_create(backend: RDSBackend, kwargs) -> None:
    # "DBInstanceAlreadyExists: DB instance already exists"
    # (https://github.com/crossplane-contrib/provider-upjet-aws/issues/1346).
    if kwargs.get("db_instance_identifier") in backend.databases:
        raise DBInstanceAlreadyExists()
    validation.identifier(kwargs.get("db_instance_identifier"), "DBInstanceIdentifier")
    validation.instance_class(kwargs.get("db_instance_class"))
    validation.promotion_tier(kwargs.get("promotion_tier"))
    validation.monitoring(kwargs.get("monitoring_interval"), kwargs.get("monitoring_role_arn"))
    validation.performance_insights_retention(kwargs.get("performance_insights_retention_period"))
    cluster_identifier = kwargs.get("db_cluster_identifier")
    if cluster_identifier is None:
        validation.master_password(kwargs.get("master_user_password"))
        return
    cluster = lookup.cluster(backend, cluster_identifier)
    # Service model, CreateDBInstance errors: InvalidDBClusterStateFault (when exactly: no AWS source found).
    if cluster.status == "deleting":
        raise InvalidDBClusterStateFault(f"DB cluster {cluster.db_cluster_identifier} is being deleted.")
    # moto's InvalidParameterCombination "The engine name requested for your DB instance (...) doesn't match the
    # engine name of your DB cluster (...)": no AWS source found.
    if kwargs.get("engine") != cluster.engine:
        raise InvalidDBInstanceEngine(str(kwargs.get("engine")), str(cluster.engine))
    for key, words in CLUSTER_LEVEL.items():
        if kwargs.get(key) is not None:
            raise InvalidParameterCombination(
                f"The requested DB Instance will be a member of a DB Cluster. Set {words} for the DB Cluster."
            )


def validate_modify(backend: RDSBackend, instance: DBInstance, kwargs) -> None:
    if instance.status == "deleting":
        raise invalid_state(f"DB instance {instance.db_instance_identifier} is being deleted.")
    if isinstance(instance, DBInstanceClustered):
        refused = dict(
            CLUSTER_LEVEL,
            engine_version="the DB engine version",
            cloudwatch_logs_export_configuration="CloudWatch Logs exports",
        )
        for key, words in refused.items():
            if kwargs.get(key) is not None:
                raise InvalidParameterCombination(
                    f"The specified DB Instance is a member of a cluster. Modify {words} for the DB Cluster "
                    "using the ModifyDbCluster API"
                )
    validation.instance_class(kwargs.get("db_instance_class"))
    validation.promotion_tier(kwargs.get("promotion_tier"))
    interval = kwargs.get("monitoring_interval")
    if interval is None:
        interval = instance.monitoring_interval
    # Switching monitoring off (interval 0) is fine while a role is still on record; naming a role is not
    # (service model, ModifyDBInstanceMessage.MonitoringRoleArn: "If MonitoringInterval is set to a value other than
    # 0, supply a MonitoringRoleArn value"; that a role on record counts: no AWS source found).
    role = kwargs.get("monitoring_role_arn") or (instance.monitoring_role_arn if interval else None)
    validation.monitoring(interval, role)
    validation.performance_insights_retention(kwargs.get("performance_insights_retention_period"))
    new_identifier = kwargs.get("new_db_instance_identifier")
    if new_identifier:
        validation.identifier(new_identifier, "NewDBInstanceIdentifier")
        # Service model, ModifyDBInstance errors: DBInstanceAlreadyExistsFault.
        if new_identifier.lower() != instance.db_instance_identifier and new_identifier in backend.databases:
            raise DBInstanceAlreadyExists()


def rename(backend: RDSBackend, instance: DBInstance, new_identifier: str) -> None:
    """NewDBInstanceIdentifier, "stored as a lowercase string" (service model). RDS reboots the instance to rename
    it ("an instance reboot occurs immediately if you enable ApplyImmediately", same source; Aurora User Guide,
    Aurora.Modifying.md: "The DB instance is rebooted") and shows ``renaming`` (Overview.DBInstance.Status.md);
    here the rename is instant and applies nothing pending."""
    del backend.databases[instance.db_instance_identifier]
    instance.db_instance_identifier = new_identifier
    backend.databases[instance.db_instance_identifier] = instance


def apply_pending(backend: RDSBackend, instance: DBInstance) -> None:
    """ApplyImmediately: queued changes go now; a class, certificate or version change shows ``modifying``.

    A class change moves the instance to new hardware, which restarts it: its pending-reboot parameters apply then.
    Service model, ModifyDBInstanceMessage.ApplyImmediately ("the modifications in this request and any pending
    modifications are asynchronously applied as soon as possible"); ``modifying``: Aurora User Guide,
    Overview.DBInstance.Status.md; the outage of a class change: Aurora.Modifying.md ("DB instance class: An outage
    occurs during this change"). That this outage applies pending-reboot parameters: no AWS source found (the
    collection must read ParameterApplyStatus afterwards, not assume it).
    """
    queued = pending.values(instance)
    new_identifier = queued.pop("DBInstanceIdentifier", None)
    if new_identifier:
        rename(backend, instance, new_identifier)
    batch = dict(queued)
    if not batch:
        return

    def modified() -> None:
        for field, value in batch.items():
            if field == "DBInstanceClass":
                instance.db_instance_class = value
            elif field == "CACertificateIdentifier":
                instance.ca_certificate_identifier = value
            elif field == "EngineVersion":
                instance.engine_version = value
            if queued.get(field) == value:
                queued.pop(field)
        instance.status = "available"
        if "DBInstanceClass" in batch:
            parameter_groups.apply_pending_reboot(instance)

    lifecycle.start(instance, [("modifying", "instance.modifying")], modified)


@PATCHES.wrap(RDSBackend, "modify_db_instance")
def modify(original, backend: RDSBackend, identifier: str, kwargs) -> DBInstance:
    instance = lookup.instance(backend, identifier)
    old_group, new_group = parameter_groups.instance_group_name(instance), kwargs.get("db_parameter_group_name")
    parameter_groups.check_instance_group(backend, new_group, instance.engine, instance.engine_version)
    validate_modify(backend, instance, kwargs)
    performance_insights.resolve_key(backend, kwargs)
    deferred = {field: kwargs.pop(key) for key, field in DEFERRED.items() if key in kwargs}
    insights = performance_insights.take(kwargs)
    instance = original(backend, identifier, kwargs)
    performance_insights.store(instance, insights)
    for field, value in deferred.items():
        if value is not None:
            requested = value.lower() if field == "DBInstanceIdentifier" else value
            pending.defer(instance, field, requested, current_value(instance, field))
    if kwargs.get("apply_immediately"):
        apply_pending(backend, instance)
    parameter_groups.instance_group_switched(instance, old_group, new_group)
    return instance


@PATCHES.wrap(RDSBackend, "delete_db_instance")
def delete(
    original,
    backend: RDSBackend,
    db_instance_identifier: str,
    final_db_snapshot_identifier: str | None = None,
    skip_final_snapshot: bool = False,
    **rest,
) -> DBInstance:
    # moto's response handler passes the request as keywords, hence moto's own parameter names.
    instance = lookup.instance(backend, db_instance_identifier)
    # Service model, DeleteDBInstance errors: InvalidDBInstanceStateFault.
    if instance.status == "deleting":
        raise invalid_state(f"Instance {instance.db_instance_identifier} is already being deleted.")
    # Service model, CreateDBInstanceMessage.DeletionProtection: "This setting doesn't apply to Amazon Aurora DB
    # instances ... DB instances in a DB cluster can be deleted even when deletion protection is enabled for the DB
    # cluster." This refusal, for a member given DeletionProtection, contradicts that; the wording: no AWS source found.
    if instance.deletion_protection:
        raise InvalidParameterCombination(
            "Cannot delete protected DB Instance, please disable deletion protection and try again."
        )
    if isinstance(instance, DBInstanceClustered):
        # The cluster owns the data: RDS takes no instance snapshot of an Aurora member. RDS answers
        # InvalidParameterCombination "FinalDBSnapshotIdentifier can not be specified when deleting a cluster
        # instance" (https://github.com/cloud-custodian/cloud-custodian/issues/1153; our wording says "clustered").
        if final_db_snapshot_identifier:
            raise InvalidParameterCombination(
                "FinalDBSnapshotIdentifier can not be specified when deleting a clustered instance"
            )
    elif final_db_snapshot_identifier and not skip_final_snapshot:
        backend.create_db_snapshot(instance.db_instance_identifier, final_db_snapshot_identifier)
    elif not skip_final_snapshot:
        # Service model, DeleteDBInstanceMessage.SkipFinalSnapshot: "If you don't enable this parameter, you must
        # specify the FinalDBSnapshotIdentifier parameter"; wording:
        # https://github.com/hashicorp/terraform-provider-aws/issues/33539.
        raise InvalidParameterCombination(
            "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified."
        )

    def gone() -> None:
        # RDS-EVENT-0003 "DB instance deleted.": Aurora User Guide, USER_Events.Messages.md.
        original(backend, instance.db_instance_identifier, None, True, rest.get("delete_automated_backups", True))
        events.record_instance(backend, instance, "DB instance deleted", "deletion")

    # deleting: Aurora User Guide, USER_DeleteCluster.md (delete-db-instance answers "DBInstanceStatus": "deleting").
    lifecycle.start(instance, [("deleting", "instance.deleting")], gone)
    return instance


def reboot(backend: RDSBackend, identifier: str) -> DBInstance:
    """RebootDBInstance (ForceFailover is not modelled).

    Aurora User Guide, USER_RebootCluster.md: "You can only reboot each DB instance in your cluster when it's in the
    available state"; "Rebooting a DB instance results in a momentary outage, during which the DB instance status is
    set to rebooting"; a pending-reboot parameter group needs a manual reboot to apply, which applies it (also
    USER_WorkingWithDBInstanceParamGroups.md). From Aurora MySQL 2.10 only the rebooted instance restarts (same
    page). RDS's refusal reads "InvalidDBInstanceState: Instance cannot currently reboot due to an in-progress
    management operation." (https://github.com/hashicorp/terraform-provider-aws/issues/27325); ours is worded
    differently.
    """
    instance = lookup.instance(backend, identifier)
    if instance.status != "available":
        raise invalid_state(f"DB instance {instance.db_instance_identifier} is not in available state.")

    def restarted() -> None:
        instance.status = "available"
        # RDS-EVENT-0006 "DB instance restarted.": Aurora User Guide, USER_Events.Messages.md.
        events.record_instance(backend, instance, "DB instance restarted", "availability")
        parameter_groups.apply_pending_reboot(instance)
        deployments.restarted(instance)  # issue 17: a rebooted writer ends a blue/green read-only period

    lifecycle.start(instance, [("rebooting", "instance.rebooting")], restarted)
    return instance


PATCHES.replace(RDSBackend, "reboot_db_instance", reboot)


@PATCHES.wrap(RDSBackend, "create_db_instance")
def create(original, backend: RDSBackend, db_kwargs) -> DBInstance:
    parameter_groups.check_new_instance(backend, db_kwargs)
    validate_create(backend, db_kwargs)
    performance_insights.resolve_key(backend, db_kwargs)
    instance = original(backend, db_kwargs)
    performance_insights.store(instance, db_kwargs)

    def created() -> None:
        instance.status = "available"

    # creating, then available: Aurora User Guide, Overview.DBInstance.Status.md, and tut-restore-cluster.md
    # (create-db-instance answers "DBInstanceStatus": "creating").
    lifecycle.start(instance, [("creating", "instance.creating")], created)
    return instance


def _pending_modified_values(self: DBInstance) -> dict:
    """{} when nothing waits: Aurora User Guide, tut-restore-cluster.md (create-db-instance shows
    "PendingModifiedValues": {}). The service model says DBInstance.PendingModifiedValues "is returned only when
    there are pending changes"; the collection must accept both."""
    return pending.shown(self)


def _member_subnet_group(self: DBInstanceClustered):
    """Aurora User Guide, tut-restore-cluster.md: a member created without DBSubnetGroupName reports its cluster's
    DBSubnetGroup."""
    cluster = getattr(self, "cluster", None)
    if cluster is None:
        return None
    return self.backend.subnet_groups.get(cluster.db_subnet_group_name)


def _ignore_subnet_group(self: DBInstanceClustered, value) -> None:
    """moto's DBInstance assigns the group named in CreateDBInstance; a member always uses its cluster's."""


PATCHES.replace(DBInstance, "pending_modified_values", property(_pending_modified_values))
PATCHES.replace(DBInstanceClustered, "db_subnet_group", property(_member_subnet_group, _ignore_subnet_group))
