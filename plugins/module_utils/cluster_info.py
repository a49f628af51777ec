# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an operator or an app needs to know about a cluster: fields, endpoints, writer, readers, members, events."""

from __future__ import annotations

import math
import time

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.aurora.mysql.plugins.module_utils import cluster_normalise, rds, validate
from ansible_collections.aurora.mysql.plugins.module_utils.failover import promotion_order

ENGINE = "aurora-mysql"
# DescribeEvents keeps 14 days of history.
MAX_EVENT_MINUTES = 14 * 24 * 60
_MASK = "********"


def desired_from_params(params):
    """The query: which cluster (None = every Aurora MySQL cluster) and how many minutes of events."""
    identifier = params.get("cluster_identifier")
    return {
        "cluster": None if identifier is None else validate.identifier("cluster_identifier", identifier),
        "events_since_minutes": validate.int_range(
            "events_since_minutes", params.get("events_since_minutes"), 1, MAX_EVENT_MINUTES
        ),
    }


def normalise(cluster, instances, events=None):
    """One cluster as the module returns it; `instances` are the cluster's DBInstances, `events` raw RDS events.

    The cluster's own fields come from cluster_normalise, the one snake_case view of a DBCluster, so this module
    and aurora_cluster name every field the same way; members gain what only DescribeDBInstances knows.
    """
    by_id = {instance["DBInstanceIdentifier"]: instance for instance in instances}
    members = [_member(entry, by_id.get(entry["DBInstanceIdentifier"], {})) for entry in cluster["DBClusterMembers"]]
    writers = [m for m in members if m["is_writer"]]
    readers = promotion_order([m for m in members if not m["is_writer"]], name="instance_identifier")
    result = cluster_normalise.normalise(cluster)
    result.update(
        resource_id=cluster.get("DbClusterResourceId"),
        multi_az=cluster.get("MultiAZ"),
        availability_zones=sorted(cluster.get("AvailabilityZones", [])),
        cluster_create_time=_iso(cluster.get("ClusterCreateTime")),
        endpoints={
            "writer": cluster.get("Endpoint"),
            "reader": cluster.get("ReaderEndpoint"),
            "port": cluster.get("Port"),
            "instances": {m["instance_identifier"]: m["address"] for m in members},
        },
        writer=writers[0]["instance_identifier"] if writers else None,
        readers=[m["instance_identifier"] for m in readers],
        members=writers + readers,
    )
    if events is not None:
        result["events"] = normalise_events(events)
    return result


def _member(entry, instance):
    groups = instance.get("DBParameterGroups") or [{}]
    return {
        "instance_identifier": entry["DBInstanceIdentifier"],
        "is_writer": bool(entry.get("IsClusterWriter")),
        "promotion_tier": entry.get("PromotionTier", instance.get("PromotionTier")),
        "status": instance.get("DBInstanceStatus"),
        "instance_class": instance.get("DBInstanceClass"),
        "availability_zone": instance.get("AvailabilityZone"),
        "address": (instance.get("Endpoint") or {}).get("Address"),
        "db_parameter_group_name": groups[0].get("DBParameterGroupName"),
        "parameter_apply_status": groups[0].get("ParameterApplyStatus"),
        "cluster_parameter_apply_status": entry.get("DBClusterParameterGroupStatus"),
        "pending_modified_values": pending(instance.get("PendingModifiedValues")),
    }


def pending(values):
    """An instance's queued changes in snake_case; a queued password shows only that it is queued."""
    result = camel_dict_to_snake_dict(values or {})
    for key in result:
        if "password" in key:
            result[key] = _MASK
    return result


def normalise_events(events):
    """RDS events as [{date, message, source_identifier}], oldest first, dates in ISO 8601."""
    ordered = sorted(events or [], key=lambda event: _iso(event.get("Date")) or "")
    return [
        {
            "date": _iso(event.get("Date")),
            "message": event.get("Message", ""),
            "source_identifier": event.get("SourceIdentifier"),
        }
        for event in ordered
    ]


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def read_events(client, cluster=None, start_time=None, minutes=None):
    """Cluster-level RDS events, for one cluster or all, since start_time or for the last `minutes`."""
    kwargs = {"SourceType": "db-cluster"}
    if cluster is not None:
        kwargs["SourceIdentifier"] = cluster
    if start_time is not None:
        kwargs["StartTime"] = start_time
    if minutes is not None:
        kwargs["Duration"] = minutes
    return client.paginate("describe_events", "Events", **kwargs)


def _has_members(clusters):
    # normalise() reports only DBClusterMembers, so a cluster without members needs no instance listing.
    return any(cluster.get("DBClusterMembers") for cluster in clusters)


def read(client, desired, listed=None):
    """[(cluster, instances, events or None)] for the cluster asked for (any engine), or every Aurora MySQL one.

    `listed` is the asked-for cluster's instances when a wait just listed them and found nothing to wait for.
    """
    if desired["cluster"] is not None:
        cluster = rds.describe_cluster(client, desired["cluster"])
        clusters = [cluster] if cluster else []
        instances = []
        if _has_members(clusters):
            instances = listed if listed is not None else rds.cluster_instances(client, desired["cluster"])
    else:
        engine = [{"Name": "engine", "Values": [ENGINE]}]
        clusters = client.paginate("describe_db_clusters", "DBClusters", Filters=engine)
        instances = []
        if _has_members(clusters):
            instances = client.paginate("describe_db_instances", "DBInstances", Filters=engine)
    events = None
    if desired["events_since_minutes"] is not None and clusters:
        events = read_events(client, desired["cluster"], minutes=desired["events_since_minutes"])
    return [
        (
            cluster,
            [i for i in instances if i.get("DBClusterIdentifier") == cluster["DBClusterIdentifier"]],
            None
            if events is None
            else [e for e in events if e.get("SourceIdentifier") == cluster["DBClusterIdentifier"]],
        )
        for cluster in sorted(clusters, key=lambda c: c["DBClusterIdentifier"])
    ]


def wait_for_members(client, desired, timeout):
    """Wait until every instance of the cluster (or of every Aurora MySQL cluster) is available.

    For one cluster, returns its instances when no wait was needed (the listing is current, see read()), else None.
    """
    deadline = time.monotonic() + timeout
    if desired["cluster"] is not None:
        names = [desired["cluster"]]
    else:
        engine = [{"Name": "engine", "Values": [ENGINE]}]
        names = [
            c["DBClusterIdentifier"] for c in client.paginate("describe_db_clusters", "DBClusters", Filters=engine)
        ]
    listed = None
    for name in names:
        # Rounded up, so a single cluster gets the whole wait_timeout and the timeout message names it.
        listed = rds.wait_members_available(client, name, max(1, math.ceil(deadline - time.monotonic())))
    return listed if desired["cluster"] is not None else None
