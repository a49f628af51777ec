# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one RDS read layer: clusters, instances, the member view, who uses a group, events, the members wait.

Every module that reads a cluster's members, or asks whether a subnet or parameter group is still in use, reads
it here, so they all see the same thing: a group is used by clusters of any engine and by instances outside a
cluster, whatever their engine.
"""

from __future__ import annotations

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

AURORA_MYSQL = "aurora-mysql"
PENDING_REBOOT = "pending-reboot"
# RDS gives an instance this failover priority unless told otherwise.
DEFAULT_PROMOTION_TIER = 1
MASK = "********"
_AURORA_MYSQL_FILTER = [{"Name": "engine", "Values": [AURORA_MYSQL]}]


def describe_cluster(client, identifier):
    """The raw DBCluster dict, or None when it does not exist."""
    response = client.call_or_none("describe_db_clusters", DBClusterIdentifier=identifier) or {}
    clusters = response.get("DBClusters", [])
    return clusters[0] if clusters else None


def describe_instance(client, identifier):
    """The raw DBInstance dict, or None when it does not exist."""
    response = client.call_or_none("describe_db_instances", DBInstanceIdentifier=identifier) or {}
    instances = response.get("DBInstances", [])
    return instances[0] if instances else None


def cluster_instances(client, cluster_identifier):
    """Every DB instance of a cluster, in one paginated call."""
    return client.paginate("describe_db_instances", "DBInstances", Filters=_cluster_filter(cluster_identifier))


def aurora_mysql_clusters(client):
    return client.paginate("describe_db_clusters", "DBClusters", Filters=_AURORA_MYSQL_FILTER)


def aurora_mysql_instances(client):
    return client.paginate("describe_db_instances", "DBInstances", Filters=_AURORA_MYSQL_FILTER)


def _cluster_filter(cluster_identifier):
    return [{"Name": "db-cluster-id", "Values": [cluster_identifier]}]


def writer_of(cluster):
    for member in (cluster or {}).get("DBClusterMembers", []):
        if member.get("IsClusterWriter"):
            return member["DBInstanceIdentifier"]
    return None


def pending_values(raw):
    """Queued changes (PendingModifiedValues) in snake_case; a queued password shows only that it is queued."""
    result = camel_dict_to_snake_dict(raw or {})
    for key in result:
        if "password" in key:
            result[key] = MASK
    return result


def member_view(entry, instance=None):
    """One cluster member: its DBClusterMembers entry, completed from its DBInstance when that was read."""
    instance = instance or {}
    groups = instance.get("DBParameterGroups") or [{}]
    return {
        "instance_identifier": entry["DBInstanceIdentifier"],
        "is_writer": bool(entry.get("IsClusterWriter")),
        "promotion_tier": entry.get("PromotionTier", instance.get("PromotionTier", DEFAULT_PROMOTION_TIER)),
        "status": instance.get("DBInstanceStatus"),
        "instance_class": instance.get("DBInstanceClass"),
        "availability_zone": instance.get("AvailabilityZone"),
        "address": (instance.get("Endpoint") or {}).get("Address"),
        "db_parameter_group_name": groups[0].get("DBParameterGroupName"),
        "parameter_apply_status": groups[0].get("ParameterApplyStatus"),
        "cluster_parameter_apply_status": entry.get("DBClusterParameterGroupStatus"),
        "pending_modified_values": pending_values(instance.get("PendingModifiedValues")),
    }


def members(cluster, instances=()):
    """The member views of a raw DBCluster, sorted by identifier; `instances` are its DBInstances, when read."""
    by_id = {instance["DBInstanceIdentifier"]: instance for instance in instances}
    views = [
        member_view(entry, by_id.get(entry["DBInstanceIdentifier"])) for entry in cluster.get("DBClusterMembers") or []
    ]
    return sorted(views, key=lambda member: member["instance_identifier"])


def topology(cluster, instances=()):
    """Who is where in a cluster: {identifier, status, writer, members (member views)}; None for no cluster."""
    if cluster is None:
        return None
    return {
        "identifier": cluster["DBClusterIdentifier"],
        "status": cluster.get("Status"),
        "writer": writer_of(cluster),
        "members": members(cluster, instances),
    }


def read_topology(client, identifier):
    """topology() of the cluster, from one describe of it and one listing of its instances."""
    cluster = describe_cluster(client, identifier)
    return topology(cluster, cluster_instances(client, identifier) if cluster else [])


def wait_members_available(client, cluster_identifier, timeout):
    """Wait once for every instance of the cluster, however many were started without waiting.

    Returns the cluster's instances when the first listing already showed them all available (nothing to wait
    for, so the listing is current), or None after a wait, when the caller must list them again if it needs them.
    """
    instances = cluster_instances(client, cluster_identifier)
    # The waiter's first poll would only repeat this listing: skip it when every instance is ready already.
    if all(instance.get("DBInstanceStatus") == "available" for instance in instances):
        return instances
    client.wait("members_available", timeout, Filters=_cluster_filter(cluster_identifier))
    return None


# Who uses a group: [{kind, identifier, cluster, instances, pending_reboot}], where `kind` is "cluster" or
# "instance", `cluster` the cluster an instance belongs to, `instances` the instances the group's values reach and
# `pending_reboot` those of them that wait for a reboot to apply them.


def _user(kind, identifier, cluster=None, statuses=()):
    statuses = list(statuses)
    return {
        "kind": kind,
        "identifier": identifier,
        "cluster": cluster,
        "instances": sorted(instance for instance, _status in statuses if instance),
        "pending_reboot": sorted(instance for instance, status in statuses if instance and status == PENDING_REBOOT),
    }


def _named(value, name):
    return (value or "").lower() == name


def subnet_group_users(client, name):
    """Clusters (of any engine) in DB subnet group `name`, and instances outside a cluster; members count as their
    cluster."""
    clusters = [
        _user("cluster", cluster["DBClusterIdentifier"])
        for cluster in client.paginate("describe_db_clusters", "DBClusters")
        if _named(cluster.get("DBSubnetGroup"), name)
    ]
    instances = [
        _user("instance", db["DBInstanceIdentifier"])
        for db in client.paginate("describe_db_instances", "DBInstances")
        if not db.get("DBClusterIdentifier") and _named((db.get("DBSubnetGroup") or {}).get("DBSubnetGroupName"), name)
    ]
    return clusters + instances


def parameter_group_users(client, scope, name):
    """The clusters (scope cluster) or instances (scope instance), of any engine, that use parameter group `name`."""
    if scope == "instance":
        return [
            _user(
                "instance",
                db["DBInstanceIdentifier"],
                cluster=db.get("DBClusterIdentifier"),
                statuses=[(db["DBInstanceIdentifier"], group.get("ParameterApplyStatus"))],
            )
            for db in client.paginate("describe_db_instances", "DBInstances")
            for group in db.get("DBParameterGroups") or []
            if _named(group.get("DBParameterGroupName"), name)
        ]
    return [
        _user(
            "cluster",
            cluster["DBClusterIdentifier"],
            statuses=[
                (member["DBInstanceIdentifier"], member.get("DBClusterParameterGroupStatus"))
                for member in cluster.get("DBClusterMembers") or []
            ],
        )
        for cluster in client.paginate("describe_db_clusters", "DBClusters")
        if _named(cluster.get("DBClusterParameterGroup"), name)
    ]


def still_in_use(users, assume_deleted=()):
    """The users an earlier task does not delete: neither they nor the cluster they belong to are in assume_deleted."""
    gone = {identifier.lower() for identifier in assume_deleted}
    return [
        user
        for user in users
        if user["identifier"].lower() not in gone and (user["cluster"] is None or user["cluster"].lower() not in gone)
    ]


def users_named(users):
    """'cluster a, cluster b, instance c': users sorted, clusters first."""
    return ", ".join(sorted(f"{user['kind']} {user['identifier']}" for user in users))


def read_events(client, cluster=None, start_time=None, minutes=None, source_type="db-cluster"):
    """RDS events of one source type (cluster-level unless told), for one source (`cluster`: its identifier) or all,
    since start_time or for the last `minutes`."""
    kwargs = {"SourceType": source_type}
    if cluster is not None:
        kwargs["SourceIdentifier"] = cluster
    if start_time is not None:
        kwargs["StartTime"] = start_time
    if minutes is not None:
        kwargs["Duration"] = minutes
    return client.paginate("describe_events", "Events", **kwargs)


def events_view(events):
    """RDS events as [{date, message, source_identifier}], oldest first, dates in ISO 8601."""
    ordered = sorted(events or [], key=lambda event: iso(event.get("Date")) or "")
    return [
        {
            "date": iso(event.get("Date")),
            "message": event.get("Message", ""),
            "source_identifier": event.get("SourceIdentifier"),
        }
        for event in ordered
    ]


def iso(value):
    """A datetime from botocore as ISO 8601; anything else as it is."""
    return value.isoformat() if hasattr(value, "isoformat") else value
