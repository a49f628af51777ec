# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""DB subnet groups: desired state, the subnet facts check, the pure plan. No AWS calls here.

A plan is a dict holding only what must change, so `bool(plan)` is the module's `changed`.
"""

from __future__ import annotations

import re

from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils
from ansible_collections.aurora.mysql.plugins.module_utils import validate
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

# RDS: up to 255 letters, digits, periods, underscores, spaces or hyphens; `default` is reserved.
_NAME = re.compile(r"^[A-Za-z0-9._ -]{1,255}$")
MIN_AZS = 2


def desired_from_params(params):
    """The requested state from module params; raises ValidationError before any AWS call."""
    name = params["name"]
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValidationError(
            "name", f"'{name}' must be 1 to 255 letters, digits, periods, underscores, spaces or hyphens"
        )
    if name.lower() == "default":
        raise ValidationError("name", "'default' is reserved by RDS")
    description = params.get("description")
    if description is not None and not description.strip():
        raise ValidationError("description", "must not be blank")
    subnet_ids = params.get("subnet_ids")
    state = params.get("state") or "present"
    if subnet_ids is not None:
        subnet_ids = sorted({str(subnet).strip() for subnet in subnet_ids})
        if state == "present" and len(subnet_ids) < MIN_AZS:
            raise ValidationError(
                "subnet_ids",
                f"Aurora needs subnets in at least {MIN_AZS} Availability Zones; {len(subnet_ids)} subnet given",
            )
    return dict(
        name=name.lower(),
        description=description,
        subnet_ids=subnet_ids,
        tags=validate.tags("tags", params.get("tags")),
        purge_tags=params.get("purge_tags", True),
        state=state,
    )


def normalise(raw, tags):
    """One snake_case shape for a DescribeDBSubnetGroups / Create / Modify DBSubnetGroup entry."""
    subnets = raw.get("Subnets", [])
    return dict(
        name=raw.get("DBSubnetGroupName"),
        description=raw.get("DBSubnetGroupDescription"),
        vpc_id=raw.get("VpcId"),
        subnet_ids=sorted(subnet["SubnetIdentifier"] for subnet in subnets),
        availability_zones=sorted(
            {subnet["SubnetAvailabilityZone"]["Name"] for subnet in subnets if subnet.get("SubnetAvailabilityZone")}
        ),
        arn=raw.get("DBSubnetGroupArn"),
        status=raw.get("SubnetGroupStatus"),
        tags=dict(tags or {}),
    )


def subnet_facts(subnet_ids, described):
    """{vpc_id, availability_zones} of the wanted subnets from DescribeSubnets, refusing what RDS would refuse."""
    found = {subnet["SubnetId"]: subnet for subnet in described}
    missing = [subnet for subnet in subnet_ids if subnet not in found]
    if missing:
        raise ValidationError("subnet_ids", f"no such subnet: {', '.join(missing)}")
    vpcs = sorted({found[subnet]["VpcId"] for subnet in subnet_ids})
    if len(vpcs) > 1:
        raise ValidationError("subnet_ids", f"the subnets are in several VPCs ({', '.join(vpcs)}); use one VPC")
    zones = sorted({found[subnet]["AvailabilityZone"] for subnet in subnet_ids})
    if len(zones) < MIN_AZS:
        raise ValidationError(
            "subnet_ids",
            f"the subnets cover {len(zones)} Availability Zone ({', '.join(zones)}); Aurora needs at least {MIN_AZS}",
        )
    return dict(vpc_id=vpcs[0], availability_zones=zones)


def needs_subnet_facts(current, desired):
    """Only subnets that differ from the group's own need DescribeSubnets; the group already knows its AZs."""
    if desired["state"] == "absent" or desired["subnet_ids"] is None:
        return False
    return current is None or set(desired["subnet_ids"]) != set(current["subnet_ids"])


def plan(current, desired):
    """What to do: a dict with delete, create or modify ({description, subnet_ids}) and tags; empty when in step."""
    if desired["state"] == "absent":
        return {"delete": True} if current else {}
    result = {}
    if current is None:
        for option in ("description", "subnet_ids"):
            if desired[option] is None:
                raise ValidationError(option, f"is required to create subnet group '{desired['name']}'")
        result["create"] = dict(description=desired["description"], subnet_ids=desired["subnet_ids"])
    else:
        modify = {}
        if desired["description"] is not None and desired["description"] != current["description"]:
            modify["description"] = desired["description"]
        if desired["subnet_ids"] is not None and set(desired["subnet_ids"]) != set(current["subnet_ids"]):
            modify["subnet_ids"] = desired["subnet_ids"]
        if modify:
            result["modify"] = modify
    to_set, to_remove = tag_utils.plan(current["tags"] if current else {}, desired["tags"], desired["purge_tags"])
    if to_set or to_remove:
        result["tags"] = (to_set, to_remove)
    return result


def after(current, desired, plan_, facts):
    """The group once the plan is applied; facts are the subnet facts for new subnets (None when unchanged)."""
    if desired["state"] == "absent":
        return None
    group = (
        dict(current)
        if current
        else dict(
            name=desired["name"],
            description=None,
            vpc_id=None,
            subnet_ids=[],
            availability_zones=[],
            arn=None,
            status=None,
            tags={},
        )
    )
    change = plan_.get("create") or plan_.get("modify") or {}
    if "description" in change:
        group["description"] = change["description"]
    if "subnet_ids" in change:
        group["subnet_ids"] = sorted(change["subnet_ids"])
        group.update(facts)
    to_set, to_remove = plan_.get("tags", ({}, []))
    group["tags"] = tag_utils.after(group["tags"], to_set, to_remove)
    return group


def in_use_error(name, clusters, instances):
    users = [f"cluster {cluster}" for cluster in sorted(clusters)] + [f"instance {db}" for db in sorted(instances)]
    return ValidationError(
        "state",
        f"subnet group '{name}' is in use by {', '.join(users)}; delete them or move them to another group first",
    )
