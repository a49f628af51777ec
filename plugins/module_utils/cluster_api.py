# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster's AWS calls: read, the checks before a change, apply a plan, wait. The plan decided everything."""

from __future__ import annotations

import math
import time

from ansible_collections.aurora.mysql.plugins.module_utils import engine_version_api, param_group_api, rds, tags
from ansible_collections.aurora.mysql.plugins.module_utils.cluster import DEFAULT_ENGINE, normalise
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError


def read(client, identifier):
    """The normalised cluster, or None when it does not exist. One DescribeDBClusters call (tags included)."""
    return normalise(rds.describe_cluster(client, identifier))


def check(clients, cluster_plan, desired, subnet_group=None):
    """Refuse a version RDS would refuse before anything changes, check mode included; returns warnings (checks
    skipped).

    Asks only when the plan sends a version (a create naming one, or an upgrade of an existing cluster), so a rerun
    costs nothing extra: a create's version must be offered; an upgrade's must be a ValidUpgradeTarget of the running
    version, and a major one needs its new family's parameter groups (_check_major_upgrade). `subnet_group` is the
    cluster's subnet group as the run leaves it (its vpc_id), for checks that compare VPCs.
    """
    version = cluster_plan.changes.get("engine_version")
    if cluster_plan.action not in ("create", "modify") or version is None:
        return []
    client = clients.rds
    engine = desired.options.get("engine") or DEFAULT_ENGINE
    upgrade = cluster_plan.details.get("engine_upgrade")
    if upgrade is None:
        engine_version_api.offered(client, "engine_version", engine, version)
        return []
    target = engine_version_api.upgrade(client, "engine_version", engine, upgrade["from"], upgrade["to"])
    if target["major"]:
        _check_major_upgrade(client, cluster_plan, desired, target["family"])
    return []


def _check_major_upgrade(client, cluster_plan, desired, family):
    """The parameter groups a major upgrade in place takes along must be of the new family, and members with custom
    instance groups need DBInstanceParameterGroupName: InvalidParameterCombination "The current DB instance parameter
    group xxxx-parameter-group is custom. You must explicitly specify a new DB instance parameter group, either
    default or custom, for the engine version upgrade." (https://github.com/terraform-aws-modules/terraform-aws-rds/
    issues/435; Aurora User Guide, AuroraMySQL.Updates.MajorVersionUpgrade.md)."""
    named = (
        ("db_cluster_parameter_group_name", "cluster", cluster_plan.changes.get("db_cluster_parameter_group_name")),
        ("db_instance_parameter_group_name", "instance", desired.db_instance_parameter_group_name),
    )
    for option, scope, name in named:
        if name is not None:
            param_group_api.check_family(client, option, scope, name, family)
    if desired.db_instance_parameter_group_name is not None:
        return
    custom = sorted(
        f"{db['DBInstanceIdentifier']} ({group['DBParameterGroupName']})"
        for db in rds.cluster_instances(client, desired.identifier)
        for group in (db.get("DBParameterGroups") or [])[:1]
        if not group.get("DBParameterGroupName", "").startswith("default.")
    )
    if custom:
        raise ValidationError(
            "db_instance_parameter_group_name",
            f"instances of cluster {desired.identifier} use custom DB parameter groups ({', '.join(custom)}); a major "
            f"version upgrade needs a DB parameter group of family {family} for them (RDS refuses it otherwise): "
            "name it here",
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
    """The plan's wait, then the members': after an upgrade (they upgrade with the cluster), or with wait_for_members.

    An immediate upgrade is waited for until the cluster runs the new version: RDS shows the cluster available for a
    few moments before it turns to `upgrading`, and the version changes only when the upgrade is over (Aurora User
    Guide, AuroraMySQL.Updates.MajorVersionUpgrade.md), so "available" alone would end the wait too early.
    """
    if cluster_plan.wait is None:
        return
    deadline = time.monotonic() + timeout
    upgrade = cluster_plan.details.get("engine_upgrade") or {}
    expect = {"engine_version": upgrade["to"]} if cluster_plan.wait == "cluster_upgraded" else None
    client.wait(cluster_plan.wait, timeout, expect=expect, DBClusterIdentifier=desired.identifier)
    if desired.state == "present" and (desired.wait_for_members or expect):
        rds.wait_members_available(client, desired.identifier, max(1, math.ceil(deadline - time.monotonic())))
