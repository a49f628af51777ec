# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RDS calls behind aurora_failover: read the cluster, fail over, wait, and the events since."""

from __future__ import annotations

import math
import time

from ansible_collections.aurora.mysql.plugins.module_utils import rds


def read(client, identifier):
    return rds.read_topology(client, identifier)


def apply(client, failover_plan):
    if failover_plan.action == "failover":
        client.call("failover_db_cluster", **failover_plan.request)


def wait(client, failover_plan, desired, timeout):
    """The new writer first (polled every second), then every member, within one timeout."""
    if failover_plan.wait is None:
        return
    deadline = time.monotonic() + timeout
    target = failover_plan.details["target"]
    client.wait(failover_plan.wait, timeout, expect={"target": target}, DBClusterIdentifier=desired.cluster)
    rds.wait_members_available(client, desired.cluster, max(1, math.ceil(deadline - time.monotonic())))


def events_since(client, cluster, start_time):
    return rds.events_view(rds.read_events(client, cluster, start_time=start_time))
