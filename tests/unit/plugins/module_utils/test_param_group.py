"""The parameter group model: desired state, the snake_case view and the catalogue, without a network."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import param_group
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from tests.unit.builders import GUIDE_INSTANCE_PARAMETERS
from tests.unit.builders import param_group_current as current
from tests.unit.builders import param_group_desired as desired


def test_desired_lower_cases_the_name_and_defaults_the_family():
    wanted = desired(family=None, apply_method=None)
    assert wanted.name == "myapp-aurora-mysql8-instance"
    assert wanted.family == "aurora-mysql8.0"
    assert wanted.apply_method == "auto"


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"name": "bad--name"}, "name"),
        ({"scope": "global"}, "scope"),
        ({"apply_method": "later"}, "apply_method"),
        ({"description": "  "}, "description"),
        ({"parameters": {"": 1}}, "parameters"),
        ({"tags": {"aws:x": "y"}}, "tags"),
    ],
)
def test_desired_refuses_bad_options(overrides, option):
    with pytest.raises(ValidationError) as err:
        desired(**overrides)
    assert err.value.option == option


def test_normalise_reads_both_scopes():
    view = param_group.normalise(
        dict(
            DBClusterParameterGroupName="c",
            DBParameterGroupFamily="aurora-mysql8.0",
            Description="d",
            DBClusterParameterGroupArn="arn:c",
        ),
        "cluster",
        {"a": "1"},
    )
    assert view == dict(
        name="c", scope="cluster", family="aurora-mysql8.0", description="d", arn="arn:c", tags={"a": "1"}
    )


def test_user_parameters_keep_only_user_values():
    rows = [
        dict(ParameterName="a", ParameterValue="1", Source="user", ApplyType="dynamic"),
        dict(ParameterName="b", ParameterValue="2", Source="engine-default", ApplyType="dynamic"),
        dict(ParameterName="c", ParameterValue="3", Source="system", ApplyType="static"),
    ]
    assert param_group.user_parameters(rows) == {"a": {"value": "1", "apply_type": "dynamic"}}


@pytest.mark.parametrize(
    ("current_user", "overrides"),
    [
        (None, {}),
        ({"slow_query_log": "1"}, {}),
        (
            {"slow_query_log": "1", "long_query_time": "1", "log_output": "FILE", "binlog_format": "ROW"},
            {"purge_parameters": True},
        ),
    ],
    ids=["missing-group", "name-not-set-yet", "purge-resets-a-value"],
)
def test_engine_defaults_are_read_when_the_group_cannot_answer(current_user, overrides):
    live = None if current_user is None else current(current_user, metadata=True)
    assert param_group.needs_engine_defaults(live, desired(parameters=GUIDE_INSTANCE_PARAMETERS, **overrides)) is True


def test_unmanaged_parameters_need_no_catalogue_and_rows_without_metadata_do_not_count():
    live = current({"slow_query_log": "1"}, metadata=True)
    assert param_group.needs_engine_defaults(live, desired()) is False
    live["specs"]["slow_query_log"] = {"ParameterName": "slow_query_log", "ParameterValue": "1"}
    assert param_group.group_catalogue(live) == {}
    assert param_group.needs_engine_defaults(live, desired(parameters={"slow_query_log": 1})) is True


def test_check_fixed_refuses_another_family_and_a_new_description_and_needs_one_to_create():
    with pytest.raises(ValidationError, match="has family aurora-mysql5.7, not aurora-mysql8.0") as err:
        param_group.check_fixed(current(family="aurora-mysql5.7")["group"], desired())
    assert err.value.option == "family"
    with pytest.raises(ValidationError, match="cannot change the description") as err:
        param_group.check_fixed(current(description="old words")["group"], desired())
    assert err.value.option == "description"
    param_group.check_fixed(current(description="old words")["group"], desired(description=None))
    with pytest.raises(ValidationError, match="is required to create") as err:
        param_group.check_fixed(None, desired(description=None))
