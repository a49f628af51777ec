# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RDS calls for one Aurora DB instance: read it with its cluster, and carry out a plan from instance_plan."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import aws, rds
from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils
from ansible_collections.aurora.mysql.plugins.module_utils.instance import normalise
from ansible_collections.aurora.mysql.plugins.module_utils.instance_plan import (
    create_kwargs,
    modify_kwargs,
    settle_waiter,
)


def resolve_kms_alias(params, desired):
    """An alias cannot be compared with the key ARN RDS reports, so look up the key it names."""
    key = desired.get("performance_insights_kms_key_id")
    if not key or "alias/" not in key:
        return desired
    metadata = aws.connect(params, "kms").call("describe_key", KeyId=key)["KeyMetadata"]
    return dict(desired, performance_insights_kms_key_id=metadata["Arn"])


def read(client, desired):
    """(view of the instance or {}, raw DBCluster or None): the cluster says who the writer is."""
    raw = rds.describe_instance(client, desired["identifier"])
    cluster_id = (raw or {}).get("DBClusterIdentifier") or desired.get("cluster_identifier")
    cluster = rds.describe_cluster(client, cluster_id) if cluster_id else None
    writer = rds.writer_of(cluster) if cluster else None
    return normalise(raw, is_writer=bool(raw) and writer == raw["DBInstanceIdentifier"]), cluster


def apply(client, current, desired, work, predicted, timeout):
    """Make the plan's calls, wait when asked, and return the instance as RDS then reports it."""
    identifier = desired["identifier"]
    if work.get("create"):
        client.call("create_db_instance", **create_kwargs(identifier, work["create"]))
        if not desired["wait"]:
            # Just started, so the cluster may not name its writer yet: the prediction answers without a read.
            return _reread(client, desired, predicted, read_cluster=False)
        client.wait("instance_available", timeout, DBInstanceIdentifier=identifier)
        return _reread(client, desired, predicted)
    if desired["state"] == "absent":
        if work.get("delete"):
            client.call("delete_db_instance", DBInstanceIdentifier=identifier)
        if desired["wait"]:
            client.wait("instance_deleted", timeout, DBInstanceIdentifier=identifier)
            return {}
        return _reread(client, desired, predicted)
    _modify(client, current, desired, work, timeout)
    if desired["wait"] and (work.get("modify") or work.get("reboot")):
        client.wait(settle_waiter(predicted), timeout, DBInstanceIdentifier=identifier)
    return _reread(client, desired, predicted)


def _modify(client, current, desired, work, timeout):
    identifier = desired["identifier"]
    busy = current["status"] != "available"
    if work.get("modify"):
        # RDS refuses to modify an instance that is still creating or modifying.
        if busy:
            client.wait("instance_available", timeout, DBInstanceIdentifier=identifier)
        client.call("modify_db_instance", **modify_kwargs(identifier, work["modify"], desired))
        busy = True
    if "tags" in work:
        tag_utils.apply_rds(client, current["arn"], work["tags"]["set"], work["tags"]["remove"])
    if work.get("reboot"):
        # RDS reboots only an available instance, and a modify may just have made it busy.
        if busy:
            client.wait("instance_available", timeout, DBInstanceIdentifier=identifier)
        client.call("reboot_db_instance", DBInstanceIdentifier=identifier)


def _reread(client, desired, predicted, read_cluster=True):
    """The instance as RDS reports it now; the writer comes from the cluster, or the prediction until it knows."""
    if read_cluster:
        view, cluster = read(client, desired)
    else:
        view, cluster = normalise(rds.describe_instance(client, desired["identifier"])), None
    if view and not (cluster and rds.writer_of(cluster)):
        view["is_writer"] = predicted.get("is_writer", False)
    return view
