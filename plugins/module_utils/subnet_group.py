# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""DB subnet groups: what a task asks, the snake_case view, the subnet facts check, the plan and its prediction.

Pure; subnet_group_api.py makes the calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ansible_collections.aurora.mysql.plugins.module_utils import fields, rds, validate
from ansible_collections.aurora.mysql.plugins.module_utils.errors import MissingError, ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.fields import Field
from ansible_collections.aurora.mysql.plugins.module_utils.module import (
    ASSUME_DELETED_SPEC,
    STATE_ARGUMENT_SPEC,
    TAGS_ARGUMENT_SPEC,
)
from ansible_collections.aurora.mysql.plugins.module_utils.plan import Plan, TagPlan

# RDS: up to 255 letters, digits, periods, underscores, spaces or hyphens; `default` is reserved.
_NAME = re.compile(r"^[A-Za-z0-9._ -]{1,255}$")
MIN_AZS = 2


def _description(option, value):
    if value is not None and not value.strip():
        raise ValidationError(option, "must not be blank")
    return value


def _subnet_ids(_option, values):
    return None if values is None else sorted({str(subnet).strip() for subnet in values})


def _described_subnets(subnets):
    return sorted(subnet["SubnetIdentifier"] for subnet in subnets or [])


# option, CreateDBSubnetGroup/ModifyDBSubnetGroup key, argument spec; the DescribeDBSubnetGroups key.
FIELDS = (
    Field("description", "DBSubnetGroupDescription", check=_description),
    Field(
        "subnet_ids",
        "SubnetIds",
        dict(type="list", elements="str"),
        describe="Subnets",
        read=_described_subnets,
        check=_subnet_ids,
    ),
)
_OPTIONS = tuple(row.option for row in FIELDS)

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    **fields.argument_spec(FIELDS),
    **STATE_ARGUMENT_SPEC,
    **TAGS_ARGUMENT_SPEC,
    **ASSUME_DELETED_SPEC,
)


@dataclass(frozen=True)
class Desired:
    name: str
    state: str
    description: str | None = None
    subnet_ids: list | None = None
    tags: dict | None = None
    purge_tags: bool = True
    assume_deleted: tuple = ()


def desired_from_params(params):
    """The requested state from module params; raises ValidationError before any AWS call."""
    name = params["name"]
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValidationError(
            "name", f"'{name}' must be 1 to 255 letters, digits, periods, underscores, spaces or hyphens"
        )
    if name.lower() == "default":
        raise ValidationError("name", "'default' is reserved by RDS")
    options = fields.desired_values(params, FIELDS)
    state = params.get("state") or "present"
    subnet_ids = options["subnet_ids"]
    if subnet_ids is not None and state == "present" and len(subnet_ids) < MIN_AZS:
        raise ValidationError(
            "subnet_ids",
            f"Aurora needs subnets in at least {MIN_AZS} Availability Zones; {len(subnet_ids)} subnet given",
        )
    return Desired(
        name=name.lower(),
        state=state,
        tags=validate.tags("tags", params.get("tags")),
        purge_tags=params.get("purge_tags", True),
        assume_deleted=validate.assume_deleted(params),
        **options,
    )


def normalise(raw, tags):
    """One snake_case shape for a DescribeDBSubnetGroups / Create / Modify DBSubnetGroup entry."""
    view = dict(name=raw.get("DBSubnetGroupName"), vpc_id=raw.get("VpcId"))
    view.update(fields.read(raw, FIELDS))
    view.update(
        availability_zones=sorted(
            {
                subnet["SubnetAvailabilityZone"]["Name"]
                for subnet in raw.get("Subnets", [])
                if subnet.get("SubnetAvailabilityZone")
            }
        ),
        arn=raw.get("DBSubnetGroupArn"),
        status=raw.get("SubnetGroupStatus"),
        tags=dict(tags or {}),
    )
    return view


def subnet_facts(subnet_ids, described):
    """{vpc_id, availability_zones} of the wanted subnets from DescribeSubnets, refusing what RDS would refuse."""
    found = {subnet["SubnetId"]: subnet for subnet in described}
    missing = [subnet for subnet in subnet_ids if subnet not in found]
    if missing:
        raise MissingError("subnet_ids", f"no such subnet: {', '.join(missing)}")
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
    if desired.state == "absent" or desired.subnet_ids is None:
        return False
    return current is None or set(desired.subnet_ids) != set(current["subnet_ids"])


def plan(current, desired, users=None, *, assume_deleted=()):
    """current: normalise() output or None; users: rds.subnet_group_users() of an existing group, read for absent.

    assume_deleted: clusters and instances an earlier task deletes, which do not keep the group in use.
    """
    named = {"DBSubnetGroupName": desired.name}
    if desired.state == "absent":
        if current is None:
            return Plan()
        in_use = rds.still_in_use(users or [], assume_deleted)
        if in_use:
            raise ValidationError(
                "state",
                f"subnet group '{desired.name}' is in use by {rds.users_named(in_use)}; delete them or move them to "
                "another group first",
            )
        return Plan(action="delete", request=named)
    if current is None:
        for option in _OPTIONS:
            if getattr(desired, option) is None:
                raise ValidationError(option, f"is required to create subnet group '{desired.name}'")
        changes = {option: getattr(desired, option) for option in _OPTIONS}
        return Plan.create(fields.create_request(FIELDS, named, changes, desired.tags), changes, desired.tags)
    changes = {
        option: getattr(desired, option)
        for option in _OPTIONS
        if getattr(desired, option) is not None and getattr(desired, option) != current[option]
    }
    # ModifyDBSubnetGroup always needs the full subnet list, even for a description change.
    sent = {option: changes.get(option, current[option]) for option in _OPTIONS}
    return Plan(
        action="modify" if changes else "",
        changes=changes,
        tags=TagPlan.between(current["tags"], desired.tags, desired.purge_tags),
        request=dict(named, **fields.request(FIELDS, sent)) if changes else {},
    )


def predict(current, desired, group_plan, facts):
    """The group once the plan is applied; facts are the subnet facts for new subnets (None when unchanged)."""
    if desired.state == "absent":
        return None
    # A group still to be made: the view of an empty describe entry, until AWS answers the create.
    group = dict(current) if current else dict(normalise({}, {}), name=desired.name)
    group.update(group_plan.changes)
    if "subnet_ids" in group_plan.changes:
        group.update(facts)
    group["tags"] = group_plan.tags.after(group["tags"])
    return group
