"""StopDBCluster and StartDBCluster: stopping/stopped, starting/available, for the cluster and its instances."""

from __future__ import annotations

import pytest

from tests.simulator.tests import builders


@pytest.fixture
def rds(sim):
    client = sim.boto3("rds")
    builders.cluster(client)
    builders.instance(client, "writer")
    builders.instance(client, "reader")
    return client


def statuses(rds) -> dict[str, str]:
    found = {db["DBInstanceIdentifier"]: db["DBInstanceStatus"] for db in rds.describe_db_instances()["DBInstances"]}
    return {"cluster": builders.describe_cluster(rds)["Status"], **found}


def cluster_events(rds) -> list[str]:
    found = rds.describe_events(SourceIdentifier=builders.CLUSTER, SourceType="db-cluster", Duration=30)["Events"]
    return [event["Message"] for event in found if "notification" in event["EventCategories"]]


def test_stop_then_start_walk_through_rds_statuses(sim, rds):
    sim.client.set_scale(0.002)  # stopping 0.36 s, starting 0.6 s
    answer = rds.stop_db_cluster(DBClusterIdentifier=builders.CLUSTER)["DBCluster"]
    assert answer["Status"] == "available"
    # statuses() takes two requests, so a change may land between them: only the first and last states are exact.
    seen = builders.watch(lambda: statuses(rds), lambda now: set(now.values()) == {"stopped"})
    assert seen[0] == {"cluster": "stopping", "writer": "stopping", "reader": "stopping"}
    assert {status for state in seen for status in state.values()} == {"stopping", "stopped"}
    rds.start_db_cluster(DBClusterIdentifier=builders.CLUSTER)
    seen = builders.watch(lambda: statuses(rds), lambda now: set(now.values()) == {"available"})
    assert seen[0] == {"cluster": "starting", "writer": "starting", "reader": "starting"}
    assert {status for state in seen for status in state.values()} == {"starting", "available"}
    assert cluster_events(rds) == ["DB cluster stopped", "DB cluster started"]


def test_stop_needs_an_available_cluster_and_members(sim, rds):
    sim.client.set_scale(1)
    rds.reboot_db_instance(DBInstanceIdentifier="reader")
    message = builders.fails("InvalidDBInstanceState", rds.stop_db_cluster, DBClusterIdentifier=builders.CLUSTER)
    assert message == "Instance reader is not in available state."
    sim.client.force_cluster_status(builders.CLUSTER, "backing-up")
    message = builders.fails("InvalidDBClusterStateFault", rds.stop_db_cluster, DBClusterIdentifier=builders.CLUSTER)
    assert message == f"DbCluster {builders.CLUSTER} is in backing-up state but expected it to be one of available."


def test_start_needs_a_stopped_cluster(rds):
    message = builders.fails("InvalidDBClusterStateFault", rds.start_db_cluster, DBClusterIdentifier=builders.CLUSTER)
    assert message == (
        f"DbCluster {builders.CLUSTER} is in available state but expected it to be one of stopped, "
        "inaccessible-encryption-credentials-recoverable."
    )


def test_nothing_changes_while_stopped(rds):
    rds.stop_db_cluster(DBClusterIdentifier=builders.CLUSTER)
    assert builders.describe_cluster(rds)["Status"] == "stopped"
    builders.fails(
        "InvalidDBClusterStateFault",
        rds.modify_db_cluster,
        DBClusterIdentifier=builders.CLUSTER,
        BackupRetentionPeriod=3,
    )
    builders.fails("InvalidDBInstanceState", rds.modify_db_instance, DBInstanceIdentifier="writer", PromotionTier=3)
    builders.fails("InvalidDBClusterStateFault", builders.instance, rds, "another")
    builders.fails("InvalidDBClusterStateFault", rds.delete_db_instance, DBInstanceIdentifier="reader")
    builders.fails("InvalidDBClusterStateFault", rds.failover_db_cluster, DBClusterIdentifier=builders.CLUSTER)
    builders.fails("InvalidDBInstanceState", rds.reboot_db_instance, DBInstanceIdentifier="writer")


def test_stopping_drops_pending_changes_but_not_pending_parameters(rds):
    group = builders.instance_group(rds)
    rds.modify_db_instance(DBInstanceIdentifier="reader", DBParameterGroupName=group)
    rds.modify_db_instance(DBInstanceIdentifier="writer", DBInstanceClass="db.r6g.xlarge")
    rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, EnableIAMDatabaseAuthentication=True)
    assert builders.apply_status(rds, "reader") == {group: "pending-reboot"}
    rds.stop_db_cluster(DBClusterIdentifier=builders.CLUSTER)
    assert "PendingModifiedValues" not in builders.describe_cluster(rds)
    assert builders.describe_instance(rds, "writer")["PendingModifiedValues"] == {}
    assert builders.apply_status(rds, "reader") == {group: "pending-reboot"}
    rds.start_db_cluster(DBClusterIdentifier=builders.CLUSTER)
    assert builders.describe_cluster(rds)["Status"] == "available"
    assert builders.apply_status(rds, "reader") == {group: "in-sync"}


def test_a_recoverable_key_loss_recovers_when_the_key_is_back(sim, rds, kms, key):
    builders.cluster(rds, "encrypted", StorageEncrypted=True, KmsKeyId=key["Arn"])
    sim.client.force_cluster_status("encrypted", "inaccessible-encryption-credentials-recoverable")
    rds.start_db_cluster(DBClusterIdentifier="encrypted")
    assert builders.describe_cluster(rds, "encrypted")["Status"] == "available"


def test_a_recoverable_key_loss_turns_terminal_when_the_key_is_still_off(sim, rds, kms, key):
    builders.cluster(rds, "encrypted", StorageEncrypted=True, KmsKeyId=key["Arn"])
    kms.disable_key(KeyId=key["KeyId"])
    sim.client.force_cluster_status("encrypted", "inaccessible-encryption-credentials-recoverable")
    rds.start_db_cluster(DBClusterIdentifier="encrypted")
    assert builders.describe_cluster(rds, "encrypted")["Status"] == "inaccessible-encryption-credentials"
    builders.fails("InvalidDBClusterStateFault", rds.start_db_cluster, DBClusterIdentifier="encrypted")
