# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an operator or an app needs to know about a cluster: fields, endpoints, writer, readers, members, events.

Pure; cluster_info_api.py reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from ansible_collections.aurora.mysql.plugins.module_utils import cluster, rds, validate
from ansible_collections.aurora.mysql.plugins.module_utils.failover import promotion_order

# DescribeEvents keeps 14 days of history.
MAX_EVENT_MINUTES = 14 * 24 * 60

ARGUMENT_SPEC = dict(
    cluster_identifier=dict(type="str"),
    events_since_minutes=dict(type="int"),
    wait_for_members=dict(type="bool", default=False),
    wait_timeout=dict(type="int", default=1800),
)


@dataclass(frozen=True)
class Desired:
    cluster: str | None = None  # None: every Aurora MySQL cluster
    events_since_minutes: int | None = None
    wait_for_members: bool = False


def desired_from_params(params):
    """The query: which cluster (None = every Aurora MySQL cluster) and how many minutes of events."""
    identifier = params.get("cluster_identifier")
    return Desired(
        cluster=None if identifier is None else validate.identifier("cluster_identifier", identifier),
        events_since_minutes=validate.int_range(
            "events_since_minutes", params.get("events_since_minutes"), 1, MAX_EVENT_MINUTES
        ),
        wait_for_members=bool(params.get("wait_for_members")),
    )


def normalise(raw, instances, events=None):
    """One cluster as the module returns it; `instances` are the cluster's DBInstances, `events` raw RDS events.

    The cluster's own fields come from cluster.normalise(), the one snake_case view of a DBCluster, so this module
    and aurora_cluster name every field the same way; its members are the full member views of rds.py.
    """
    members = rds.members(raw, instances)
    writers = [m for m in members if m["is_writer"]]
    readers = promotion_order([m for m in members if not m["is_writer"]])
    result = cluster.normalise(raw)
    result.update(
        resource_id=raw.get("DbClusterResourceId"),
        multi_az=raw.get("MultiAZ"),
        availability_zones=sorted(raw.get("AvailabilityZones", [])),
        cluster_create_time=rds.iso(raw.get("ClusterCreateTime")),
        endpoints={
            "writer": raw.get("Endpoint"),
            "reader": raw.get("ReaderEndpoint"),
            "port": raw.get("Port"),
            "instances": {m["instance_identifier"]: m["address"] for m in members},
        },
        writer=writers[0]["instance_identifier"] if writers else None,
        readers=[m["instance_identifier"] for m in readers],
        members=writers + readers,
    )
    if events is not None:
        result["events"] = rds.events_view(events)
    return result
