# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""RDS waits as data: botocore's built-in waiters where they fit, botocore waiter models where none exists.

Every wait polls at most every few seconds (not botocore's 30 s default), so a wait ends within seconds
of the resource becoming ready. `description` and `summary` (a JMESPath over the last response) feed the
timeout message. Acceptor `expected` values may hold {placeholders}, filled from AwsClient.wait(expect=...).
"""

from __future__ import annotations

POLL_DELAY = 2
FAILOVER_POLL_DELAY = 1

_CLUSTER_STATUS = "DBClusters[0].Status"
_INSTANCE_STATUS = "DBInstances[0].DBInstanceStatus"
_MEMBER_STATUSES = "DBInstances[].[DBInstanceIdentifier, DBInstanceStatus]"
_DEPLOYMENT_STATUS = "BlueGreenDeployments[0].Status"
_DEPLOYMENT_STATE = "BlueGreenDeployments[0].[Status, StatusDetails, Tasks[].[Name, Status]]"
_TASK_STATUSES = "BlueGreenDeployments[0].Tasks[].Status"
_MEMBER_STATUSES_BG = "BlueGreenDeployments[0].SwitchoverDetails[].Status"

WAITERS = {
    "cluster_available": {
        "builtin": "db_cluster_available",
        "api": "DescribeDBClusters",
        "delay": POLL_DELAY,
        "description": "cluster {DBClusterIdentifier} to be available",
        "summary": _CLUSTER_STATUS,
    },
    # RDS reports `available` while deferred or in-flight changes are still queued.
    "cluster_applied": {
        "api": "DescribeDBClusters",
        "delay": POLL_DELAY,
        "description": "cluster {DBClusterIdentifier} to be available with no pending changes",
        "summary": "DBClusters[0].[Status, PendingModifiedValues]",
        "acceptors": [
            {
                "matcher": "path",
                "argument": "DBClusters[0].Status == 'available' && !(DBClusters[0].PendingModifiedValues)",
                "expected": True,
                "state": "success",
            },
            {"matcher": "pathAny", "argument": "DBClusters[].Status", "expected": "failed", "state": "failure"},
        ],
    },
    # An immediate engine upgrade: the cluster stays `available` a few moments before `upgrading`, and reports the
    # new EngineVersion only when the upgrade is over (Aurora User Guide, AuroraMySQL.Updates.MajorVersionUpgrade.md).
    "cluster_upgraded": {
        "api": "DescribeDBClusters",
        "delay": POLL_DELAY,
        "description": "cluster {DBClusterIdentifier} to run {engine_version} and be available",
        "summary": "DBClusters[0].[Status, EngineVersion, PendingModifiedValues]",
        "acceptors": [
            {
                "matcher": "path",
                "argument": (
                    "DBClusters[0].Status == 'available' && !(DBClusters[0].PendingModifiedValues)"
                    " && DBClusters[0].EngineVersion"
                ),
                "expected": "{engine_version}",
                "state": "success",
            },
            {"matcher": "pathAny", "argument": "DBClusters[].Status", "expected": "failed", "state": "failure"},
        ],
    },
    # The built-in db_cluster_deleted fails on `modifying`, which a cluster may pass through while being deleted.
    "cluster_deleted": {
        "api": "DescribeDBClusters",
        "delay": POLL_DELAY,
        "description": "cluster {DBClusterIdentifier} to be deleted",
        "summary": _CLUSTER_STATUS,
        "acceptors": [
            {"matcher": "error", "expected": "DBClusterNotFoundFault", "state": "success"},
            {"matcher": "path", "argument": "length(DBClusters) == `0`", "expected": True, "state": "success"},
        ],
    },
    "members_available": {
        "api": "DescribeDBInstances",
        "delay": POLL_DELAY,
        "description": "every instance of the cluster to be available",
        "summary": _MEMBER_STATUSES,
        "acceptors": [
            {
                "matcher": "pathAll",
                "argument": "DBInstances[].DBInstanceStatus",
                "expected": "available",
                "state": "success",
            },
            {
                "matcher": "pathAny",
                "argument": "DBInstances[].DBInstanceStatus",
                "expected": "failed",
                "state": "failure",
            },
            {
                "matcher": "pathAny",
                "argument": "DBInstances[].DBInstanceStatus",
                "expected": "incompatible-parameters",
                "state": "failure",
            },
        ],
    },
    "instance_available": {
        "builtin": "db_instance_available",
        "api": "DescribeDBInstances",
        "delay": POLL_DELAY,
        "description": "instance {DBInstanceIdentifier} to be available",
        "summary": _INSTANCE_STATUS,
    },
    # Available, every parameter group in-sync, nothing queued: what a reboot or an immediate modify ends in.
    "instance_settled": {
        "api": "DescribeDBInstances",
        "delay": POLL_DELAY,
        "description": "instance {DBInstanceIdentifier} to be available and in-sync",
        "summary": "DBInstances[0].[DBInstanceStatus, DBParameterGroups[].ParameterApplyStatus, PendingModifiedValues]",
        "acceptors": [
            {
                "matcher": "path",
                "argument": (
                    "DBInstances[0].DBInstanceStatus == 'available'"
                    " && !(DBInstances[0].DBParameterGroups[?ParameterApplyStatus != 'in-sync'])"
                    " && !(DBInstances[0].PendingModifiedValues)"
                ),
                "expected": True,
                "state": "success",
            },
            {
                "matcher": "pathAny",
                "argument": "DBInstances[].DBInstanceStatus",
                "expected": "failed",
                "state": "failure",
            },
        ],
    },
    "instance_deleted": {
        "api": "DescribeDBInstances",
        "delay": POLL_DELAY,
        "description": "instance {DBInstanceIdentifier} to be deleted",
        "summary": _INSTANCE_STATUS,
        "acceptors": [
            {"matcher": "error", "expected": "DBInstanceNotFound", "state": "success"},
            {"matcher": "error", "expected": "DBInstanceNotFoundFault", "state": "success"},
            {"matcher": "path", "argument": "length(DBInstances) == `0`", "expected": True, "state": "success"},
        ],
    },
    # Blue/green deployments (no botocore waiter exists: sources.md item 15). Statuses: service model,
    # BlueGreenDeployment.Status, BlueGreenDeploymentTask.Status, SwitchoverDetail.Status. A status the deployment
    # cannot leave by waiting ends the wait at once; blue_green_api reports it with the tasks and events.
    "blue_green_available": {
        "api": "DescribeBlueGreenDeployments",
        "delay": POLL_DELAY,
        "description": "blue/green deployment {BlueGreenDeploymentIdentifier} to be AVAILABLE, every task COMPLETED",
        "summary": _DEPLOYMENT_STATE,
        "acceptors": [
            {
                "matcher": "path",
                "argument": (
                    "BlueGreenDeployments[0].Status == 'AVAILABLE'"
                    " && !(BlueGreenDeployments[0].Tasks[?Status != 'COMPLETED'])"
                    " && !(BlueGreenDeployments[0].SwitchoverDetails[?Status != 'AVAILABLE'])"
                ),
                "expected": True,
                "state": "success",
            },
            # "INVALID_CONFIGURATION - Resources in the green environment are invalid, so switchover isn't possible."
            {
                "matcher": "path",
                "argument": _DEPLOYMENT_STATUS,
                "expected": "INVALID_CONFIGURATION",
                "state": "failure",
            },
            {"matcher": "path", "argument": _DEPLOYMENT_STATUS, "expected": "DELETING", "state": "failure"},
            {"matcher": "pathAny", "argument": _TASK_STATUSES, "expected": "FAILED", "state": "failure"},
            {"matcher": "pathAny", "argument": _MEMBER_STATUSES_BG, "expected": "MISSING_SOURCE", "state": "failure"},
            {"matcher": "pathAny", "argument": _MEMBER_STATUSES_BG, "expected": "MISSING_TARGET", "state": "failure"},
        ],
    },
    # A switchover that fails is rolled back (Aurora User Guide, blue-green-deployments-switching.md); whether the
    # deployment then shows SWITCHOVER_FAILED or AVAILABLE again has no AWS source (sources.md item 16), so after the
    # switchover call either one ends the wait as a failure.
    "blue_green_switched_over": {
        "api": "DescribeBlueGreenDeployments",
        "delay": POLL_DELAY,
        "description": "blue/green deployment {BlueGreenDeploymentIdentifier} to be SWITCHOVER_COMPLETED",
        "summary": _DEPLOYMENT_STATE,
        "acceptors": [
            {"matcher": "path", "argument": _DEPLOYMENT_STATUS, "expected": "SWITCHOVER_COMPLETED", "state": "success"},
            {"matcher": "path", "argument": _DEPLOYMENT_STATUS, "expected": "SWITCHOVER_FAILED", "state": "failure"},
            {"matcher": "path", "argument": _DEPLOYMENT_STATUS, "expected": "AVAILABLE", "state": "failure"},
            {
                "matcher": "path",
                "argument": _DEPLOYMENT_STATUS,
                "expected": "INVALID_CONFIGURATION",
                "state": "failure",
            },
            {"matcher": "path", "argument": _DEPLOYMENT_STATUS, "expected": "DELETING", "state": "failure"},
        ],
    },
    "blue_green_deleted": {
        "api": "DescribeBlueGreenDeployments",
        "delay": POLL_DELAY,
        "description": "blue/green deployment {BlueGreenDeploymentIdentifier} to be deleted",
        "summary": _DEPLOYMENT_STATE,
        "acceptors": [
            {"matcher": "error", "expected": "BlueGreenDeploymentNotFoundFault", "state": "success"},
            {
                "matcher": "path",
                "argument": "length(BlueGreenDeployments) == `0`",
                "expected": True,
                "state": "success",
            },
        ],
    },
    "failover_complete": {
        "api": "DescribeDBClusters",
        "delay": FAILOVER_POLL_DELAY,
        "description": "instance {target} to be the writer of cluster {DBClusterIdentifier}, and the cluster available",
        "summary": "DBClusters[0].[Status, DBClusterMembers[?IsClusterWriter].DBInstanceIdentifier | [0]]",
        "acceptors": [
            {
                "matcher": "path",
                "argument": (
                    "DBClusters[0].Status == 'available'"
                    " && DBClusters[0].DBClusterMembers[?IsClusterWriter].DBInstanceIdentifier | [0]"
                ),
                "expected": "{target}",
                "state": "success",
            },
        ],
    },
}
