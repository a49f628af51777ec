# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""RDS waits as data: botocore waiter models, run by botocore.

Every wait polls at most every few seconds (not botocore's 30 s default), so a wait ends within seconds
of the resource becoming ready. `description` and `summary` (a JMESPath over the last response) feed the
timeout message. Acceptor `expected` values may hold {placeholders}, filled from AwsClient.wait(expect=...).

Every wait also ends at once on a state it cannot leave by waiting (states.py): a failure acceptor per such state,
and `stuck` says where aws.wait finds the resource and its state to name them. botocore's own db_cluster_available
and db_instance_available know only five of those states, so these models replace them.
"""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import states

POLL_DELAY = 2
FAILOVER_POLL_DELAY = 1

_CLUSTER_STATUS = "DBClusters[0].Status"
_INSTANCE_STATUS = "DBInstances[0].DBInstanceStatus"
_MEMBER_STATUSES = "DBInstances[].[DBInstanceIdentifier, DBInstanceStatus]"
_DEPLOYMENT_STATUS = "BlueGreenDeployments[0].Status"
_DEPLOYMENT_STATE = "BlueGreenDeployments[0].[Status, StatusDetails, Tasks[].[Name, Status]]"
_TASK_STATUSES = "BlueGreenDeployments[0].Tasks[].Status"
_MEMBER_STATUSES_BG = "BlueGreenDeployments[0].SwitchoverDetails[].Status"
# (the states of every resource in the answer, [identifier, state] pairs to name the stuck one)
_CLUSTERS = ("DBClusters[].Status", "DBClusters[].[DBClusterIdentifier, Status]")
_INSTANCES = ("DBInstances[].DBInstanceStatus", _MEMBER_STATUSES)
_PARAMETER_GROUPS = (
    "DBInstances[].DBParameterGroups[].ParameterApplyStatus",
    "DBInstances[].[DBInstanceIdentifier, DBParameterGroups[0].ParameterApplyStatus]",
)


def _success(argument, expected=True, matcher="path"):
    return {"matcher": matcher, "argument": argument, "expected": expected, "state": "success"}


def _failure(argument, expected, matcher="path"):
    return {"matcher": matcher, "argument": argument, "expected": expected, "state": "failure"}


def _waiter(api, description, summary, acceptors, stuck=(), delay=POLL_DELAY):
    """A waiter model; `stuck` is (kind, (states path, pairs path), allowed states) per resource it reads."""
    failures = [
        {"matcher": "pathAny", "argument": paths[0], "expected": state, "state": "failure"}
        for kind, paths, allowed in stuck
        for state in states.STUCK[kind]
        if state not in allowed
    ]
    return {
        "api": api,
        "delay": delay,
        "description": description,
        "summary": summary,
        "acceptors": list(acceptors) + failures,
        "stuck": [(kind, paths[1], allowed) for kind, paths, allowed in stuck],
    }


_CLUSTER_STUCK = ((states.CLUSTER, _CLUSTERS, ()),)
_INSTANCE_STUCK = ((states.INSTANCE, _INSTANCES, ()),)

WAITERS = {
    "cluster_available": _waiter(
        "DescribeDBClusters",
        "cluster {DBClusterIdentifier} to be available",
        _CLUSTER_STATUS,
        [_success("DBClusters[].Status", "available", "pathAll")],
        _CLUSTER_STUCK,
    ),
    # RDS reports `available` while deferred or in-flight changes are still queued.
    "cluster_applied": _waiter(
        "DescribeDBClusters",
        "cluster {DBClusterIdentifier} to be available with no pending changes",
        "DBClusters[0].[Status, PendingModifiedValues]",
        [_success("DBClusters[0].Status == 'available' && !(DBClusters[0].PendingModifiedValues)")],
        _CLUSTER_STUCK,
    ),
    # An immediate engine upgrade: the cluster stays `available` a few moments before `upgrading`, and reports the
    # new EngineVersion only when the upgrade is over (Aurora User Guide, AuroraMySQL.Updates.MajorVersionUpgrade.md).
    "cluster_upgraded": _waiter(
        "DescribeDBClusters",
        "cluster {DBClusterIdentifier} to run {engine_version} and be available",
        "DBClusters[0].[Status, EngineVersion, PendingModifiedValues]",
        [
            _success(
                "DBClusters[0].Status == 'available' && !(DBClusters[0].PendingModifiedValues)"
                " && DBClusters[0].EngineVersion",
                "{engine_version}",
            )
        ],
        _CLUSTER_STUCK,
    ),
    # After StartDBCluster: the cluster may still show the state it was started from (whether RDS answers the next
    # describe with it: no AWS source found), so neither counts as stuck here.
    "cluster_started": _waiter(
        "DescribeDBClusters",
        "cluster {DBClusterIdentifier} to start and be available",
        _CLUSTER_STATUS,
        [_success("DBClusters[].Status", "available", "pathAll")],
        ((states.CLUSTER, _CLUSTERS, ("stopped", "inaccessible-encryption-credentials-recoverable")),),
    ),
    "cluster_stopped": _waiter(
        "DescribeDBClusters",
        "cluster {DBClusterIdentifier} to be stopped",
        _CLUSTER_STATUS,
        [_success("DBClusters[].Status", "stopped", "pathAll")],
        ((states.CLUSTER, _CLUSTERS, ("stopped", "stopping")),),
    ),
    # botocore's db_cluster_deleted fails on `modifying`, which a cluster may pass through while being deleted.
    "cluster_deleted": _waiter(
        "DescribeDBClusters",
        "cluster {DBClusterIdentifier} to be deleted",
        _CLUSTER_STATUS,
        [
            {"matcher": "error", "expected": "DBClusterNotFoundFault", "state": "success"},
            _success("length(DBClusters) == `0`"),
        ],
    ),
    "members_available": _waiter(
        "DescribeDBInstances",
        "every instance of the cluster to be available",
        _MEMBER_STATUSES,
        [_success("DBInstances[].DBInstanceStatus", "available", "pathAll")],
        _INSTANCE_STUCK,
    ),
    "instance_available": _waiter(
        "DescribeDBInstances",
        "instance {DBInstanceIdentifier} to be available",
        _INSTANCE_STATUS,
        [_success("DBInstances[].DBInstanceStatus", "available", "pathAll")],
        _INSTANCE_STUCK,
    ),
    # Available, every parameter group in-sync, nothing queued: what a reboot or an immediate modify ends in.
    "instance_settled": _waiter(
        "DescribeDBInstances",
        "instance {DBInstanceIdentifier} to be available and in-sync",
        "DBInstances[0].[DBInstanceStatus, DBParameterGroups[].ParameterApplyStatus, PendingModifiedValues]",
        [
            _success(
                "DBInstances[0].DBInstanceStatus == 'available'"
                " && !(DBInstances[0].DBParameterGroups[?ParameterApplyStatus != 'in-sync'])"
                " && !(DBInstances[0].PendingModifiedValues)"
            )
        ],
        _INSTANCE_STUCK + ((states.PARAMETERS, _PARAMETER_GROUPS, ()),),
    ),
    # After a parameter change RDS shows `applying` before `pending-reboot` or `in-sync` (the order: no AWS source
    # found; AWS's CloudFormation handlers wait until no instance is applying, DBInstancePredicates.java).
    "instance_parameters_applied": _waiter(
        "DescribeDBInstances",
        "the parameter group of instance {DBInstanceIdentifier} to finish applying",
        "DBInstances[0].DBParameterGroups[].ParameterApplyStatus",
        [_success("length(DBInstances[0].DBParameterGroups[?ParameterApplyStatus == 'applying']) == `0`")],
        _INSTANCE_STUCK + ((states.PARAMETERS, _PARAMETER_GROUPS, ()),),
    ),
    "instance_deleted": _waiter(
        "DescribeDBInstances",
        "instance {DBInstanceIdentifier} to be deleted",
        _INSTANCE_STATUS,
        [
            {"matcher": "error", "expected": "DBInstanceNotFound", "state": "success"},
            {"matcher": "error", "expected": "DBInstanceNotFoundFault", "state": "success"},
            _success("length(DBInstances) == `0`"),
        ],
    ),
    # Blue/green deployments (no botocore waiter exists: sources.md item 15). Statuses: service model,
    # BlueGreenDeployment.Status, BlueGreenDeploymentTask.Status, SwitchoverDetail.Status. A status the deployment
    # cannot leave by waiting ends the wait at once; blue_green_api reports it with the tasks and events.
    "blue_green_available": _waiter(
        "DescribeBlueGreenDeployments",
        "blue/green deployment {BlueGreenDeploymentIdentifier} to be AVAILABLE, every task COMPLETED",
        _DEPLOYMENT_STATE,
        [
            _success(
                "BlueGreenDeployments[0].Status == 'AVAILABLE'"
                " && !(BlueGreenDeployments[0].Tasks[?Status != 'COMPLETED'])"
                " && !(BlueGreenDeployments[0].SwitchoverDetails[?Status != 'AVAILABLE'])"
            ),
            # "INVALID_CONFIGURATION - Resources in the green environment are invalid, so switchover isn't possible."
            _failure(_DEPLOYMENT_STATUS, "INVALID_CONFIGURATION"),
            _failure(_DEPLOYMENT_STATUS, "DELETING"),
            _failure(_TASK_STATUSES, "FAILED", "pathAny"),
            _failure(_MEMBER_STATUSES_BG, "MISSING_SOURCE", "pathAny"),
            _failure(_MEMBER_STATUSES_BG, "MISSING_TARGET", "pathAny"),
        ],
    ),
    # A switchover that fails is rolled back (Aurora User Guide, blue-green-deployments-switching.md); whether the
    # deployment then shows SWITCHOVER_FAILED or AVAILABLE again has no AWS source (sources.md item 16), so after the
    # switchover call either one ends the wait as a failure.
    "blue_green_switched_over": _waiter(
        "DescribeBlueGreenDeployments",
        "blue/green deployment {BlueGreenDeploymentIdentifier} to be SWITCHOVER_COMPLETED",
        _DEPLOYMENT_STATE,
        [
            _success(_DEPLOYMENT_STATUS, "SWITCHOVER_COMPLETED"),
            _failure(_DEPLOYMENT_STATUS, "SWITCHOVER_FAILED"),
            _failure(_DEPLOYMENT_STATUS, "AVAILABLE"),
            _failure(_DEPLOYMENT_STATUS, "INVALID_CONFIGURATION"),
            _failure(_DEPLOYMENT_STATUS, "DELETING"),
        ],
    ),
    "blue_green_deleted": _waiter(
        "DescribeBlueGreenDeployments",
        "blue/green deployment {BlueGreenDeploymentIdentifier} to be deleted",
        _DEPLOYMENT_STATE,
        [
            {"matcher": "error", "expected": "BlueGreenDeploymentNotFoundFault", "state": "success"},
            _success("length(BlueGreenDeployments) == `0`"),
        ],
    ),
    # failover_api.wait also reads the cluster's events between polls: a failover that failed leaves the cluster
    # available with the old writer, which only the events tell apart from a failover not yet under way.
    "failover_complete": _waiter(
        "DescribeDBClusters",
        "instance {target} to be the writer of cluster {DBClusterIdentifier}, and the cluster available",
        "DBClusters[0].[Status, DBClusterMembers[?IsClusterWriter].DBInstanceIdentifier | [0]]",
        [
            _success(
                "DBClusters[0].Status == 'available'"
                " && DBClusters[0].DBClusterMembers[?IsClusterWriter].DBInstanceIdentifier | [0]",
                "{target}",
            )
        ],
        _CLUSTER_STUCK,
        delay=FAILOVER_POLL_DELAY,
    ),
}
