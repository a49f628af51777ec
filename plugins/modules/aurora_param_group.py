#!/usr/bin/python
# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: aurora_param_group
short_description: Manage Aurora MySQL cluster and instance parameter groups
version_added: 0.1.0
description:
  - Create, update or delete a DB cluster parameter group or a DB parameter group, step 2 of the Aurora MySQL guide.
  - Every parameter is checked against the family's engine defaults, read from AWS with
    C(DescribeEngineDefaultClusterParameters) or C(DescribeEngineDefaultParameters), before anything changes.
    An unknown name (with close matches suggested), a value outside C(AllowedValues) or of the wrong C(DataType),
    a parameter that is not modifiable, and a static parameter with O(apply_method=immediate) are refused.
  - When every listed parameter is already set in the group, the group's own listing carries the same metadata
    and the engine defaults (several pages on AWS) are not read; they are for a new group, a parameter not set
    yet, and a O(purge_parameters) reset.
  - Values compare by meaning, so C(ON), C(1), C(true) and C(yes) are the same boolean and C(1) and C(1.0)
    the same number. The apply method is never compared.
  - Listed parameters become user-set values of the group, as the guide's CLI calls make them, even where the
    engine default already has that value, so a later change of the family's default does not move them.
    A parameter already set to a value with the same meaning is left alone.
  - Changes are sent in batches of at most 20 parameters, the RDS limit.
author:
  - aurora.mysql maintainers (!UNKNOWN)
options:
  name:
    description:
      - Name of the parameter group. RDS stores it in lower case.
    type: str
    required: true
  scope:
    description:
      - V(cluster) for a DB cluster parameter group, V(instance) for a DB parameter group.
    type: str
    required: true
    choices: [cluster, instance]
  family:
    description:
      - The parameter group family. The family of an existing group cannot change; a different one is an error.
    type: str
    default: aurora-mysql8.0
  description:
    description:
      - Description of the group. Required to create it.
      - RDS cannot change the description of an existing group, so a different one is an error.
    type: str
  parameters:
    description:
      - Parameter names and values, written as the guide writes them, for example V(slow_query_log=1) or
        V(require_secure_transport=ON).
      - Values are sent in the spelling of the family's C(AllowedValues); YAML's V(true) for C(ON) is understood.
      - An integer parameter also takes an RDS formula or function, sent and compared exactly as written, for example
        V({DBInstanceClassMemory*3/4}), V({log(DBInstanceClassMemory/8187281418\)*1000}) or
        V(GREATEST({log(DBInstanceClassMemory/805306368\)*45},{log(DBInstanceClassMemory/8187281408\)*1000})),
        that is a formula in braces over C(AllocatedStorage), C(DBInstanceClassMemory) or C(EndPointPort), and
        C(GREATEST), C(LEAST) or C(SUM) of integers and formulas. A malformed one is refused before any change.
      - When omitted, the group's parameters are left alone.
    type: dict
  apply_method:
    description:
      - V(auto) applies dynamic parameters immediately and static ones at the next reboot.
      - V(immediate) applies every change now; a static parameter is then an error.
      - V(pending-reboot) defers every change to the next reboot.
    type: str
    choices: [auto, immediate, pending-reboot]
    default: auto
  purge_parameters:
    description:
      - Reset user-set parameters that are not in O(parameters) to the engine default.
      - Has no effect when O(parameters) is omitted.
    type: bool
    default: false
  state:
    description:
      - V(present) creates or updates the group, V(absent) deletes it.
      - A group still used by a DB cluster or instance is not deleted; the error names the users.
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
  - Needs the Describe, Create, Modify, Reset and Delete permissions of the scope's parameter group API,
    C(rds:DescribeEngineDefaultClusterParameters) or C(rds:DescribeEngineDefaultParameters),
    C(rds:DescribeDBClusters) or C(rds:DescribeDBInstances), and the RDS tagging permissions.
  - The module does not reboot anything; RV(pending_reboot) lists what to reboot.
"""

EXAMPLES = r"""
- name: Step 2 of the guide, the cluster parameter group
  aurora.mysql.aurora_param_group:
    name: myapp-aurora-mysql8-cluster
    scope: cluster
    family: aurora-mysql8.0
    description: Cluster parameters for Aurora MySQL 8.0
    parameters:
      character_set_server: utf8mb4
      collation_server: utf8mb4_unicode_ci
      require_secure_transport: "ON"

- name: Step 2 of the guide, the instance parameter group
  aurora.mysql.aurora_param_group:
    name: myapp-aurora-mysql8-instance
    scope: instance
    family: aurora-mysql8.0
    description: Instance parameters for Aurora MySQL 8.0
    parameters:
      slow_query_log: 1
      long_query_time: 1
      log_output: FILE
  register: instance_params

- name: Say which instances need a reboot for a static change
  ansible.builtin.debug:
    msg: "Reboot {{ instance_params.pending_reboot | join(', ') }}"
  when: instance_params.reboot_required

- name: Keep exactly these parameters, resetting every other user-set one
  aurora.mysql.aurora_param_group:
    name: myapp-aurora-mysql8-instance
    scope: instance
    parameters:
      slow_query_log: 1
    purge_parameters: true

- name: Delete the group once nothing uses it
  aurora.mysql.aurora_param_group:
    name: myapp-aurora-mysql8-instance
    scope: instance
    state: absent

- name: Delete the group after the tasks that deleted the instances using it, predicted exactly by --check
  aurora.mysql.aurora_param_group:
    name: myapp-aurora-mysql8-instance
    scope: instance
    state: absent
    assume_deleted: [myapp-aurora-writer, myapp-aurora-reader-1]
"""

RETURN = r"""
parameter_group:
  description: The group after the run; in check mode, the group as it would be.
  returned: when O(state=present)
  type: dict
  contains:
    name:
      description: Name of the group, in lower case.
      type: str
      sample: myapp-aurora-mysql8-cluster
    scope:
      description: V(cluster) or V(instance).
      type: str
      sample: cluster
    family:
      description: The parameter group family.
      type: str
      sample: aurora-mysql8.0
    description:
      description: Description of the group.
      type: str
      sample: Cluster parameters for Aurora MySQL 8.0
    arn:
      description: ARN of the group; null in check mode before the group exists.
      type: str
      sample: arn:aws:rds:us-east-1:123456789012:cluster-pg:myapp-aurora-mysql8-cluster
    tags:
      description: Tags of the group.
      type: dict
      sample: {Environment: production}
parameters:
  description: The user-set parameters of the group after the run, with values as RDS stores them.
  returned: when O(state=present)
  type: dict
  sample: {character_set_server: utf8mb4, collation_server: utf8mb4_unicode_ci, require_secure_transport: "ON"}
changed_parameters:
  description:
    - Each parameter set or reset by this run (or that would be, in check mode).
    - C(before) is the value the group had (user-set or engine default, null when none); C(after) the new one.
  returned: when O(state=present)
  type: dict
  sample: {long_query_time: {before: "10", after: "1", apply_method: immediate}}
  contains:
    before:
      description: The value before the run.
      type: str
    after:
      description: The value after the run; for a reset, the engine default (null when it has none).
      type: str
    apply_method:
      description: V(immediate) or V(pending-reboot), as sent to RDS.
      type: str
reboot_required:
  description:
    - True when a change of this run only takes effect after a reboot, which is the case for every static
      parameter and for any change sent with V(pending-reboot).
  returned: when O(state=present)
  type: bool
  sample: true
pending_reboot:
  description:
    - Identifiers of the DB instances that need a reboot for this group's values to take effect, sorted.
    - These are the instances using the group (for O(scope=cluster), the members of the clusters using it) whose
      parameter status is C(pending-reboot), and all of them when this run made a change that waits for a reboot.
  returned: when O(state=present)
  type: list
  elements: str
  sample: [myapp-aurora-reader-1, myapp-aurora-writer]
"""

from ansible_collections.aurora.mysql.plugins.module_utils import aws, param_group, param_group_api, param_group_plan
from ansible_collections.aurora.mysql.plugins.module_utils.module import assumed_deleted, run_module


def run(module):
    desired = param_group.desired_from_params(module.params)
    client = aws.connect(module.params, "rds")
    current = param_group_api.read(client, desired.scope, desired.name)
    catalogue = param_group_api.catalogue_for(client, current, desired)
    plan = param_group_plan.plan(current, desired, catalogue, assume_deleted=assumed_deleted(module, desired))
    group = param_group_plan.predict(current, desired, plan)
    if plan and not module.check_mode:
        arn = param_group_api.apply(client, desired, plan, group and group["arn"])
        if group:
            group["arn"] = arn
    result = dict(changed=bool(plan))
    if desired.state == "present":
        result.update(
            parameter_group=group,
            parameters=param_group_plan.values_after(current, plan),
            changed_parameters=plan.changes,
            reboot_required=param_group_plan.reboot_required(plan),
            pending_reboot=param_group_plan.pending_reboot(current, plan),
        )
    if module._diff:
        result["diff"] = param_group_plan.diff(current, group, plan)
    return result


def main():
    run_module(param_group.ARGUMENT_SPEC, run)


if __name__ == "__main__":
    main()
