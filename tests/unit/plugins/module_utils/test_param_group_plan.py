"""The parameter group plan and its prediction, without a network."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import param_group, param_group_plan
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from tests.unit.builders import CATALOGUE, GUIDE_INSTANCE_PARAMETERS, group_user, parameter_row
from tests.unit.builders import param_group_current as current
from tests.unit.builders import param_group_desired as desired


def current_meta(user):
    return current(user, metadata=True)


def test_create_sets_the_guide_values_in_rds_spelling():
    plan = param_group_plan.plan(None, desired(parameters=GUIDE_INSTANCE_PARAMETERS), CATALOGUE)
    assert plan.action == "create"
    assert plan.request == dict(
        DBParameterGroupName="myapp-aurora-mysql8-instance",
        DBParameterGroupFamily="aurora-mysql8.0",
        Description="Instance parameters for Aurora MySQL 8.0",
    )
    assert param_group_plan.modify_rows(plan) == [
        dict(ParameterName="log_output", ParameterValue="FILE", ApplyMethod="immediate"),
        dict(ParameterName="long_query_time", ParameterValue="1", ApplyMethod="immediate"),
        dict(ParameterName="slow_query_log", ParameterValue="1", ApplyMethod="immediate"),
    ]
    # log_output already defaults to FILE, but the guide pins it as a user value, and so do we.
    assert plan.changes["log_output"] == dict(before="FILE", after="FILE", apply_method="immediate")
    assert not param_group_plan.reboot_required(plan)


def test_same_meaning_plans_nothing():
    live = current({"slow_query_log": "1", "long_query_time": "1.0", "log_output": "file"})
    wanted = desired(parameters={"slow_query_log": "ON", "long_query_time": 1, "log_output": "FILE"})
    assert not param_group_plan.plan(live, wanted, CATALOGUE)


def test_unmanaged_parameters_and_tags_plan_nothing():
    live = current({"slow_query_log": "1"}, tags={"team": "db"})
    assert not param_group_plan.plan(live, desired(), {})


def test_a_changed_value_is_planned_with_before_and_after():
    live = current({"slow_query_log": "1", "long_query_time": "1"})
    plan = param_group_plan.plan(live, desired(parameters={"slow_query_log": 1, "long_query_time": 2}), CATALOGUE)
    assert plan.action == "modify"
    assert plan.changes == {"long_query_time": dict(before="1", after="2", apply_method="immediate")}


def test_static_parameters_wait_for_a_reboot_under_auto():
    plan = param_group_plan.plan(current(), desired(parameters={"performance_schema": 1}), CATALOGUE)
    assert plan.changes["performance_schema"]["apply_method"] == "pending-reboot"
    assert param_group_plan.reboot_required(plan)


def test_pending_reboot_is_sent_for_dynamic_ones_too_and_counts_as_reboot_required():
    plan = param_group_plan.plan(
        current(), desired(parameters={"slow_query_log": 1}, apply_method="pending-reboot"), CATALOGUE
    )
    assert plan.changes["slow_query_log"]["apply_method"] == "pending-reboot"
    assert param_group_plan.reboot_required(plan)


def test_the_apply_method_is_not_state():
    live = current({"slow_query_log": "1"})
    for method in ("auto", "immediate", "pending-reboot"):
        assert not param_group_plan.plan(
            live, desired(parameters={"slow_query_log": 1}, apply_method=method), CATALOGUE
        )


def test_every_problem_is_reported_together():
    wanted = desired(
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
        param_group_plan.plan(current(), wanted, CATALOGUE)
    message = str(err.value)
    assert err.value.option == "parameters"
    assert "slow_query_logs: not a parameter of this family; did you mean slow_query_log" in message
    assert "log_output: 'SYSLOG' is not allowed (allowed: TABLE,FILE,NONE)" in message
    assert "long_query_time: 'fast' is not a number" in message
    assert "innodb_page_size: is not modifiable" in message
    assert "performance_schema: is static, so apply_method immediate cannot apply it" in message


def test_a_version_2_name_in_a_version_3_group_names_its_version_3_name():
    catalogue = dict(CATALOGUE, **param_group.catalogue_of([parameter_row("transaction_isolation", "string")]))
    with pytest.raises(ValidationError) as err:
        param_group_plan.resolve({"tx_isolation": "READ-COMMITTED"}, catalogue, "auto")
    assert str(err.value).endswith(
        "tx_isolation: not a parameter of this family; Aurora MySQL version 3 names it transaction_isolation"
    )


def test_a_wrong_case_name_suggests_the_right_one():
    with pytest.raises(ValidationError, match="did you mean slow_query_log"):
        param_group_plan.resolve({"SLOW_QUERY_LOG": 1}, CATALOGUE, "auto")


def test_the_family_cannot_change():
    with pytest.raises(ValidationError, match="has family aurora-mysql5.7, not aurora-mysql8.0") as err:
        param_group_plan.plan(current(family="aurora-mysql5.7"), desired(), CATALOGUE)
    assert err.value.option == "family"


def test_the_description_cannot_change_but_may_be_omitted():
    with pytest.raises(ValidationError, match="cannot change the description") as err:
        param_group_plan.plan(current(description="old words"), desired(), CATALOGUE)
    assert err.value.option == "description"
    assert not param_group_plan.plan(current(description="old words"), desired(description=None), CATALOGUE)


def test_create_needs_a_description():
    with pytest.raises(ValidationError, match="is required to create") as err:
        param_group_plan.plan(None, desired(description=None), CATALOGUE)
    assert err.value.option == "description"


def test_purge_resets_unlisted_user_values_with_the_right_apply_method():
    live = current({"slow_query_log": "1", "performance_schema": "1", "binlog_format": "ROW"})
    plan = param_group_plan.plan(live, desired(parameters={"slow_query_log": 1}, purge_parameters=True), CATALOGUE)
    assert plan.changes == {
        "binlog_format": dict(before="ROW", after="OFF", apply_method="pending-reboot"),
        "performance_schema": dict(before="1", after=None, apply_method="pending-reboot"),
    }
    assert plan.details["reset"] == ["binlog_format", "performance_schema"]
    assert param_group_plan.modify_rows(plan) == []
    assert param_group_plan.reset_rows(plan) == [
        dict(ParameterName="binlog_format", ApplyMethod="pending-reboot"),
        dict(ParameterName="performance_schema", ApplyMethod="pending-reboot"),
    ]
    assert param_group_plan.values_after(live, plan) == {"slow_query_log": "1"}


def test_purge_without_parameters_changes_nothing_and_without_purge_nothing_is_reset():
    live = current({"slow_query_log": "1"})
    assert not param_group_plan.plan(live, desired(purge_parameters=True), {})
    assert not param_group_plan.plan(live, desired(parameters={}), CATALOGUE)
    purged = param_group_plan.plan(live, desired(parameters={}, purge_parameters=True), CATALOGUE)
    assert purged.details["reset"] == ["slow_query_log"]


def test_purging_a_static_value_with_immediate_is_refused():
    live = current({"performance_schema": "1"})
    wanted = desired(parameters={}, purge_parameters=True, apply_method="immediate")
    with pytest.raises(ValidationError, match="performance_schema: is static") as err:
        param_group_plan.plan(live, wanted, CATALOGUE)
    assert err.value.option == "purge_parameters"


def test_changes_go_out_in_batches_of_twenty():
    wanted = {f"auto_param_{index:02d}": index for index in range(25)}
    plan = param_group_plan.plan(current(), desired(parameters=wanted), CATALOGUE)
    batches = param_group_plan.batches(param_group_plan.modify_rows(plan))
    assert [len(batch) for batch in batches] == [20, 5]
    assert [request["ParameterName"] for batch in batches for request in batch] == sorted(wanted)


def test_tags_are_planned_and_shown_after():
    live = current(tags={"team": "db", "old": "x"})
    wanted = desired(tags={"team": "db", "env": "prod"})
    plan = param_group_plan.plan(live, wanted, {})
    assert plan.action == "" and plan.tags.as_dict() == {"set": {"env": "prod"}, "remove": ["old"]}
    assert param_group_plan.predict(live, wanted, plan)["tags"] == {"team": "db", "env": "prod"}


def test_group_after_a_create_has_no_arn_yet():
    wanted = desired(tags={"env": "prod"})
    plan = param_group_plan.plan(None, wanted, {})
    assert param_group_plan.predict(None, wanted, plan) == dict(
        name="myapp-aurora-mysql8-instance",
        scope="instance",
        family="aurora-mysql8.0",
        description="Instance parameters for Aurora MySQL 8.0",
        arn=None,
        tags={"env": "prod"},
    )


def test_absent_deletes_only_what_exists():
    deleted = param_group_plan.plan(current(), desired(state="absent"), {})
    assert deleted.action == "delete" and deleted.request == {"DBParameterGroupName": "myapp-aurora-mysql8-instance"}
    assert not param_group_plan.plan(None, desired(state="absent"), {})
    assert param_group_plan.predict(None, desired(state="absent"), deleted) is None


USERS = [
    group_user("instance", "writer", cluster="myapp", instances=["writer"]),
    group_user("instance", "reader", cluster="myapp", instances=["reader"], pending_reboot=["reader"]),
    group_user("instance", "plain", instances=["plain"]),
]


def test_pending_reboot_names_instances_already_waiting():
    plan = param_group_plan.plan(current(users=USERS), desired(), {})
    assert param_group_plan.pending_reboot(current(users=USERS), plan) == ["reader"]
    assert param_group_plan.pending_reboot(None, plan) == []


def test_pending_reboot_names_every_user_after_a_change_that_waits_for_one():
    plan = param_group_plan.plan(current(users=USERS), desired(parameters={"performance_schema": 1}), CATALOGUE)
    assert param_group_plan.pending_reboot(current(users=USERS), plan) == ["plain", "reader", "writer"]


def test_a_group_in_use_is_not_deleted_and_the_error_names_the_users():
    with pytest.raises(ValidationError) as err:
        param_group_plan.plan(current(users=USERS), desired(state="absent"), {})
    assert err.value.option == "state"
    assert err.value.message == (
        "state: parameter group 'myapp-aurora-mysql8-instance' is in use by instance plain, instance reader, "
        "instance writer; move them to another group before deleting it"
    )


def test_instances_an_earlier_task_deletes_or_whose_cluster_it_deletes_do_not_keep_the_group_in_use():
    live = current(users=USERS)
    with pytest.raises(ValidationError, match="in use by instance plain;"):
        param_group_plan.plan(live, desired(state="absent"), {}, assume_deleted=("myapp",))
    every = ("writer", "reader", "plain")
    assert param_group_plan.plan(live, desired(state="absent"), {}, assume_deleted=every).action == "delete"


def test_diff_shows_the_group_and_its_values_before_and_after():
    live = current({"slow_query_log": "0"})
    wanted = desired(parameters={"slow_query_log": 1})
    plan = param_group_plan.plan(live, wanted, CATALOGUE)
    changed = param_group_plan.diff(live, param_group_plan.predict(live, wanted, plan), plan)
    assert changed["before"]["parameters"] == {"slow_query_log": "0"}
    assert changed["after"]["parameters"] == {"slow_query_log": "1"}
    gone = desired(state="absent")
    assert param_group_plan.diff(live, None, param_group_plan.plan(live, gone, {}))["after"] == {}


def test_a_rerun_validates_against_the_groups_own_rows():
    live = current_meta({"slow_query_log": "1", "long_query_time": "1", "log_output": "FILE"})
    wanted = desired(parameters=GUIDE_INSTANCE_PARAMETERS)
    assert param_group.needs_engine_defaults(live, wanted) is False
    assert not param_group_plan.plan(live, wanted, param_group.group_catalogue(live))


def test_the_groups_own_rows_still_refuse_a_bad_value_and_a_static_immediate_change():
    live = current_meta({"log_output": "FILE", "performance_schema": "1"})
    wanted = desired(parameters={"log_output": "SYSLOG", "performance_schema": 0}, apply_method="immediate")
    assert param_group.needs_engine_defaults(live, wanted) is False
    with pytest.raises(ValidationError) as err:
        param_group_plan.plan(live, wanted, param_group.group_catalogue(live))
    assert "log_output: 'SYSLOG' is not allowed (allowed: TABLE,FILE,NONE)" in err.value.message
    assert "performance_schema: is static" in err.value.message
