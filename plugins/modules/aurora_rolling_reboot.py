#!/usr/bin/python
# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: aurora_rolling_reboot
short_description: Apply pending-reboot changes to an Aurora MySQL cluster one instance at a time, without downtime
version_added: 0.1.0
description:
  - Finds the members that need a reboot, because one of their parameter groups (instance or cluster) is
    C(pending-reboot), or, with O(include_queued_changes=true), because a change that needs a restart (instance
    class, CA certificate, processor features) is queued in C(PendingModifiedValues). When none does, nothing
    is done and the result is not changed.
  - Reboots the readers one at a time, the least important first (highest promotion tier, then the smallest
    class), and waits after each one until it is available and in-sync and every member is available again.
  - If the writer needs a reboot, fails over to the best reader (lowest tier, then largest class), which is in-sync
    by then, reboots the old writer, and with O(preserve_writer=true) fails back to it.
  - No more than one instance is ever down. The run refuses to start unless the cluster and every member are
    available, and before each reboot it checks again that no other member is down and that the instance is
    not the writer.
  - Every step has its own timeout, O(step_timeout). When a step fails or times out the module stops at once,
    names the step, and returns the steps done before it. The writer is rebooted only after the failover to a
    rebooted reader has completed, so a failure before then leaves the original writer serving.
  - A reboot applies queued changes with C(ModifyDBInstance) and C(ApplyImmediately=true) (a reboot alone leaves
    them queued), then calls C(RebootDBInstance) if a parameter group is still C(pending-reboot). The step re-reads
    the instance first, so an instance that no longer needs anything when its turn comes gets no call and its step
    reports V(not_needed) once the instance is available and in-sync. A failover restarts the old writer, which
    applies its C(pending-reboot) parameters, so the writer's reboot step usually ends that way.
author:
  - aurora.mysql maintainers (!UNKNOWN)
options:
  cluster_identifier:
    description:
      - The DB cluster identifier.
    type: str
    required: true
  preserve_writer:
    description:
      - When the writer had to be rebooted, fail back to it at the end, so the cluster ends with the writer it
        started with.
      - With V(false) the reader promoted in its place stays the writer.
    type: bool
    default: true
  allow_downtime:
    description:
      - A single-instance cluster cannot be rebooted without an outage, so it is refused unless this is V(true).
    type: bool
    default: false
  max_replica_lag_ms:
    description:
      - After each reader's reboot, wait until the maximum of its CloudWatch C(AuroraReplicaLag) over the last
        minute is below this many milliseconds.
      - Missing datapoints count as unknown and are waited for until the step times out; the module then goes on
        with a warning. A lag still too high when the step times out fails the step.
      - When omitted, replica lag is not read.
    type: int
  include_queued_changes:
    description:
      - Also restart members whose C(PendingModifiedValues) hold a change that needs a restart, applying it now.
      - A member with a queued rename as well is refused, because applying the queue would rename it too.
    type: bool
    default: true
  step_timeout:
    description:
      - Seconds each step (one reboot, or one failover) may take, waits and replica lag included, before the run
        stops with an error naming the step.
    type: int
    default: 1800
notes:
  - Check mode reads the cluster, makes the same checks and returns the ordered plan as RV(steps) and RV(plan),
    every step with status V(planned).
  - With O(max_replica_lag_ms) the caller also needs C(cloudwatch:GetMetricStatistics).
  - After a parameter change RDS shows a member's parameter groups C(applying) before C(pending-reboot) or
    C(in-sync). The module waits (within O(step_timeout)) until no member is applying before it plans, in check mode
    too, so it never reports nothing to do while a change is still applying; each step also waits for that.
  - A cluster, member or member parameter group in a state it does not leave by waiting (C(stopped),
    C(storage-full), C(failed-to-apply), ...) stops the run at once, before a step or during one, saying what to do.
  - A failover step RDS gives up (RDS-EVENT-0069/0070) fails at once with the events in the result, and no later
    step starts, so the writer is never rebooted while it still writes.
seealso:
  - module: aurora.mysql.aurora_failover
  - module: aurora.mysql.aurora_param_group
extends_documentation_fragment:
  - aurora.mysql.auth
  - aurora.mysql.attributes
attributes:
  check_mode:
    support: full
    details:
      - Returns the ordered plan without acting.
      - A cluster that does not exist yet (an earlier task of the same check run may only have predicted it) has
        nothing pending, so the plan is empty; a real run refuses a missing cluster.
  diff_mode:
    support: partial
    details: The diff shows the writer and the members that need a reboot, before and after.
  idempotent:
    support: full
"""

EXAMPLES = r"""
- name: Change a static parameter; every instance using the group is now pending-reboot
  aurora.mysql.aurora_param_group:
    name: myapp-aurora-mysql8-instance
    scope: instance
    parameters:
      slow_query_log: "1"
      long_query_time: "1"
      log_output: FILE
      performance_schema: "1"

- name: Show the order a rolling reboot would take
  aurora.mysql.aurora_rolling_reboot:
    cluster_identifier: myapp-aurora-cluster
  check_mode: true
  register: rolling_plan

- name: Apply it, one instance at a time, the writer last and back as the writer at the end
  aurora.mysql.aurora_rolling_reboot:
    cluster_identifier: myapp-aurora-cluster
    max_replica_lag_ms: 100
    step_timeout: 900
  register: rolling

- name: Print the steps taken, with their durations
  ansible.builtin.debug:
    msg: "{{ item.step }}. {{ item.action }} {{ item.instance }} ({{ item.role }}): {{ item.duration_seconds }} s"
  loop: "{{ rolling.steps }}"
  loop_control:
    label: "{{ item.step }}"
"""

RETURN = r"""
cluster_identifier:
  description: The cluster.
  returned: always
  type: str
  sample: myapp-aurora-cluster
previous_writer:
  description: The writer when the module started.
  returned: always
  type: str
  sample: myapp-aurora-writer
writer:
  description:
    - The writer at the end, as read back from RDS after the last step.
    - In check mode, the writer the plan would end with.
  returned: always
  type: str
  sample: myapp-aurora-writer
plan:
  description: The ordered steps, each with status V(planned); the same in check mode and in a real run.
  returned: always
  type: list
  elements: dict
  contains:
    step:
      description: Position of the step, from 1.
      type: int
      sample: 1
    action:
      description: V(reboot) or V(failover).
      type: str
      sample: reboot
    instance:
      description: The instance rebooted, or the one the failover makes the writer.
      type: str
      sample: myapp-aurora-reader-2
    role:
      description: The instance's role when the run started, V(reader) or V(writer).
      type: str
      sample: reader
    reasons:
      description: Why the step is there.
      type: list
      elements: str
      sample: ["parameter group myapp-aurora-mysql8-instance is pending-reboot"]
    status:
      description: V(planned).
      type: str
      sample: planned
    duration_seconds:
      description: 0 for a planned step.
      type: float
      sample: 0.0
  sample:
    - {step: 1, action: reboot, instance: myapp-aurora-reader-2, role: reader, status: planned, duration_seconds: 0.0,
       reasons: ["parameter group myapp-aurora-mysql8-instance is pending-reboot"]}
steps:
  description:
    - The steps taken, in order, each with its status and duration. Empty when nothing needed a reboot.
    - In check mode, the plan (status V(planned)).
    - When a step fails, the result also carries RV(steps) (the steps done before it), RV(plan) and
      C(failed_step) (C(step), C(action), C(instance), C(role)).
  returned: always
  type: list
  elements: dict
  contains:
    step:
      description: Position of the step, from 1.
      type: int
      sample: 2
    action:
      description: V(reboot) or V(failover).
      type: str
      sample: failover
    instance:
      description: The instance rebooted, or the one the failover made the writer.
      type: str
      sample: myapp-aurora-reader-1
    role:
      description: The instance's role when the run started, V(reader) or V(writer).
      type: str
      sample: reader
    reasons:
      description: Why the step was taken.
      type: list
      elements: str
      sample: ["move the writer off myapp-aurora-writer before it reboots"]
    status:
      description:
        - V(done) when the step made its call (reboot, queued changes applied, or failover) and waited it through.
        - V(not_needed) when, at its turn, the instance needed nothing any more (the failover had already restarted
          the old writer) or was already the writer; nothing was called and the step only waited for a settled
          cluster.
        - V(planned) in check mode.
      type: str
      sample: done
    duration_seconds:
      description: Seconds from the step's first call until the cluster was settled again (and replica lag read).
      type: float
      sample: 48.3
  sample:
    - {step: 1, action: reboot, instance: myapp-aurora-reader-2, role: reader, status: done, duration_seconds: 52.1,
       reasons: ["parameter group myapp-aurora-mysql8-instance is pending-reboot"]}
"""

from ansible_collections.aurora.mysql.plugins.module_utils import aws, rolling, rolling_api
from ansible_collections.aurora.mysql.plugins.module_utils.module import run_module


def run(module):
    desired = rolling.desired_from_params(module.params)
    clients = aws.Clients(module.params)
    client = clients.rds
    current = rolling_api.read_settled(client, desired)
    plan = rolling.plan(current, desired, check_mode=module.check_mode)
    steps = plan.details.get("steps", [])
    before = rolling.state(current, desired.include_queued_changes)
    after = dict(before, **plan.changes)
    planned = rolling.planned(steps)
    result = dict(changed=bool(plan), cluster_identifier=desired.cluster, previous_writer=before["writer"])
    result.update(plan=planned, steps=planned if module.check_mode else [], writer=after["writer"])
    if plan and not module.check_mode:
        cloudwatch = clients.cloudwatch if desired.max_replica_lag_ms is not None else None
        runner = rolling_api.Runner(client, desired, cloudwatch)
        result["steps"] = runner.run(steps)
        for warning in runner.warnings:
            module.warn(warning)
        after = rolling.state(rolling_api.read(client, desired.cluster), desired.include_queued_changes)
        result["writer"] = after["writer"]
    if module._diff:
        result["diff"] = {"before": before, "after": after}
    return result


def main():
    run_module(rolling.ARGUMENT_SPEC, run)


if __name__ == "__main__":
    main()
