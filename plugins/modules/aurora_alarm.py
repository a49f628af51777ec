#!/usr/bin/python
# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: aurora_alarm
short_description: Manage a CloudWatch metric alarm on an Aurora MySQL cluster
version_added: 0.1.0
description:
  - Creates, updates or deletes a CloudWatch metric alarm with PutMetricAlarm, as the guide's "Setting Up
    Monitoring" section does for deadlocks and replica lag.
  - Only the alarm's configuration is compared, never its state (C(StateValue), C(StateReason), the
    timestamps), so a rerun with the same options reports no change whatever the alarm is doing.
  - Action lists and dimensions are compared as sets, the threshold as a number, and settings AWS leaves
    implicit (datapoints to alarm, treat missing data) at their AWS defaults.
  - Invalid statistic, period, comparison operator, evaluation periods and datapoints are refused before any call.
  - An option left unset keeps the alarm's current value; creating an alarm needs O(metric_name), O(statistic),
    O(period), O(evaluation_periods), O(threshold) and O(comparison_operator).
author:
  - aurora.mysql maintainers (!UNKNOWN)
options:
  name:
    description:
      - The alarm name, unique in the account and region.
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the alarm, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  metric_name:
    description:
      - The metric, for example V(Deadlocks) or V(AuroraReplicaLag).
    type: str
  namespace:
    description:
      - The metric's namespace.
    type: str
    default: AWS/RDS
  cluster_identifier:
    description:
      - The Aurora cluster the metric is for; it becomes the single dimension C(DBClusterIdentifier).
      - Mutually exclusive with O(dimensions).
    type: str
  dimensions:
    description:
      - The metric's dimensions as a mapping of name to value, compared as a set. At most 30.
      - Mutually exclusive with O(cluster_identifier).
    type: dict
  statistic:
    description:
      - One of V(SampleCount), V(Average), V(Sum), V(Minimum), V(Maximum), or an extended statistic such as
        V(p99), V(p99.9) or V(tm90), which is sent as C(ExtendedStatistic).
    type: str
  period:
    description:
      - Seconds over which the statistic is applied. V(10), V(30) or a multiple of V(60).
    type: int
  evaluation_periods:
    description:
      - How many recent periods are compared with the threshold. At least 1.
    type: int
  datapoints_to_alarm:
    description:
      - How many of the O(evaluation_periods) must breach to alarm; at most O(evaluation_periods).
      - When never set, AWS uses O(evaluation_periods), and so does this module when O(evaluation_periods) changes.
    type: int
  threshold:
    description:
      - The value the statistic is compared with.
    type: float
  comparison_operator:
    description:
      - How the statistic is compared with O(threshold).
    type: str
    choices: [GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold]
  alarm_actions:
    description:
      - ARNs (for example SNS topics) notified when the alarm goes to C(ALARM). Compared as a set.
      - V([]) removes every action.
    type: list
    elements: str
  ok_actions:
    description:
      - ARNs notified when the alarm goes to C(OK). Compared as a set.
    type: list
    elements: str
  insufficient_data_actions:
    description:
      - ARNs notified when the alarm goes to C(INSUFFICIENT_DATA). Compared as a set.
    type: list
    elements: str
  treat_missing_data:
    description:
      - How missing data points are treated. AWS's default is V(missing).
    type: str
    choices: [breaching, notBreaching, ignore, missing]
  unit:
    description:
      - The metric's unit, when the alarm should only consider data points in that unit.
    type: str
    choices: [Seconds, Microseconds, Milliseconds, Bytes, Kilobytes, Megabytes, Gigabytes, Terabytes, Bits, Kilobits,
              Megabits, Gigabits, Terabits, Percent, Count, Bytes/Second, Kilobytes/Second, Megabytes/Second,
              Gigabytes/Second, Terabytes/Second, Bits/Second, Kilobits/Second, Megabits/Second, Gigabits/Second,
              Terabits/Second, Count/Second, None]
  description:
    description:
      - The alarm description. V("") removes it.
    type: str
  actions_enabled:
    description:
      - Whether the actions run when the alarm changes state. AWS's default is V(true).
    type: bool
notes:
  - The alarm is read with DescribeAlarms and ListTagsForResource, written with PutMetricAlarm, TagResource and
    UntagResource, and deleted with DeleteAlarms.
extends_documentation_fragment:
  - aurora.mysql.auth
  - aurora.mysql.tags
  - aurora.mysql.attributes
  - aurora.mysql.attributes.ALL
"""

EXAMPLES = r"""
- name: Alert on deadlocks per second, as in the guide
  aurora.mysql.aurora_alarm:
    name: aurora-myapp-deadlocks
    metric_name: Deadlocks
    namespace: AWS/RDS
    statistic: Sum
    period: 300
    evaluation_periods: 1
    threshold: 5
    comparison_operator: GreaterThanThreshold
    cluster_identifier: myapp-aurora-cluster
    alarm_actions:
      - arn:aws:sns:us-east-1:123456789012:db-alerts

- name: Alert on Aurora replica lag, as in the guide
  aurora.mysql.aurora_alarm:
    name: aurora-myapp-replica-lag
    metric_name: AuroraReplicaLag
    namespace: AWS/RDS
    statistic: Maximum
    period: 60
    evaluation_periods: 5
    threshold: 100
    comparison_operator: GreaterThanThreshold
    dimensions:
      DBClusterIdentifier: myapp-aurora-cluster
    alarm_actions:
      - arn:aws:sns:us-east-1:123456789012:db-alerts

- name: Raise only the threshold of an existing alarm; every other setting stays
  aurora.mysql.aurora_alarm:
    name: aurora-myapp-replica-lag
    threshold: 200

- name: Delete an alarm
  aurora.mysql.aurora_alarm:
    name: aurora-myapp-deadlocks
    state: absent
"""

RETURN = r"""
alarm:
  description: The alarm as it is now (predicted in check mode); empty when it does not exist.
  returned: always
  type: dict
  contains:
    name:
      description: The alarm name.
      type: str
      sample: aurora-myapp-deadlocks
    arn:
      description: The alarm ARN; null in check mode before the alarm exists.
      type: str
      sample: arn:aws:cloudwatch:us-east-1:123456789012:alarm:aurora-myapp-deadlocks
    metric_name:
      description: The metric.
      type: str
      sample: Deadlocks
    namespace:
      description: The metric's namespace.
      type: str
      sample: AWS/RDS
    statistic:
      description: The statistic or extended statistic.
      type: str
      sample: Sum
    dimensions:
      description: The dimensions, name to value.
      type: dict
      sample: {"DBClusterIdentifier": "myapp-aurora-cluster"}
    period:
      description: The period in seconds.
      type: int
      sample: 300
    evaluation_periods:
      description: The number of periods evaluated.
      type: int
      sample: 1
    datapoints_to_alarm:
      description: The number of breaching periods that trigger the alarm.
      type: int
      sample: 1
    threshold:
      description: The threshold.
      type: float
      sample: 5.0
    comparison_operator:
      description: The comparison operator.
      type: str
      sample: GreaterThanThreshold
    alarm_actions:
      description: The actions on C(ALARM), sorted.
      type: list
      elements: str
      sample: [arn:aws:sns:us-east-1:123456789012:db-alerts]
    ok_actions:
      description: The actions on C(OK), sorted.
      type: list
      elements: str
      sample: []
    insufficient_data_actions:
      description: The actions on C(INSUFFICIENT_DATA), sorted.
      type: list
      elements: str
      sample: []
    treat_missing_data:
      description: How missing data is treated.
      type: str
      sample: missing
    unit:
      description: The unit, or null.
      type: str
      sample: Count
    description:
      description: The description, empty when none.
      type: str
      sample: Deadlocks per second on myapp
    actions_enabled:
      description: Whether actions run.
      type: bool
      sample: true
    tags:
      description: The alarm's tags.
      type: dict
      sample: {"Environment": "production"}
    state_value:
      description: The alarm's state. Reported only; never compared.
      type: str
      sample: INSUFFICIENT_DATA
    state_reason:
      description: Why the alarm is in that state. Reported only.
      type: str
      sample: Unchecked, initial alarm creation
    state_updated_timestamp:
      description: When the state last changed, ISO 8601. Reported only.
      type: str
      sample: "2024-05-01T10:00:00.000000+00:00"
"""

from ansible_collections.aurora.mysql.plugins.module_utils import alarm, alarm_api, aws
from ansible_collections.aurora.mysql.plugins.module_utils.module import run_module


def run(module):
    desired = alarm.desired_from_params(module.params)
    client = aws.connect(module.params, "cloudwatch")
    current = alarm_api.read(client, desired.name)
    plan = alarm.plan(current, desired)
    predicted = alarm.predict(current, desired, plan)
    result = dict(changed=bool(plan), alarm=predicted or {})
    if module._diff:
        result["diff"] = alarm.diff(current, predicted)
    if plan and not module.check_mode:
        alarm_api.apply(client, plan, current)
        result["alarm"] = (alarm_api.read(client, desired.name, predicted["tags"]) if predicted else None) or {}
    return result


def main():
    run_module(alarm.ARGUMENT_SPEC, run, mutually_exclusive=alarm.MUTUALLY_EXCLUSIVE)


if __name__ == "__main__":
    main()
