from ansible_collections.aurora.mysql.plugins.module_utils import tags
from ansible_collections.aurora.mysql.plugins.module_utils.plan import TagPlan
from tests.unit.builders import RecordingClient


def test_round_trip_is_sorted_and_stable():
    as_list = tags.to_list({"b": "2", "a": "1"})
    assert as_list == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    assert tags.to_dict(as_list) == {"a": "1", "b": "2"}
    assert tags.to_dict(None) == {}


def test_apply_calls_remove_then_add():
    client = RecordingClient()
    tags.apply_rds(client, "arn:x", TagPlan({"a": "1"}, ("b",)))
    assert client.calls == [
        ("remove_tags_from_resource", {"ResourceName": "arn:x", "TagKeys": ["b"]}),
        ("add_tags_to_resource", {"ResourceName": "arn:x", "Tags": [{"Key": "a", "Value": "1"}]}),
    ]
    client = RecordingClient()
    tags.apply_rds(client, "arn:x", TagPlan())
    assert client.calls == []
