# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RDS calls for one Aurora DB instance: read it with its cluster, carry out a plan, wait, read it again."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import rds
from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils
from ansible_collections.aurora.mysql.plugins.module_utils.instance import normalise


def read(client, desired):
    """(view of the instance or {}, raw DBCluster or None): the cluster says who the writer is."""
    raw = rds.describe_instance(client, desired.identifier)
    cluster_id = (raw or {}).get("DBClusterIdentifier") or desired.options["cluster_identifier"]
    cluster = rds.describe_cluster(client, cluster_id) if cluster_id else None
    writer = rds.writer_of(cluster) if cluster else None
    return normalise(raw, is_writer=bool(raw) and writer == raw["DBInstanceIdentifier"]), cluster


def check(clients, work, desired, cluster=None):
    """The checks before a change, check mode included: refuse (ValidationError) what RDS would refuse only after
    the first change; returns warnings (checks skipped). Asks AWS only for values the plan creates or changes.

    `cluster` is the raw DBCluster the instance is in; for a cluster the run only plans, the DBCluster it will be
    (DBClusterIdentifier, Engine, EngineVersion, no members). No check yet needs a call.
    """
    return []


def apply(client, work, current, desired, timeout):
    """Make the plan's calls. A modify or reboot of a busy instance first waits until RDS accepts it."""
    identifier = desired.identifier
    if work.action == "create":
        client.call("create_db_instance", **work.request)
        return
    if work.action == "delete":
        client.call("delete_db_instance", **work.request)
        return
    busy = current["status"] != "available"
    if work.action == "modify":
        # RDS refuses to modify an instance that is still creating or modifying.
        if busy:
            client.wait("instance_available", timeout, DBInstanceIdentifier=identifier)
        client.call("modify_db_instance", **work.request)
        busy = True
    if work.tags:
        tag_utils.apply_rds(client, current["arn"], work.tags)
    if work.details.get("reboot"):
        # RDS reboots only an available instance, and a modify may just have made it busy.
        if busy:
            client.wait("instance_available", timeout, DBInstanceIdentifier=identifier)
        client.call("reboot_db_instance", DBInstanceIdentifier=identifier)


def wait(client, work, desired, timeout):
    if work.wait is not None:
        client.wait(work.wait, timeout, DBInstanceIdentifier=desired.identifier)


def read_after(client, work, desired, predicted):
    """The instance as RDS reports it once the plan ran; the writer comes from the cluster, or the prediction
    until the cluster names one."""
    if work.wait == "instance_deleted":
        return {}
    if work.action == "create" and work.wait is None:
        # Just started, so the cluster may not name its writer yet: the prediction answers without a read.
        view, cluster = normalise(rds.describe_instance(client, desired.identifier)), None
    else:
        view, cluster = read(client, desired)
    if view and not (cluster and rds.writer_of(cluster)):
        view["is_writer"] = predicted.get("is_writer", False)
    return view
