"""aurora_alarm against the simulator's CloudWatch: the guide's two alarms, idempotence, updates, tags, deletion."""

import pytest

from ansible_collections.aurora.mysql.plugins.modules import aurora_alarm
from tests.unit.builders import mutations

SNS = "arn:aws:sns:us-east-1:123456789012:db-alerts"
DEADLOCKS = dict(
    name="aurora-myapp-deadlocks",
    metric_name="Deadlocks",
    namespace="AWS/RDS",
    statistic="Sum",
    period=300,
    evaluation_periods=1,
    threshold=5,
    comparison_operator="GreaterThanThreshold",
    cluster_identifier="myapp-aurora-cluster",
    alarm_actions=[SNS],
)
REPLICA_LAG = dict(
    name="aurora-myapp-replica-lag",
    metric_name="AuroraReplicaLag",
    namespace="AWS/RDS",
    statistic="Maximum",
    period=60,
    evaluation_periods=5,
    threshold=100,
    comparison_operator="GreaterThanThreshold",
    dimensions={"DBClusterIdentifier": "myapp-aurora-cluster"},
    alarm_actions=[SNS],
)


@pytest.fixture
def alarm(sim, run_module):
    def _run(args, check_mode=False, diff=False):
        return run_module(aurora_alarm, args, check_mode, diff, sim.env)

    return _run


def described(sim, name):
    found = sim.boto3("cloudwatch").describe_alarms(AlarmNames=[name])["MetricAlarms"]
    return found[0] if found else None


@pytest.mark.parametrize("guide_alarm", [DEADLOCKS, REPLICA_LAG], ids=["deadlocks", "replica-lag"])
def test_guide_alarm_check_apply_rerun(sim, alarm, guide_alarm):
    checked = alarm(guide_alarm, check_mode=True, diff=True)
    assert checked["changed"] is True and checked["diff"]["before"] == {}
    assert checked["alarm"]["arn"] is None and checked["alarm"]["threshold"] == float(guide_alarm["threshold"])
    assert mutations(sim) == {} and described(sim, guide_alarm["name"]) is None

    created = alarm(guide_alarm)
    assert created["changed"] is True
    aws = described(sim, guide_alarm["name"])
    assert (aws["MetricName"], aws["Namespace"], aws["Statistic"]) == (
        guide_alarm["metric_name"],
        "AWS/RDS",
        guide_alarm["statistic"],
    )
    assert (aws["Period"], aws["EvaluationPeriods"], aws["Threshold"]) == (
        guide_alarm["period"],
        guide_alarm["evaluation_periods"],
        guide_alarm["threshold"],
    )
    assert aws["ComparisonOperator"] == "GreaterThanThreshold"
    assert aws["Dimensions"] == [{"Name": "DBClusterIdentifier", "Value": "myapp-aurora-cluster"}]
    assert aws["AlarmActions"] == [SNS]
    assert created["alarm"]["arn"] == aws["AlarmArn"]
    # Check mode predicted exactly what the real run produced.
    assert {k: v for k, v in checked["alarm"].items() if not k.startswith(("arn", "state"))} == {
        k: v for k, v in created["alarm"].items() if not k.startswith(("arn", "state"))
    }
    assert mutations(sim) == {"PutMetricAlarm": 1}

    sim.client.reset_counts()
    rerun = alarm(guide_alarm)
    assert rerun["changed"] is False and mutations(sim) == {}


def test_alarm_state_is_never_compared(sim, alarm):
    alarm(DEADLOCKS)
    sim.boto3("cloudwatch").set_alarm_state(
        AlarmName=DEADLOCKS["name"], StateValue="ALARM", StateReason="deadlocks seen"
    )
    sim.client.reset_counts()
    result = alarm(DEADLOCKS)
    assert result["changed"] is False and mutations(sim) == {}
    assert result["alarm"]["state_value"] == "ALARM"


def test_modified_threshold_is_put_once_with_a_diff(sim, alarm):
    alarm(DEADLOCKS)
    sim.client.reset_counts()
    changed = alarm(dict(DEADLOCKS, threshold=10), diff=True)
    assert changed["changed"] is True
    assert (changed["diff"]["before"]["threshold"], changed["diff"]["after"]["threshold"]) == (5.0, 10.0)
    assert described(sim, DEADLOCKS["name"])["Threshold"] == 10.0
    assert mutations(sim) == {"PutMetricAlarm": 1}
    assert alarm(dict(DEADLOCKS, threshold=10))["changed"] is False


def test_only_the_threshold_given_keeps_everything_else(sim, alarm):
    alarm(DEADLOCKS)
    result = alarm({"name": DEADLOCKS["name"], "threshold": 7})
    assert result["changed"] is True
    aws = described(sim, DEADLOCKS["name"])
    assert (aws["Threshold"], aws["MetricName"], aws["Period"], aws["AlarmActions"]) == (7.0, "Deadlocks", 300, [SNS])


def test_tags_are_managed_through_the_tagging_api(sim, alarm):
    created = alarm(dict(DEADLOCKS, tags={"team": "db", "env": "prod"}))
    assert created["alarm"]["tags"] == {"team": "db", "env": "prod"}
    sim.client.reset_counts()
    retagged = alarm(dict(DEADLOCKS, tags={"team": "ops"}))
    assert retagged["changed"] is True and retagged["alarm"]["tags"] == {"team": "ops"}
    assert mutations(sim) == {"TagResource": 1, "UntagResource": 1}
    assert alarm(dict(DEADLOCKS, tags={"team": "ops"}))["changed"] is False


def test_absent_deletes_then_reports_nothing_to_do(sim, alarm):
    alarm(DEADLOCKS)
    absent = {"name": DEADLOCKS["name"], "state": "absent"}
    checked = alarm(absent, check_mode=True)
    assert checked["changed"] is True and described(sim, DEADLOCKS["name"]) is not None
    deleted = alarm(absent)
    assert deleted["changed"] is True and deleted["alarm"] == {}
    assert described(sim, DEADLOCKS["name"]) is None
    assert alarm(absent)["changed"] is False


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"statistic": "Total"}, "statistic"),
        ({"period": 90}, "period"),
        ({"comparison_operator": "MoreThan"}, "comparison_operator"),
        ({"datapoints_to_alarm": 3}, "datapoints_to_alarm"),
    ],
)
def test_invalid_values_fail_before_any_call(sim, alarm, overrides, option):
    result = alarm(dict(DEADLOCKS, **overrides))
    assert result["failed"] is True
    assert option in result["msg"]
    assert sim.client.counts() == {}


def test_creating_without_a_metric_is_refused_without_writing(sim, alarm):
    result = alarm({"name": "new-alarm", "threshold": 1})
    assert result["failed"] is True and "creating it needs metric_name" in result["msg"]
    assert mutations(sim) == {}


def test_calls_the_create_the_retag_and_the_rerun_make(sim, alarm):
    created = alarm(dict(DEADLOCKS, tags={"team": "db"}))
    # The read after the put takes the tags it just sent instead of listing them again.
    assert sim.client.counts() == {"DescribeAlarms": 2, "PutMetricAlarm": 1}
    tagging = sim.boto3("cloudwatch").list_tags_for_resource(ResourceARN=created["alarm"]["arn"])["Tags"]
    assert created["alarm"]["tags"] == {tag["Key"]: tag["Value"] for tag in tagging} == {"team": "db"}

    sim.client.reset_counts()
    retagged = alarm(dict(DEADLOCKS, tags={"team": "ops", "env": "prod"}))
    assert retagged["alarm"]["tags"] == {"team": "ops", "env": "prod"}
    assert sim.client.counts() == {"DescribeAlarms": 2, "ListTagsForResource": 1, "TagResource": 1}

    sim.client.reset_counts()
    rerun = alarm(dict(DEADLOCKS, tags={"team": "ops", "env": "prod"}))
    assert rerun["changed"] is False and rerun["alarm"]["tags"] == {"team": "ops", "env": "prod"}
    assert sim.client.counts() == {"DescribeAlarms": 1, "ListTagsForResource": 1}
