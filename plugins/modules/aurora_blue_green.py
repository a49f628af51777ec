#!/usr/bin/python
# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: aurora_blue_green
short_description: Create, switch over and delete an Amazon RDS blue/green deployment of an Aurora MySQL cluster
version_added: 0.1.0
description:
  - Manages one blue/green deployment, found by its O(name). RDS keeps one deployment per name, so a rerun finds the
    deployment an earlier run created and never creates a second.
  - V(present) creates the deployment from O(source_cluster) (the blue environment) with the target engine version and
    parameter groups, and waits until it is C(AVAILABLE), the green cluster and instances ready, every task completed.
  - V(switched_over) switches over (C(SwitchoverBlueGreenDeployment)) and waits for C(SWITCHOVER_COMPLETED). The green
    cluster and instances then carry the original names and endpoints and the old ones the C(-old1) suffix.
  - V(absent) deletes the deployment; the green environment only with O(delete_target=true).
  - Every run starts from where AWS is, so an interrupted run is finished by its rerun. A deployment still
    C(PROVISIONING) is waited for, and a switchover in progress is waited for, never started again.
  - A deployment in C(INVALID_CONFIGURATION) and a failed switchover are reported as failed, with the deployment's
    tasks, switchover details, status details and its RDS events (RV(events)); never as a timeout.
  - Before a switchover, check mode included, the switchover guardrails are checked (RV(guardrails)); one refusal
    names every one that failed, and nothing is changed. Refused are the green writer's replica lag over
    O(max_replica_lag_seconds), and in either environment a cluster or instance not C(available), queued changes
    (C(PendingModifiedValues)) and parameter groups not C(in-sync). RDS runs its own guardrails when the switchover
    starts (replication health and lag, writes on green, external replication, long-running writes and DDL on blue);
    long-running transactions are not visible through the AWS API, so only RDS checks them.
  - Before anything changes, check mode included, a create is refused for what RDS would refuse, naming the option to
    fix. The source must be an available Aurora MySQL cluster (not 2.08 or 2.09) whose master password is not kept in
    Secrets Manager, with binary logging on in its custom cluster parameter group and the writer in sync with it, and
    in no other deployment. O(target_engine_version) must be the source's version or one of its C(ValidUpgradeTarget)
    (C(rds:DescribeDBEngineVersions)); the target groups must exist and be of the target version's family, and a new
    major version needs them.
author:
  - aurora.mysql maintainers (!UNKNOWN)
options:
  name:
    description:
      - The blue/green deployment's name (C(BlueGreenDeploymentName)), 1 to 60 letters, digits and single hyphens,
        starting with a letter. It identifies the deployment in every task.
    type: str
    required: true
  state:
    description:
      - V(present) creates the deployment and waits until it is available; an existing one is left as it is.
      - V(switched_over) switches an available deployment over; one already switched over is left as it is.
      - V(absent) deletes it.
    type: str
    choices: [present, switched_over, absent]
    default: present
  source_cluster:
    description:
      - The cluster to copy (the blue environment), by identifier or ARN; the ARN sent to RDS is the cluster's own.
      - Required to create the deployment. With an existing deployment it is compared, and a deployment of another
        cluster is refused (after the switchover the original name is the new production cluster's, which matches).
    type: str
  target_engine_version:
    description:
      - The green cluster's engine version, in full (for example V(8.0.mysql_aurora.3.07.1)); the source's version
        when omitted. A bare V(8.0) is not taken, as the version RDS would pick for it is its own choice.
      - It must be the source's version or one RDS offers as an upgrade target of it (C(ValidUpgradeTarget)); an older
        version is refused, as RDS never downgrades.
      - With an existing deployment it is compared with the green cluster until the switchover; RDS cannot change it,
        so another version is refused.
    type: str
  target_db_cluster_parameter_group_name:
    description:
      - The green cluster's DB cluster parameter group, of the target version's family; the source's when omitted.
      - Required for a new major version. Keep C(binlog_format) on in it, so that the next upgrade can use blue/green
        too.
      - Compared like O(target_engine_version).
    type: str
  target_db_parameter_group_name:
    description:
      - The DB parameter group of every green instance, of the target version's family; each source instance's own
        when omitted.
      - Required for a new major version when an instance uses a custom DB parameter group.
      - Compared like O(target_engine_version).
    type: str
  switchover_timeout:
    description:
      - Seconds RDS may take to switch over, 30 to 3600 (C(SwitchoverTimeout)). A switchover that takes longer is
        rolled back by RDS and reported as failed.
    type: int
    default: 300
  delete_target:
    description:
      - With O(state=absent), also delete the green cluster and instances (C(DeleteTarget)).
      - Refused after the switchover, when the target is the production cluster (RDS refuses it then), and while the
        green cluster has deletion protection on (RDS deletes it only without).
      - V(false) keeps the green environment, and after a switchover the old (C(-old1)) cluster, as they are.
    type: bool
    default: false
  max_replica_lag_seconds:
    description:
      - With O(state=switched_over), the switchover guardrail on replication lag. The switchover is refused, before
        C(SwitchoverBlueGreenDeployment) is called and in check mode too, while the green cluster's writer lags
        more than this many seconds behind blue.
      - The lag is the newest C(AuroraBinlogReplicaLag) datapoint of the last five minutes for the green cluster
        with dimension C(Role=WRITER) (C(cloudwatch:GetMetricStatistics)); the Aurora User Guide recommends it be
        "close to zero" before a switchover. A value of C(-1) is refused too (replication might not be active).
      - No datapoints, or C(cloudwatch:GetMetricStatistics) denied, is a warning, not a refusal; RDS checks the lag
        against its own limit, derived from O(switchover_timeout), when the switchover starts.
      - V(0) or null turns this guardrail off. 0 to 3600. The role passes C(aurora_mysql_max_replica_lag_seconds)
        here.
    type: int
    default: 5
extends_documentation_fragment:
  - aurora.mysql.auth
  - aurora.mysql.tags
  - aurora.mysql.wait
  - aurora.mysql.attributes
  - aurora.mysql.attributes.ALL
notes:
  - O(tags) are the deployment's own (C(AddTagsToResource) on its ARN), not the clusters'.
  - O(wait) waits for C(AVAILABLE) (V(present)), C(SWITCHOVER_COMPLETED) (V(switched_over)) or until the deployment,
    and with O(delete_target=true) the green cluster, is gone (V(absent)). A switchover of a deployment still
    provisioning waits for it to be available first, even with O(wait=false), as RDS switches over only an available
    deployment.
  - Check mode runs the same plan as a real run, with the same checks and guardrails, and predicts the deployment. A
    switchover of a deployment still C(PROVISIONING) has its guardrails checked only by the real run, once the
    deployment is C(AVAILABLE); check mode warns so. What RDS decides
    itself (the new deployment's identifier, the green names, the old cluster's C(-oldN) name) is null there.
  - Blue/green deployments of Aurora MySQL need binary logging on in the source's custom cluster parameter group
    (C(binlog_format), static), and RDS copies the source's configuration; see the Aurora User Guide's blue/green
    deployment pages for what a switchover does to connections.
"""

EXAMPLES = r"""
# The Aurora User Guide's example, an Aurora MySQL version 2 cluster taken to version 3. Binary logging is on in the
# source's cluster parameter group (binlog_format: ROW, with the writer rebooted), and the version 3 groups exist.
- name: Create the blue/green deployment with the version 3 target groups
  aurora.mysql.aurora_blue_green:
    name: aurora-blue-green-deployment
    source_cluster: auroradb
    target_engine_version: 8.0.mysql_aurora.3.07.1
    target_db_cluster_parameter_group_name: mydbclusterparametergroup
    target_db_parameter_group_name: mydbparametergroup
    tags:
      change: CHG-1234
  register: deployment

- name: Read the green cluster before the switchover
  aurora.mysql.aurora_cluster_info:
    cluster_identifier: "{{ deployment.blue_green_deployment.target_cluster }}"
  register: green

- name: Verify the green environment with your own checks against its writer endpoint
  ansible.builtin.include_tasks: verify-green.yml
  vars:
    verify_endpoint: "{{ green.clusters[0].endpoints.writer }}"

- name: Switch over once the green writer lags at most 2 s behind; the endpoints keep their names
  aurora.mysql.aurora_blue_green:
    name: aurora-blue-green-deployment
    state: switched_over
    switchover_timeout: 600
    max_replica_lag_seconds: 2
  register: switched

- name: Show what RDS reported
  ansible.builtin.debug:
    msg: "{{ switched.events | map(attribute='message') | list }}"

- name: Delete the deployment, keeping the old cluster (auroradb-old1) for a rollback window
  aurora.mysql.aurora_blue_green:
    name: aurora-blue-green-deployment
    state: absent

# Before a switchover, abandon the upgrade and its green environment.
- name: Delete the deployment and the green cluster
  aurora.mysql.aurora_blue_green:
    name: aurora-blue-green-deployment
    state: absent
    delete_target: true
"""

RETURN = r"""
blue_green_deployment:
  description:
    - The deployment after the run, in snake_case; in check mode, as the plan would leave it.
    - Empty when the deployment does not exist (after V(absent)).
    - When the task fails on the deployment's state, the deployment as it was found.
  returned: always
  type: dict
  sample:
    identifier: bgd-wi89nwzglccsfake
    name: aurora-blue-green-deployment
    status: AVAILABLE
    status_details: null
    source: arn:aws:rds:us-east-2:123456789012:cluster:auroradb
    target: arn:aws:rds:us-east-2:123456789012:cluster:auroradb-green-3rnukl
    source_cluster: auroradb
    target_cluster: auroradb-green-3rnukl
    tasks: [{name: CREATING_READ_REPLICA_OF_SOURCE, status: COMPLETED}]
    switchover_details: []
    create_time: "2022-02-25T21:18:51.183000+00:00"
    delete_time: null
    tags: {change: CHG-1234}
  contains:
    identifier:
      description: The deployment's identifier (C(BlueGreenDeploymentIdentifier)); null in check mode before a create.
      returned: success
      type: str
      sample: bgd-wi89nwzglccsfake
    name:
      description: The deployment's name.
      returned: success
      type: str
      sample: aurora-blue-green-deployment
    status:
      description:
        - C(PROVISIONING), C(AVAILABLE), C(SWITCHOVER_IN_PROGRESS), C(SWITCHOVER_COMPLETED), C(INVALID_CONFIGURATION),
          C(SWITCHOVER_FAILED) or C(DELETING).
      returned: success
      type: str
      sample: AVAILABLE
    status_details:
      description: RDS's additional information about the status, for example why a switchover was canceled.
      returned: success
      type: str
      sample: null
    source:
      description: The ARN of the blue cluster; after the switchover, the old cluster's (renamed C(-old1)).
      returned: success
      type: str
      sample: arn:aws:rds:us-east-2:123456789012:cluster:auroradb
    target:
      description: The ARN of the green cluster; after the switchover, the new production cluster's (original name).
      returned: success
      type: str
      sample: arn:aws:rds:us-east-2:123456789012:cluster:auroradb-green-3rnukl
    source_cluster:
      description: The identifier of the blue cluster (the last part of RV(blue_green_deployment.source)).
      returned: success
      type: str
      sample: auroradb
    target_cluster:
      description:
        - The identifier of the green cluster (the last part of RV(blue_green_deployment.target)); null while RDS has
          not named it yet.
      returned: success
      type: str
      sample: auroradb-green-3rnukl
    tasks:
      description: The deployment's tasks and their status (C(PENDING), C(IN_PROGRESS), C(COMPLETED), C(FAILED)).
      returned: success
      type: list
      elements: dict
      sample: [{name: DB_ENGINE_VERSION_UPGRADE, status: COMPLETED}]
      contains:
        name:
          description: The task, for example C(CREATING_READ_REPLICA_OF_SOURCE) or C(DB_ENGINE_VERSION_UPGRADE).
          type: str
          sample: DB_ENGINE_VERSION_UPGRADE
        status:
          description: Its status.
          type: str
          sample: COMPLETED
    switchover_details:
      description: One entry per blue resource (the cluster, each instance, each custom endpoint) and its green copy.
      returned: success
      type: list
      elements: dict
      contains:
        source_member:
          description: The ARN of the blue resource.
          type: str
          sample: arn:aws:rds:us-east-2:123456789012:db:auroradb-instance-1
        target_member:
          description: The ARN of its green copy; null until RDS has made it.
          type: str
          sample: arn:aws:rds:us-east-2:123456789012:db:auroradb-instance-1-green-gpmaxf
        status:
          description: C(PROVISIONING), C(AVAILABLE), C(SWITCHOVER_IN_PROGRESS), C(SWITCHOVER_COMPLETED),
            C(SWITCHOVER_FAILED), C(MISSING_SOURCE) or C(MISSING_TARGET).
          type: str
          sample: AVAILABLE
      sample: []
    create_time:
      description: When the deployment was created, ISO 8601; null in check mode before a create.
      returned: success
      type: str
      sample: "2022-02-25T21:18:51.183000+00:00"
    delete_time:
      description: When its deletion started, ISO 8601; null until then.
      returned: success
      type: str
      sample: null
    tags:
      description: The deployment's tags.
      returned: success
      type: dict
      sample: {change: CHG-1234}
events:
  description:
    - The deployment's RDS events (source type V(blue-green-deployment)), oldest first.
    - After a switchover, those since the switchover call (empty in check mode); when the task fails on the
      deployment's state, all that RDS keeps (14 days).
  returned: when the task switched over, or failed on the deployment's state
  type: list
  elements: dict
  contains:
    date:
      description: When the event happened, ISO 8601.
      type: str
      sample: "2024-05-01T10:00:03.120000+00:00"
    message:
      description: The event message.
      type: str
      sample: Switchover completed on blue/green deployment.
    source_identifier:
      description: The deployment's identifier.
      type: str
      sample: bgd-wi89nwzglccsfake
  sample:
    - date: "2024-05-01T10:00:01.004000+00:00"
      message: Switchover started on blue/green deployment.
      source_identifier: bgd-wi89nwzglccsfake
guardrails:
  description:
    - The switchover guardrails' readings, taken right before the switchover (in check mode, where the real run takes
      them). Also returned when they refuse the switchover.
  returned: when the task switches over, or its guardrails refused the switchover
  type: dict
  sample:
    blue_cluster: auroradb
    green_cluster: auroradb-green-3rnukl
    max_replica_lag_seconds: 5
    replica_lag_seconds: 0.0
    pending_changes: []
    failed: []
  contains:
    blue_cluster:
      description: The blue (production) cluster.
      returned: always
      type: str
      sample: auroradb
    green_cluster:
      description: The green cluster.
      returned: always
      type: str
      sample: auroradb-green-3rnukl
    max_replica_lag_seconds:
      description: The limit checked; null when the lag guardrail is off.
      returned: always
      type: int
      sample: 5
    replica_lag_seconds:
      description:
        - The green writer's newest C(AuroraBinlogReplicaLag), in seconds; null when the guardrail is off, when
          C(cloudwatch:GetMetricStatistics) was denied or CloudWatch had no datapoint (those two with a warning).
      returned: always
      type: float
      sample: 0.0
    pending_changes:
      description:
        - What keeps either environment from a switchover now, in plain words; a cluster or instance not
          C(available), queued changes, a parameter group not C(in-sync).
      returned: always
      type: list
      elements: str
      sample:
        - green instance auroradb-instance-1-green-gpmaxf's DB parameter group mydbparametergroup is pending-reboot
    failed:
      description: Every guardrail that failed, in plain words; the switchover was refused when not empty.
      returned: always
      type: list
      elements: str
      sample: []
diff:
  description: The deployment before and after, as RV(blue_green_deployment) shows it.
  returned: in diff mode
  type: dict
  sample: {before: {status: AVAILABLE}, after: {status: SWITCHOVER_COMPLETED}}
"""

import datetime

from ansible_collections.aurora.mysql.plugins.module_utils import (
    aws,
    blue_green,
    blue_green_api,
    blue_green_guardrails,
    blue_green_plan,
)
from ansible_collections.aurora.mysql.plugins.module_utils.module import run_module


def run(module):
    desired = blue_green.desired_from_params(module.params)
    clients = aws.Clients(module.params)
    client = clients.rds
    current = blue_green_api.read(client, desired.name)
    source = blue_green_api.read_source(client, desired) if blue_green_plan.needs_source(current, desired) else None
    green = (
        blue_green_api.read_green(client, current, desired) if blue_green_plan.needs_green(current, desired) else None
    )
    plan = blue_green_plan.plan(current, desired, source=source, green=green)
    blue_green_api.check(client, plan, desired, source)
    if plan.details.get("failure"):
        blue_green_api.fail(client, current, plan.details["failure"])
    for warning in plan.details.get("warnings", []):
        module.warn(warning)
    result = dict(changed=bool(plan))
    guard = _guard(module, clients, plan, desired, result)
    if module.check_mode:
        if plan.action == "switchover":
            if plan.details.get("wait_first"):
                # The green environment is still being made: its guardrails can be read only once it is AVAILABLE,
                # which the real run waits for first.
                module.warn(
                    f"blue/green deployment {desired.name} is {current['status']}: the switchover guardrails are "
                    "checked once it is AVAILABLE, by the real run, before the switchover"
                )
            else:
                guard(current)
        after = blue_green_plan.predict(current, plan, desired, source)
        if plan.action == "switchover":
            result["events"] = []
    else:
        after = _apply(clients.rds, plan, current, desired, module.params["wait_timeout"], result, guard)
    result["blue_green_deployment"] = after or {}
    if module._diff:
        result["diff"] = blue_green_plan.diff(current, plan, desired, source)
    return result


def _guard(module, clients, plan, desired, result):
    """The switchover guardrails, checked right before SwitchoverBlueGreenDeployment (check mode: where a real run
    would check them): their readings go in the result, what could not be read in warnings, and a failed one
    refuses the switchover naming every one that failed."""

    def guard(current):
        readings, warnings = blue_green_api.guardrails(clients, current, desired)
        for warning in warnings:
            module.warn(warning)
        result["guardrails"] = readings
        if readings["failed"]:
            raise blue_green_guardrails.GuardrailsRefused(
                desired.name, current["identifier"], readings["failed"], readings
            )

    return guard


def _apply(client, plan, current, desired, timeout, result, guard):
    started_at = datetime.datetime.now(datetime.timezone.utc)
    identifier = current["identifier"] if current else None
    if plan:
        # After a wait for a deployment still provisioning, its green cluster is read anew (RDS names it meanwhile).
        def checked():
            guard(blue_green_api.read(client, desired.name) if plan.details.get("wait_first") else current)

        identifier = blue_green_api.apply(client, plan, current, timeout, guard=checked)
    blue_green_api.wait(client, plan, identifier, timeout)
    if plan.action == "switchover":
        result["events"] = blue_green_api.events_since(client, identifier, started_at)
    return blue_green_api.read(client, desired.name) if plan or plan.wait else current


def main():
    run_module(blue_green.ARGUMENT_SPEC, run)


if __name__ == "__main__":
    main()
