"""Field tables: one row per setting, from which requests, views and comparisons derive."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import fields
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.fields import CASELESS, DEFERRED, KMS_KEY, Field
from tests.unit.builders import KEY_ARN, KEY_ID

ROWS = (
    Field("instance_class", "DBInstanceClass", change=DEFERRED, compare=CASELESS, check=fields.lowered),
    Field("enabled", "EnableThing", "bool", describe="ThingEnabled", read=bool, param="enable_thing"),
    Field("tier", "PromotionTier", "int", check=fields.in_range(0, 15)),
    Field("key", "KeyId", compare=KMS_KEY, to_request=str.upper),
    Field("kind", "Kind", dict(type="str", choices=["a", "b"]), describe=None, check=fields.one_of(("a", "b"))),
)
BY_OPTION = {row.option: row for row in ROWS}


def test_desired_values_read_each_rows_option_and_check_it():
    params = {"instance_class": "DB.R6G.LARGE", "enable_thing": False, "tier": 3, "key": None, "kind": "a"}
    assert fields.desired_values(params, ROWS) == {
        "instance_class": "db.r6g.large",
        "enabled": False,
        "tier": 3,
        "key": None,
        "kind": "a",
    }
    with pytest.raises(ValidationError) as err:
        fields.desired_values(dict(params, tier=16), ROWS)
    assert err.value.option == "tier"
    with pytest.raises(ValidationError) as err:
        fields.desired_values(dict(params, kind="c"), ROWS)
    assert err.value.option == "kind"


def test_read_and_request_speak_the_api_s_names():
    raw = {"DBInstanceClass": "db.r6g.large", "ThingEnabled": None, "PromotionTier": 1, "KeyId": KEY_ARN}
    assert fields.read(raw, ROWS) == {"instance_class": "db.r6g.large", "enabled": False, "tier": 1, "key": KEY_ARN}
    assert fields.request(ROWS, {"enabled": True, "key": "k"}) == {"EnableThing": True, "KeyId": "K"}


def test_same_compares_by_the_row_s_kind():
    assert fields.same(BY_OPTION["instance_class"], "DB.R6G.LARGE", "db.r6g.large")
    assert fields.same(BY_OPTION["key"], KEY_ID, KEY_ARN)
    assert not fields.same(BY_OPTION["tier"], 1, 2)


def test_queued_changes_of_deferred_rows_under_their_view_keys():
    pending = {"db_instance_class": "db.r6g.2xlarge", "engine_version": "x"}
    assert fields.as_options(ROWS, pending) == {"instance_class": "db.r6g.2xlarge", "engine_version": "x"}
    assert fields.queued(ROWS, pending) == {"instance_class": "db.r6g.2xlarge"}
    assert fields.queued(ROWS, fields.as_options(ROWS, pending)) == {"instance_class": "db.r6g.2xlarge"}
    assert fields.named(ROWS, DEFERRED) == ("instance_class",)


def test_the_rows_give_the_argument_spec_under_the_module_s_option_names():
    assert fields.argument_spec(ROWS) == {
        "instance_class": {"type": "str"},
        "enable_thing": {"type": "bool"},
        "tier": {"type": "int"},
        "key": {"type": "str"},
        "kind": {"type": "str", "choices": ["a", "b"]},
    }


def test_a_create_request_names_the_resource_and_carries_its_tags():
    assert fields.create_request(ROWS, {"Name": "n"}, {"tier": 1}, {"b": "2", "a": "1"}) == {
        "Name": "n",
        "PromotionTier": 1,
        "Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}],
    }
    assert fields.create_request(ROWS, {"Name": "n"}, {}, None) == {"Name": "n"}
