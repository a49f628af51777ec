# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster's AWS calls: read, the checks before a change, apply a plan, wait. The plan decided everything."""

from __future__ import annotations

import math
import time

from ansible_collections.aurora.mysql.plugins.module_utils import (
    aws,
    engine_version_api,
    kms_api,
    param_group_api,
    rds,
    tags,
)
from ansible_collections.aurora.mysql.plugins.module_utils.cluster import DEFAULT_ENGINE, normalise
from ansible_collections.aurora.mysql.plugins.module_utils.errors import MissingError, ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.subnet_group import normalise as normalise_subnet_group


def read(client, identifier):
    """The normalised cluster, or None when it does not exist. One DescribeDBClusters call (tags included)."""
    return normalise(rds.describe_cluster(client, identifier))


def check(clients, cluster_plan, desired, subnet_group=None):
    """Refuse, before anything changes (check mode included), what RDS would refuse only after the first change:
    an engine version it does not offer (or, for an upgrade, one that is no ValidUpgradeTarget of the running
    version, or a major upgrade without parameter groups of the new family), a storage KMS key it cannot use, security
    groups that do not exist or live in another VPC than the DB subnet group. Returns warnings: the checks skipped for
    lack of a permission.

    Only values the plan sends are checked, so a plan with nothing to create or change costs no call.
    `subnet_group` is the normalised DB subnet group (subnet_group.normalise()) the cluster is in once the plan
    ran, when the caller read it already; else it is read when security groups are checked.
    """
    warnings = []
    if cluster_plan.action not in ("create", "modify"):
        return warnings
    _check_version(clients.rds, cluster_plan, desired)
    if cluster_plan.action == "create" and cluster_plan.changes.get("kms_key_id"):
        kms_api.check(clients, "kms_key_id", cluster_plan.changes["kms_key_id"], warnings)
    groups = cluster_plan.request.get("VpcSecurityGroupIds")
    if groups:
        _check_security_groups(clients, cluster_plan, groups, subnet_group, warnings)
    return warnings


def _check_version(client, cluster_plan, desired):
    """A version RDS offers costs one call; an unknown one a second, to suggest others; an upgrade asks for the
    running version's ValidUpgradeTarget."""
    version = cluster_plan.changes.get("engine_version")
    if version is None:
        return
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


def _check_security_groups(clients, cluster_plan, groups, subnet_group, warnings):
    """Every group must exist, in the VPC of the DB subnet group (service model, ModifyDBClusterMessage.
    VpcSecurityGroupIds: "the security groups must belong to the VPC of the DB subnet group"; RDS refuses others
    with "The DB instance and EC2 security group are in different VPCs", terraform-aws-modules/terraform-aws-rds#451).

    A group-id filter, not GroupIds, so a missing group comes back absent instead of failing the whole call.
    """
    found = aws.unless_denied(
        warnings,
        "the check of vpc_security_group_ids",
        "ec2:DescribeSecurityGroups",
        lambda: clients.ec2.paginate(
            "describe_security_groups", "SecurityGroups", Filters=[{"Name": "group-id", "Values": list(groups)}]
        ),
    )
    if found is aws.SKIPPED:
        return
    vpcs = {group["GroupId"]: group.get("VpcId") for group in found}
    missing = [group for group in groups if group not in vpcs]
    if missing:
        raise MissingError("vpc_security_group_ids", f"no such security group: {', '.join(missing)}")
    name = cluster_plan.request.get("DBSubnetGroupName") or cluster_plan.details.get("db_subnet_group_name")
    if subnet_group is None and name:
        raw = rds.describe_subnet_group(clients.rds, name)
        # Not there yet: a check run before the task that creates it; RDS itself refuses a missing one.
        subnet_group = normalise_subnet_group(raw, None) if raw else None
    vpc = (subnet_group or {}).get("vpc_id")
    elsewhere = [f"{group} is in {vpcs[group]}" for group in groups if vpc and vpcs[group] != vpc]
    if elsewhere:
        raise ValidationError(
            "vpc_security_group_ids",
            f"{'; '.join(elsewhere)}, but DB subnet group {subnet_group['name']} is in {vpc}: RDS takes only "
            "security groups of the subnet group's VPC",
        )


def apply(client, cluster_plan, current, desired, timeout):
    if cluster_plan.action == "delete":
        _delete(client, cluster_plan, desired, timeout)
        return
    if cluster_plan.action in ("start", "stop"):
        _start_or_stop(client, cluster_plan, desired, timeout)
        return
    if cluster_plan.request:
        request = dict(cluster_plan.request)
        if cluster_plan.details.get("send_password"):
            request["MasterUserPassword"] = desired.password
        if cluster_plan.action == "create":
            client.call("create_db_cluster", **request)
        else:
            _modify(client, request, current, desired, timeout)
    if current is not None and cluster_plan.tags:
        tags.apply_rds(client, current["arn"], cluster_plan.tags)


def _modify(client, request, current, desired, timeout):
    """RDS modifies only an available cluster ("DB cluster is not available for modification with status
    modifying", aws-controllers-k8s/community#1107; "... with status backing-up", terraform-provider-aws#18): one read
    busy is waited for first, and one that turned busy since (an immediate change starts a few moments after RDS
    reports it) is sent again once available, within the timeout, even with wait: false."""
    ready = {"DBClusterIdentifier": desired.identifier}
    if current["status"] != "available":
        client.wait("cluster_available", timeout, **ready)
    client.call_when_accepted("modify_db_cluster", "cluster_available", timeout, ready, **request)


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


def _start_or_stop(client, cluster_plan, desired, timeout):
    """RDS starts only a stopped cluster and stops only an available one whose members are all available
    (cluster_run.py): the plan's first wait, and the members' for a stop, come before the call even with wait: false."""
    identifier = desired.identifier
    if cluster_plan.details.get("first"):
        client.wait(cluster_plan.details["first"], timeout, DBClusterIdentifier=identifier)
    if cluster_plan.details.get("members"):
        rds.wait_members_available(client, identifier, timeout)
    client.call("start_db_cluster" if cluster_plan.action == "start" else "stop_db_cluster", **cluster_plan.request)


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
