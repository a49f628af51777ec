# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tags: AWS's [{Key, Value}] lists <-> dicts, and a TagPlan applied to an RDS resource by ARN."""

from __future__ import annotations


def to_dict(tag_list):
    return {tag["Key"]: tag.get("Value", "") for tag in tag_list or []}


def to_list(tag_dict):
    return [{"Key": key, "Value": value} for key, value in sorted((tag_dict or {}).items())]


def apply_rds(client, arn, tag_plan):
    """Apply a plan.TagPlan to an RDS resource (cluster, instance, subnet or parameter group) by ARN."""
    if tag_plan.to_remove:
        client.call("remove_tags_from_resource", ResourceName=arn, TagKeys=list(tag_plan.to_remove))
    if tag_plan.to_set:
        client.call("add_tags_to_resource", ResourceName=arn, Tags=to_list(tag_plan.to_set))
