# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tags: AWS lists <-> dicts, and the pure tag plan shared by every RDS resource."""

from __future__ import annotations


def to_dict(tag_list):
    return {tag["Key"]: tag.get("Value", "") for tag in tag_list or []}


def to_list(tag_dict):
    return [{"Key": key, "Value": value} for key, value in sorted((tag_dict or {}).items())]


def plan(current, desired, purge):
    """(to_set, to_remove) turning `current` into `desired`; None desired leaves tags unmanaged."""
    if desired is None:
        return {}, []
    to_set = {key: value for key, value in desired.items() if current.get(key) != value}
    to_remove = sorted(key for key in current if key not in desired) if purge else []
    return to_set, to_remove


def after(current, to_set, to_remove):
    result = {key: value for key, value in current.items() if key not in to_remove}
    result.update(to_set)
    return result


def apply_rds(client, arn, to_set, to_remove):
    """Apply a tag plan to an RDS resource by ARN."""
    if to_remove:
        client.call("remove_tags_from_resource", ResourceName=arn, TagKeys=list(to_remove))
    if to_set:
        client.call("add_tags_to_resource", ResourceName=arn, Tags=to_list(to_set))
