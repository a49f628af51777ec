# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RDS calls behind aurora_failover: read the cluster, fail over, wait, and the events since."""

from __future__ import annotations

import math
import time

from ansible_collections.aurora.mysql.plugins.module_utils import failover, rds


def read(client, identifier):
    return rds.read_topology(client, identifier)


def apply(client, failover_plan):
    if failover_plan.action == "failover":
        client.call("failover_db_cluster", **failover_plan.request)


def wait(client, failover_plan, desired, timeout, since):
    """The new writer first (polled every second), then every member, within one timeout; a failover RDS gave up
    since `since` (the call) fails the wait at once."""
    if failover_plan.wait is None:
        return
    deadline = time.monotonic() + timeout
    target = failover_plan.details["target"]

    def failed(response):
        clusters = response.get("DBClusters") or []
        if clusters:
            raise_if_failed(client, desired.cluster, target, since, rds.topology(clusters[0]))

    client.wait(
        failover_plan.wait, timeout, expect={"target": target}, between=failed, DBClusterIdentifier=desired.cluster
    )
    rds.wait_members_available(client, desired.cluster, max(1, math.ceil(deadline - time.monotonic())))


def raise_if_failed(client, cluster, target, since, topology):
    """FailoverFailedError when RDS reported the failover to `target` failed since `since`.

    Asked only while the cluster shows available with another writer: a failed failover ends there, and only the
    events tell it from a failover not yet under way (whether RDS shows failing-over at once: no AWS source found;
    that the cluster ends available with the old writer is implied by RDS-EVENT-0070, "Promoting previous primary
    again").
    """
    if topology["status"] != "available" or topology["writer"] == target:
        return
    events = events_since(client, cluster, since)
    if failover.failure_events(events):
        raise failover.FailoverFailedError(cluster, target, topology["writer"], events)


def events_since(client, cluster, start_time):
    return rds.events_view(rds.read_events(client, cluster, start_time=start_time))
