# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RDS and EC2 calls behind aurora_subnet_group; the decisions live in subnet_group.py."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import rds, subnet_group
from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils


def read(client, desired, with_tags=True):
    """(the normalised group with its tags or None, its users or None): the users only where a delete needs them.

    with_tags=False (aurora_plan, for a task that leaves tags alone) spares the tag read; tags are then {}.
    """
    raw = rds.describe_subnet_group(client, desired.name)
    if raw is None:
        return None, None
    tags = {}
    if with_tags:
        tags = tag_utils.to_dict(
            client.call("list_tags_for_resource", ResourceName=raw.get("DBSubnetGroupArn")).get("TagList", [])
        )
    users = rds.subnet_group_users(client, desired.name) if desired.state == "absent" else None
    return subnet_group.normalise(raw, tags), users


def read_subnet_facts(ec2, subnet_ids):
    """{vpc_id, availability_zones} of the subnets, or ValidationError; DescribeSubnets is a read.

    A filter, not SubnetIds, so a missing subnet comes back absent and is named by subnet_facts() rather than
    failing the whole call.
    """
    described = ec2.paginate("describe_subnets", "Subnets", Filters=[{"Name": "subnet-id", "Values": list(subnet_ids)}])
    return subnet_group.subnet_facts(subnet_ids, described)


def apply(client, group_plan, current):
    """Carry out a plan from subnet_group.plan(); returns the group as RDS reports it (None after a delete)."""
    if group_plan.action == "delete":
        client.call("delete_db_subnet_group", **group_plan.request)
        return None
    if group_plan.action == "create":
        raw = client.call("create_db_subnet_group", **group_plan.request)["DBSubnetGroup"]
        return subnet_group.normalise(raw, group_plan.tags.after({}))
    raw = client.call("modify_db_subnet_group", **group_plan.request)["DBSubnetGroup"] if group_plan.action else None
    tags = current["tags"]
    if group_plan.tags:
        tag_utils.apply_rds(client, current["arn"], group_plan.tags)
        tags = group_plan.tags.after(tags)
    return subnet_group.normalise(raw, tags) if raw else dict(current, tags=tags)
