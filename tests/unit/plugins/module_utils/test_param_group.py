import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import param_group
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError


def _row(name, data_type, apply_type="dynamic", allowed=None, value=None, modifiable=True):
    row = dict(ParameterName=name, DataType=data_type, ApplyType=apply_type, IsModifiable=modifiable)
    if allowed is not None:
        row["AllowedValues"] = allowed
    if value is not None:
        row["ParameterValue"] = value
    return row


CATALOGUE = param_group.catalogue_of(
    [
        _row("slow_query_log", "boolean", allowed="0,1", value="0"),
        _row("long_query_time", "float", allowed="0-31536000", value="10"),
        _row("log_output", "string", allowed="TABLE,FILE,NONE", value="FILE"),
        _row("require_secure_transport", "boolean", allowed="ON,OFF"),
        _row("performance_schema", "boolean", apply_type="static", allowed="0,1"),
        _row("binlog_format", "string", apply_type="static", allowed="ROW,STATEMENT,MIXED,OFF", value="OFF"),
        _row("innodb_page_size", "integer", apply_type="static", allowed="4096-65536", modifiable=False),
    ]
    + [_row(f"auto_param_{index:02d}", "integer", allowed="0-100") for index in range(25)]
)


def _params(**overrides):
    params = dict(
        name="MyApp-Aurora-MySQL8-Instance",
        scope="instance",
        family="aurora-mysql8.0",
        description="Instance parameters for Aurora MySQL 8.0",
        parameters=None,
        apply_method="auto",
        purge_parameters=False,
        tags=None,
        purge_tags=True,
        state="present",
    )
    params.update(overrides)
    return params


def _desired(**overrides):
    return param_group.desired_from_params(_params(**overrides))


def _current(user=None, tags=None, family="aurora-mysql8.0", description="Instance parameters for Aurora MySQL 8.0"):
    raw = dict(
        DBParameterGroupName="myapp-aurora-mysql8-instance",
        DBParameterGroupFamily=family,
        Description=description,
        DBParameterGroupArn="arn:aws:rds:us-east-1:123456789012:pg:myapp-aurora-mysql8-instance",
    )
    rows = [
        dict(ParameterName=name, ParameterValue=value, Source="user", ApplyType=CATALOGUE[name]["ApplyType"])
        for name, value in (user or {}).items()
    ]
    return dict(group=param_group.normalise(raw, "instance", tags), parameters=param_group.user_parameters(rows))


GUIDE_INSTANCE = {"slow_query_log": 1, "long_query_time": 1, "log_output": "FILE"}


def test_desired_lower_cases_the_name_and_defaults_the_family():
    desired = _desired(family=None, apply_method=None)
    assert desired["name"] == "myapp-aurora-mysql8-instance"
    assert desired["family"] == "aurora-mysql8.0"
    assert desired["apply_method"] == "auto"


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
        _desired(**overrides)
    assert err.value.option == option


def test_normalise_reads_both_scopes():
    cluster = param_group.normalise(
        dict(
            DBClusterParameterGroupName="c",
            DBParameterGroupFamily="aurora-mysql8.0",
            Description="d",
            DBClusterParameterGroupArn="arn:c",
        ),
        "cluster",
        {"a": "1"},
    )
    assert cluster == dict(
        name="c", scope="cluster", family="aurora-mysql8.0", description="d", arn="arn:c", tags={"a": "1"}
    )


def test_user_parameters_keep_only_user_values():
    rows = [
        dict(ParameterName="a", ParameterValue="1", Source="user", ApplyType="dynamic"),
        dict(ParameterName="b", ParameterValue="2", Source="engine-default", ApplyType="dynamic"),
        dict(ParameterName="c", ParameterValue="3", Source="system", ApplyType="static"),
    ]
    assert param_group.user_parameters(rows) == {"a": {"value": "1", "apply_type": "dynamic"}}


def test_create_sets_the_guide_values_in_rds_spelling():
    plan = param_group.plan(None, _desired(parameters=GUIDE_INSTANCE), CATALOGUE)
    assert plan["create"] == dict(
        name="myapp-aurora-mysql8-instance",
        family="aurora-mysql8.0",
        description="Instance parameters for Aurora MySQL 8.0",
    )
    assert param_group.modify_requests(plan) == [
        dict(ParameterName="log_output", ParameterValue="FILE", ApplyMethod="immediate"),
        dict(ParameterName="long_query_time", ParameterValue="1", ApplyMethod="immediate"),
        dict(ParameterName="slow_query_log", ParameterValue="1", ApplyMethod="immediate"),
    ]
    # log_output already defaults to FILE, but the guide pins it as a user value, and so do we.
    assert param_group.changed_parameters(plan)["log_output"] == dict(
        before="FILE", after="FILE", apply_method="immediate"
    )
    assert not param_group.reboot_required(plan)


def test_same_meaning_plans_nothing():
    current = _current({"slow_query_log": "1", "long_query_time": "1.0", "log_output": "file"})
    desired = _desired(parameters={"slow_query_log": "ON", "long_query_time": 1, "log_output": "FILE"})
    assert param_group.plan(current, desired, CATALOGUE) == {}


def test_unmanaged_parameters_and_tags_plan_nothing():
    current = _current({"slow_query_log": "1"}, tags={"team": "db"})
    assert param_group.plan(current, _desired(), {}) == {}


def test_a_changed_value_is_planned_with_before_and_after():
    current = _current({"slow_query_log": "1", "long_query_time": "1"})
    plan = param_group.plan(current, _desired(parameters={"slow_query_log": 1, "long_query_time": 2}), CATALOGUE)
    assert plan == {"modify": {"long_query_time": dict(before="1", after="2", apply_method="immediate")}}


def test_static_parameters_wait_for_a_reboot_under_auto():
    plan = param_group.plan(_current(), _desired(parameters={"performance_schema": 1}), CATALOGUE)
    assert plan["modify"]["performance_schema"]["apply_method"] == "pending-reboot"
    assert param_group.reboot_required(plan)


def test_pending_reboot_is_sent_for_dynamic_ones_too_and_counts_as_reboot_required():
    plan = param_group.plan(
        _current(), _desired(parameters={"slow_query_log": 1}, apply_method="pending-reboot"), CATALOGUE
    )
    assert plan["modify"]["slow_query_log"]["apply_method"] == "pending-reboot"
    assert param_group.reboot_required(plan)


def test_the_apply_method_is_not_state():
    current = _current({"slow_query_log": "1"})
    for method in ("auto", "immediate", "pending-reboot"):
        assert (
            param_group.plan(current, _desired(parameters={"slow_query_log": 1}, apply_method=method), CATALOGUE) == {}
        )


def test_every_problem_is_reported_together():
    desired = _desired(
        parameters={
            "slow_query_logs": 1,
            "log_output": "SYSLOG",
            "long_query_time": "fast",
            "innodb_page_size": 8192,
            "performance_schema": 1,
        },
        apply_method="immediate",
    )
    with pytest.raises(ValidationError) as err:
        param_group.plan(_current(), desired, CATALOGUE)
    message = str(err.value)
    assert err.value.option == "parameters"
    assert "slow_query_logs: not a parameter of this family; did you mean slow_query_log" in message
    assert "log_output: 'SYSLOG' is not allowed (allowed: TABLE,FILE,NONE)" in message
    assert "long_query_time: 'fast' is not a number" in message
    assert "innodb_page_size: is not modifiable" in message
    assert "performance_schema: is static, so apply_method immediate cannot apply it" in message


def test_a_wrong_case_name_suggests_the_right_one():
    with pytest.raises(ValidationError, match="did you mean slow_query_log"):
        param_group.resolve({"SLOW_QUERY_LOG": 1}, CATALOGUE, "auto")


def test_the_family_cannot_change():
    with pytest.raises(ValidationError, match="has family aurora-mysql5.7, not aurora-mysql8.0") as err:
        param_group.plan(_current(family="aurora-mysql5.7"), _desired(), CATALOGUE)
    assert err.value.option == "family"


def test_the_description_cannot_change_but_may_be_omitted():
    with pytest.raises(ValidationError, match="cannot change the description") as err:
        param_group.plan(_current(description="old words"), _desired(), CATALOGUE)
    assert err.value.option == "description"
    assert param_group.plan(_current(description="old words"), _desired(description=None), CATALOGUE) == {}


def test_create_needs_a_description():
    with pytest.raises(ValidationError, match="is required to create") as err:
        param_group.plan(None, _desired(description=None), CATALOGUE)
    assert err.value.option == "description"


def test_purge_resets_unlisted_user_values_with_the_right_apply_method():
    current = _current({"slow_query_log": "1", "performance_schema": "1", "binlog_format": "ROW"})
    plan = param_group.plan(current, _desired(parameters={"slow_query_log": 1}, purge_parameters=True), CATALOGUE)
    assert plan == {
        "reset": {
            "binlog_format": dict(before="ROW", after="OFF", apply_method="pending-reboot"),
            "performance_schema": dict(before="1", after=None, apply_method="pending-reboot"),
        }
    }
    assert param_group.reset_requests(plan) == [
        dict(ParameterName="binlog_format", ApplyMethod="pending-reboot"),
        dict(ParameterName="performance_schema", ApplyMethod="pending-reboot"),
    ]
    assert param_group.values_after(current, plan) == {"slow_query_log": "1"}


def test_purge_without_parameters_changes_nothing_and_without_purge_nothing_is_reset():
    current = _current({"slow_query_log": "1"})
    assert param_group.plan(current, _desired(purge_parameters=True), {}) == {}
    assert param_group.plan(current, _desired(parameters={}), CATALOGUE) == {}
    assert "reset" in param_group.plan(current, _desired(parameters={}, purge_parameters=True), CATALOGUE)


def test_purging_a_static_value_with_immediate_is_refused():
    current = _current({"performance_schema": "1"})
    desired = _desired(parameters={}, purge_parameters=True, apply_method="immediate")
    with pytest.raises(ValidationError, match="performance_schema: is static") as err:
        param_group.plan(current, desired, CATALOGUE)
    assert err.value.option == "purge_parameters"


def test_changes_go_out_in_batches_of_twenty():
    wanted = {f"auto_param_{index:02d}": index for index in range(25)}
    plan = param_group.plan(_current(), _desired(parameters=wanted), CATALOGUE)
    batches = param_group.batches(param_group.modify_requests(plan))
    assert [len(batch) for batch in batches] == [20, 5]
    assert [request["ParameterName"] for batch in batches for request in batch] == sorted(wanted)


def test_tags_are_planned_and_shown_after():
    current = _current(tags={"team": "db", "old": "x"})
    desired = _desired(tags={"team": "db", "env": "prod"})
    plan = param_group.plan(current, desired, {})
    assert plan == {"tags": ({"env": "prod"}, ["old"])}
    assert param_group.group_after(current["group"], desired, plan)["tags"] == {"team": "db", "env": "prod"}


def test_group_after_a_create_has_no_arn_yet():
    desired = _desired(tags={"env": "prod"})
    plan = param_group.plan(None, desired, {})
    assert param_group.group_after(None, desired, plan) == dict(
        name="myapp-aurora-mysql8-instance",
        scope="instance",
        family="aurora-mysql8.0",
        description="Instance parameters for Aurora MySQL 8.0",
        arn=None,
        tags={"env": "prod"},
    )


def test_absent_deletes_only_what_exists():
    assert param_group.plan(_current(), _desired(state="absent"), {}) == {"delete": True}
    assert param_group.plan(None, _desired(state="absent"), {}) == {}
    assert param_group.group_after(None, _desired(state="absent"), {}) is None


USERS = [
    dict(owner="instance writer", instance="writer", status="in-sync"),
    dict(owner="instance reader", instance="reader", status="pending-reboot"),
    dict(owner="cluster empty", instance=None, status=None),
]


def test_pending_reboot_names_instances_already_waiting():
    assert param_group.pending_reboot(USERS, {}) == ["reader"]


def test_pending_reboot_names_every_user_after_a_change_that_waits_for_one():
    plan = param_group.plan(_current(), _desired(parameters={"performance_schema": 1}), CATALOGUE)
    assert param_group.pending_reboot(USERS, plan) == ["reader", "writer"]


def test_in_use_error_names_the_users():
    err = param_group.in_use_error("pg", USERS)
    assert "'pg' is in use by cluster empty, instance reader, instance writer" in str(err)
    assert err.option == "state"


def _current_with_rows(user):
    """A group as param_group_aws.read() returns it: user-set rows that carry the catalogue's metadata."""
    rows = [dict(CATALOGUE[name], ParameterValue=value, Source="user") for name, value in user.items()]
    current = _current(user)
    current["specs"] = param_group.catalogue_of(rows)
    return current


def test_a_rerun_validates_against_the_groups_own_rows():
    current = _current_with_rows({"slow_query_log": "1", "long_query_time": "1", "log_output": "FILE"})
    desired = _desired(parameters=GUIDE_INSTANCE)
    assert param_group.needs_engine_defaults(current, desired) is False
    assert param_group.plan(current, desired, param_group.group_catalogue(current)) == {}


def test_the_groups_own_rows_still_refuse_a_bad_value_and_a_static_immediate_change():
    current = _current_with_rows({"log_output": "FILE", "performance_schema": "1"})
    desired = _desired(parameters={"log_output": "SYSLOG", "performance_schema": 0}, apply_method="immediate")
    assert param_group.needs_engine_defaults(current, desired) is False
    with pytest.raises(ValidationError) as err:
        param_group.plan(current, desired, param_group.group_catalogue(current))
    assert "log_output: 'SYSLOG' is not allowed (allowed: TABLE,FILE,NONE)" in err.value.message
    assert "performance_schema: is static" in err.value.message


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
    current = None if current_user is None else _current_with_rows(current_user)
    assert param_group.needs_engine_defaults(current, _desired(parameters=GUIDE_INSTANCE, **overrides)) is True


def test_unmanaged_parameters_need_no_catalogue_and_rows_without_metadata_do_not_count():
    current = _current_with_rows({"slow_query_log": "1"})
    assert param_group.needs_engine_defaults(current, _desired()) is False
    current["specs"]["slow_query_log"] = {"ParameterName": "slow_query_log", "ParameterValue": "1"}
    assert param_group.group_catalogue(current) == {}
    assert param_group.needs_engine_defaults(current, _desired(parameters={"slow_query_log": 1})) is True
