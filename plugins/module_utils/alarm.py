# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudWatch metric alarms: validate, normalise, and a plan that compares configuration only, never alarm state."""

from __future__ import annotations

import re

from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils
from ansible_collections.aurora.mysql.plugins.module_utils import validate
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

STATISTICS = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
# Percentiles and the trimmed/winsorized statistics go to ExtendedStatistic: p99, p99.9, tm90, wm95, tc90, ts90.
_EXTENDED_STATISTIC = re.compile(r"^(p|tm|wm|tc|ts)(100|\d{1,2}(\.\d{1,2})?)$")
COMPARISON_OPERATORS = (
    "GreaterThanOrEqualToThreshold",
    "GreaterThanThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
)
TREAT_MISSING_DATA = ("breaching", "notBreaching", "ignore", "missing")
UNITS = (
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
    "None",
)
# What PutMetricAlarm cannot do without; checked on the merged configuration, so an update may name fewer.
REQUIRED_TO_CREATE = ("metric_name", "statistic", "period", "evaluation_periods", "threshold", "comparison_operator")
# The configuration; StateValue, StateReason and the timestamps are the alarm's state and never compared.
CONFIG_KEYS = (
    "metric_name",
    "namespace",
    "statistic",
    "dimensions",
    "period",
    "evaluation_periods",
    "datapoints_to_alarm",
    "threshold",
    "comparison_operator",
    "alarm_actions",
    "ok_actions",
    "insufficient_data_actions",
    "treat_missing_data",
    "unit",
    "description",
    "actions_enabled",
)
_ACTION_KEYS = (
    ("alarm_actions", "AlarmActions"),
    ("ok_actions", "OKActions"),
    ("insufficient_data_actions", "InsufficientDataActions"),
)
MAX_DIMENSIONS = 30


def desired_from_params(params):
    """Validated desired state; None means leave that setting as it is."""
    name = params["name"]
    if not isinstance(name, str) or not 1 <= len(name) <= 255:
        raise ValidationError("name", "must be 1 to 255 characters long")
    desired = {"name": name, "state": params.get("state") or "present"}
    if desired["state"] == "absent":
        return desired
    config = {
        "metric_name": params.get("metric_name"),
        "namespace": params.get("namespace"),
        "statistic": statistic(params.get("statistic")),
        "dimensions": dimensions(params.get("cluster_identifier"), params.get("dimensions")),
        "period": period(params.get("period")),
        "evaluation_periods": _at_least_one("evaluation_periods", params.get("evaluation_periods")),
        "datapoints_to_alarm": _at_least_one("datapoints_to_alarm", params.get("datapoints_to_alarm")),
        "threshold": None if params.get("threshold") is None else float(params["threshold"]),
        "comparison_operator": validate.one_of(
            "comparison_operator", params.get("comparison_operator"), COMPARISON_OPERATORS
        ),
        "treat_missing_data": validate.one_of(
            "treat_missing_data", params.get("treat_missing_data"), TREAT_MISSING_DATA
        ),
        "unit": validate.one_of("unit", params.get("unit"), UNITS),
        # An empty description clears it, the same way AWS reports a missing one.
        "description": None if params.get("description") is None else (params["description"] or ""),
        "actions_enabled": params.get("actions_enabled"),
    }
    for key, _field in _ACTION_KEYS:
        config[key] = None if params.get(key) is None else sorted(set(params[key]))
    _check_datapoints(config)
    desired.update(config=config, tags=validate.tags("tags", params.get("tags")), purge_tags=params.get("purge_tags"))
    return desired


def statistic(value):
    if value is None or value in STATISTICS or _EXTENDED_STATISTIC.match(value):
        return value
    raise ValidationError(
        "statistic",
        f"{value} is not a statistic; choose one of {', '.join(STATISTICS)}, or a percentile such as p99",
    )


def period(value):
    """CloudWatch accepts 10 and 30 seconds (high-resolution metrics) or any multiple of 60."""
    if value is None or value in (10, 30) or (value > 0 and value % 60 == 0):
        return value
    raise ValidationError("period", f"{value} is not allowed; use 10, 30 or a multiple of 60 seconds")


def dimensions(cluster_identifier, value):
    if cluster_identifier is not None:
        return {"DBClusterIdentifier": validate.identifier("cluster_identifier", cluster_identifier)}
    if value is None:
        return None
    if len(value) > MAX_DIMENSIONS:
        raise ValidationError("dimensions", f"{len(value)} given; CloudWatch allows at most {MAX_DIMENSIONS}")
    return {str(key): str(item) for key, item in value.items()}


def _at_least_one(option, value):
    if value is not None and value < 1:
        raise ValidationError(option, f"{value} is out of range; it must be at least 1")
    return value


def _check_datapoints(config):
    datapoints, periods = config["datapoints_to_alarm"], config["evaluation_periods"]
    if datapoints is not None and periods is not None and datapoints > periods:
        raise ValidationError(
            "datapoints_to_alarm", f"{datapoints} is more than evaluation_periods ({periods}); it must not be"
        )


def normalise(alarm, tag_list):
    """A DescribeAlarms MetricAlarm (and its tags) in snake_case, with AWS's implicit defaults made explicit."""
    result = {
        "name": alarm["AlarmName"],
        "arn": alarm.get("AlarmArn"),
        "metric_name": alarm.get("MetricName"),
        "namespace": alarm.get("Namespace"),
        "statistic": alarm.get("Statistic") or alarm.get("ExtendedStatistic"),
        "dimensions": {d["Name"]: d["Value"] for d in alarm.get("Dimensions", [])},
        "period": alarm.get("Period"),
        "evaluation_periods": alarm.get("EvaluationPeriods"),
        # Unset means "every evaluation period", which is what AWS does with it.
        "datapoints_to_alarm": alarm.get("DatapointsToAlarm") or alarm.get("EvaluationPeriods"),
        "threshold": None if alarm.get("Threshold") is None else float(alarm["Threshold"]),
        "comparison_operator": alarm.get("ComparisonOperator"),
        "treat_missing_data": alarm.get("TreatMissingData") or "missing",
        "unit": alarm.get("Unit"),
        "description": alarm.get("AlarmDescription") or "",
        "actions_enabled": alarm.get("ActionsEnabled", True),
        "tags": tag_utils.to_dict(tag_list),
        "state_value": alarm.get("StateValue"),
        "state_reason": alarm.get("StateReason"),
        "state_updated_timestamp": _iso(alarm.get("StateUpdatedTimestamp")),
    }
    for key, field in _ACTION_KEYS:
        result[key] = sorted(set(alarm.get(field, [])))
    return result


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def config_of(alarm):
    """The compared part of a normalised alarm, plus its name and tags: what the diff shows."""
    if alarm is None:
        return {}
    return dict({key: alarm.get(key) for key in CONFIG_KEYS}, name=alarm["name"], tags=alarm.get("tags", {}))


def merged(current, desired):
    """The full configuration to put: the desired settings over the current ones (or AWS's defaults)."""
    base = config_of(current) or {
        "namespace": "AWS/RDS",
        "dimensions": {},
        "alarm_actions": [],
        "ok_actions": [],
        "insufficient_data_actions": [],
        "treat_missing_data": "missing",
        "description": "",
        "actions_enabled": True,
        "datapoints_to_alarm": None,
    }
    result = {key: base.get(key) for key in CONFIG_KEYS}
    result.update({key: value for key, value in desired["config"].items() if value is not None})
    periods = desired["config"]["evaluation_periods"]
    every_period = current is None or current["datapoints_to_alarm"] == current["evaluation_periods"]
    if desired["config"]["datapoints_to_alarm"] is None and periods is not None and every_period:
        # "Alarm on every period" stays so when only the number of periods changes.
        result["datapoints_to_alarm"] = periods
    if result["datapoints_to_alarm"] is None:
        result["datapoints_to_alarm"] = result["evaluation_periods"]
    return result


def plan(current, desired):
    """{} when nothing differs; else the steps: delete, create or update (a full put), tag, untag."""
    if desired["state"] == "absent":
        return {"delete": desired["name"]} if current is not None else {}
    config = merged(current, desired)
    missing = [key for key in REQUIRED_TO_CREATE if config.get(key) is None]
    if missing:
        raise ValidationError(
            missing[0], f"alarm {desired['name']} does not exist; creating it needs {', '.join(missing)}"
        )
    _check_datapoints(config)
    if current is None:
        return {"create": put_request(desired["name"], config, desired["tags"] or {})}
    steps = {}
    if any(config[key] != current[key] for key in CONFIG_KEYS):
        steps["update"] = put_request(desired["name"], config)
    to_set, to_remove = tag_utils.plan(current["tags"], desired["tags"], desired["purge_tags"])
    if to_set:
        steps["tag"] = to_set
    if to_remove:
        steps["untag"] = to_remove
    return steps


def put_request(name, config, tags=None):
    """PutMetricAlarm arguments; it replaces the whole alarm, so every setting is sent, empty lists included."""
    request = {
        "AlarmName": name,
        "MetricName": config["metric_name"],
        "Namespace": config["namespace"],
        "Dimensions": [{"Name": key, "Value": value} for key, value in sorted(config["dimensions"].items())],
        "Period": config["period"],
        "EvaluationPeriods": config["evaluation_periods"],
        "DatapointsToAlarm": config["datapoints_to_alarm"],
        "Threshold": config["threshold"],
        "ComparisonOperator": config["comparison_operator"],
        "TreatMissingData": config["treat_missing_data"],
        "ActionsEnabled": config["actions_enabled"],
        "AlarmDescription": config["description"],
    }
    request["Statistic" if config["statistic"] in STATISTICS else "ExtendedStatistic"] = config["statistic"]
    for key, field in _ACTION_KEYS:
        request[field] = list(config[key])
    if config["unit"] is not None:
        request["Unit"] = config["unit"]
    if tags:
        request["Tags"] = tag_utils.to_list(tags)
    return request


def predict(current, desired, steps):
    """The alarm as it will be once `steps` are applied: check mode's result and the diff's after."""
    if desired["state"] == "absent":
        return None
    if not steps:
        return current
    # A new alarm has no ARN or state until AWS creates it.
    blank = {"name": desired["name"], "arn": None, "state_value": None, "state_reason": None}
    result = dict(current or dict(blank, state_updated_timestamp=None))
    result.update(merged(current, desired))
    if "create" in steps:
        result["tags"] = dict(desired["tags"] or {})
    else:
        result["tags"] = tag_utils.after(current["tags"], steps.get("tag", {}), steps.get("untag", []))
    return result


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


def apply(client, current, steps):
    if "delete" in steps:
        client.call("delete_alarms", AlarmNames=[steps["delete"]])
    for key in ("create", "update"):
        if key in steps:
            client.call("put_metric_alarm", **steps[key])
    if "untag" in steps:
        client.call("untag_resource", ResourceARN=current["arn"], TagKeys=list(steps["untag"]))
    if "tag" in steps:
        client.call("tag_resource", ResourceARN=current["arn"], Tags=tag_utils.to_list(steps["tag"]))
