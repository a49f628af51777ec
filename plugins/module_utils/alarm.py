# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudWatch metric alarms: what a task asks, the snake_case view, and a plan that compares configuration only,
never alarm state. Pure; alarm_api.py makes the calls."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ansible_collections.aurora.mysql.plugins.module_utils import fields, validate
from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.fields import Field
from ansible_collections.aurora.mysql.plugins.module_utils.module import STATE_ARGUMENT_SPEC, TAGS_ARGUMENT_SPEC
from ansible_collections.aurora.mysql.plugins.module_utils.plan import Plan, TagPlan

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
MAX_DIMENSIONS = 30


def _statistic(option, value):
    if value is None or value in STATISTICS or _EXTENDED_STATISTIC.match(value):
        return value
    raise ValidationError(
        option, f"{value} is not a statistic; choose one of {', '.join(STATISTICS)}, or a percentile such as p99"
    )


def _period(option, value):
    """CloudWatch accepts 10 and 30 seconds (high-resolution metrics) or any multiple of 60."""
    if value is None or value in (10, 30) or (value > 0 and value % 60 == 0):
        return value
    raise ValidationError(option, f"{value} is not allowed; use 10, 30 or a multiple of 60 seconds")


def _dimensions(option, value):
    if value is not None and len(value) > MAX_DIMENSIONS:
        raise ValidationError(option, f"{len(value)} given; CloudWatch allows at most {MAX_DIMENSIONS}")
    return None if value is None else {str(key): str(item) for key, item in value.items()}


def _at_least_one(option, value):
    if value is not None and value < 1:
        raise ValidationError(option, f"{value} is out of range; it must be at least 1")
    return value


def _number(_option, value):
    return None if value is None else float(value)


def _actions(_option, values):
    return None if values is None else sorted(set(values))


def _description(_option, value):
    # An empty description clears it, the same way AWS reports a missing one.
    return None if value is None else (value or "")


def _actions_field(option, key):
    return Field(
        option,
        key,
        dict(type="list", elements="str"),
        read=lambda v: _actions(None, v or []),
        check=_actions,
        to_request=list,
    )


# option, PutMetricAlarm key, argument spec; then the DescribeAlarms key where it differs. The statistic goes to
# Statistic or ExtendedStatistic, and a missing DatapointsToAlarm means every evaluation period: normalise() and
# put_request() handle those two.
FIELDS = (
    Field("metric_name", "MetricName"),
    Field("namespace", "Namespace", dict(type="str", default="AWS/RDS")),
    Field("statistic", None, describe=None, check=_statistic),
    Field(
        "dimensions",
        "Dimensions",
        "dict",
        read=lambda items: {item["Name"]: item["Value"] for item in items or []},
        check=_dimensions,
        to_request=lambda value: [{"Name": key, "Value": item} for key, item in sorted(value.items())],
    ),
    Field("period", "Period", "int", check=_period),
    Field("evaluation_periods", "EvaluationPeriods", "int", check=_at_least_one),
    Field("datapoints_to_alarm", "DatapointsToAlarm", "int", check=_at_least_one),
    Field("threshold", "Threshold", "float", read=lambda value: _number(None, value), check=_number),
    Field(
        "comparison_operator",
        "ComparisonOperator",
        dict(type="str", choices=list(COMPARISON_OPERATORS)),
        check=fields.one_of(COMPARISON_OPERATORS),
    ),
    _actions_field("alarm_actions", "AlarmActions"),
    _actions_field("ok_actions", "OKActions"),
    _actions_field("insufficient_data_actions", "InsufficientDataActions"),
    Field(
        "treat_missing_data",
        "TreatMissingData",
        dict(type="str", choices=list(TREAT_MISSING_DATA)),
        read=lambda value: value or "missing",
        check=fields.one_of(TREAT_MISSING_DATA),
    ),
    Field("unit", "Unit", dict(type="str", choices=list(UNITS)), check=fields.one_of(UNITS)),
    Field("description", "AlarmDescription", read=lambda value: value or "", check=_description),
    # AWS's default is on.
    Field("actions_enabled", "ActionsEnabled", "bool", read=lambda value: value is not False),
)
# The configuration; StateValue, StateReason and the timestamps are the alarm's state and never compared.
CONFIG_KEYS = tuple(row.option for row in FIELDS)

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    cluster_identifier=dict(type="str"),
    **fields.argument_spec(FIELDS),
    **STATE_ARGUMENT_SPEC,
    **TAGS_ARGUMENT_SPEC,
)
MUTUALLY_EXCLUSIVE = [["cluster_identifier", "dimensions"]]


@dataclass(frozen=True)
class Desired:
    name: str
    state: str
    config: dict = None  # None in a value: leave that setting as it is
    tags: dict | None = None
    purge_tags: bool = True


def desired_from_params(params):
    """Validated desired state; None means leave that setting as it is."""
    name = params["name"]
    if not isinstance(name, str) or not 1 <= len(name) <= 255:
        raise ValidationError("name", "must be 1 to 255 characters long")
    state = params.get("state") or "present"
    if state == "absent":
        return Desired(name=name, state=state)
    config = fields.desired_values(params, FIELDS)
    if params.get("cluster_identifier") is not None:
        config["dimensions"] = {
            "DBClusterIdentifier": validate.identifier("cluster_identifier", params["cluster_identifier"])
        }
    _check_datapoints(config)
    return Desired(
        name=name,
        state=state,
        config=config,
        tags=validate.tags("tags", params.get("tags")),
        purge_tags=params.get("purge_tags"),
    )


def _check_datapoints(config):
    datapoints, periods = config["datapoints_to_alarm"], config["evaluation_periods"]
    if datapoints is not None and periods is not None and datapoints > periods:
        raise ValidationError(
            "datapoints_to_alarm", f"{datapoints} is more than evaluation_periods ({periods}); it must not be"
        )


def normalise(alarm, tag_list):
    """A DescribeAlarms MetricAlarm (and its tags) in snake_case, with AWS's implicit defaults made explicit."""
    result = {"name": alarm["AlarmName"], "arn": alarm.get("AlarmArn")}
    result.update(fields.read(alarm, FIELDS))
    result.update(
        statistic=alarm.get("Statistic") or alarm.get("ExtendedStatistic"),
        # Unset means "every evaluation period", which is what AWS does with it.
        datapoints_to_alarm=alarm.get("DatapointsToAlarm") or alarm.get("EvaluationPeriods"),
        tags=tag_utils.to_dict(tag_list),
        state_value=alarm.get("StateValue"),
        state_reason=alarm.get("StateReason"),
        state_updated_timestamp=_iso(alarm.get("StateUpdatedTimestamp")),
    )
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
    result.update({key: value for key, value in desired.config.items() if value is not None})
    periods = desired.config["evaluation_periods"]
    every_period = current is None or current["datapoints_to_alarm"] == current["evaluation_periods"]
    if desired.config["datapoints_to_alarm"] is None and periods is not None and every_period:
        # "Alarm on every period" stays so when only the number of periods changes.
        result["datapoints_to_alarm"] = periods
    if result["datapoints_to_alarm"] is None:
        result["datapoints_to_alarm"] = result["evaluation_periods"]
    return result


def plan(current, desired):
    """Delete, create or modify (a full put of the configuration), and the tags; empty when nothing differs."""
    if desired.state == "absent":
        return Plan(action="delete", request={"AlarmNames": [desired.name]}) if current is not None else Plan()
    config = merged(current, desired)
    missing = [key for key in REQUIRED_TO_CREATE if config.get(key) is None]
    if missing:
        raise ValidationError(
            missing[0], f"alarm {desired.name} does not exist; creating it needs {', '.join(missing)}"
        )
    _check_datapoints(config)
    if current is None:
        return Plan.create(put_request(desired.name, config, desired.tags), config, desired.tags)
    changes = {key: config[key] for key in CONFIG_KEYS if config[key] != current[key]}
    return Plan(
        action="modify" if changes else "",
        changes=changes,
        tags=TagPlan.between(current["tags"], desired.tags, desired.purge_tags),
        request=put_request(desired.name, config) if changes else {},
    )


def put_request(name, config, tags=None):
    """PutMetricAlarm arguments; it replaces the whole alarm, so every setting is sent, empty lists included."""
    sent = {key: value for key, value in config.items() if key != "statistic" and not (key == "unit" and value is None)}
    request = dict(AlarmName=name, **fields.request(FIELDS, sent))
    request["Statistic" if config["statistic"] in STATISTICS else "ExtendedStatistic"] = config["statistic"]
    if tags:
        request["Tags"] = tag_utils.to_list(tags)
    return request


def predict(current, desired, alarm_plan):
    """The alarm as it will be once the plan is applied: check mode's result and the diff's after."""
    if desired.state == "absent":
        return None
    if not alarm_plan:
        return current
    # A new alarm has no ARN or state until AWS creates it.
    blank = {"name": desired.name, "arn": None, "state_value": None, "state_reason": None}
    result = dict(current or dict(blank, state_updated_timestamp=None))
    result.update(merged(current, desired))
    result["tags"] = alarm_plan.tags.after(current["tags"] if current else {})
    return result


def diff(current, predicted):
    return {"before": config_of(current), "after": config_of(predicted)}
