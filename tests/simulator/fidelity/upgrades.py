"""Engine version upgrades of an Aurora MySQL cluster (ModifyDBCluster EngineVersion), minor and major, in place.

clusters.py owns ModifyDBCluster and calls these helpers: ``check`` before anything changes, ``take_groups`` before the
immediate settings are applied, ``start`` when the upgrade runs (at once with ApplyImmediately, or when a later call
applies what is queued in PendingModifiedValues; there is no maintenance window clock).

What stock moto 5.2.5 does: sets any EngineVersion at once, with no target check, no AllowMajorVersionUpgrade check,
no downgrade refusal, no ``upgrading`` status and no DBInstanceParameterGroupName. What RDS does instead, each with its
source beside the code:
- the target must be one of the version's ValidUpgradeTarget, a major one with AllowMajorVersionUpgrade
  (support/validation.upgrade);
- no upgrade without a healthy writer, nor while an instance-class change waits for the window;
- a major upgrade needs the new family's parameter groups where the cluster or its instances use custom ones, and
  takes them along: the cluster and its members show the new groups only when the upgrade is done;
- the cluster and its members show ``upgrading``, a few moments after the call, and report the new EngineVersion only
  when the upgrade is finished; the events of the guide's tutorial mark the way.
"""

from __future__ import annotations

from moto.rds.exceptions import InvalidDBClusterStateFault, InvalidParameterCombination, RDSClientError

from tests.simulator.catalog import CLUSTER, INSTANCE, aurora_mysql_family
from tests.simulator.fidelity import events
from tests.simulator.fidelity.parameter_groups.lookup import (
    check_family_matches,
    ensure_default,
    find_group,
    instance_group_name,
    is_default_name,
)
from tests.simulator.fidelity.parameter_groups.status import mark_cluster_members_pending, mark_instance_pending
from tests.simulator.support import lifecycle, lookup, pending, validation
from tests.simulator.transitions import SCHEDULER

# Where a queued major upgrade keeps the parameter groups it was asked to take along.
_GROUPS = "_sim_upgrade_groups"

# Events, by the label of the step that records them (Aurora User Guide, USER_Events.Messages.md, RDS-EVENT-0286, and
# the real messages of AuroraMySQL.Updates.MajorVersionUpgrade.md's tutorial, all of category maintenance).
STARTED = {
    "upgrading": "Database cluster engine version upgrade started.",
    "upgrading:checks": "Upgrade in progress: Performing online pre-upgrade checks.",
    "upgrading:conversion": "Upgrade in progress: Upgrading database objects.",
}


def is_major(current: str, target: str) -> bool:
    """Aurora User Guide, AuroraMySQL.Updates.MajorVersionUpgrade.md: 2.x to 3.x (MySQL 5.7 to 8.0) is the major
    upgrade; ValidUpgradeTarget flags it IsMajorVersionUpgrade."""
    return current.split(".mysql_aurora.")[0] != target.split(".mysql_aurora.")[0]


def writer_of(backend, cluster):
    return next((member for member in lookup.members(backend, cluster) if member.is_cluster_writer), None)


def check(backend, cluster, kwargs) -> None:
    """Every refusal of an EngineVersion change, before anything changes."""
    target = kwargs.get("engine_version")
    instance_group = kwargs.get("db_instance_parameter_group_name")
    changing = bool(target) and target != cluster.engine_version
    entry = None
    if changing:
        entry = validation.upgrade(
            cluster.engine, cluster.engine_version, target, kwargs.get("allow_major_version_upgrade")
        )
    major = entry is not None and entry["IsMajorVersionUpgrade"]
    # Service model, ModifyDBClusterMessage.DBInstanceParameterGroupName: "valid in combination with the
    # AllowMajorVersionUpgrade parameter for a major version upgrade only". The wording: no AWS source found.
    if instance_group and not major:
        raise InvalidParameterCombination(
            "DBInstanceParameterGroupName is only valid with AllowMajorVersionUpgrade for a major version upgrade."
        )
    if not changing:
        return
    check_writer(backend, cluster)
    check_no_pending_class_change(backend, cluster)
    if major:
        check_groups(backend, cluster, target, kwargs)


def check_writer(backend, cluster) -> None:
    """InvalidDBClusterStateFault "Cannot modify engine version without a healthy primary instance in DB cluster: <id>"
    (https://github.com/hashicorp/terraform-provider-aws/issues/14274); Aurora User Guide,
    AuroraMySQL.Updates.MajorVersionUpgrade.md: "While a cluster has zero DB instances, you can't perform an in-place
    upgrade. The upgrade mechanism requires a writer instance". Healthy = available, and that a deferred upgrade is
    refused too: no AWS source found."""
    writer = writer_of(backend, cluster)
    if writer is None or writer.status != "available":
        raise InvalidDBClusterStateFault(
            "Cannot modify engine version without a healthy primary instance in DB cluster: "
            f"{cluster.db_cluster_identifier}"
        )


def check_no_pending_class_change(backend, cluster) -> None:
    """InvalidDBInstanceState "Cannot modify engine version because there is a pending orderable config change for DB
    instance: <id>" (https://github.com/hashicorp/terraform-provider-aws/issues/15146)."""
    for member in lookup.members(backend, cluster):
        if "DBInstanceClass" in pending.shown(member):
            raise RDSClientError(
                "InvalidDBInstanceState",
                "Cannot modify engine version because there is a pending orderable config change for DB instance: "
                f"{member.db_instance_identifier}",
            )


def check_groups(backend, cluster, target: str, kwargs) -> None:
    """A major upgrade names the new family's groups where the current ones are custom.

    Aurora User Guide, AuroraMySQL.Updates.MajorVersionUpgrade.md: include "--db-cluster-parameter-group-name, if the
    cluster uses a custom cluster parameter group" and "--db-instance-parameter-group-name, if any instances in the
    cluster use a custom DB parameter group"; default groups become the new family's defaults. RDS's refusal for an
    instance group: InvalidParameterCombination "The current DB instance parameter group xxxx-parameter-group is
    custom. You must explicitly specify a new DB instance parameter group, either default or custom, for the engine
    version upgrade." (https://github.com/terraform-aws-modules/terraform-aws-rds/issues/435); the cluster group's
    refusal is worded after it (no AWS source found). A named cluster group is checked by clusters.py against the
    target version; a named instance group must exist (service model, ModifyDBCluster errors:
    DBParameterGroupNotFoundFault) and be of the target's family (parameter_groups.lookup).
    """
    if not kwargs.get("db_cluster_parameter_group_name") and not is_default_name(cluster.parameter_group):
        raise InvalidParameterCombination(
            f"The current DB cluster parameter group {cluster.parameter_group} is custom. You must explicitly specify "
            "a new DB cluster parameter group, either default or custom, for the engine version upgrade."
        )
    named = kwargs.get("db_instance_parameter_group_name")
    if named:
        check_family_matches(find_group(backend, named, INSTANCE), cluster.engine, target, INSTANCE)
        return
    for member in lookup.members(backend, cluster):
        if not is_default_name(instance_group_name(member)):
            raise InvalidParameterCombination(
                f"The current DB instance parameter group {instance_group_name(member)} is custom. You must "
                "explicitly specify a new DB instance parameter group, either default or custom, for the engine "
                "version upgrade."
            )


def take_groups(cluster, kwargs) -> bool:
    """A major upgrade takes its parameter groups along: remove them from the request (so they are not applied now)
    and keep them with the queued upgrade. True when it took them.

    Service model, ModifyDBClusterMessage.DBInstanceParameterGroupName ("the DB cluster isn't rebooted
    automatically"; it goes with the major upgrade); that a named cluster group, too, waits for the upgrade rather than
    joining a cluster still on the old family: no AWS source found (RDS could not run a version 2 cluster on a version
    3 group).
    """
    target = kwargs.get("engine_version")
    if not target or target == cluster.engine_version or not is_major(cluster.engine_version, target):
        return False
    setattr(
        cluster,
        _GROUPS,
        {
            "target": target,
            CLUSTER: kwargs.pop("db_cluster_parameter_group_name", None),
            INSTANCE: kwargs.pop("db_instance_parameter_group_name", None),
        },
    )
    return True


def start(backend, cluster, target: str) -> None:
    """Run the upgrade: a few moments ``available``, then ``upgrading`` (cluster and members), then the new version.

    Aurora User Guide, AuroraMySQL.Updates.MajorVersionUpgrade.md: "It takes a few moments for the status of the
    cluster and associated DB instances to change to upgrading. The version numbers for the cluster and DB instances
    only change when the upgrade is finished." (the same holds for a minor upgrade: Aurora.Status.md "upgrading: The
    DB cluster engine version is being upgraded"). Durations: transitions.DURATIONS. Events: RDS-EVENT-0286 at the
    start of a minor upgrade and RDS-EVENT-0290 "Database cluster has been patched: source version x => y" at its end
    (USER_Events.Messages.md); for a major one the tutorial's "Upgrade in progress: ..." messages and "Database cluster
    major version has been upgraded" (RDS-EVENT-0176, as the tutorial shows it).
    """
    current = cluster.engine_version
    major = is_major(current, target)
    groups = getattr(cluster, _GROUPS, None) or {}
    if groups.get("target") != target:
        groups = {}
    steps = [("available", "cluster.upgrade-starting")]
    if major:
        steps += [
            ("upgrading:checks", "cluster.major-upgrade.checks"),
            ("upgrading:conversion", "cluster.major-upgrade.conversion"),
        ]
    else:
        steps += [("upgrading", "cluster.upgrading")]

    shown: list[str] = []

    def show(label: str) -> None:
        shown.append(label)
        status = label.split(":")[0]
        cluster.status = status
        if status == "upgrading":
            for member in lookup.members(backend, cluster):
                member.status = status
        if label in STARTED:
            events.record_cluster(backend, cluster, STARTED[label], "maintenance")

    def upgraded() -> None:
        # At scale 0 the steps take no time and are never shown; their events are still owed.
        for label, _ in steps:
            if label in STARTED and label not in shown:
                events.record_cluster(backend, cluster, STARTED[label], "maintenance")
        cluster.engine_version = target
        queued = pending.values(cluster)
        if queued.get("EngineVersion") == target:
            queued.pop("EngineVersion")
        members = lookup.members(backend, cluster)
        if major:
            switch_groups(backend, cluster, members, groups)
        cluster.status = "available"
        for member in members:
            member.status = "available"
        if major:
            events.record_cluster(backend, cluster, "Database cluster major version has been upgraded", "maintenance")
        else:
            events.record_cluster(
                backend,
                cluster,
                f"Database cluster has been patched: source version {current} => {target}",
                "maintenance",
            )

    SCHEDULER.start(lifecycle.key(cluster), steps, show, upgraded)


def switch_groups(backend, cluster, members, groups: dict) -> None:
    """After a major upgrade the cluster and its members use the groups named with it, or the new family's defaults.

    Aurora User Guide, AuroraMySQL.Updates.MajorVersionUpgrade.md: "If so [default groups], the upgraded cluster and
    instances start with the default 8.0-compatible parameter groups" and "If you specify any custom parameter group
    during the upgrade process, make sure to manually reboot the cluster after the upgrade finishes. Doing so makes
    the cluster begin using your custom parameter settings": a named custom group shows pending-reboot until then.
    """
    setattr(cluster, _GROUPS, None)
    default = f"default.{aurora_mysql_family(cluster.engine_version)}"
    cluster.parameter_group = groups.get(CLUSTER) or default
    ensure_default(backend, cluster.parameter_group, CLUSTER)
    if not is_default_name(cluster.parameter_group):
        mark_cluster_members_pending(cluster)
    for member in members:
        member.db_parameter_group_name = groups.get(INSTANCE) or default
        if not is_default_name(member.db_parameter_group_name):
            mark_instance_pending(member)
