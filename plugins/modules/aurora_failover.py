#!/usr/bin/python
# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: aurora_failover
short_description: Fail over an Aurora MySQL cluster, or make sure a given instance is its writer
version_added: 0.1.0
description:
  - Calls FailoverDBCluster to promote a reader to writer, as the guide's "Testing Failover" step does.
  - With O(target_instance) the task means "ensure this instance is the writer". If it already is, nothing is done
    and the result is not changed, so the task is idempotent.
  - Without O(target_instance) the module fails over to the reader Aurora itself would promote (the lowest
    promotion tier, then the largest instance class) and always reports a change.
  - Before any change it refuses, with a clear message, a cluster that is missing or not available, a cluster with
    fewer than two members, and a target that is not a member or not available.
  - The wait polls every second until the target is the writer, the cluster is available and every member is
    available; the result reports how long the failover took and the cluster's RDS events since the call.
author:
  - aurora.mysql maintainers (!UNKNOWN)
options:
  cluster_identifier:
    description:
      - The DB cluster identifier.
    type: str
    required: true
  target_instance:
    description:
      - The instance to promote to writer. It must be an available member of the cluster.
      - When omitted, the reader with the lowest promotion tier (then the largest class, then the first by name)
        is promoted.
    type: str
notes:
  - With O(wait=false) the module returns right after FailoverDBCluster; use M(aurora.mysql.aurora_cluster_info)
    with O(aurora.mysql.aurora_cluster_info#module:wait_for_members=true) later to wait for the cluster.
  - Check mode reads the cluster, makes the same checks and reports which instance would become the writer.
  - A failover RDS gives up (events RDS-EVENT-0069 "Cluster failover failed" and RDS-EVENT-0070 "Promoting previous
    primary again") fails the task as soon as the cluster is available again, with the writer it kept and the
    events in the result, not after O(wait_timeout).
  - A cluster in a state it does not leave by waiting (C(stopped), C(inaccessible-encryption-credentials), ...)
    fails the task at once, saying what to do.
extends_documentation_fragment:
  - aurora.mysql.auth
  - aurora.mysql.wait
  - aurora.mysql.attributes
  - aurora.mysql.attributes.ALL
"""

EXAMPLES = r"""
- name: Test failover, as in the guide (aws rds failover-db-cluster ... --target-db-instance-identifier)
  aurora.mysql.aurora_failover:
    cluster_identifier: myapp-aurora-cluster
    target_instance: myapp-aurora-reader-1
  register: failover

- name: Show how long it took and what RDS reported (the guide's describe-events)
  ansible.builtin.debug:
    msg: "{{ failover.previous_writer }} -> {{ failover.writer }} in {{ failover.duration_seconds }} s:
      {{ failover.events | map(attribute='message') | list }}"

- name: Fail over to whichever reader Aurora would promote
  aurora.mysql.aurora_failover:
    cluster_identifier: myapp-aurora-cluster

- name: Make the original writer the writer again
  aurora.mysql.aurora_failover:
    cluster_identifier: myapp-aurora-cluster
    target_instance: myapp-aurora-writer
    wait_timeout: 600
"""

RETURN = r"""
cluster_identifier:
  description: The cluster.
  returned: always
  type: str
  sample: myapp-aurora-cluster
previous_writer:
  description: The writer before the failover (the current writer when nothing was done).
  returned: always
  type: str
  sample: myapp-aurora-writer
writer:
  description:
    - The writer afterwards. With O(wait=true) the wait has seen RDS report it as the writer.
    - Without the wait, and in check mode, the instance that was (or would be) promoted.
  returned: always
  type: str
  sample: myapp-aurora-reader-1
duration_seconds:
  description: Seconds from the FailoverDBCluster call to the end of the wait; 0 when nothing was done.
  returned: always
  type: float
  sample: 21.4
events:
  description:
    - The cluster's RDS events (source type V(db-cluster)) since the failover call, oldest first.
    - Empty when nothing was done and in check mode.
    - A failed failover's result carries them too, with RV(writer) the instance RDS kept as the writer.
  returned: always
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
      sample: "Completed failover to DB instance: myapp-aurora-reader-1"
    source_identifier:
      description: The cluster the event is about.
      type: str
      sample: myapp-aurora-cluster
  sample:
    - date: "2024-05-01T10:00:01.004000+00:00"
      message: "Started cross AZ failover to DB instance: myapp-aurora-reader-1"
      source_identifier: myapp-aurora-cluster
"""

import datetime
import time

from ansible_collections.aurora.mysql.plugins.module_utils import aws, failover, failover_api
from ansible_collections.aurora.mysql.plugins.module_utils.module import run_module


def run(module):
    params = module.params
    desired = failover.desired_from_params(params)
    client = aws.connect(params, "rds")
    current = failover_api.read(client, desired.cluster)
    plan = failover.plan(current, desired)
    previous_writer, writer = plan.details["previous_writer"], plan.details["target"]
    result = dict(changed=bool(plan), cluster_identifier=desired.cluster, previous_writer=previous_writer)
    result.update(writer=writer, duration_seconds=0.0, events=[])
    if module._diff:
        result["diff"] = {"before": {"writer": previous_writer}, "after": {"writer": writer}}
    if module.check_mode:
        return result
    started_at = datetime.datetime.now(datetime.timezone.utc)
    started = time.monotonic()
    failover_api.apply(client, plan)
    failover_api.wait(client, plan, desired, params["wait_timeout"], started_at)
    if plan:
        result["duration_seconds"] = round(time.monotonic() - started, 1)
        result["events"] = failover_api.events_since(client, desired.cluster, started_at)
    return result


def main():
    run_module(failover.ARGUMENT_SPEC, run)


if __name__ == "__main__":
    main()
