# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster's AWS calls: read, apply a plan, wait. Everything they decide was decided by the pure plan."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import aws, rds, tags
from ansible_collections.aurora.mysql.plugins.module_utils.cluster_normalise import normalise
from ansible_collections.aurora.mysql.plugins.module_utils.cluster_versions import unknown_version_message
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

DEFAULT_ENGINE = "aurora-mysql"


def read(client, identifier):
    """The normalised cluster, or None when it does not exist. One DescribeDBClusters call (tags included)."""
    return normalise(rds.describe_cluster(client, identifier))


def check_engine_version(client, cluster_plan, desired):
    """Refuse a version RDS does not offer before anything changes, check mode included.

    Asks only when the plan sends a version (a create naming one, or a new version for an existing cluster), so a
    rerun costs nothing extra. A version RDS offers costs one call; an unknown one a second, to suggest others.
    """
    version = cluster_plan.changes.get("engine_version")
    if cluster_plan.action not in ("create", "modify") or version is None:
        return
    engine = desired.options.get("engine") or DEFAULT_ENGINE
    found = client.call("describe_db_engine_versions", Engine=engine, EngineVersion=version)["DBEngineVersions"]
    if found:
        return
    offered = client.paginate("describe_db_engine_versions", "DBEngineVersions", Engine=engine)
    raise ValidationError(
        "engine_version", unknown_version_message(version, engine, [row["EngineVersion"] for row in offered])
    )


def kms_key_arn(params):
    """describe_key(alias) -> key ARN; the KMS client is built on first use, so most runs never build one."""
    clients = []

    def describe_key(alias):
        if not clients:
            clients.append(aws.connect(params, "kms"))
        return clients[0].call("describe_key", KeyId=alias)["KeyMetadata"]["Arn"]

    return describe_key


def apply(client, cluster_plan, current, desired, timeout):
    if cluster_plan.action == "delete":
        _delete(client, cluster_plan, desired, timeout)
        return
    if cluster_plan.request:
        request = dict(cluster_plan.request)
        if cluster_plan.send_password:
            request["MasterUserPassword"] = desired.password
        client.call("create_db_cluster" if cluster_plan.action == "create" else "modify_db_cluster", **request)
    if cluster_plan.action == "modify":
        tags.apply_rds(client, current["arn"], cluster_plan.tags_to_set, cluster_plan.tags_to_remove)


def _delete(client, cluster_plan, desired, timeout):
    if cluster_plan.disable_protection:
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
    """Deleted for absent; otherwise available, with this run's changes applied when they were sent immediately."""
    if desired.state == "absent":
        client.wait("cluster_deleted", timeout, DBClusterIdentifier=desired.identifier)
        return
    applied = cluster_plan.action == "modify" and desired.apply_immediately and bool(cluster_plan.request)
    client.wait("cluster_applied" if applied else "cluster_available", timeout, DBClusterIdentifier=desired.identifier)
    if desired.wait_for_members:
        rds.wait_members_available(client, desired.identifier, timeout)
