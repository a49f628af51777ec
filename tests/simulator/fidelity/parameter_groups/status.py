"""pending-reboot: which instances still run with parameter values their groups no longer hold.

RDS shows it in two places: DBInstance.DBParameterGroups[].ParameterApplyStatus for the instance's own group and
DBCluster.DBClusterMembers[].DBClusterParameterGroupStatus for the cluster group, per member. Both stay
`pending-reboot` until that instance reboots; moto hard-codes `in-sync` in both, so the state lives on the instance.

Sources: service model, DBParameterGroupStatus.ParameterApplyStatus ("in-sync: The parameter group change is
synchronized with the database ... pending-reboot: The parameter group change will be applied after the DB instance
reboots"; it also lists applying, failed-to-apply and pending-database-upgrade, which are not modelled) and
DBClusterMember.DBClusterParameterGroupStatus; Aurora User Guide, USER_WorkingWithDBClusterParamGroups.md ("Check the
DBClusterParameterGroupStatus value for the primary DB instance ... If the value is pending-reboot, then reboot the
primary DB instance") and USER_RebootCluster.md (from Aurora MySQL 2.10, rebooting the writer leaves the readers on
"the old parameter settings" until they reboot themselves).
"""

from moto.rds.models import DBCluster, DBInstance

from tests.simulator.fidelity.parameter_groups.lookup import clusters_using, instances_using
from tests.simulator.support.patching import Patches

PATCHES = Patches(__name__)

IN_SYNC = "in-sync"
PENDING_REBOOT = "pending-reboot"

_INSTANCE_STATUS = "_sim_parameter_apply_status"
_CLUSTER_STATUS = "_sim_cluster_parameter_group_status"


def instance_group_status(instance):
    return getattr(instance, _INSTANCE_STATUS, IN_SYNC)


def cluster_group_status(instance):
    return getattr(instance, _CLUSTER_STATUS, IN_SYNC)


def mark_instance_pending(instance):
    setattr(instance, _INSTANCE_STATUS, PENDING_REBOOT)


def mark_cluster_members_pending(cluster):
    for member in cluster.members:
        setattr(member, _CLUSTER_STATUS, PENDING_REBOOT)


def mark_group_users_pending(backend, group_name):
    """A DB parameter group change waiting for reboot reaches every instance using that group (Aurora User Guide,
    USER_WorkingWithDBInstanceParamGroups.md: "applied to all DB instances that are associated with the DB parameter
    group")."""
    for instance in instances_using(backend, group_name):
        mark_instance_pending(instance)


def mark_cluster_group_users_pending(backend, group_name):
    """A cluster group change waiting for reboot reaches every member of every cluster using that group (Aurora User
    Guide, USER_WorkingWithDBClusterParamGroups.md: "applied to all DB clusters that are associated with the DB
    cluster parameter group")."""
    for cluster in clusters_using(backend, group_name):
        mark_cluster_members_pending(cluster)


def apply_pending_reboot(instance):
    """An instance that restarts (reboot, failover, class change) comes back with both of its groups applied."""
    setattr(instance, _INSTANCE_STATUS, IN_SYNC)
    setattr(instance, _CLUSTER_STATUS, IN_SYNC)


def _db_parameter_group_status_list(instance):
    return [
        {"DBParameterGroupName": group.name, "ParameterApplyStatus": instance_group_status(instance)}
        for group in instance.db_parameter_groups()
    ]


@PATCHES.wrap(DBCluster, "db_cluster_members")
def db_cluster_members(original, cluster):
    """moto's member list, with each member's DBClusterParameterGroupStatus instead of a hard-coded in-sync."""
    members = original(cluster)
    for member in members:
        instance = cluster.backend.databases.get(member["DBInstanceIdentifier"])
        if instance is not None:
            member["DBClusterParameterGroupStatus"] = cluster_group_status(instance)
    return members


PATCHES.replace(DBInstance, "db_parameter_group_status_list", property(_db_parameter_group_status_list))
