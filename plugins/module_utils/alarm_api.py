# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The CloudWatch calls behind aurora_alarm; the decisions live in alarm.py."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils
from ansible_collections.aurora.mysql.plugins.module_utils.alarm import normalise


def read(client, name, known_tags=None):
    """The normalised metric alarm with its tags, or None.

    `known_tags`: the tags this run has just put, so that the read after a change needs no ListTagsForResource.
    """
    found = client.call("describe_alarms", AlarmNames=[name], AlarmTypes=["MetricAlarm"]).get("MetricAlarms", [])
    if not found:
        return None
    if known_tags is not None:
        tag_list = tag_utils.to_list(known_tags)
    else:
        tag_list = client.call("list_tags_for_resource", ResourceARN=found[0]["AlarmArn"]).get("Tags", [])
    return normalise(found[0], tag_list)


def apply(client, alarm_plan, current):
    if alarm_plan.action == "delete":
        client.call("delete_alarms", **alarm_plan.request)
        return
    if alarm_plan.request:
        client.call("put_metric_alarm", **alarm_plan.request)
    if current is None:
        return
    # CloudWatch tags by ARN with its own calls, not RDS's.
    if alarm_plan.tags.to_remove:
        client.call("untag_resource", ResourceARN=current["arn"], TagKeys=list(alarm_plan.tags.to_remove))
    if alarm_plan.tags.to_set:
        client.call("tag_resource", ResourceARN=current["arn"], Tags=tag_utils.to_list(alarm_plan.tags.to_set))
