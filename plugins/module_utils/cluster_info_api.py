# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reads behind aurora_cluster_info, and its wait for the members."""

from __future__ import annotations

import math
import time

from ansible_collections.aurora.mysql.plugins.module_utils import rds


def _has_members(clusters):
    # normalise() reports only DBClusterMembers, so a cluster without members needs no instance listing.
    return any(cluster.get("DBClusterMembers") for cluster in clusters)


def read(client, desired, listed=None):
    """[(cluster, instances, events or None)] for the cluster asked for (any engine), or every Aurora MySQL one.

    `listed` is the asked-for cluster's instances when a wait just listed them and found nothing to wait for.
    """
    if desired.cluster is not None:
        cluster = rds.describe_cluster(client, desired.cluster)
        clusters = [cluster] if cluster else []
        instances = []
        if _has_members(clusters):
            instances = listed if listed is not None else rds.cluster_instances(client, desired.cluster)
    else:
        clusters = rds.aurora_mysql_clusters(client)
        instances = rds.aurora_mysql_instances(client) if _has_members(clusters) else []
    events = None
    if desired.events_since_minutes is not None and clusters:
        events = rds.read_events(client, desired.cluster, minutes=desired.events_since_minutes)
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
    if desired.cluster is not None:
        names = [desired.cluster]
    else:
        names = [cluster["DBClusterIdentifier"] for cluster in rds.aurora_mysql_clusters(client)]
    listed = None
    for name in names:
        # Rounded up, so a single cluster gets the whole wait_timeout and the timeout message names it.
        listed = rds.wait_members_available(client, name, max(1, math.ceil(deadline - time.monotonic())))
    return listed if desired.cluster is not None else None
