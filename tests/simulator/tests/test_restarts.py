"""Restarts other than RebootDBInstance apply pending-reboot parameters too, but only on the instances restarted.

On RDS an immediate DBInstanceClass change moves the instance to new hardware, and a failover restarts the old
writer and the promoted reader; either way the restarted instance comes back with its groups' current values.
"""

from __future__ import annotations

import pytest

from tests.simulator.tests import aurora

FAMILY = "aurora-mysql8.0"
INSTANCE_GROUP = "app-instance"
CLUSTER_GROUP = "app-cluster"
STATIC = {"ParameterValue": "1", "ApplyMethod": "pending-reboot"}


@pytest.fixture
def rds(sim):
    """A writer and two readers, every one of them pending-reboot on both its instance and its cluster group."""
    client = sim.boto3("rds")
    client.create_db_parameter_group(
        DBParameterGroupName=INSTANCE_GROUP, DBParameterGroupFamily=FAMILY, Description="instance"
    )
    client.create_db_cluster_parameter_group(
        DBClusterParameterGroupName=CLUSTER_GROUP, DBParameterGroupFamily=FAMILY, Description="cluster"
    )
    aurora.cluster(client, DBClusterParameterGroupName=CLUSTER_GROUP)
    for identifier, tier in (("writer", 0), ("reader-1", 1), ("reader-2", 2)):
        aurora.instance(client, identifier, PromotionTier=tier, DBParameterGroupName=INSTANCE_GROUP)
    client.modify_db_parameter_group(
        DBParameterGroupName=INSTANCE_GROUP, Parameters=[{"ParameterName": "performance_schema", **STATIC}]
    )
    client.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=CLUSTER_GROUP, Parameters=[{"ParameterName": "aurora_enhanced_binlog", **STATIC}]
    )
    assert statuses(client) == {
        "writer": ("pending-reboot", "pending-reboot"),
        "reader-1": ("pending-reboot", "pending-reboot"),
        "reader-2": ("pending-reboot", "pending-reboot"),
    }
    return client


def statuses(rds) -> dict[str, tuple[str, str]]:
    """Per instance: (its own group's ParameterApplyStatus, its DBClusterParameterGroupStatus)."""
    members = aurora.describe_cluster(rds)["DBClusterMembers"]
    cluster_status = {member["DBInstanceIdentifier"]: member["DBClusterParameterGroupStatus"] for member in members}
    return {
        db["DBInstanceIdentifier"]: (
            db["DBParameterGroups"][0]["ParameterApplyStatus"],
            cluster_status[db["DBInstanceIdentifier"]],
        )
        for db in rds.describe_db_instances()["DBInstances"]
    }


def test_an_immediate_class_change_restarts_the_instance_and_applies_its_parameters(rds):
    answer = rds.modify_db_instance(
        DBInstanceIdentifier="reader-2", DBInstanceClass="db.r6g.xlarge", ApplyImmediately=True
    )
    assert answer["DBInstance"]["DBInstanceStatus"] == "modifying"
    # Scale 0: the next call sees the modification finished.
    assert aurora.describe_instance(rds, "reader-2")["DBInstanceClass"] == "db.r6g.xlarge"
    assert statuses(rds) == {
        "writer": ("pending-reboot", "pending-reboot"),
        "reader-1": ("pending-reboot", "pending-reboot"),
        "reader-2": ("in-sync", "in-sync"),
    }


def test_a_class_change_waiting_for_the_maintenance_window_applies_nothing(rds):
    rds.modify_db_instance(DBInstanceIdentifier="reader-2", DBInstanceClass="db.r6g.xlarge", ApplyImmediately=False)
    reader = aurora.describe_instance(rds, "reader-2")
    assert reader["PendingModifiedValues"] == {"DBInstanceClass": "db.r6g.xlarge"}
    assert statuses(rds)["reader-2"] == ("pending-reboot", "pending-reboot")


def test_an_immediate_change_without_a_restart_leaves_parameters_pending(rds):
    rds.modify_db_instance(DBInstanceIdentifier="reader-2", PromotionTier=5, ApplyImmediately=True)
    assert aurora.describe_instance(rds, "reader-2")["PromotionTier"] == 5
    assert statuses(rds)["reader-2"] == ("pending-reboot", "pending-reboot")


def test_a_failover_applies_parameters_on_the_old_writer_and_the_new_one_only(rds):
    rds.failover_db_cluster(DBClusterIdentifier=aurora.CLUSTER, TargetDBInstanceIdentifier="reader-1")
    assert aurora.writer_of(rds) == ["reader-1"]
    assert statuses(rds) == {
        "writer": ("in-sync", "in-sync"),
        "reader-1": ("in-sync", "in-sync"),
        "reader-2": ("pending-reboot", "pending-reboot"),
    }


def test_parameters_stay_pending_while_the_failover_runs(sim, rds):
    sim.client.set_scale(0.05)  # failing-over lasts 1.5 s
    rds.failover_db_cluster(DBClusterIdentifier=aurora.CLUSTER, TargetDBInstanceIdentifier="reader-1")
    assert statuses(rds)["writer"] == ("pending-reboot", "pending-reboot")
    aurora.watch(lambda: aurora.describe_cluster(rds)["Status"], lambda status: status == "available")
    assert statuses(rds)["writer"] == ("in-sync", "in-sync")
    assert statuses(rds)["reader-2"] == ("pending-reboot", "pending-reboot")
