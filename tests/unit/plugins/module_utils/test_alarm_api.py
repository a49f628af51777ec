"""The CloudWatch calls of an alarm plan, recorded instead of made."""

from ansible_collections.aurora.mysql.plugins.module_utils import alarm, alarm_api
from tests.unit.builders import RecordingClient, alarm_desired, raw_alarm
from tests.unit.builders import alarm_view as current


def test_apply_puts_the_alarm_then_tags_it_by_arn():
    client = RecordingClient()
    existing = current(tags={"old": "x"})
    alarm_api.apply(client, alarm.plan(existing, alarm_desired(threshold=10, tags={"t": "1"})), existing)
    assert [method for method, _kwargs in client.calls] == ["put_metric_alarm", "untag_resource", "tag_resource"]
    assert client.calls[1] == ("untag_resource", {"ResourceARN": existing["arn"], "TagKeys": ["old"]})
    assert client.calls[2] == ("tag_resource", {"ResourceARN": existing["arn"], "Tags": [{"Key": "t", "Value": "1"}]})


def test_a_create_carries_its_tags_and_a_delete_is_one_call():
    client = RecordingClient()
    alarm_api.apply(client, alarm.plan(None, alarm_desired(tags={"t": "1"})), None)
    assert [method for method, _kwargs in client.calls] == ["put_metric_alarm"]
    assert client.calls[0][1]["Tags"] == [{"Key": "t", "Value": "1"}]
    client = RecordingClient()
    alarm_api.apply(client, alarm.plan(current(), alarm_desired(state="absent")), current())
    assert client.calls == [("delete_alarms", {"AlarmNames": ["aurora-myapp-deadlocks"]})]


def test_read_takes_tags_it_already_knows_instead_of_asking():
    answers = {"describe_alarms": {"MetricAlarms": [raw_alarm()]}, "list_tags_for_resource": {"Tags": []}}
    client = RecordingClient(answers)
    assert alarm_api.read(client, "aurora-myapp-deadlocks", {"env": "prod"})["tags"] == {"env": "prod"}
    assert [method for method, _kwargs in client.calls] == ["describe_alarms"]
    assert alarm_api.read(RecordingClient({"describe_alarms": {"MetricAlarms": []}}), "missing") is None
