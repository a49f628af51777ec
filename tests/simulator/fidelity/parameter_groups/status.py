"""applying, pending-reboot, in-sync: how far each instance has taken up its parameter groups' values.

RDS shows it in two places: DBInstance.DBParameterGroups[].ParameterApplyStatus for the instance's own group and
DBCluster.DBClusterMembers[].DBClusterParameterGroupStatus for the cluster group, per member. Both stay
`pending-reboot` until that instance reboots; moto hard-codes `in-sync` in both, so the state lives on the instance.
After any change to a group (a modify, a reset, a group newly associated) each instance it reaches shows `applying` for
a while (transitions.py, "parameters.applying"), then `pending-reboot` or `in-sync`.

Sources: service model, DBParameterGroupStatus.ParameterApplyStatus ("applying: The parameter group change is being
applied to the database ... in-sync: The parameter group change is synchronized with the database ... pending-reboot:
The parameter group change will be applied after the DB instance reboots"; failed-to-apply and
pending-database-upgrade are shown only when the control API forces them, forced_status.py). `applying` as a
transient state to wait out: a parameter group associated with --apply-immediately answers "ParameterApplyStatus":
"applying" (AWS CLI example modify-db-instance.rst, aws/aws-cli awscli/examples/rds, Example 1), and AWS's own
CloudFormation handlers wait until no instance or member is applying
(aws-cloudformation-resource-providers-rds, aws-rds-dbinstance DBInstancePredicates isDBParameterGroupNotApplying /
isDBClusterParameterGroupNotApplying); the order applying, then pending-reboot or in-sync, and how long it lasts: no
AWS source found (the collection must wait for applying to settle and read what follows). Also
DBClusterMember.DBClusterParameterGroupStatus; Aurora User Guide, USER_WorkingWithDBClusterParamGroups.md ("Check the
DBClusterParameterGroupStatus value for the primary DB instance ... If the value is pending-reboot, then reboot the
primary DB instance") and USER_RebootCluster.md (from Aurora MySQL 2.10, rebooting the writer leaves the readers on
"the old parameter settings" until they reboot themselves).
"""

from moto.rds.models import DBCluster, DBInstance

from tests.simulator.fidelity.parameter_groups.lookup import clusters_using, instances_using
from tests.simulator.support.patching import Patches
from tests.simulator.transitions import SCHEDULER

PATCHES = Patches(__name__)

APPLYING = "applying"
IN_SYNC = "in-sync"
PENDING_REBOOT = "pending-reboot"

# Where each status is kept on the instance: its own DB parameter group's, and its cluster group's.
INSTANCE_SCOPE = "_sim_parameter_apply_status"
CLUSTER_SCOPE = "_sim_cluster_parameter_group_status"


def _job_key(instance, scope):
    return "parameters", scope, id(instance)


def _shown(instance, scope):
    """`applying` while the instance takes up a change, else the status it settled on (in-sync by default)."""
    if SCHEDULER.pending(_job_key(instance, scope)):
        return APPLYING
    return getattr(instance, scope, IN_SYNC)


def instance_group_status(instance):
    return _shown(instance, INSTANCE_SCOPE)


def cluster_group_status(instance):
    return _shown(instance, CLUSTER_SCOPE)


def _apply(instance, scope, pending_reboot):
    """A change reaches the instance: `applying` for a while, settling on pending-reboot when the change (or one
    before it) waits for a reboot, else on what it showed before."""
    if pending_reboot:
        setattr(instance, scope, PENDING_REBOOT)
    SCHEDULER.start(_job_key(instance, scope), [(APPLYING, "parameters.applying")], lambda _status: None)


def settle(instance, scope, status):
    """Show ``status`` from now on, ending any `applying` (a restart, or the control API forcing a status)."""
    SCHEDULER.cancel(_job_key(instance, scope))
    setattr(instance, scope, status)


def mark_instance_pending(instance):
    _apply(instance, INSTANCE_SCOPE, True)


def mark_cluster_members_pending(cluster):
    for member in cluster.members:
        _apply(member, CLUSTER_SCOPE, True)


def mark_group_users(backend, group_name, pending_reboot):
    """A DB parameter group change reaches every instance using that group (Aurora User Guide,
    USER_WorkingWithDBInstanceParamGroups.md: "applied to all DB instances that are associated with the DB parameter
    group")."""
    for instance in instances_using(backend, group_name):
        _apply(instance, INSTANCE_SCOPE, pending_reboot)


def mark_cluster_group_users(backend, group_name, pending_reboot):
    """A cluster group change reaches every member of every cluster using that group (Aurora User Guide,
    USER_WorkingWithDBClusterParamGroups.md: "applied to all DB clusters that are associated with the DB cluster
    parameter group")."""
    for cluster in clusters_using(backend, group_name):
        for member in cluster.members:
            _apply(member, CLUSTER_SCOPE, pending_reboot)


def apply_pending_reboot(instance):
    """An instance that restarts (reboot, failover, class change) comes back with both of its groups applied."""
    settle(instance, INSTANCE_SCOPE, IN_SYNC)
    settle(instance, CLUSTER_SCOPE, IN_SYNC)


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
