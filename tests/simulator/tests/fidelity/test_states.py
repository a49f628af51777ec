"""Which states accept a change: a modify sent while a cluster or instance is busy is refused with RDS's words."""

from __future__ import annotations

import pytest

from tests.simulator.tests import builders


@pytest.fixture
def rds(sim):
    client = sim.boto3("rds")
    builders.cluster(client)
    builders.instance(client, "writer")
    return client


@pytest.mark.parametrize(
    "status", ["modifying", "backing-up", "upgrading", "stopped", "creating", "inaccessible-encryption-credentials"]
)
def test_a_cluster_modify_is_refused_unless_available(sim, rds, status):
    sim.client.force_cluster_status(builders.CLUSTER, status)
    message = builders.fails(
        "InvalidDBClusterStateFault",
        rds.modify_db_cluster,
        DBClusterIdentifier=builders.CLUSTER,
        BackupRetentionPeriod=3,
    )
    assert message == f"DB cluster is not available for modification with status {status}"
    assert builders.describe_cluster(rds)["BackupRetentionPeriod"] == 1


def test_a_modify_while_modifying_is_refused_until_it_is_done(sim, rds):
    sim.client.set_scale(0.01)  # a few moments: 0.05 s, modifying: 0.6 s
    rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, BackupRetentionPeriod=5, ApplyImmediately=True)
    builders.watch(lambda: builders.describe_cluster(rds)["Status"], lambda status: status == "modifying")
    message = builders.fails(
        "InvalidDBClusterStateFault",
        rds.modify_db_cluster,
        DBClusterIdentifier=builders.CLUSTER,
        BackupRetentionPeriod=6,
    )
    assert message == "DB cluster is not available for modification with status modifying"
    builders.watch(lambda: builders.describe_cluster(rds)["Status"], lambda status: status == "available")
    rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, BackupRetentionPeriod=6, ApplyImmediately=True)
    assert builders.describe_cluster(rds)["BackupRetentionPeriod"] == 6


def test_a_change_for_the_window_only_leaves_the_cluster_available(sim, rds):
    sim.client.set_scale(1)
    rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, EnableIAMDatabaseAuthentication=True)
    cluster = builders.describe_cluster(rds)
    assert cluster["Status"] == "available"
    assert cluster["PendingModifiedValues"] == {"IAMDatabaseAuthenticationEnabled": True}


def test_a_second_modify_in_the_first_moments_joins_the_first(sim, rds):
    sim.client.set_scale(0.05)  # the first moments last 0.25 s, modifying 3 s
    rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, MasterUserPassword="An0ther-secret")
    rds.modify_db_cluster(
        DBClusterIdentifier=builders.CLUSTER, EnableIAMDatabaseAuthentication=True, ApplyImmediately=True
    )
    answer = rds.describe_db_clusters(DBClusterIdentifier=builders.CLUSTER)["DBClusters"][0]
    assert answer["PendingModifiedValues"] == {"IAMDatabaseAuthenticationEnabled": True, "MasterUserPassword": "****"}
    builders.watch(lambda: "PendingModifiedValues" in builders.describe_cluster(rds), lambda queued: not queued)
    done = builders.describe_cluster(rds)
    assert (done["Status"], done["IAMDatabaseAuthenticationEnabled"]) == ("available", True)


@pytest.mark.parametrize("status", ["rebooting", "backing-up", "upgrading", "storage-full"])
def test_an_instance_modify_is_refused_unless_available(sim, rds, status):
    sim.client.force_instance_status("writer", status=status)
    message = builders.fails(
        "InvalidDBInstanceState", rds.modify_db_instance, DBInstanceIdentifier="writer", PromotionTier=4
    )
    assert message == "Database instance is not in available state."


def test_instances_cannot_join_or_leave_a_stopped_cluster(sim, rds):
    sim.client.force_cluster_status(builders.CLUSTER, "stopped")
    message = builders.fails("InvalidDBClusterStateFault", builders.instance, rds, "reader")
    assert message == "DB cluster is not available for modification with status stopped"
    builders.fails("InvalidDBClusterStateFault", rds.delete_db_instance, DBInstanceIdentifier="writer")
    assert builders.describe_instance(rds, "writer")["DBInstanceStatus"] == "available"
