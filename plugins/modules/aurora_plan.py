#!/usr/bin/python
# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: aurora_plan
short_description: Plan every step of an Aurora MySQL build at once, reading the whole topology once
version_added: 0.2.0
description:
  - Takes the very arguments each step of a build gives its module (M(aurora.mysql.aurora_subnet_group), the two
    M(aurora.mysql.aurora_param_group) tasks, M(aurora.mysql.aurora_cluster), one M(aurora.mysql.aurora_instance)
    per instance, one M(aurora.mysql.aurora_alarm) per alarm) and returns, per step, what that module would do,
    without changing anything.
  - Each step's arguments go through that module's own argument spec and its own checks, every mistake of every step
    reported at once and each once, named by the caller's variable when O(variables) names one.
  - It reads the topology once, with as few calls as it can (one describe per resource; tags that need a call of their
    own only where the step manages them), and plans each step with the same plan function its module uses, so the
    plan and the modules cannot disagree. A step on a resource an earlier step only plans (the instances of a cluster
    still to be created) is planned as that module's check mode plans it.
  - The checks that need calls of their own (the engine version offered, parameter names and values against the
    family's engine defaults, the subnets, and the instance class, KMS key, monitoring role and security group checks
    of the cluster and instance modules) run only for values a step would create or change, so a run that changes
    nothing makes none of them.
  - Besides the steps it returns what they add up to, namely the endpoints, the members, the writer, the members
    that wait for a reboot (now, or once this run's static parameter changes are made), the changes RDS holds for
    the maintenance window, and what the run needs after its steps (a wait for the members, a rolling apply, the
    writer's placement after a first build).
  - The role M(aurora.mysql.aurora_mysql) runs it first and runs only the steps it says change.
author:
  - aurora.mysql maintainers (!UNKNOWN)
options:
  subnet_group:
    description:
      - The arguments of the M(aurora.mysql.aurora_subnet_group) step, as that module takes them. Omitted, there is no
        such step.
    type: dict
  cluster_parameter_group:
    description:
      - The arguments of the M(aurora.mysql.aurora_param_group) step for the cluster parameter group
        (O(ignore:scope=cluster)).
    type: dict
  instance_parameter_group:
    description:
      - The arguments of the M(aurora.mysql.aurora_param_group) step for the instance parameter group
        (O(ignore:scope=instance)).
    type: dict
  cluster:
    description:
      - The arguments of the M(aurora.mysql.aurora_cluster) step. Its O(ignore:identifier) names the cluster whose
        members and endpoints are read.
    type: dict
    required: true
  instances:
    description:
      - The arguments of one M(aurora.mysql.aurora_instance) step per instance, in the order they run; the first is
        meant to be the writer.
    type: list
    elements: dict
    default: []
  purge_instances:
    description:
      - Plan the deletion (O(ignore:state=absent), O(ignore:wait=false)) of every member of the cluster not in
        O(instances). Without it they are returned in RV(unlisted_instances) and left alone.
    type: bool
    default: false
  alarms:
    description:
      - The arguments of one M(aurora.mysql.aurora_alarm) step per alarm, in the order they run.
    type: list
    elements: dict
    default: []
  variables:
    description:
      - Which variable of the caller each option of each step comes from, so that a refusal names what the caller
        wrote, for example C(aurora_mysql_instances[1].promotion_tier) instead of O(ignore:promotion_tier).
      - A mapping of step name (V(subnet_group), V(cluster_parameter_group), V(instance_parameter_group), V(cluster),
        C(instance <identifier>), C(alarm <name>)) to a mapping of option to variable.
      - A refusal of an option the mapping does not name is named by the step and the option.
    type: dict
    default: {}
  secrets:
    description:
      - The steps' secret options (those their modules never show, such as the cluster's
        O(ignore:master_user_password)), by step name, merged into that step's arguments, for example
        C(cluster) with its C(master_user_password).
      - Given here and not in the step, they are masked in every output and log. A secret option inside a step's
        arguments is refused.
    type: dict
    default: {}
  wait_for_members:
    description:
      - First wait up to O(wait_timeout) seconds for every member of the cluster to be available, then plan.
      - Running out of time is not an error. RV(needs.members_wait) then stays true and RV(members) shows where each
        member is, so a caller can wait in rounds and show progress between them. A member in a state it cannot leave
        by waiting (V(failed), V(incompatible-parameters)) fails the module at once.
      - Meant for after the steps ran, so the plan's warnings (said by the plan before them) are not repeated.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds O(wait_for_members) waits at most.
    type: int
    default: 60
  upgrade:
    description:
      - Also classify an engine upgrade of the cluster from what AWS shows (RV(upgrade)), reading only. Give the
        O(cluster) step just its O(ignore:identifier) when the version asked for is not the running one's major
        version, as the cluster step would then refuse the new major version.
      - A blue/green deployment named O(upgrade.deployment_name) that exists is resumed whatever the versions say;
        without one, a cluster on (or ahead of) O(upgrade.engine_version) has nothing to upgrade.
      - Refusals (a downgrade, a version RDS does not offer as an upgrade target, a major version in place without
        O(upgrade.allow_major_version_upgrade), binary logging off without O(upgrade.enable_binlog), removed
        parameters without O(upgrade.allow_removed_parameters), a deployment RDS cannot resume) are reported with the
        steps', named by O(variables) under the step name C(upgrade).
    type: dict
    suboptions:
      engine_version:
        description: The version wanted, in full.
        type: str
        required: true
      method:
        description: V(auto) upgrades a minor version in place and a major one by blue/green.
        type: str
        choices: [auto, in_place, blue_green]
        default: auto
      deployment_name:
        description: The blue/green deployment's name, which identifies it across runs.
        type: str
        required: true
      allow_major_version_upgrade:
        description: Allow a major version upgrade in place (O(upgrade.method=in_place)).
        type: bool
        default: false
      enable_binlog:
        description:
          - Allow setting C(binlog_format) ROW in the source's cluster parameter group for a blue/green upgrade.
        type: bool
        default: false
      allow_removed_parameters:
        description: Leave parameters the new family no longer has out of the new groups instead of refusing.
        type: bool
        default: false
      cluster_parameters:
        description: The cluster parameter group's values for the old family, translated for the new one.
        type: dict
      instance_parameters:
        description: The instance parameter group's values for the old family, translated for the new one.
        type: dict
      verify_tasks:
        description: The caller's checks of the green cluster, only listed in RV(upgrade.steps).
        type: list
        elements: str
        default: []
      switchover_timeout:
        description: The switchover's timeout, only listed in RV(upgrade.steps).
        type: int
        default: 300
notes:
  - The module never changes anything, so RV(changed) is always false; check mode runs exactly as a normal run.
  - In diff mode RV(diff) is a list with one diff per step that changes, each the diff that step's module returns,
    with C(before_header) and C(after_header) naming the step.
  - Values AWS assigns when it creates something (an ARN, an endpoint) are unknown (null) in the plan of a create.
extends_documentation_fragment:
  - aurora.mysql.auth
  - aurora.mysql.attributes
  - aurora.mysql.attributes.ALL
"""

EXAMPLES = r"""
- name: Plan the guide's build before running any step
  aurora.mysql.aurora_plan:
    subnet_group:
      name: myapp-aurora-subnets
      description: Subnets for Aurora MySQL cluster
      subnet_ids: [subnet-abc123, subnet-def456, subnet-ghi789]
    cluster_parameter_group:
      name: myapp-aurora-mysql8-cluster
      scope: cluster
      description: Cluster parameters for Aurora MySQL 8.0
      parameters: {character_set_server: utf8mb4}
    cluster:
      identifier: myapp-aurora-cluster
      engine_version: 8.0.mysql_aurora.3.07.1
      master_username: admin
      db_subnet_group_name: myapp-aurora-subnets
    secrets:
      cluster: {master_user_password: "{{ db_password }}"}
    instances:
      - {identifier: myapp-aurora-writer, cluster_identifier: myapp-aurora-cluster, instance_class: db.r6g.large}
      - {identifier: myapp-aurora-reader-1, cluster_identifier: myapp-aurora-cluster, instance_class: db.r6g.large}
    variables:
      cluster: {engine_version: db_engine_version}
  register: plan

- name: Run the cluster step only when it changes
  aurora.mysql.aurora_cluster:
    identifier: myapp-aurora-cluster
    engine_version: 8.0.mysql_aurora.3.07.1
    master_username: admin
    master_user_password: "{{ db_password }}"
    db_subnet_group_name: myapp-aurora-subnets
  when: plan.steps.cluster.changed

- name: Wait up to a minute for the members, then show where they are
  aurora.mysql.aurora_plan:
    cluster: {identifier: myapp-aurora-cluster}
    wait_for_members: true
    wait_timeout: 60
  register: members
"""

RETURN = r"""
changed:
  description: Always false; the module only reads.
  returned: always
  type: bool
  sample: false
steps:
  description:
    - Every step planned, by step name, in the order a build runs them.
    - Each is the step's plan as its module makes it.
  returned: success
  type: dict
  sample:
    cluster: {resource: myapp-aurora-cluster, changed: true, action: modify,
              changes: {backup_retention_period: 7}, tags: {set: {}, remove: []}, wait: null}
  contains:
    resource:
      description: The identifier or name of the step's resource.
      type: str
      sample: myapp-aurora-cluster
    changed:
      description: Whether the step's module would report a change.
      type: bool
      sample: true
    action:
      description: V(create), V(modify), V(delete), V(reboot), or empty when only tags (or nothing) change.
      type: str
      sample: modify
    changes:
      description:
        - Option to its new value. For a parameter group, parameter name to C(before), C(after) and C(apply_method).
      type: dict
      sample: {backup_retention_period: 7}
    tags:
      description: The tags to C(set) (key to value) and to C(remove) (keys).
      type: dict
      sample: {set: {team: data}, remove: []}
    wait:
      description: The wait the step's module ends with, or null.
      type: str
      sample: cluster_available
changed_steps:
  description: The names of the steps that change, in the order they run.
  returned: success
  type: list
  elements: str
  sample: [cluster, instance myapp-aurora-reader-3]
summary:
  description: A few lines a person reads before the run, one per changing step and one for what follows.
  returned: success
  type: list
  elements: str
  sample: ["cluster: modify backup_retention_period", "2 other steps unchanged"]
status:
  description: The cluster's status as read now; null for a cluster not created yet.
  returned: success
  type: str
  sample: available
endpoints:
  description: The cluster's endpoints as read now; nulls and no instances for a cluster not created yet.
  returned: success
  type: dict
  sample:
    writer: myapp-aurora-cluster.cluster-abc123.us-east-1.rds.amazonaws.com
    reader: myapp-aurora-cluster.cluster-ro-abc123.us-east-1.rds.amazonaws.com
    port: 3306
    instances: {myapp-aurora-writer: myapp-aurora-writer.abc123.us-east-1.rds.amazonaws.com}
  contains:
    writer:
      description: The cluster (writer) endpoint.
      type: str
    reader:
      description: The reader endpoint.
      type: str
    port:
      description: The port.
      type: int
    instances:
      description: Each member's own endpoint address.
      type: dict
members:
  description:
    - The cluster's members as read now, writer first, then the readers in the order Aurora promotes them (the member
      view M(aurora.mysql.aurora_cluster_info) returns).
  returned: success
  type: list
  elements: dict
  sample:
    - {instance_identifier: myapp-aurora-writer, is_writer: true, promotion_tier: 1, status: available,
       instance_class: db.r6g.xlarge, parameter_apply_status: in-sync}
writer:
  description: The writer as read now; null when the cluster has none (or does not exist yet).
  returned: success
  type: str
  sample: myapp-aurora-writer
pending_reboot:
  description:
    - The members that wait for a reboot to apply parameters, now or once this run's static parameter changes (or a
      move to another parameter group) are made, each with its reasons.
  returned: success
  type: list
  elements: dict
  sample: [{instance: myapp-aurora-reader-1, reasons: [parameter group myapp-aurora-mysql8-instance is pending-reboot]}]
  contains:
    instance:
      description: The member.
      type: str
    reasons:
      description: Why it needs a reboot.
      type: list
      elements: str
queued:
  description:
    - The changes RDS holds for the maintenance window, as they will be once the run's steps are made (a change a step
      sends without apply_immediately that RDS queues, and those queued already).
  returned: success
  type: list
  elements: dict
  sample:
    - {resource: instance myapp-aurora-reader-2, change: instance_class, value: db.r6g.xlarge,
       until: "sun:04:00-sun:05:00", apply_now: "a rolling apply (aurora.mysql.aurora_rolling_reboot) applies it now"}
  contains:
    resource:
      description: C(cluster <identifier>) or C(instance <identifier>).
      type: str
    change:
      description: What is queued, as the resource's option (or RDS's pending value) is named.
      type: str
    value:
      description: The value it is queued to get.
      type: raw
    until:
      description: The maintenance window it waits for.
      type: str
    apply_now:
      description: How to apply it now instead.
      type: str
needs:
  description: What the run needs once its steps are made.
  returned: success
  type: dict
  contains:
    members_wait:
      description: True when an instance step changes something, or a member is not available.
      type: bool
    rolling_apply:
      description:
        - True when a member waits (or will wait) for a reboot, or has a change queued that a rolling apply applies.
      type: bool
    writer_placement:
      description:
        - The first of O(instances), when the cluster has no member yet and the run creates instances. Instances
          created together race for the writer role; once they are up, the caller makes this one the writer if AWS
          chose another.
        - Null otherwise; a later run observes the writer and never moves it.
      type: str
unlisted_instances:
  description: Members of the cluster not in O(instances), left alone (without O(purge_instances)).
  returned: success
  type: list
  elements: str
  sample: []
waited_seconds:
  description: How long O(wait_for_members) waited.
  returned: when O(wait_for_members=true)
  type: float
  sample: 12.4
diff:
  description: One diff per changing step, with C(before_header) and C(after_header) naming the step.
  returned: in diff mode
  type: list
  elements: dict
upgrade:
  description:
    - The engine upgrade, with O(upgrade) only. C(kind) is V(none), V(in_place) or V(blue_green); C(phase) of a
      blue/green upgrade is V(create), V(switchover) or V(cleanup), from the deployment's status.
    - C(parameters) are the groups' values for the wanted family (renamed, removed left out, C(binlog_format) ROW in
      the cluster group of a blue/green upgrade), C(renamed) and C(removed) what changed, C(steps) the path left.
  returned: when O(upgrade) is given
  type: dict
  contains:
    kind:
      description: V(none) (nothing to upgrade, or a version ahead already running), V(in_place) or V(blue_green).
      type: str
    major:
      description: Whether the upgrade is to another major version.
      type: bool
    phase:
      description: Where a blue/green upgrade stands, V(create), V(switchover) or V(cleanup); null otherwise.
      type: str
    cluster:
      description: The cluster's identifier; null when it does not exist.
      type: str
    from:
      description: The engine version the cluster runs.
      type: str
    to:
      description: The engine version asked for.
      type: str
    method:
      description: The upgrade method asked for, V(auto), V(in_place) or V(blue_green).
      type: str
    deployment_name:
      description: The name of the upgrade's blue/green deployment, by which a rerun finds it.
      type: str
    deployment:
      description: The deployment of that name as RDS shows it (as M(aurora.mysql.aurora_blue_green) returns it), or
        null.
      type: dict
    family:
      description: The parameter group family of the version asked for.
      type: str
    source_family:
      description: The parameter group family of the running version.
      type: str
    source_cluster_parameter_group:
      description: The cluster parameter group the cluster uses now.
      type: str
    binlog_change:
      description: Whether C(binlog_format) must be turned on in that group (and rolled in) before the deployment.
      type: bool
    writer_reboot:
      description: Whether the writer still waits for a reboot to apply C(binlog_format).
      type: bool
    verify_tasks:
      description: The caller's checks of the green cluster, run before the switchover.
      type: list
      elements: str
    switchover_timeout:
      description: The switchover's timeout, in seconds.
      type: int
    parameters:
      description: The values for the wanted family, by scope (C(cluster), C(instance)).
      type: dict
    renamed:
      description: The parameters the wanted family names otherwise, old name to new.
      type: dict
    removed:
      description: The parameters the wanted family no longer has (left out only when allowed).
      type: list
      elements: str
    steps:
      description: The path left, in order, one line per step.
      type: list
      elements: str
  sample:
    kind: blue_green
    major: true
    phase: create
    from: 5.7.mysql_aurora.2.12.4
    to: 8.0.mysql_aurora.3.07.1
    deployment_name: myapp-aurora-cluster-to-8-0-mysql-aurora-3-07-1
    deployment: null
    family: aurora-mysql8.0
    binlog_change: true
    renamed: {tx_isolation: transaction_isolation}
    removed: []
    steps: [create blue/green deployment myapp-aurora-cluster-to-8-0-mysql-aurora-3-07-1]
"""

from datetime import datetime, timezone

from ansible_collections.aurora.mysql.plugins.module_utils import aws, topology, topology_api
from ansible_collections.aurora.mysql.plugins.module_utils.module import run_module


def run(module):
    params = module.params
    steps, refused = topology.steps_of(params, datetime.now(timezone.utc))
    cluster_steps = [step for step in steps if step.name == topology.CLUSTER]
    clients = aws.Clients(params)
    waited = None
    if params["wait_for_members"] and cluster_steps:
        waited = topology_api.wait_for_members(clients.rds, cluster_steps[0].desired.identifier, params["wait_timeout"])
    result, warnings = topology_api.plan(clients, steps, params, module._diff, refused)
    # A wait comes after the steps ran, when the plan before them has said its warnings already.
    for warning in [] if params["wait_for_members"] else warnings:
        module.warn(warning)
    if waited is not None:
        result["waited_seconds"] = waited
    return dict(result, changed=False)


def main():
    run_module(topology.ARGUMENT_SPEC, run)


if __name__ == "__main__":
    main()
