"""The alarm model and plan: configuration compared, never alarm state; without a network."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import alarm
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.plan import TagPlan
from tests.unit.builders import SNS, alarm_desired, alarm_params
from tests.unit.builders import alarm_view as current

# The settings the guide's alarm sets; None leaves them to the alarm as it is.
GUIDE_SETTINGS = (
    "metric_name",
    "statistic",
    "period",
    "evaluation_periods",
    "threshold",
    "comparison_operator",
    "cluster_identifier",
    "alarm_actions",
)


def plan(current_alarm, **overrides):
    return alarm.plan(current_alarm, alarm_desired(**overrides))


def test_create_puts_the_guides_alarm_with_every_setting():
    steps = plan(None, tags={"team": "db"})
    assert steps.action == "create" and steps.tags.to_set == {"team": "db"}
    assert steps.request == {
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


def test_same_configuration_in_any_state_plans_nothing():
    assert not plan(current())
    assert not plan(current(StateValue="OK", StateReason="fine", StateUpdatedTimestamp=None))


def test_sets_numbers_and_aws_defaults_compare_equal():
    twice = current(AlarmActions=[SNS, SNS], Threshold=5.0, DatapointsToAlarm=1, TreatMissingData="missing")
    assert not plan(twice, alarm_actions=[SNS, SNS], threshold=5)
    dims = {"DBClusterIdentifier": "c", "Role": "WRITER"}
    reordered = current(Dimensions=[{"Name": "Role", "Value": "WRITER"}, {"Name": "DBClusterIdentifier", "Value": "c"}])
    assert not plan(reordered, cluster_identifier=None, dimensions=dims)


def test_a_changed_threshold_puts_the_whole_alarm_again():
    steps = plan(current(), threshold=10)
    assert steps.action == "modify" and steps.changes == {"threshold": 10.0}
    assert steps.request["Threshold"] == 10.0
    assert steps.request["AlarmActions"] == [SNS]
    assert "Tags" not in steps.request


def test_unset_options_keep_the_current_values():
    existing = current(Unit="Count", AlarmDescription="keep me", OKActions=[SNS])
    only_threshold = alarm_params(**dict(dict.fromkeys(GUIDE_SETTINGS), threshold=7))
    put = alarm.plan(existing, alarm.desired_from_params(only_threshold)).request
    assert (put["Threshold"], put["Unit"], put["AlarmDescription"], put["OKActions"]) == (
        7.0,
        "Count",
        "keep me",
        [SNS],
    )
    assert put["Statistic"] == "Sum" and put["Period"] == 300 and put["MetricName"] == "Deadlocks"


def test_empty_lists_and_empty_description_clear():
    steps = plan(current(AlarmDescription="old"), alarm_actions=[], description="")
    assert steps.request["AlarmActions"] == []
    assert steps.request["AlarmDescription"] == ""


def test_every_period_stays_every_period_when_periods_change():
    assert plan(current(), evaluation_periods=5).request["DatapointsToAlarm"] == 5
    three_of_five = current(EvaluationPeriods=5, DatapointsToAlarm=3)
    assert plan(three_of_five, evaluation_periods=4).request["DatapointsToAlarm"] == 3


def test_percentiles_go_to_extended_statistic():
    put = plan(current(), statistic="p99").request
    assert put["ExtendedStatistic"] == "p99" and "Statistic" not in put
    assert not plan(current(Statistic=None, ExtendedStatistic="p99"), statistic="p99")


def test_tags_are_planned_apart_from_the_configuration():
    existing = current(tags={"team": "db", "old": "x"})
    retagged = plan(existing, tags={"team": "ops"})
    assert retagged.action == "" and retagged.tags == TagPlan({"team": "ops"}, ("old",))
    assert plan(existing, tags={"team": "ops"}, purge_tags=False).tags == TagPlan({"team": "ops"})
    assert not plan(existing)


def test_absent_deletes_only_what_exists():
    gone = alarm_desired(state="absent")
    deleted = alarm.plan(current(), gone)
    assert deleted.action == "delete" and deleted.request == {"AlarmNames": ["aurora-myapp-deadlocks"]}
    assert not alarm.plan(None, gone)


def test_creating_without_the_required_settings_is_refused():
    partial = alarm_params(**dict(dict.fromkeys(GUIDE_SETTINGS), name="new", threshold=1))
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
        alarm_desired(**overrides)


@pytest.mark.parametrize("good", [10, 30, 60, 300, 3600])
def test_allowed_periods(good):
    assert alarm_desired(period=good).config["period"] == good


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
    desired = alarm_desired(threshold=10, tags={"team": "db"})
    after = alarm.predict(existing, desired, alarm.plan(existing, desired))
    assert after["threshold"] == 10.0 and after["tags"] == {"team": "db"} and after["state_value"] == "ALARM"
    created = alarm.predict(None, desired, alarm.plan(None, desired))
    assert created["arn"] is None and created["tags"] == {"team": "db"} and created["threshold"] == 10.0
    unchanged = alarm_desired()
    assert alarm.predict(current(), unchanged, alarm.plan(current(), unchanged)) == current()
