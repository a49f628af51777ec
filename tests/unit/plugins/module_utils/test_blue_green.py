"""Blue/green deployments: what a task asks, the snake_case view, and the plan against every status. Pure."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import blue_green, blue_green_plan
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from tests.unit.builders import blue_green_desired as desired
from tests.unit.builders import blue_green_source as source
from tests.unit.builders import blue_green_view as current
from tests.unit.builders import raw_blue_green

ARN = "arn:aws:rds:us-east-1:123456789012:cluster:myapp-aurora-cluster"
V3 = "8.0.mysql_aurora.3.07.1"


def _refused(*args, **kwargs):
    with pytest.raises(ValidationError) as err:
        blue_green_plan.plan(*args, **kwargs)
    return err.value


# --- what a task asks ---


def test_a_cluster_arn_names_the_cluster_and_its_region():
    wanted = desired(source_cluster=ARN.replace("myapp-aurora-cluster", "MyApp-Aurora-Cluster"))
    assert (wanted.source_cluster, wanted.source_region) == ("myapp-aurora-cluster", "us-east-1")
    assert desired(source_cluster="myapp-aurora-cluster").source_region is None


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        (dict(source_cluster="arn:aws:rds:us-east-1:123456789012:db:myapp-aurora-writer"), "source_cluster"),
        (dict(name="-upgrade"), "name"),
        (dict(name="u" * 61), "name"),
        (dict(target_engine_version="8.0"), "target_engine_version"),
        (dict(switchover_timeout=3601), "switchover_timeout"),
        (dict(delete_target=True), "delete_target"),
        (dict(tags={"aws:x": "1"}), "tags"),
    ],
)
def test_bad_params_are_refused_naming_the_option(overrides, option):
    with pytest.raises(ValidationError) as err:
        desired(**overrides)
    assert err.value.option == option


def test_groups_are_compared_in_lower_case_as_rds_stores_them():
    wanted = desired(target_db_cluster_parameter_group_name="MyApp-Aurora-MySQL8-Cluster")
    assert wanted.target_db_cluster_parameter_group_name == "myapp-aurora-mysql8-cluster"


# --- the view ---


def test_the_view_names_the_clusters_of_the_arns_and_keeps_rds_words():
    view = blue_green.normalise(raw_blue_green(Status="SWITCHOVER_COMPLETED", renamed=True))
    assert view["source_cluster"] == "myapp-aurora-cluster-old1"
    assert view["target_cluster"] == "myapp-aurora-cluster"
    assert view["tasks"][0] == {"name": "CREATING_READ_REPLICA_OF_SOURCE", "status": "COMPLETED"}
    assert set(view["switchover_details"][0]) == {"source_member", "target_member", "status"}
    assert view["create_time"] == "2025-01-02T03:04:05+00:00"
    assert view["tags"] == {"change": "CHG-1"}
    assert blue_green.normalise(None) is None


def test_a_create_answer_has_no_target_yet():
    # The AWS CLI example's create answer: PROVISIONING, no Target, no TargetMember.
    view = blue_green.normalise(raw_blue_green(Status="PROVISIONING", Target=None))
    assert view["target"] is None and view["target_cluster"] is None


def test_the_deployment_arn_is_in_its_sources_account_and_region():
    assert blue_green.deployment_arn(current()) == "arn:aws:rds:us-east-1:123456789012:deployment:bgd-wi89nwzglccsfake"


# --- present ---


def test_a_missing_deployment_is_created_from_the_source_arn_with_the_targets_and_tags():
    result = blue_green_plan.plan(None, desired(tags={"change": "CHG-1"}), source=source())
    assert result.action == "create" and result.wait == "blue_green_available"
    assert result.request == {
        "BlueGreenDeploymentName": "myapp-upgrade-to-v3",
        "Source": ARN,
        "TargetEngineVersion": V3,
        "TargetDBClusterParameterGroupName": "myapp-aurora-mysql8-cluster",
        "TargetDBParameterGroupName": "myapp-aurora-mysql8-instance",
        "Tags": [{"Key": "change", "Value": "CHG-1"}],
    }
    predicted = blue_green_plan.predict(None, result, desired(tags={"change": "CHG-1"}), source())
    assert predicted["status"] == "AVAILABLE" and predicted["identifier"] is None
    assert predicted["source"] == ARN and predicted["tags"] == {"change": "CHG-1"}
    assert (
        blue_green_plan.predict(
            None, blue_green_plan.plan(None, desired(wait=False), source=source()), desired(wait=False), source()
        )["status"]
        == "PROVISIONING"
    )


def test_without_targets_green_keeps_the_source_version_and_groups():
    wanted = desired(
        target_engine_version=None, target_db_cluster_parameter_group_name=None, target_db_parameter_group_name=None
    )
    result = blue_green_plan.plan(None, wanted, source=source())
    assert result.request == {"BlueGreenDeploymentName": "myapp-upgrade-to-v3", "Source": ARN}


@pytest.mark.parametrize(
    ("facts", "overrides", "option", "words"),
    [
        (dict(cluster=None), {}, "source_cluster", "no DB cluster"),
        ({}, dict(source_cluster=ARN.replace("us-east-1", "eu-west-1")), "source_cluster", "region eu-west-1"),
        (dict(engine="aurora-postgresql"), {}, "source_cluster", "aurora-postgresql"),
        (dict(status="modifying"), {}, "source_cluster", "is modifying"),
        (dict(manage_master_user_password=True), {}, "source_cluster", "Secrets Manager"),
        (dict(engine_version="5.7.mysql_aurora.2.09.2"), {}, "source_cluster", "2.08 and 2.09"),
        ({}, dict(target_engine_version="5.7.mysql_aurora.2.08.3"), "target_engine_version", "2.08"),
        ({}, dict(target_engine_version="5.7.mysql_aurora.2.11.2"), "target_engine_version", "never downgrades"),
        (
            dict(engine_version=V3),
            dict(target_engine_version="5.7.mysql_aurora.2.12.4"),
            "target_engine_version",
            "older major",
        ),
        (dict(binlog_format="OFF"), {}, "source_cluster", "binlog_format OFF"),
        (dict(binlog_format=None), {}, "source_cluster", "binlog_format OFF"),
        (dict(group="default.aurora-mysql5.7"), {}, "source_cluster", "default group"),
        (dict(writer_status="pending-reboot"), {}, "source_cluster", "pending-reboot"),
        (dict(writer=False), {}, "source_cluster", "no writer"),
        (
            dict(deployments=[{"name": "other", "identifier": "bgd-1", "status": "AVAILABLE"}]),
            {},
            "source_cluster",
            "bgd-1",
        ),
        ({}, dict(source_cluster=None), "source_cluster", "required"),
    ],
)
def test_what_rds_would_refuse_in_a_source_is_refused_first(facts, overrides, option, words):
    error = _refused(None, desired(**overrides), source=source(**facts))
    assert error.option == option and words in error.message, error.message


def test_an_existing_deployment_is_waited_for_never_made_again():
    assert blue_green_plan.plan(current(Status="PROVISIONING"), desired()).wait == "blue_green_available"
    assert not blue_green_plan.plan(current(Status="PROVISIONING"), desired())
    assert blue_green_plan.plan(current(Status="PROVISIONING"), desired(wait=False)).wait is None
    assert blue_green_plan.plan(current(Status="SWITCHOVER_IN_PROGRESS"), desired()).wait == "blue_green_switched_over"
    assert not blue_green_plan.plan(current(), desired()) and blue_green_plan.plan(current(), desired()).wait is None


def test_invalid_configuration_is_reported_and_a_failed_switchover_warned():
    invalid = blue_green_plan.plan(
        current(Status="INVALID_CONFIGURATION", StatusDetails="replication broke"), desired()
    )
    assert "invalid" in invalid.details["failure"] and "replication broke" in invalid.details["failure"]
    failed = blue_green_plan.plan(current(Status="SWITCHOVER_FAILED"), desired())
    assert not failed and "failed" in failed.details["warnings"][0]


def test_a_deployment_being_deleted_is_not_taken_for_present_or_switched_over():
    for state in ("present", "switched_over"):
        assert _refused(current(Status="DELETING"), desired(state=state)).option == "name"


GREEN = dict(
    engine_version=V3,
    db_cluster_parameter_group_name="myapp-aurora-mysql8-cluster",
    deletion_protection=False,
    instance_groups=["myapp-aurora-mysql8-instance"],
)


@pytest.mark.parametrize(
    ("green", "matches"),
    [
        (GREEN, True),
        # AWS moved green to a higher minor version meanwhile: still the deployment asked for.
        (dict(GREEN, engine_version="8.0.mysql_aurora.3.08.2"), True),
        (dict(GREEN, engine_version="8.0.mysql_aurora.3.06.0"), False),
        (dict(GREEN, db_cluster_parameter_group_name="other"), False),
        (dict(GREEN, instance_groups=["myapp-aurora-mysql8-instance", "other"]), False),
    ],
)
def test_the_targets_of_an_existing_deployment_are_compared_with_green(green, matches):
    if matches:
        assert not blue_green_plan.plan(current(), desired(), green=green)
    else:
        assert "cannot change" in _refused(current(), desired(), green=green).message


def test_the_source_is_the_deployments_and_after_the_switchover_the_production_names_it():
    assert _refused(current(), desired(source_cluster="other")).option == "source_cluster"
    done = current(Status="SWITCHOVER_COMPLETED", renamed=True)
    assert not blue_green_plan.plan(done, desired())
    assert not blue_green_plan.plan(done, desired(state="switched_over"))
    assert not blue_green_plan.needs_green(done, desired())


def test_tags_change_on_the_deployment_itself():
    result = blue_green_plan.plan(current(), desired(tags={"change": "CHG-2"}))
    assert result and result.action == ""
    assert result.tags.as_dict() == {"set": {"change": "CHG-2"}, "remove": []}


# --- switched_over ---


def test_an_available_deployment_is_switched_over_with_its_timeout():
    result = blue_green_plan.plan(current(), desired(state="switched_over", switchover_timeout=600))
    assert result.action == "switchover" and result.wait == "blue_green_switched_over"
    assert result.request == {"BlueGreenDeploymentIdentifier": "bgd-wi89nwzglccsfake", "SwitchoverTimeout": 600}
    assert "wait_first" not in result.details
    predicted = blue_green_plan.predict(current(), result, desired(state="switched_over"))
    assert predicted["status"] == "SWITCHOVER_COMPLETED"
    # Green takes the original names; the old cluster's -oldN name is RDS's choice.
    assert predicted["target_cluster"] == "myapp-aurora-cluster" and predicted["target"] == ARN
    assert predicted["source_cluster"] is None
    unwaited = blue_green_plan.plan(current(), desired(state="switched_over", wait=False))
    assert (
        blue_green_plan.predict(current(), unwaited, desired(state="switched_over"))["status"]
        == "SWITCHOVER_IN_PROGRESS"
    )


def test_a_provisioning_deployment_is_waited_for_before_its_switchover():
    result = blue_green_plan.plan(current(Status="PROVISIONING"), desired(state="switched_over"))
    assert result.action == "switchover" and result.details["wait_first"] == "blue_green_available"


@pytest.mark.parametrize("status", ["INVALID_CONFIGURATION", "SWITCHOVER_FAILED"])
def test_a_deployment_that_cannot_switch_over_is_reported_not_retried(status):
    result = blue_green_plan.plan(current(Status=status), desired(state="switched_over"))
    assert result.action == "" and status in result.details["failure"]


def test_switching_over_nothing_is_refused():
    assert _refused(None, desired(state="switched_over")).option == "name"


# --- absent ---


@pytest.mark.parametrize("status", ["PROVISIONING", "AVAILABLE", "INVALID_CONFIGURATION", "SWITCHOVER_FAILED"])
def test_absent_deletes_and_takes_green_only_when_asked(status):
    kept = blue_green_plan.plan(current(Status=status), desired(state="absent"))
    assert kept.action == "delete" and kept.request == {"BlueGreenDeploymentIdentifier": "bgd-wi89nwzglccsfake"}
    assert kept.wait == "blue_green_deleted"
    gone = blue_green_plan.plan(current(Status=status), desired(state="absent", delete_target=True), green=GREEN)
    assert gone.request["DeleteTarget"] is True and gone.details["target_cluster"].startswith(
        "myapp-aurora-cluster-green"
    )
    assert blue_green_plan.predict(current(), gone, desired(state="absent")) == {}


def test_absent_refusals_name_the_way_out():
    done = current(Status="SWITCHOVER_COMPLETED", renamed=True)
    assert "production" in _refused(done, desired(state="absent", delete_target=True)).message
    assert blue_green_plan.plan(done, desired(state="absent")).action == "delete"
    protected = dict(GREEN, deletion_protection=True)
    assert _refused(current(), desired(state="absent", delete_target=True), green=protected).option == "delete_target"
    assert _refused(current(Status="SWITCHOVER_IN_PROGRESS"), desired(state="absent")).option == "state"


def test_absent_is_idempotent_and_waits_for_a_deletion_under_way():
    assert not blue_green_plan.plan(None, desired(state="absent"))
    deleting = blue_green_plan.plan(current(Status="DELETING"), desired(state="absent"))
    assert not deleting and deleting.wait == "blue_green_deleted"


def test_the_green_cluster_is_read_only_where_it_matters():
    assert blue_green_plan.needs_green(current(), desired())
    assert not blue_green_plan.needs_green(
        current(),
        desired(
            target_engine_version=None, target_db_cluster_parameter_group_name=None, target_db_parameter_group_name=None
        ),
    )
    assert blue_green_plan.needs_green(current(), desired(state="absent", delete_target=True))
    assert not blue_green_plan.needs_green(current(), desired(state="absent"))
    assert not blue_green_plan.needs_green(current(Status="PROVISIONING", Target=None), desired())


def test_a_delete_without_wait_leaves_the_deployment_deleting():
    unwaited = desired(state="absent", wait=False)
    result = blue_green_plan.plan(current(), unwaited)
    assert blue_green_plan.predict(current(), result, unwaited)["status"] == "DELETING"


def test_a_failure_report_carries_the_deployment_its_tasks_and_its_events():
    view = current(Status="INVALID_CONFIGURATION", Tasks=[{"Name": "DB_ENGINE_VERSION_UPGRADE", "Status": "FAILED"}])
    failure = blue_green_plan.plan(view, desired()).details["failure"]
    error = blue_green.DeploymentFailed(failure, view, [{"message": "replication broke"}])
    assert "is INVALID_CONFIGURATION" in error.message and "DB_ENGINE_VERSION_UPGRADE FAILED" in error.message
    assert "delete_target: true" in error.message
    assert error.to_result() == {"blue_green_deployment": view, "events": [{"message": "replication broke"}]}
