"""Cluster fidelity: each test pins one place where stock moto and RDS disagree."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.simulator.tests import builders


def test_duplicate_create_is_refused_and_the_original_kept(rds):
    builders.cluster(rds, BackupRetentionPeriod=14)
    message = builders.fails(
        "DBClusterAlreadyExistsFault", builders.cluster, rds, MasterUsername="intruder", BackupRetentionPeriod=3
    )
    assert message == "DB Cluster already exists"
    kept = builders.describe_cluster(rds)
    assert (kept["MasterUsername"], kept["BackupRetentionPeriod"]) == ("admin", 14)


@pytest.mark.parametrize(
    "change",
    [
        {"RotateMasterUserPassword": True},  # needs ApplyImmediately
        {"MasterUserPassword": "short"},
        {"BackupRetentionPeriod": 36},
        {"EngineVersion": "8.0.mysql_aurora.9.99.9"},
    ],
)
def test_a_modify_that_fails_validation_keeps_the_cluster_untouched(rds, change):
    builders.cluster(rds, BackupRetentionPeriod=7)
    with pytest.raises(ClientError):
        rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, DeletionProtection=True, **change)
    kept = builders.describe_cluster(rds)
    assert (kept["BackupRetentionPeriod"], kept["DeletionProtection"]) == (7, False)


def test_modify_of_a_missing_cluster_is_not_found(rds):
    builders.fails(
        "DBClusterNotFoundFault", rds.modify_db_cluster, DBClusterIdentifier="missing", BackupRetentionPeriod=3
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda rds: rds.describe_db_clusters(DBClusterIdentifier="missing"),
        lambda rds: rds.delete_db_cluster(DBClusterIdentifier="missing", SkipFinalSnapshot=True),
        lambda rds: rds.failover_db_cluster(DBClusterIdentifier="missing"),
        lambda rds: builders.instance(rds, "orphan", cluster_identifier="missing"),
    ],
)
def test_missing_cluster_is_not_found_everywhere(rds, call):
    builders.fails("DBClusterNotFoundFault", call, rds)


def test_log_exports_follow_the_export_configuration(rds):
    builders.cluster(rds, EnableCloudwatchLogsExports=["audit", "error"])
    changed = rds.modify_db_cluster(
        DBClusterIdentifier=builders.CLUSTER,
        CloudwatchLogsExportConfiguration={"EnableLogTypes": ["slowquery", "audit"], "DisableLogTypes": ["error"]},
    )["DBCluster"]
    assert changed["EnabledCloudwatchLogsExports"] == ["audit", "slowquery"]
    rds.modify_db_cluster(
        DBClusterIdentifier=builders.CLUSTER, CloudwatchLogsExportConfiguration={"DisableLogTypes": ["general"]}
    )
    assert builders.describe_cluster(rds)["EnabledCloudwatchLogsExports"] == ["audit", "slowquery"]


def test_unknown_log_type_is_refused(rds):
    builders.cluster(rds)
    builders.fails(
        "InvalidParameterCombination",
        rds.modify_db_cluster,
        DBClusterIdentifier=builders.CLUSTER,
        CloudwatchLogsExportConfiguration={"EnableLogTypes": ["postgresql"]},
    )


def test_engine_version_waits_for_the_maintenance_window(rds):
    builders.cluster(rds)
    builders.instance(rds, "writer")  # RDS upgrades nothing without a healthy writer (test_upgrades.py)
    answer = rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, EngineVersion="8.0.mysql_aurora.3.08.0")
    assert answer["DBCluster"]["EngineVersion"] == builders.VERSION
    now = builders.describe_cluster(rds)
    assert now["EngineVersion"] == builders.VERSION
    assert now["PendingModifiedValues"] == {"EngineVersion": "8.0.mysql_aurora.3.08.0"}


def test_engine_version_applies_with_apply_immediately_and_members_follow(rds):
    builders.cluster(rds)
    builders.instance(rds, "writer")
    rds.modify_db_cluster(
        DBClusterIdentifier=builders.CLUSTER, EngineVersion="8.0.mysql_aurora.3.08.0", ApplyImmediately=True
    )
    now = builders.describe_cluster(rds)
    assert now["EngineVersion"] == "8.0.mysql_aurora.3.08.0"
    assert "PendingModifiedValues" not in now
    assert builders.describe_instance(rds, "writer")["EngineVersion"] == "8.0.mysql_aurora.3.08.0"


def test_cluster_settings_apply_at_once_without_apply_immediately(rds):
    builders.cluster(rds)
    rds.modify_db_cluster(
        DBClusterIdentifier=builders.CLUSTER,
        BackupRetentionPeriod=14,
        PreferredBackupWindow="02:00-03:00",
        PreferredMaintenanceWindow="Sun:04:00-Sun:05:00",
        DeletionProtection=True,
        VpcSecurityGroupIds=["sg-0123456789abcdef0"],
    )
    now = builders.describe_cluster(rds)
    assert now["BackupRetentionPeriod"] == 14
    assert now["PreferredBackupWindow"] == "02:00-03:00"
    assert now["PreferredMaintenanceWindow"] == "sun:04:00-sun:05:00"
    assert now["DeletionProtection"] is True
    assert [group["VpcSecurityGroupId"] for group in now["VpcSecurityGroups"]] == ["sg-0123456789abcdef0"]
    assert "PendingModifiedValues" not in now


def test_rename_waits_for_the_window_unless_applied_immediately(rds):
    builders.cluster(rds)
    builders.instance(rds, "writer")
    rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, NewDBClusterIdentifier="renamed")
    assert builders.describe_cluster(rds)["PendingModifiedValues"] == {"DBClusterIdentifier": "renamed"}
    rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, NewDBClusterIdentifier="renamed", ApplyImmediately=True)
    builders.fails("DBClusterNotFoundFault", builders.describe_cluster, rds)
    renamed = builders.describe_cluster(rds, "renamed")
    assert [member["DBInstanceIdentifier"] for member in renamed["DBClusterMembers"]] == ["writer"]
    assert builders.describe_instance(rds, "writer")["DBClusterIdentifier"] == "renamed"


def test_rename_onto_an_existing_cluster_is_refused(rds):
    builders.cluster(rds)
    builders.cluster(rds, "other")
    builders.fails(
        "DBClusterAlreadyExistsFault",
        rds.modify_db_cluster,
        DBClusterIdentifier=builders.CLUSTER,
        NewDBClusterIdentifier="other",
        ApplyImmediately=True,
    )


def test_engine_versions_come_from_the_catalogue(rds):
    message = builders.fails(
        "InvalidParameterCombination", builders.cluster, rds, EngineVersion="8.0.mysql_aurora.9.99.9"
    )
    assert message == "Cannot find version 8.0.mysql_aurora.9.99.9 for aurora-mysql"
    default = rds.create_db_cluster(
        DBClusterIdentifier="defaulted", Engine="aurora-mysql", MasterUsername="admin", MasterUserPassword="Passw0rd!"
    )["DBCluster"]
    assert default["EngineVersion"] == "8.0.mysql_aurora.3.08.2"  # the catalogue's IsDefault version


def test_downgrade_and_unflagged_major_upgrade_are_refused(rds):
    builders.cluster(rds)
    message = builders.fails(
        "InvalidParameterCombination",
        rds.modify_db_cluster,
        DBClusterIdentifier=builders.CLUSTER,
        EngineVersion="8.0.mysql_aurora.3.04.0",
    )
    assert message == (
        f"Cannot find upgrade target from {builders.VERSION} with requested version 8.0.mysql_aurora.3.04.0."
    )
    builders.cluster(rds, "old", EngineVersion="5.7.mysql_aurora.2.12.0")
    message = builders.fails(
        "InvalidParameterCombination", rds.modify_db_cluster, DBClusterIdentifier="old", EngineVersion=builders.VERSION
    )
    assert message == "The AllowMajorVersionUpgrade flag must be present when upgrading to a new major version."


@pytest.mark.parametrize(
    "password, valid",
    [
        ("Abcdefg1", True),
        ("A" * 41, True),
        ("Abcdef1", False),  # 7 characters
        ("A" * 42, False),
        ("has/slash", False),
        ("has'quote", False),
        ('has"quote', False),
        ("has@at-sign", False),
        ("has space", False),
        ("non-ascii-\u00e9\u00e9", False),
    ],
)
def test_master_password_rules(rds, password, valid):
    if valid:
        assert builders.cluster(rds, MasterUserPassword=password)["Status"] == "creating"
    else:
        builders.fails("InvalidParameterValue", builders.cluster, rds, MasterUserPassword=password)
        assert rds.describe_db_clusters()["DBClusters"] == []


@pytest.mark.parametrize("days, valid", [(1, True), (35, True), (0, False), (36, False)])
def test_backup_retention_is_1_to_35_days(rds, days, valid):
    if valid:
        assert builders.cluster(rds, BackupRetentionPeriod=days)["BackupRetentionPeriod"] == days
    else:
        builders.fails("InvalidParameterValue", builders.cluster, rds, BackupRetentionPeriod=days)


def test_missing_subnet_group_is_not_found(rds):
    builders.fails("DBSubnetGroupNotFoundFault", builders.cluster, rds, DBSubnetGroupName="missing")


def test_without_a_subnet_group_the_cluster_uses_default(rds):
    assert builders.cluster(rds)["DBSubnetGroup"] == "default"
    group = rds.describe_db_subnet_groups(DBSubnetGroupName="default")["DBSubnetGroups"][0]
    assert len({subnet["SubnetAvailabilityZone"]["Name"] for subnet in group["Subnets"]}) >= 2


def test_deletion_protection_refuses_delete(rds):
    builders.cluster(rds, DeletionProtection=True)
    builders.fails(
        "InvalidParameterCombination",
        rds.delete_db_cluster,
        DBClusterIdentifier=builders.CLUSTER,
        SkipFinalSnapshot=True,
    )
    assert builders.describe_cluster(rds)["Status"] == "available"


def test_a_cluster_with_instances_cannot_be_deleted(rds):
    builders.cluster(rds)
    builders.instance(rds, "writer")
    message = builders.fails(
        "InvalidDBClusterStateFault",
        rds.delete_db_cluster,
        DBClusterIdentifier=builders.CLUSTER,
        SkipFinalSnapshot=True,
    )
    assert "still contains DB instances" in message


def test_final_snapshot_is_required_unless_skipped(rds):
    builders.cluster(rds)
    builders.fails("InvalidParameterCombination", rds.delete_db_cluster, DBClusterIdentifier=builders.CLUSTER)
    builders.fails(
        "InvalidParameterCombination",
        rds.delete_db_cluster,
        DBClusterIdentifier=builders.CLUSTER,
        SkipFinalSnapshot=True,
        FinalDBSnapshotIdentifier="final",
    )
    assert builders.describe_cluster(rds)["Status"] == "available"


def test_final_snapshot_is_taken(rds):
    builders.cluster(rds)
    assert (
        rds.delete_db_cluster(DBClusterIdentifier=builders.CLUSTER, FinalDBSnapshotIdentifier="final-snap")[
            "DBCluster"
        ]["Status"]
        == "deleting"
    )
    snapshot = rds.describe_db_cluster_snapshots(DBClusterSnapshotIdentifier="final-snap")["DBClusterSnapshots"][0]
    assert (snapshot["DBClusterIdentifier"], snapshot["SnapshotType"]) == (builders.CLUSTER, "manual")
    builders.fails("DBClusterNotFoundFault", builders.describe_cluster, rds)


def test_skipped_final_snapshot_takes_none(rds):
    builders.cluster(rds)
    rds.delete_db_cluster(DBClusterIdentifier=builders.CLUSTER, SkipFinalSnapshot=True)
    manual = rds.describe_db_cluster_snapshots(SnapshotType="manual")["DBClusterSnapshots"]
    assert manual == []


def test_modify_while_creating_is_refused(sim, rds):
    sim.client.set_scale(1)
    builders.cluster(rds)
    builders.fails(
        "InvalidDBClusterStateFault",
        rds.modify_db_cluster,
        DBClusterIdentifier=builders.CLUSTER,
        BackupRetentionPeriod=3,
    )


def test_snapshots_missing_are_not_found(rds):
    builders.fails(
        "DBClusterSnapshotNotFoundFault", rds.describe_db_cluster_snapshots, DBClusterSnapshotIdentifier="nope"
    )
    builders.fails("DBClusterSnapshotNotFoundFault", rds.delete_db_cluster_snapshot, DBClusterSnapshotIdentifier="nope")
    builders.fails("DBSnapshotNotFound", rds.describe_db_snapshots, DBSnapshotIdentifier="nope")
    builders.fails("DBSnapshotNotFound", rds.delete_db_snapshot, DBSnapshotIdentifier="nope")
