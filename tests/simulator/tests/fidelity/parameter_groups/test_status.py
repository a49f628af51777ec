"""pending-reboot and in-sync per instance, and the restarts that apply what is pending.

A reboot applies pending-reboot parameters; so, on RDS, do the restarts an immediate DBInstanceClass change and a
failover make, but only on the instances restarted.
"""

from __future__ import annotations

import pytest

from tests.simulator.tests import builders

STATIC = {"ParameterValue": "1", "ApplyMethod": "pending-reboot"}


@pytest.fixture
def everyone_pending_reboot(rds):
    """A writer and two readers, every one of them pending-reboot on both its instance and its cluster group."""
    builders.instance_group(rds)
    builders.cluster_group(rds)
    builders.cluster(rds, DBClusterParameterGroupName=builders.CLUSTER_GROUP)
    for identifier, tier in (("writer", 0), ("reader-1", 1), ("reader-2", 2)):
        builders.instance(rds, identifier, PromotionTier=tier, DBParameterGroupName=builders.INSTANCE_GROUP)
    rds.modify_db_parameter_group(
        DBParameterGroupName=builders.INSTANCE_GROUP, Parameters=[{"ParameterName": "performance_schema", **STATIC}]
    )
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=builders.CLUSTER_GROUP,
        Parameters=[{"ParameterName": "aurora_enhanced_binlog", **STATIC}],
    )
    assert statuses(rds) == {
        "writer": ("pending-reboot", "pending-reboot"),
        "reader-1": ("pending-reboot", "pending-reboot"),
        "reader-2": ("pending-reboot", "pending-reboot"),
    }


def statuses(rds) -> dict[str, tuple[str, str]]:
    """Per instance: (its own group's ParameterApplyStatus, its DBClusterParameterGroupStatus)."""
    members = builders.describe_cluster(rds)["DBClusterMembers"]
    cluster_status = {member["DBInstanceIdentifier"]: member["DBClusterParameterGroupStatus"] for member in members}
    return {
        db["DBInstanceIdentifier"]: (
            db["DBParameterGroups"][0]["ParameterApplyStatus"],
            cluster_status[db["DBInstanceIdentifier"]],
        )
        for db in rds.describe_db_instances()["DBInstances"]
    }


def test_a_static_instance_change_leaves_its_users_pending_reboot(rds):
    group = builders.instance_group(rds)
    builders.cluster(rds)
    builders.instance(rds, "writer", DBParameterGroupName=group)
    builders.instance(rds, "reader-1", DBParameterGroupName=group)
    builders.instance(rds, "reader-2")
    rds.modify_db_parameter_group(
        DBParameterGroupName=group,
        Parameters=[{"ParameterName": "performance_schema", "ParameterValue": "1", "ApplyMethod": "pending-reboot"}],
    )
    assert builders.apply_status(rds, "writer") == {group: "pending-reboot"}
    assert builders.apply_status(rds, "reader-1") == {group: "pending-reboot"}
    assert builders.apply_status(rds, "reader-2") == {"default.aurora-mysql8.0": "in-sync"}


def test_a_dynamic_change_applied_immediately_stays_in_sync(rds):
    instance_group, cluster_group = builders.instance_group(rds), builders.cluster_group(rds)
    builders.cluster(rds, DBClusterParameterGroupName=cluster_group)
    builders.instance(rds, "writer", DBParameterGroupName=instance_group)
    rds.modify_db_parameter_group(DBParameterGroupName=instance_group, Parameters=builders.GUIDE_INSTANCE_PARAMETERS)
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=cluster_group, Parameters=builders.GUIDE_CLUSTER_PARAMETERS
    )
    assert builders.apply_status(rds, "writer") == {instance_group: "in-sync"}
    assert builders.member_status(rds) == {"writer": "in-sync"}


def test_a_dynamic_change_sent_pending_reboot_waits_for_reboot(rds):
    group = builders.instance_group(rds)
    builders.cluster(rds)
    builders.instance(rds, "writer", DBParameterGroupName=group)
    rds.modify_db_parameter_group(
        DBParameterGroupName=group,
        Parameters=[{"ParameterName": "wait_timeout", "ParameterValue": "300", "ApplyMethod": "pending-reboot"}],
    )
    assert builders.apply_status(rds, "writer") == {group: "pending-reboot"}


def test_a_static_cluster_change_leaves_every_member_pending_reboot(rds):
    group = builders.cluster_group(rds)
    builders.cluster(rds, DBClusterParameterGroupName=group)
    builders.cluster(rds, "other")
    builders.instance(rds, "writer")
    builders.instance(rds, "reader")
    builders.instance(rds, "other-writer", cluster_identifier="other")
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=group,
        Parameters=[{"ParameterName": "binlog_format", "ParameterValue": "ROW", "ApplyMethod": "pending-reboot"}],
    )
    assert builders.member_status(rds) == {"writer": "pending-reboot", "reader": "pending-reboot"}
    assert builders.member_status(rds, "other") == {"other-writer": "in-sync"}
    assert builders.apply_status(rds, "writer") == {"default.aurora-mysql8.0": "in-sync"}


def test_a_reset_of_a_static_value_waits_for_reboot(rds):
    group = builders.cluster_group(rds)
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=group,
        Parameters=[{"ParameterName": "binlog_format", "ParameterValue": "ROW", "ApplyMethod": "pending-reboot"}],
    )
    builders.cluster(rds, DBClusterParameterGroupName=group)
    builders.instance(rds, "writer")
    rds.reset_db_cluster_parameter_group(DBClusterParameterGroupName=group, ResetAllParameters=True)
    assert builders.member_status(rds) == {"writer": "pending-reboot"}


def test_a_completed_reboot_applies_pending_reboot_parameters(rds):
    instance_group, cluster_group = builders.instance_group(rds), builders.cluster_group(rds)
    builders.cluster(rds, DBClusterParameterGroupName=cluster_group)
    builders.instance(rds, "writer", DBParameterGroupName=instance_group)
    builders.instance(rds, "reader", DBParameterGroupName=instance_group)
    static = {"ParameterValue": "1", "ApplyMethod": "pending-reboot"}
    rds.modify_db_parameter_group(
        DBParameterGroupName=instance_group, Parameters=[{"ParameterName": "performance_schema", **static}]
    )
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=cluster_group, Parameters=[{"ParameterName": "aurora_enhanced_binlog", **static}]
    )
    assert builders.apply_status(rds, "writer") == {instance_group: "pending-reboot"}
    assert builders.member_status(rds) == {"writer": "pending-reboot", "reader": "pending-reboot"}
    rebooting = rds.reboot_db_instance(DBInstanceIdentifier="writer")["DBInstance"]
    assert rebooting["DBInstanceStatus"] == "rebooting"
    assert rebooting["DBParameterGroups"][0]["ParameterApplyStatus"] == "pending-reboot"
    # Scale 0: the next call already sees the reboot finished, which applies what was pending.
    assert builders.apply_status(rds, "writer") == {instance_group: "in-sync"}
    assert builders.apply_status(rds, "reader") == {instance_group: "pending-reboot"}
    assert builders.member_status(rds) == {"writer": "in-sync", "reader": "pending-reboot"}


def test_an_immediate_class_change_restarts_the_instance_and_applies_its_parameters(rds, everyone_pending_reboot):
    answer = rds.modify_db_instance(
        DBInstanceIdentifier="reader-2", DBInstanceClass="db.r6g.xlarge", ApplyImmediately=True
    )
    assert answer["DBInstance"]["DBInstanceStatus"] == "modifying"
    # Scale 0: the next call sees the modification finished.
    assert builders.describe_instance(rds, "reader-2")["DBInstanceClass"] == "db.r6g.xlarge"
    assert statuses(rds) == {
        "writer": ("pending-reboot", "pending-reboot"),
        "reader-1": ("pending-reboot", "pending-reboot"),
        "reader-2": ("in-sync", "in-sync"),
    }


def test_a_class_change_waiting_for_the_maintenance_window_applies_nothing(rds, everyone_pending_reboot):
    rds.modify_db_instance(DBInstanceIdentifier="reader-2", DBInstanceClass="db.r6g.xlarge", ApplyImmediately=False)
    reader = builders.describe_instance(rds, "reader-2")
    assert reader["PendingModifiedValues"] == {"DBInstanceClass": "db.r6g.xlarge"}
    assert statuses(rds)["reader-2"] == ("pending-reboot", "pending-reboot")


def test_an_immediate_change_without_a_restart_leaves_parameters_pending(rds, everyone_pending_reboot):
    rds.modify_db_instance(DBInstanceIdentifier="reader-2", PromotionTier=5, ApplyImmediately=True)
    assert builders.describe_instance(rds, "reader-2")["PromotionTier"] == 5
    assert statuses(rds)["reader-2"] == ("pending-reboot", "pending-reboot")


def test_a_failover_applies_parameters_on_the_old_writer_and_the_new_one_only(rds, everyone_pending_reboot):
    rds.failover_db_cluster(DBClusterIdentifier=builders.CLUSTER, TargetDBInstanceIdentifier="reader-1")
    assert builders.writer_of(rds) == ["reader-1"]
    assert statuses(rds) == {
        "writer": ("in-sync", "in-sync"),
        "reader-1": ("in-sync", "in-sync"),
        "reader-2": ("pending-reboot", "pending-reboot"),
    }


def test_parameters_stay_pending_while_the_failover_runs(sim, rds, everyone_pending_reboot):
    sim.client.set_scale(0.05)  # failing-over lasts 1.5 s
    rds.failover_db_cluster(DBClusterIdentifier=builders.CLUSTER, TargetDBInstanceIdentifier="reader-1")
    assert statuses(rds)["writer"] == ("pending-reboot", "pending-reboot")
    builders.watch(lambda: builders.describe_cluster(rds)["Status"], lambda status: status == "available")
    assert statuses(rds)["writer"] == ("in-sync", "in-sync")
    assert statuses(rds)["reader-2"] == ("pending-reboot", "pending-reboot")
