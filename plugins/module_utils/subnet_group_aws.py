# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RDS and EC2 calls behind aurora_subnet_group; the decisions live in subnet_group.py."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import subnet_group
from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils


def read(client, name):
    """The normalised group with its tags, or None."""
    response = client.call_or_none("describe_db_subnet_groups", DBSubnetGroupName=name) or {}
    groups = response.get("DBSubnetGroups", [])
    if not groups:
        return None
    arn = groups[0].get("DBSubnetGroupArn")
    tags = tag_utils.to_dict(client.call("list_tags_for_resource", ResourceName=arn).get("TagList", []))
    return subnet_group.normalise(groups[0], tags)


def read_subnet_facts(ec2, subnet_ids):
    """{vpc_id, availability_zones} of the subnets, or ValidationError; DescribeSubnets is a read.

    A filter, not SubnetIds, so a missing subnet comes back absent and is named by subnet_facts() rather than
    failing the whole call.
    """
    described = ec2.paginate("describe_subnets", "Subnets", Filters=[{"Name": "subnet-id", "Values": list(subnet_ids)}])
    return subnet_group.subnet_facts(subnet_ids, described)


def users(client, name):
    """(clusters, instances) whose DB subnet group is `name`; cluster members count as their cluster."""
    clusters = [
        cluster["DBClusterIdentifier"]
        for cluster in client.paginate("describe_db_clusters", "DBClusters")
        if (cluster.get("DBSubnetGroup") or "").lower() == name
    ]
    instances = [
        db["DBInstanceIdentifier"]
        for db in client.paginate("describe_db_instances", "DBInstances")
        if not db.get("DBClusterIdentifier")
        and ((db.get("DBSubnetGroup") or {}).get("DBSubnetGroupName") or "").lower() == name
    ]
    return clusters, instances


def apply(client, current, desired, plan):
    """Carry out a plan from subnet_group.plan(); returns the group as RDS reports it (None after a delete)."""
    name = desired["name"]
    if plan.get("delete"):
        client.call("delete_db_subnet_group", DBSubnetGroupName=name)
        return None
    raw = None
    tags = current["tags"] if current else {}
    if "create" in plan:
        kwargs = dict(
            DBSubnetGroupName=name,
            DBSubnetGroupDescription=plan["create"]["description"],
            SubnetIds=plan["create"]["subnet_ids"],
        )
        to_set = plan.get("tags", ({}, []))[0]
        if to_set:
            kwargs["Tags"] = tag_utils.to_list(to_set)
        raw = client.call("create_db_subnet_group", **kwargs)["DBSubnetGroup"]
        tags = dict(to_set)
    elif "modify" in plan:
        raw = client.call(
            "modify_db_subnet_group",
            DBSubnetGroupName=name,
            DBSubnetGroupDescription=plan["modify"].get("description", current["description"]),
            # ModifyDBSubnetGroup always needs the full subnet list, even for a description change.
            SubnetIds=plan["modify"].get("subnet_ids", current["subnet_ids"]),
        )["DBSubnetGroup"]
    if "tags" in plan and "create" not in plan:
        to_set, to_remove = plan["tags"]
        tag_utils.apply_rds(client, current["arn"], to_set, to_remove)
        tags = tag_utils.after(tags, to_set, to_remove)
    return subnet_group.normalise(raw, tags) if raw else dict(current, tags=tags)
