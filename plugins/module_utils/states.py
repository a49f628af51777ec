# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The states a cluster, an instance or a parameter group status does not leave by waiting, and what to do about
each: the one table the waits (waiters.py), the plans and the rolling reboot read. Pure.

AWS publishes no single list of such states. This is the union of the lists AWS's own tools act on, each state's
meaning from the Aurora User Guide (Aurora.Status.md for clusters, Overview.DBInstance.Status.md for instances):
- AWS's CloudFormation handlers (aws-cloudformation-resource-providers-rds, DBClusterStatus.java and
  DBInstanceStatus.java) fail fast on inaccessible-encryption-credentials(-recoverable), incompatible-network,
  incompatible-parameters, incompatible-restore, migration-failed, restore-failed (clusters) and failed,
  incompatible-create, incompatible-credentials, modify-failed, upgrade-failed (instances), "instead of waiting for the
  stabilization process to time out" (that repository's pull request 542);
- botocore's db_cluster_available and db_instance_available waiters fail on deleted, deleting, failed,
  incompatible-restore and incompatible-parameters (waiters-2.json);
- sqlxpert's stay-stopped-aws-rds-aurora gives up on inaccessible-encryption-credentials, cloning-failed,
  migration-failed, failed, incompatible-restore, insufficient-capacity, restore-error and storage-full;
- stopped is left only by StartDBCluster or by the automatic start after seven days, and stopping leads only to
  stopped (Aurora User Guide, aurora-cluster-stop-start.md);
- a parameter group status failed-to-apply: "The parameter group is in an invalid state" (service model,
  DBParameterGroupStatus.ParameterApplyStatus).
"""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils.errors import StuckError

CLUSTER = "cluster"
INSTANCE = "instance"
PARAMETERS = "parameter group of instance"

_START = "start it (aurora.mysql.aurora_cluster state: started), then rerun"
_START_CLUSTER = "start its cluster (aurora.mysql.aurora_cluster state: started), then rerun"
# Overview.Encryption.md: the recoverable state lasts seven days; "When you start the DB cluster during that time, it
# checks if the KMS key is active and recovers the DB cluster if it is"; after that only a restore from a backup.
_KMS_RECOVERABLE = (
    "Aurora cannot use its KMS key; enable the key (or give Aurora back its access to it), then start the cluster "
    "(aurora.mysql.aurora_cluster state: started) within seven days of losing access, then rerun"
)
_KMS_TERMINAL = (
    "Aurora lost access to its KMS key for good; give RDS access to the key again, then restore the cluster from its "
    "latest backup"
)
_EVENTS = "its recent RDS events say why (aurora.mysql.aurora_cluster_info events_since_minutes)"

# What both a cluster and an instance can show; the tables below add what differs.
_COMMON = {
    # Aurora.Status.md: "deleting"; botocore's waiters give up on it.
    "deleting": "it is being deleted; wait until it is gone, then rerun",
    "inaccessible-encryption-credentials-recoverable": _KMS_RECOVERABLE,
    "inaccessible-encryption-credentials": _KMS_TERMINAL,
    # Overview.DBInstance.Status.md: "the VPC is in a state that prevents the action ... for example, all available IP
    # addresses in a subnet are in use".
    "incompatible-network": (
        "its VPC keeps RDS from recovering it, for example a subnet of its DB subnet group has no free IP address; "
        f"free addresses (or add subnets), then rerun; {_EVENTS}"
    ),
    # Overview.DBInstance.Status.md: "Revert the parameter changes or make them compatible with the DB instance to
    # regain access"; RDS-EVENT-0035 names the parameter (USER_Events.Messages.md).
    "incompatible-parameters": (
        "its parameter group holds values it cannot start with; revert them or make them fit the instance class, "
        f"reboot it, then rerun; {_EVENTS}"
    ),
    # Overview.DBInstance.Status.md: "Amazon RDS can't do a point-in-time restore".
    "incompatible-restore": f"RDS cannot complete its point-in-time restore; restore it again another way; {_EVENTS}",
    # Overview.DBInstance.Status.md: "delete your DB instance, wait a few hours, and try to create again.
    # Alternatively, create a new instance using a different instance class or AZ."
    "insufficient-capacity": (
        "AWS has no capacity for its instance class in its availability zone; delete it and create it again later, "
        "or with another instance class or availability zone"
    ),
    # Overview.DBInstance.Status.md: "This is a critical status, and we recommend that you fix this issue
    # immediately"; for Aurora, RDS-EVENT-0227 "Your Aurora cluster's storage is dangerously low".
    "storage-full": (
        f"it has run out of storage; free space (or move to a larger instance class), then rerun; {_EVENTS}"
    ),
    # Overview.DBInstance.Status.md: "has failed and Amazon RDS can't recover it. Perform a point-in-time restore to
    # the latest restorable time".
    "failed": "RDS cannot recover it; restore the cluster to its latest restorable time (point-in-time restore)",
}

STUCK = {
    CLUSTER: dict(
        _COMMON,
        stopped=_START,
        stopping=f"it stays stopped once it has stopped; {_START}",
        **{
            "cloning-failed": f"its clone failed; delete it and clone again; {_EVENTS}",
            "migration-failed": f"its migration failed; delete it and migrate again; {_EVENTS}",
            "restore-failed": f"its restore failed; delete it and restore again; {_EVENTS}",
        },
    ),
    INSTANCE: dict(
        _COMMON,
        # aurora-cluster-stop-start.md: "You can't stop an individual Aurora DB instance": a stopped instance is a
        # stopped cluster's.
        stopped=_START_CLUSTER,
        stopping=f"its cluster is stopping and stays stopped once it has stopped; {_START_CLUSTER}",
        **{
            "restore-error": f"its restore failed; delete it and restore again; {_EVENTS}",
            "incompatible-create": f"RDS could not create it; delete it and create it again; {_EVENTS}",
            "incompatible-credentials": f"RDS cannot use the credentials it was given; {_EVENTS}",
            "incompatible-option-group": f"RDS could not apply its option group change; {_EVENTS}",
            "modify-failed": f"its last modification failed; {_EVENTS}",
            "upgrade-failed": f"its engine upgrade failed; {_EVENTS}",
        },
    ),
    PARAMETERS: {
        "failed-to-apply": (
            "RDS reports the group in an invalid state; check the group's values against the instance (its recent "
            "RDS events say which), fix them, then rerun"
        ),
    },
}


def remedy(kind, state, allowed=()):
    """What to do about a `kind` in `state`, or None when waiting can still get it somewhere (or it is allowed)."""
    if state in allowed:
        return None
    return STUCK[kind].get(state)


def stuck(kind, identifier, state):
    return StuckError(kind, identifier, state, STUCK[kind][state])


def refuse(kind, identifier, state, allowed=()):
    """Raise the StuckError of a resource in a state it does not leave by waiting; nothing otherwise."""
    if remedy(kind, state, allowed) is not None:
        raise stuck(kind, identifier, state)
