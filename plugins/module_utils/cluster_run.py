# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Starting and stopping a cluster (aurora_cluster state: started / stopped): the plan and the status it leads to.

Pure. Aurora User Guide, aurora-cluster-stop-start.md: a cluster is stopped and started as a whole ("You can't stop
an individual Aurora DB instance"); stopped, it is started again by AWS after seven days; while stopped it cannot
be modified and no instance can be added or removed. RDS starts a cluster only from `stopped` or
`inaccessible-encryption-credentials-recoverable` and stops one only from `available` (StartDBCluster's refusal "is in
available state but expected it to be one of stopped, inaccessible-encryption-credentials-recoverable", StopDBCluster's
"is in stopping state but expected it to be one of available": sqlxpert's "Idempotence" post and stay-stopped README),
and StopDBCluster is refused until every member is available (InvalidDBInstanceState, the same project's code).
"""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import states
from ansible_collections.aurora.mysql.plugins.module_utils.errors import MissingError
from ansible_collections.aurora.mysql.plugins.module_utils.plan import Plan

RUN_STATES = ("started", "stopped")
STARTABLE = ("stopped", "inaccessible-encryption-credentials-recoverable")


def plan(current, desired):
    """A start, a stop, or nothing (perhaps a wait) for desired.state started or stopped.

    details["first"] names the wait the run makes before its call, even with wait: false, since RDS would refuse the
    call before that state; details["members"] says the stop waits for every member to be available too.
    """
    name = desired.identifier
    if current is None:
        raise MissingError(
            "identifier", f"cluster {name} does not exist; create it (state: present) before it can be {desired.state}"
        )
    status = current["status"]
    if desired.state == "started":
        return _start_plan(name, status, desired.wait)
    return _stop_plan(name, status, desired.wait)


def _start_plan(name, status, wait):
    request = {"DBClusterIdentifier": name}
    if status in STARTABLE or status == "stopping":
        return Plan(
            action="start",
            changes={"status": "available"},
            wait="cluster_started" if wait else None,
            request=request,
            details={"first": "cluster_stopped" if status == "stopping" else None},
        )
    states.refuse(states.CLUSTER, name, status)
    # Running already; a cluster still creating, modifying, starting ... is waited for when the task waits.
    return Plan(wait="cluster_available" if wait and status != "available" else None)


def _stop_plan(name, status, wait):
    if status == "stopped":
        return Plan()
    if status == "stopping":
        return Plan(wait="cluster_stopped" if wait else None)
    states.refuse(states.CLUSTER, name, status)
    return Plan(
        action="stop",
        changes={"status": "stopped"},
        wait="cluster_stopped" if wait else None,
        request={"DBClusterIdentifier": name},
        details={"first": "cluster_available" if status != "available" else None, "members": True},
    )


_WAITED = {"cluster_available": "available", "cluster_started": "available", "cluster_stopped": "stopped"}
_STARTED_OFF = {"start": "starting", "stop": "stopping"}


def predicted_status(current, run_plan):
    """The status the plan leaves: where its wait ends, else where its call starts the cluster off."""
    if run_plan.wait:
        return _WAITED[run_plan.wait]
    return _STARTED_OFF.get(run_plan.action, current["status"])
