#!/usr/bin/python
# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: aurora_subnet_group
short_description: Manage the DB subnet group of an Aurora MySQL cluster
version_added: 0.1.0
description:
  - Create, update or delete an RDS DB subnet group, step 1 of the Aurora MySQL guide.
  - Subnets are compared as a set, so their order never causes a change.
  - The subnets must lie in one VPC and cover at least two Availability Zones; this is checked with
    C(ec2:DescribeSubnets) before any change is made.
  - Deleting a group that a DB cluster or instance still uses fails before the delete, naming the users.
author:
  - aurora.mysql maintainers (!UNKNOWN)
options:
  name:
    description:
      - Name of the DB subnet group. RDS stores it in lower case.
      - Up to 255 letters, digits, periods, underscores, spaces or hyphens; V(default) is reserved.
    type: str
    required: true
  description:
    description:
      - Description of the group. Required to create it; can be changed later.
    type: str
  subnet_ids:
    description:
      - IDs of the subnets, in one VPC and in at least two Availability Zones. Required to create the group.
      - When omitted on an existing group, its subnets are left alone.
    type: list
    elements: str
  state:
    description:
      - V(present) creates or updates the group, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - aurora.mysql.auth
  - aurora.mysql.tags
  - aurora.mysql.assume_deleted
  - aurora.mysql.attributes
  - aurora.mysql.attributes.ALL
notes:
  - Needs C(rds:DescribeDBSubnetGroups), C(rds:CreateDBSubnetGroup), C(rds:ModifyDBSubnetGroup),
    C(rds:DeleteDBSubnetGroup), C(rds:ListTagsForResource), C(rds:AddTagsToResource),
    C(rds:RemoveTagsFromResource), C(ec2:DescribeSubnets), and for O(state=absent) C(rds:DescribeDBClusters)
    and C(rds:DescribeDBInstances).
"""

EXAMPLES = r"""
- name: Step 1 of the guide, the subnet group for Aurora
  aurora.mysql.aurora_subnet_group:
    name: myapp-aurora-subnets
    description: Subnets for Aurora MySQL cluster
    subnet_ids:
      - subnet-abc123
      - subnet-def456
      - subnet-ghi789

- name: Tag the group and drop tags set elsewhere
  aurora.mysql.aurora_subnet_group:
    name: myapp-aurora-subnets
    tags:
      Environment: production
    purge_tags: true

- name: Delete the group once no cluster uses it
  aurora.mysql.aurora_subnet_group:
    name: myapp-aurora-subnets
    state: absent

- name: Delete the group after a task that deleted its cluster, predicted exactly by --check
  aurora.mysql.aurora_subnet_group:
    name: myapp-aurora-subnets
    state: absent
    assume_deleted: [myapp-aurora-cluster]
"""

RETURN = r"""
subnet_group:
  description: The group after the run; in check mode, the group as it would be.
  returned: when O(state=present)
  type: dict
  contains:
    name:
      description: Name of the group, in lower case.
      type: str
      sample: myapp-aurora-subnets
    description:
      description: Description of the group.
      type: str
      sample: Subnets for Aurora MySQL cluster
    vpc_id:
      description: The VPC of the subnets.
      type: str
      sample: vpc-0a1b2c3d
    subnet_ids:
      description: Subnet IDs, sorted.
      type: list
      elements: str
      sample: [subnet-abc123, subnet-def456, subnet-ghi789]
    availability_zones:
      description: The Availability Zones the subnets cover, sorted.
      type: list
      elements: str
      sample: [us-east-1a, us-east-1b, us-east-1c]
    arn:
      description: ARN of the group; null in check mode before the group exists.
      type: str
      sample: arn:aws:rds:us-east-1:123456789012:subgrp:myapp-aurora-subnets
    status:
      description: RDS's status of the group; null in check mode before the group exists.
      type: str
      sample: Complete
    tags:
      description: Tags of the group.
      type: dict
      sample: {Environment: production}
"""

from ansible_collections.aurora.mysql.plugins.module_utils import aws, subnet_group, subnet_group_api
from ansible_collections.aurora.mysql.plugins.module_utils.module import assumed_deleted, run_module


def run(module):
    desired = subnet_group.desired_from_params(module.params)
    clients = aws.Clients(module.params)
    client = clients.rds
    current, users = subnet_group_api.read(client, desired)
    facts = None
    if subnet_group.needs_subnet_facts(current, desired):
        facts = subnet_group_api.read_subnet_facts(clients.ec2, desired.subnet_ids)
    plan = subnet_group.plan(current, desired, users, assume_deleted=assumed_deleted(module, desired))
    after = subnet_group.predict(current, desired, plan, facts)
    if plan and not module.check_mode:
        after = subnet_group_api.apply(client, plan, current)
    result = dict(changed=bool(plan))
    if desired.state == "present":
        result["subnet_group"] = after
    if module._diff:
        result["diff"] = dict(before=current or {}, after=after or {})
    return result


def main():
    run_module(subnet_group.ARGUMENT_SPEC, run)


if __name__ == "__main__":
    main()
