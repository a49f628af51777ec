import datetime

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import alarm
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

SNS = "arn:aws:sns:us-east-1:123456789012:db-alerts"
NO_PARAMS = dict.fromkeys(
    (
        "metric_name",
        "statistic",
        "cluster_identifier",
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
        "tags",
    )
)


def params(**overrides):
    """The guide's deadlock alarm, as the module's options."""
    base = dict(
        NO_PARAMS,
        name="aurora-myapp-deadlocks",
        state="present",
        metric_name="Deadlocks",
        namespace="AWS/RDS",
        statistic="Sum",
        period=300,
        evaluation_periods=1,
        threshold=5.0,
        comparison_operator="GreaterThanThreshold",
        cluster_identifier="myapp-aurora-cluster",
        alarm_actions=[SNS],
        purge_tags=True,
    )
    base.update(overrides)
    return base


def described(**overrides):
    """The same alarm as DescribeAlarms returns it, with state fields and AWS's omissions."""
    base = {
        "AlarmName": "aurora-myapp-deadlocks",
        "AlarmArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:aurora-myapp-deadlocks",
        "MetricName": "Deadlocks",
        "Namespace": "AWS/RDS",
        "Statistic": "Sum",
        "Dimensions": [{"Name": "DBClusterIdentifier", "Value": "myapp-aurora-cluster"}],
        "Period": 300,
        "EvaluationPeriods": 1,
        "Threshold": 5,
        "ComparisonOperator": "GreaterThanThreshold",
        "AlarmActions": [SNS],
        "OKActions": [],
        "InsufficientDataActions": [],
        "ActionsEnabled": True,
        "StateValue": "ALARM",
        "StateReason": "Threshold Crossed",
        "StateUpdatedTimestamp": datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC),
    }
    base.update(overrides)
    return base


def current(tags=None, **overrides):
    return alarm.normalise(described(**overrides), [{"Key": k, "Value": v} for k, v in (tags or {}).items()])


def plan(current_alarm, **overrides):
    return alarm.plan(current_alarm, alarm.desired_from_params(params(**overrides)))


def test_create_puts_the_guides_alarm_with_every_setting():
    steps = plan(None, tags={"team": "db"})
    assert steps == {
        "create": {
            "AlarmName": "aurora-myapp-deadlocks",
            "MetricName": "Deadlocks",
            "Namespace": "AWS/RDS",
            "Statistic": "Sum",
            "Dimensions": [{"Name": "DBClusterIdentifier", "Value": "myapp-aurora-cluster"}],
            "Period": 300,
            "EvaluationPeriods": 1,
            "DatapointsToAlarm": 1,
            "Threshold": 5.0,
            "ComparisonOperator": "GreaterThanThreshold",
            "TreatMissingData": "missing",
            "ActionsEnabled": True,
            "AlarmDescription": "",
            "AlarmActions": [SNS],
            "OKActions": [],
            "InsufficientDataActions": [],
            "Tags": [{"Key": "team", "Value": "db"}],
        }
    }


def test_same_configuration_in_any_state_plans_nothing():
    assert plan(current()) == {}
    assert plan(current(StateValue="OK", StateReason="fine", StateUpdatedTimestamp=None)) == {}


def test_sets_numbers_and_aws_defaults_compare_equal():
    twice = current(AlarmActions=[SNS, SNS], Threshold=5.0, DatapointsToAlarm=1, TreatMissingData="missing")
    assert plan(twice, alarm_actions=[SNS, SNS], threshold=5) == {}
    dims = {"DBClusterIdentifier": "c", "Role": "WRITER"}
    reordered = current(Dimensions=[{"Name": "Role", "Value": "WRITER"}, {"Name": "DBClusterIdentifier", "Value": "c"}])
    assert plan(reordered, cluster_identifier=None, dimensions=dims) == {}


def test_a_changed_threshold_puts_the_whole_alarm_again():
    steps = plan(current(), threshold=10)
    assert list(steps) == ["update"]
    assert steps["update"]["Threshold"] == 10.0
    assert steps["update"]["AlarmActions"] == [SNS]
    assert "Tags" not in steps["update"]


def test_unset_options_keep_the_current_values():
    existing = current(Unit="Count", AlarmDescription="keep me", OKActions=[SNS])
    only_threshold = dict(NO_PARAMS, name="aurora-myapp-deadlocks", state="present", namespace="AWS/RDS", threshold=7)
    steps = alarm.plan(existing, alarm.desired_from_params(dict(only_threshold, purge_tags=True)))
    put = steps["update"]
    assert (put["Threshold"], put["Unit"], put["AlarmDescription"], put["OKActions"]) == (
        7.0,
        "Count",
        "keep me",
        [SNS],
    )
    assert put["Statistic"] == "Sum" and put["Period"] == 300 and put["MetricName"] == "Deadlocks"


def test_empty_lists_and_empty_description_clear():
    steps = plan(current(AlarmDescription="old"), alarm_actions=[], description="")
    assert steps["update"]["AlarmActions"] == []
    assert steps["update"]["AlarmDescription"] == ""


def test_every_period_stays_every_period_when_periods_change():
    assert plan(current(), evaluation_periods=5)["update"]["DatapointsToAlarm"] == 5
    three_of_five = current(EvaluationPeriods=5, DatapointsToAlarm=3)
    assert plan(three_of_five, evaluation_periods=4)["update"]["DatapointsToAlarm"] == 3


def test_percentiles_go_to_extended_statistic():
    put = plan(current(), statistic="p99")["update"]
    assert put["ExtendedStatistic"] == "p99" and "Statistic" not in put
    assert plan(current(Statistic=None, ExtendedStatistic="p99"), statistic="p99") == {}


def test_tags_are_planned_apart_from_the_configuration():
    existing = current(tags={"team": "db", "old": "x"})
    assert plan(existing, tags={"team": "ops"}) == {"tag": {"team": "ops"}, "untag": ["old"]}
    assert plan(existing, tags={"team": "ops"}, purge_tags=False) == {"tag": {"team": "ops"}}
    assert plan(existing) == {}


def test_absent_deletes_only_what_exists():
    gone = alarm.desired_from_params(dict(NO_PARAMS, name="aurora-myapp-deadlocks", state="absent"))
    assert alarm.plan(current(), gone) == {"delete": "aurora-myapp-deadlocks"}
    assert alarm.plan(None, gone) == {}


def test_creating_without_the_required_settings_is_refused():
    partial = dict(NO_PARAMS, name="new", state="present", namespace="AWS/RDS", threshold=1, purge_tags=True)
    with pytest.raises(ValidationError, match="creating it needs metric_name, statistic, period, evaluation_periods"):
        alarm.plan(None, alarm.desired_from_params(partial))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"statistic": "Avg"}, "statistic: Avg is not a statistic"),
        ({"statistic": "p101"}, "statistic: p101 is not a statistic"),
        ({"period": 45}, "period: 45 is not allowed; use 10, 30 or a multiple of 60"),
        ({"period": 0}, "period: 0 is not allowed"),
        ({"comparison_operator": "GreaterThan"}, "comparison_operator: GreaterThan is not allowed"),
        ({"evaluation_periods": 0}, "evaluation_periods: 0 is out of range"),
        ({"datapoints_to_alarm": 2}, r"datapoints_to_alarm: 2 is more than evaluation_periods \(1\)"),
        ({"treat_missing_data": "zero"}, "treat_missing_data: zero is not allowed"),
        ({"unit": "Parsecs"}, "unit: Parsecs is not allowed"),
        ({"name": ""}, "name: must be 1 to 255 characters long"),
        ({"cluster_identifier": "bad_id"}, "cluster_identifier"),
        ({"cluster_identifier": None, "dimensions": {str(i): "v" for i in range(31)}}, "dimensions: 31 given"),
        ({"tags": {"aws:x": "1"}}, "reserved aws: prefix"),
    ],
)
def test_invalid_values_are_refused_before_any_call(overrides, message):
    with pytest.raises(ValidationError, match=message):
        alarm.desired_from_params(params(**overrides))


@pytest.mark.parametrize("good", [10, 30, 60, 300, 3600])
def test_allowed_periods(good):
    assert alarm.period(good) == good


def test_datapoints_above_the_merged_periods_are_refused():
    three_of_five = current(EvaluationPeriods=5, DatapointsToAlarm=3)
    with pytest.raises(ValidationError, match="datapoints_to_alarm: 3 is more than evaluation_periods .2."):
        plan(three_of_five, evaluation_periods=2)


def test_normalise_returns_state_but_config_of_leaves_it_out():
    result = current()
    assert result["state_value"] == "ALARM"
    assert result["state_updated_timestamp"] == "2024-05-01T00:00:00+00:00"
    assert result["datapoints_to_alarm"] == 1 and result["treat_missing_data"] == "missing"
    config = alarm.config_of(result)
    assert not {"state_value", "state_reason", "state_updated_timestamp", "arn"} & set(config)
    assert config["dimensions"] == {"DBClusterIdentifier": "myapp-aurora-cluster"}


def test_predict_is_built_from_the_same_plan():
    existing = current(tags={"old": "x"})
    desired = alarm.desired_from_params(params(threshold=10, tags={"team": "db"}))
    after = alarm.predict(existing, desired, alarm.plan(existing, desired))
    assert after["threshold"] == 10.0 and after["tags"] == {"team": "db"} and after["state_value"] == "ALARM"
    created = alarm.predict(None, desired, alarm.plan(None, desired))
    assert created["arn"] is None and created["tags"] == {"team": "db"} and created["threshold"] == 10.0
    unchanged = alarm.desired_from_params(params())
    assert alarm.predict(current(), unchanged, {}) == current()


def test_apply_runs_each_step_with_the_alarm_arn():
    calls = []

    class Client:
        def call(self, method, **kwargs):
            calls.append((method, kwargs))

    existing = current()
    alarm.apply(Client(), existing, {"update": {"AlarmName": "a"}, "tag": {"t": "1"}, "untag": ["u"]})
    assert calls == [
        ("put_metric_alarm", {"AlarmName": "a"}),
        ("untag_resource", {"ResourceARN": existing["arn"], "TagKeys": ["u"]}),
        ("tag_resource", {"ResourceARN": existing["arn"], "Tags": [{"Key": "t", "Value": "1"}]}),
    ]
