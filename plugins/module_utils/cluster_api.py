# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster's AWS calls: read, the checks before a change, apply a plan, wait. The plan decided everything."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import aws, kms_api, rds, tags
from ansible_collections.aurora.mysql.plugins.module_utils.cluster import (
    DEFAULT_ENGINE,
    normalise,
    unknown_version_message,
)
from ansible_collections.aurora.mysql.plugins.module_utils.errors import MissingError, ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.subnet_group import normalise as normalise_subnet_group


def read(client, identifier):
    """The normalised cluster, or None when it does not exist. One DescribeDBClusters call (tags included)."""
    return normalise(rds.describe_cluster(client, identifier))


def check(clients, cluster_plan, desired, subnet_group=None):
    """Refuse, before anything changes (check mode included), what RDS would refuse only after the first change:
    an engine version it does not offer, a storage KMS key it cannot use, security groups that do not exist or
    live in another VPC than the DB subnet group. Returns warnings: the checks skipped for lack of a permission.

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
    """A version RDS offers costs one call; an unknown one a second, to suggest others."""
    version = cluster_plan.changes.get("engine_version")
    if version is None:
        return
    engine = desired.options.get("engine") or DEFAULT_ENGINE
    found = client.call("describe_db_engine_versions", Engine=engine, EngineVersion=version)["DBEngineVersions"]
    if found:
        return
    offered = client.paginate("describe_db_engine_versions", "DBEngineVersions", Engine=engine)
    raise ValidationError(
        "engine_version", unknown_version_message(version, engine, [row["EngineVersion"] for row in offered])
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
    """The plan's wait; then, for a present cluster with wait_for_members, every member's."""
    if cluster_plan.wait is None:
        return
    client.wait(cluster_plan.wait, timeout, DBClusterIdentifier=desired.identifier)
    if desired.state == "present" and desired.wait_for_members:
        rds.wait_members_available(client, desired.identifier, timeout)
