"""The instance plan and its prediction, without a network."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils.errors import StuckError, ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.instance_plan import diff, plan, predict
from tests.unit.builders import KEY_ARN, KEY_ID, cluster_members
from tests.unit.builders import instance_desired as desired
from tests.unit.builders import instance_view as current

CLUSTER = {"DBClusterIdentifier": "myapp-aurora-cluster", "Engine": "aurora-mysql", "DBClusterMembers": []}
CLUSTER_WITH_WRITER = dict(CLUSTER, DBClusterMembers=cluster_members(("myapp-aurora-writer", 1)))


def changes(work):
    """(action, changes, reboot): what a plan does, in one comparable value."""
    return work.action, work.changes, work.details.get("reboot", False)


def test_missing_instance_is_created_with_every_given_field_and_private_by_default():
    work = plan({}, CLUSTER, desired(promotion_tier=0, tags={"env": "prod"}))
    assert work.action == "create"
    fields = work.changes
    assert fields["instance_class"] == "db.r6g.xlarge"
    assert fields["cluster_identifier"] == "myapp-aurora-cluster"
    assert fields["engine"] == "aurora-mysql"
    assert fields["publicly_accessible"] is False
    assert fields["promotion_tier"] == 0
    assert work.tags.to_set == {"env": "prod"}
    assert "availability_zone" not in fields  # unset stays unset: RDS picks


def test_create_kwargs_are_the_guide_s_create_db_instance_call():
    work = plan({}, CLUSTER, desired(tags={"env": "prod"}))
    assert work.wait == "instance_available"
    assert work.request == {
        "DBInstanceIdentifier": "myapp-aurora-writer",
        "DBClusterIdentifier": "myapp-aurora-cluster",
        "DBInstanceClass": "db.r6g.xlarge",
        "Engine": "aurora-mysql",
        "DBParameterGroupName": "myapp-aurora-mysql8-instance",
        "MonitoringInterval": 10,
        "MonitoringRoleArn": "arn:aws:iam::123456789012:role/rds-enhanced-monitoring-role",
        "EnablePerformanceInsights": True,
        "PerformanceInsightsRetentionPeriod": 7,
        "AutoMinorVersionUpgrade": True,
        "PubliclyAccessible": False,
        "Tags": [{"Key": "env", "Value": "prod"}],
    }


@pytest.mark.parametrize(
    ("cluster", "overrides", "option"),
    [
        (None, {}, "cluster_identifier"),
        (CLUSTER, {"instance_class": None}, "instance_class"),
        (dict(CLUSTER, Engine="aurora-postgresql"), {}, "engine"),
        (CLUSTER, {"monitoring_interval": None}, "monitoring_interval"),
    ],
)
def test_create_refuses_what_rds_would_refuse(cluster, overrides, option):
    with pytest.raises(ValidationError) as err:
        plan({}, cluster, desired(**overrides))
    assert err.value.option == option


def test_check_mode_plans_the_create_in_a_cluster_still_to_come_as_a_real_run_would_in_it():
    want = desired(promotion_tier=0, tags={"env": "prod"})
    work = plan({}, None, want, check_mode=True)
    assert work == plan({}, CLUSTER, want)
    after = predict({}, None, want, work)
    assert after == predict({}, CLUSTER, want, plan({}, CLUSTER, want))
    assert after["status"] == "creating"
    assert after["cluster_identifier"] == "myapp-aurora-cluster"
    assert after["is_writer"] is True  # nothing is in a cluster that does not exist yet
    result = diff({}, after)
    assert result["before"] == {}
    assert result["after"]["instance_class"] == "db.r6g.xlarge"
    assert result["after"]["tags"] == {"env": "prod"}


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"instance_class": None}, "instance_class"),
        ({"monitoring_interval": None}, "monitoring_interval"),
    ],
)
def test_check_mode_without_the_cluster_still_refuses_what_needs_no_cluster(overrides, option):
    with pytest.raises(ValidationError) as err:
        plan({}, None, desired(**overrides), check_mode=True)
    assert err.value.option == option


def test_check_mode_compares_the_engine_only_with_a_cluster_to_compare_with():
    postgres = desired(engine="aurora-postgresql")
    assert plan({}, None, postgres, check_mode=True).changes["engine"] == "aurora-postgresql"
    with pytest.raises(ValidationError) as err:
        plan({}, dict(CLUSTER, Engine="aurora-mysql"), postgres, check_mode=True)
    assert err.value.option == "engine"


def test_check_mode_still_refuses_to_reboot_a_missing_instance():
    with pytest.raises(ValidationError) as err:
        plan({}, None, desired(state="rebooted"), check_mode=True)
    assert err.value.option == "identifier"


def test_matching_instance_needs_nothing():
    work = plan(current(), CLUSTER_WITH_WRITER, desired(performance_insights_kms_key_id=KEY_ID))
    assert not work and work.wait is None


def test_unset_options_are_left_alone():
    bare = desired(
        instance_class=None,
        db_parameter_group_name=None,
        monitoring_interval=None,
        monitoring_role_arn=None,
        enable_performance_insights=None,
        performance_insights_retention_period=None,
        auto_minor_version_upgrade=None,
    )
    assert not plan(current(PromotionTier=9, MonitoringInterval=60, DBInstanceClass="db.r7g.large"), CLUSTER, bare)


def test_changed_fields_and_only_those_are_modified():
    work = plan(current(), CLUSTER, desired(promotion_tier=0, instance_class="db.r6g.2xlarge"))
    assert changes(work) == ("modify", {"promotion_tier": 0, "instance_class": "db.r6g.2xlarge"}, False)


def test_case_of_class_and_group_does_not_count_as_a_change():
    work = plan(
        current(DBInstanceClass="db.r6g.xlarge"),
        CLUSTER,
        desired(instance_class="DB.R6G.XLARGE", db_parameter_group_name="MyApp-Aurora-MySQL8-Instance"),
    )
    assert not work


def test_queued_class_change_counts_as_requested():
    queued = current(PendingModifiedValues={"DBInstanceClass": "db.r6g.2xlarge"})
    assert not plan(queued, CLUSTER, desired(instance_class="db.r6g.2xlarge"))
    back = plan(queued, CLUSTER, desired(instance_class="db.r6g.xlarge"))
    assert changes(back) == ("modify", {"instance_class": "db.r6g.xlarge"}, False)


def test_queued_ca_change_counts_as_requested():
    queued = current(PendingModifiedValues={"CACertificateIdentifier": "rds-ca-ecc384-g1"})
    assert not plan(queued, CLUSTER, desired(ca_certificate_identifier="rds-ca-ecc384-g1"))


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"cluster_identifier": "another-cluster"}, "cluster_identifier"),
        ({"engine": "aurora-postgresql"}, "engine"),
        ({"availability_zone": "us-east-1b"}, "availability_zone"),
    ],
)
def test_immutable_fields_are_refused_clearly(overrides, option):
    with pytest.raises(ValidationError) as err:
        plan(current(), CLUSTER, desired(**overrides))
    assert err.value.option == option
    assert "cannot change" in err.value.message


def test_same_availability_zone_is_fine():
    assert not plan(current(), CLUSTER, desired(availability_zone="us-east-1a"))


def test_kms_key_arn_and_id_are_the_same_key():
    assert not plan(current(), CLUSTER, desired(performance_insights_kms_key_id=KEY_ID))
    assert not plan(current(), CLUSTER, desired(performance_insights_kms_key_id=KEY_ARN))


def test_a_new_kms_key_for_enabled_performance_insights_is_refused():
    with pytest.raises(ValidationError) as err:
        plan(current(), CLUSTER, desired(performance_insights_kms_key_id="another-key"))
    assert err.value.option == "performance_insights_kms_key_id"


def test_enabling_performance_insights_sends_its_retention_and_key_along():
    off = current(PerformanceInsightsEnabled=False, PerformanceInsightsKMSKeyId=None)
    work = plan(off, CLUSTER, desired(performance_insights_kms_key_id=KEY_ID))
    assert work.changes == {"performance_insights_enabled": True, "performance_insights_kms_key_id": KEY_ID}
    kwargs = work.request
    assert kwargs["EnablePerformanceInsights"] is True
    assert kwargs["PerformanceInsightsRetentionPeriod"] == 7
    assert kwargs["PerformanceInsightsKMSKeyId"] == KEY_ID


def test_retention_is_not_compared_while_performance_insights_is_off():
    off = current(PerformanceInsightsEnabled=False, PerformanceInsightsRetentionPeriod=None)
    want = desired(enable_performance_insights=False, performance_insights_retention_period=None)
    assert not plan(off, CLUSTER, want)


def test_monitoring_role_is_not_compared_while_monitoring_is_off():
    off = current(MonitoringInterval=0, MonitoringRoleArn=None)
    assert not plan(off, CLUSTER, desired(monitoring_interval=0, monitoring_role_arn=None))


def test_turning_monitoring_on_sends_the_role_with_the_interval():
    off = current(MonitoringInterval=0, MonitoringRoleArn=None)
    want = desired()
    work = plan(off, CLUSTER, want)
    assert work.changes["monitoring_interval"] == 10
    kwargs = work.request
    assert kwargs["MonitoringInterval"] == 10
    assert kwargs["MonitoringRoleArn"] == want.options["monitoring_role_arn"]
    assert kwargs["ApplyImmediately"] is False


def test_modify_kwargs_carry_apply_immediately():
    want = desired(instance_class="db.r6g.2xlarge", apply_immediately=True)
    assert plan(current(), CLUSTER, want).request == {
        "DBInstanceIdentifier": "myapp-aurora-writer",
        "DBInstanceClass": "db.r6g.2xlarge",
        "ApplyImmediately": True,
    }


def test_tags_are_planned_with_purge():
    work = plan(current(), CLUSTER, desired(tags={"team": "db"}))
    # Tags go by ARN, not in ModifyDBInstance: no action and nothing to wait for, but a change.
    assert work.action == "" and work.changed and work.wait is None
    assert work.tags.as_dict() == {"set": {"team": "db"}, "remove": ["env"]}
    kept = plan(current(), CLUSTER, desired(tags={"team": "db"}, purge_tags=False))
    assert kept.tags.as_dict() == {"set": {"team": "db"}, "remove": []}


def test_reboot_if_pending_reboots_only_when_a_reboot_is_pending():
    pending = current(DBParameterGroups=[{"DBParameterGroupName": "g", "ParameterApplyStatus": "pending-reboot"}])
    want = desired(db_parameter_group_name="g", reboot_if_pending=True)
    assert changes(plan(pending, CLUSTER, want)) == ("reboot", {}, True)
    in_sync = current(DBParameterGroups=[{"DBParameterGroupName": "g", "ParameterApplyStatus": "in-sync"}])
    assert not plan(in_sync, CLUSTER, want)
    assert not plan(pending, CLUSTER, desired(db_parameter_group_name="g"))


def test_a_new_parameter_group_is_rebooted_into_when_asked():
    work = plan(current(), CLUSTER, desired(db_parameter_group_name="other-group", reboot_if_pending=True))
    assert changes(work) == ("modify", {"db_parameter_group_name": "other-group"}, True)


def test_state_rebooted_always_reboots_and_needs_an_instance():
    rebooted = plan(current(), CLUSTER, desired(state="rebooted"))
    assert changes(rebooted) == ("reboot", {}, True)
    assert rebooted.request == {"DBInstanceIdentifier": "myapp-aurora-writer"}
    with pytest.raises(ValidationError) as err:
        plan({}, CLUSTER, desired(state="rebooted"))
    assert err.value.option == "identifier"


def test_absent_deletes_once():
    deleted = plan(current(), CLUSTER, desired(state="absent"))
    assert deleted.action == "delete" and deleted.wait == "instance_deleted"
    assert plan(current(), CLUSTER, desired(state="absent", wait=False)).wait is None
    # Already deleting: nothing to send, but wait: true still waits until it is gone.
    deleting = plan(current(DBInstanceStatus="deleting"), CLUSTER, desired(state="absent"))
    assert not deleting and deleting.wait == "instance_deleted"
    missing = plan({}, None, desired(state="absent"))
    assert not missing and missing.wait is None


def test_present_refuses_an_instance_being_deleted():
    with pytest.raises(ValidationError) as err:
        plan(current(DBInstanceStatus="deleting"), CLUSTER, desired())
    assert "being deleted" in err.value.message


def test_predict_queues_deferred_changes_without_apply_immediately():
    want = desired(instance_class="db.r6g.2xlarge", promotion_tier=0)
    before = current()
    after = predict(before, CLUSTER, want, plan(before, CLUSTER, want))
    assert after["instance_class"] == "db.r6g.xlarge"
    assert after["pending_modified_values"] == {"instance_class": "db.r6g.2xlarge"}
    assert after["promotion_tier"] == 0
    assert before["promotion_tier"] == 1  # the prediction works on a copy
    # Something stays queued by design, so the wait is for available, not for nothing pending.
    assert plan(before, CLUSTER, want).wait == "instance_available"


def test_predict_applies_changes_with_apply_immediately():
    want = desired(instance_class="db.r6g.2xlarge", apply_immediately=True)
    before = current()
    after = predict(before, CLUSTER, want, plan(before, CLUSTER, want))
    assert after["instance_class"] == "db.r6g.2xlarge"
    assert after["pending_modified_values"] == {}
    assert plan(before, CLUSTER, want).wait == "instance_settled"


def test_predict_of_a_group_change_shows_the_reboot_it_needs_unless_rebooted():
    want = desired(db_parameter_group_name="other-group")
    after = predict(current(), CLUSTER, want, plan(current(), CLUSTER, want))
    assert after["parameter_apply_status"] == "pending-reboot"
    assert plan(current(), CLUSTER, want).wait == "instance_available"
    want = desired(db_parameter_group_name="other-group", reboot_if_pending=True)
    after = predict(current(), CLUSTER, want, plan(current(), CLUSTER, want))
    assert after["parameter_apply_status"] == "in-sync"
    assert plan(current(), CLUSTER, want).wait == "instance_settled"


def test_predict_of_a_create_shows_the_new_instance_and_whether_it_becomes_the_writer():
    want = desired(promotion_tier=0)
    first = predict({}, CLUSTER, want, plan({}, CLUSTER, want))
    assert first["status"] == "creating"
    assert first["is_writer"] is True
    assert first["promotion_tier"] == 0
    assert first["performance_insights_enabled"] is True
    reader = predict({}, CLUSTER_WITH_WRITER, want, plan({}, CLUSTER_WITH_WRITER, want))
    assert reader["is_writer"] is False


def test_predict_of_a_create_fills_in_what_rds_defaults():
    want = desired(
        monitoring_interval=None,
        monitoring_role_arn=None,
        enable_performance_insights=None,
        performance_insights_retention_period=None,
        auto_minor_version_upgrade=None,
    )
    created = predict({}, CLUSTER, want, plan({}, CLUSTER, want))
    assert created["promotion_tier"] == 1
    assert created["auto_minor_version_upgrade"] is True
    assert created["monitoring_interval"] == 0
    assert created["performance_insights_enabled"] is False
    assert created["publicly_accessible"] is False


def test_predict_of_a_delete():
    want = desired(state="absent")
    work = plan(current(), CLUSTER, want)
    assert predict(current(), CLUSTER, want, work) == {}
    no_wait = desired(state="absent", wait=False)
    assert predict(current(), CLUSTER, no_wait, work)["status"] == "deleting"


def test_diff_is_built_from_the_same_plan():
    want = desired(promotion_tier=0, tags={"env": "prod", "team": "db"})
    before = current()
    work = plan(before, CLUSTER, want)
    result = diff(before, predict(before, CLUSTER, want, work))
    assert result["before"]["promotion_tier"] == 1
    assert result["after"]["promotion_tier"] == 0
    assert result["after"]["tags"] == {"env": "prod", "team": "db"}
    assert "status" not in result["after"]


def test_diff_of_create_and_delete():
    want = desired()
    created = diff({}, predict({}, CLUSTER, want, plan({}, CLUSTER, want)))
    assert created["before"] == {}
    assert created["after"]["instance_class"] == "db.r6g.xlarge"
    gone = desired(state="absent")
    deleted = diff(current(), predict(current(), CLUSTER, gone, plan(current(), CLUSTER, gone)))
    assert deleted["after"] == {}
    assert deleted["before"]["identifier"] == "myapp-aurora-writer"


def test_without_wait_the_plan_waits_for_nothing():
    assert plan({}, CLUSTER, desired(wait=False)).wait is None
    assert plan(current(), CLUSTER, desired(promotion_tier=0, wait=False)).wait is None


def test_an_instance_of_a_stopped_cluster_is_neither_changed_nor_waited_for():
    stopped = current(DBInstanceStatus="stopped")
    with pytest.raises(StuckError, match="instance myapp-aurora-writer is stopped: start its cluster"):
        plan(stopped, dict(CLUSTER, Status="stopped"), desired(promotion_tier=0))
    # wait: true promises an available instance, which a stopped one will not become by waiting.
    with pytest.raises(StuckError):
        plan(stopped, dict(CLUSTER, Status="stopped"), desired())
    assert not plan(stopped, dict(CLUSTER, Status="stopped"), desired(wait=False))


def test_a_stopped_cluster_takes_no_new_instance_and_loses_none():
    stopped = dict(CLUSTER, Status="stopped")
    with pytest.raises(StuckError, match="cluster myapp-aurora-cluster is stopped: start it"):
        plan({}, stopped, desired())
    with pytest.raises(StuckError, match="cluster myapp-aurora-cluster is stopped"):
        plan(current(DBInstanceStatus="stopped"), stopped, desired(state="absent"))


def test_an_instance_still_creating_is_waited_for_when_the_task_waits():
    work = plan(current(DBInstanceStatus="creating"), CLUSTER_WITH_WRITER, desired())
    assert not work and work.wait == "instance_available"
