# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reads of clusters and instances shared by several modules, and the one wait for a whole cluster."""

from __future__ import annotations


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
    return client.paginate(
        "describe_db_instances",
        "DBInstances",
        Filters=[{"Name": "db-cluster-id", "Values": [cluster_identifier]}],
    )


def writer_of(cluster):
    for member in cluster.get("DBClusterMembers", []):
        if member.get("IsClusterWriter"):
            return member["DBInstanceIdentifier"]
    return None


def wait_members_available(client, cluster_identifier, timeout):
    """Wait once for every instance of the cluster, however many were started without waiting.

    Returns the cluster's instances when the first listing already showed them all available (nothing to wait
    for, so the listing is current), or None after a wait, when the caller must list them again if it needs them.
    """
    instances = cluster_instances(client, cluster_identifier)
    # The waiter's first poll would only repeat this listing: skip it when every instance is ready already.
    if all(instance.get("DBInstanceStatus") == "available" for instance in instances):
        return instances
    client.wait(
        "members_available",
        timeout,
        Filters=[{"Name": "db-cluster-id", "Values": [cluster_identifier]}],
    )
    return None
