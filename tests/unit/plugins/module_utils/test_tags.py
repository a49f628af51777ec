from ansible_collections.aurora.mysql.plugins.module_utils import tags


def test_round_trip_is_sorted_and_stable():
    as_list = tags.to_list({"b": "2", "a": "1"})
    assert as_list == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    assert tags.to_dict(as_list) == {"a": "1", "b": "2"}
    assert tags.to_dict(None) == {}


def test_unmanaged_tags_plan_nothing():
    assert tags.plan({"a": "1"}, None, purge=True) == ({}, [])


def test_plan_sets_changed_values_and_purges_only_when_asked():
    current = {"keep": "1", "change": "old", "extra": "x"}
    desired = {"keep": "1", "change": "new", "add": "y"}
    assert tags.plan(current, desired, purge=True) == ({"change": "new", "add": "y"}, ["extra"])
    assert tags.plan(current, desired, purge=False) == ({"change": "new", "add": "y"}, [])
    assert tags.after(current, {"change": "new", "add": "y"}, ["extra"]) == {"keep": "1", "change": "new", "add": "y"}


def test_apply_calls_remove_then_add():
    calls = []

    class Client:
        def call(self, method, **kwargs):
            calls.append((method, kwargs))

    tags.apply_rds(Client(), "arn:x", {"a": "1"}, ["b"])
    assert calls == [
        ("remove_tags_from_resource", {"ResourceName": "arn:x", "TagKeys": ["b"]}),
        ("add_tags_to_resource", {"ResourceName": "arn:x", "Tags": [{"Key": "a", "Value": "1"}]}),
    ]
    calls.clear()
    tags.apply_rds(Client(), "arn:x", {}, [])
    assert calls == []
