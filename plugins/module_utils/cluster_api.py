# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster's AWS calls: read, the checks before a change, apply a plan, wait. The plan decided everything."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import rds, tags
from ansible_collections.aurora.mysql.plugins.module_utils.cluster import (
    DEFAULT_ENGINE,
    normalise,
    unknown_version_message,
)
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError


def read(client, identifier):
    """The normalised cluster, or None when it does not exist. One DescribeDBClusters call (tags included)."""
    return normalise(rds.describe_cluster(client, identifier))


def check(clients, cluster_plan, desired, subnet_group=None):
    """The checks before a change, check mode included: refuse (ValidationError) what RDS would refuse only after
    the first change; returns warnings (checks skipped).

    Asks AWS only for values the plan creates or changes, so a rerun costs nothing extra: today the engine version
    (a version RDS offers costs one call; an unknown one a second, to suggest others). `subnet_group` is the
    cluster's subnet group as the run leaves it (its vpc_id), for checks that compare VPCs.
    """
    version = cluster_plan.changes.get("engine_version")
    if cluster_plan.action not in ("create", "modify") or version is None:
        return []
    client = clients.rds
    engine = desired.options.get("engine") or DEFAULT_ENGINE
    found = client.call("describe_db_engine_versions", Engine=engine, EngineVersion=version)["DBEngineVersions"]
    if found:
        return []
    offered = client.paginate("describe_db_engine_versions", "DBEngineVersions", Engine=engine)
    raise ValidationError(
        "engine_version", unknown_version_message(version, engine, [row["EngineVersion"] for row in offered])
    )


def apply(client, cluster_plan, current, desired, timeout):
    if cluster_plan.action == "delete":
        _delete(client, cluster_plan, desired, timeout)
        return
    if cluster_plan.request:
        request = dict(cluster_plan.request)
        if cluster_plan.details.get("send_password"):
            request["MasterUserPassword"] = desired.password
        client.call("create_db_cluster" if cluster_plan.action == "create" else "modify_db_cluster", **request)
    if current is not None and cluster_plan.tags:
        tags.apply_rds(client, current["arn"], cluster_plan.tags)


def _delete(client, cluster_plan, desired, timeout):
    if cluster_plan.details["disable_protection"]:
        client.call(
            "modify_db_cluster",
            DBClusterIdentifier=desired.identifier,
            DeletionProtection=False,
            ApplyImmediately=True,
        )
        # RDS refuses to delete a cluster that is still modifying.
        client.wait("cluster_available", timeout, DBClusterIdentifier=desired.identifier)
    client.call("delete_db_cluster", **cluster_plan.request)


def wait(client, cluster_plan, desired, timeout):
    """The plan's wait; then, for a present cluster with wait_for_members, every member's."""
    if cluster_plan.wait is None:
        return
    client.wait(cluster_plan.wait, timeout, DBClusterIdentifier=desired.identifier)
    if desired.state == "present" and desired.wait_for_members:
        rds.wait_members_available(client, desired.identifier, timeout)
