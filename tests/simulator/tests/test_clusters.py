"""Cluster fidelity: each test pins one place where stock moto and RDS disagree."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.simulator.tests import aurora


def test_duplicate_create_is_refused_and_the_original_kept(rds):
    aurora.cluster(rds, BackupRetentionPeriod=14)
    message = aurora.fails(
        "DBClusterAlreadyExistsFault", aurora.cluster, rds, MasterUsername="intruder", BackupRetentionPeriod=3
    )
    assert message == "DB Cluster already exists"
    kept = aurora.describe_cluster(rds)
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
    aurora.cluster(rds, BackupRetentionPeriod=7)
    with pytest.raises(ClientError):
        rds.modify_db_cluster(DBClusterIdentifier=aurora.CLUSTER, DeletionProtection=True, **change)
    kept = aurora.describe_cluster(rds)
    assert (kept["BackupRetentionPeriod"], kept["DeletionProtection"]) == (7, False)


def test_modify_of_a_missing_cluster_is_not_found(rds):
    aurora.fails(
        "DBClusterNotFoundFault", rds.modify_db_cluster, DBClusterIdentifier="missing", BackupRetentionPeriod=3
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda rds: rds.describe_db_clusters(DBClusterIdentifier="missing"),
        lambda rds: rds.delete_db_cluster(DBClusterIdentifier="missing", SkipFinalSnapshot=True),
        lambda rds: rds.failover_db_cluster(DBClusterIdentifier="missing"),
        lambda rds: aurora.instance(rds, "orphan", cluster_identifier="missing"),
    ],
)
def test_missing_cluster_is_not_found_everywhere(rds, call):
    aurora.fails("DBClusterNotFoundFault", call, rds)


def test_log_exports_follow_the_export_configuration(rds):
    aurora.cluster(rds, EnableCloudwatchLogsExports=["audit", "error"])
    changed = rds.modify_db_cluster(
        DBClusterIdentifier=aurora.CLUSTER,
        CloudwatchLogsExportConfiguration={"EnableLogTypes": ["slowquery", "audit"], "DisableLogTypes": ["error"]},
    )["DBCluster"]
    assert changed["EnabledCloudwatchLogsExports"] == ["audit", "slowquery"]
    rds.modify_db_cluster(
        DBClusterIdentifier=aurora.CLUSTER, CloudwatchLogsExportConfiguration={"DisableLogTypes": ["general"]}
    )
    assert aurora.describe_cluster(rds)["EnabledCloudwatchLogsExports"] == ["audit", "slowquery"]


def test_unknown_log_type_is_refused(rds):
    aurora.cluster(rds)
    aurora.fails(
        "InvalidParameterCombination",
        rds.modify_db_cluster,
        DBClusterIdentifier=aurora.CLUSTER,
        CloudwatchLogsExportConfiguration={"EnableLogTypes": ["postgresql"]},
    )


def test_engine_version_waits_for_the_maintenance_window(rds):
    aurora.cluster(rds)
    answer = rds.modify_db_cluster(DBClusterIdentifier=aurora.CLUSTER, EngineVersion="8.0.mysql_aurora.3.08.0")
    assert answer["DBCluster"]["EngineVersion"] == aurora.VERSION
    now = aurora.describe_cluster(rds)
    assert now["EngineVersion"] == aurora.VERSION
    assert now["PendingModifiedValues"] == {"EngineVersion": "8.0.mysql_aurora.3.08.0"}


def test_engine_version_applies_with_apply_immediately_and_members_follow(rds):
    aurora.cluster(rds)
    aurora.instance(rds, "writer")
    rds.modify_db_cluster(
        DBClusterIdentifier=aurora.CLUSTER, EngineVersion="8.0.mysql_aurora.3.08.0", ApplyImmediately=True
    )
    now = aurora.describe_cluster(rds)
    assert now["EngineVersion"] == "8.0.mysql_aurora.3.08.0"
    assert "PendingModifiedValues" not in now
    assert aurora.describe_instance(rds, "writer")["EngineVersion"] == "8.0.mysql_aurora.3.08.0"


def test_cluster_settings_apply_at_once_without_apply_immediately(rds):
    aurora.cluster(rds)
    rds.modify_db_cluster(
        DBClusterIdentifier=aurora.CLUSTER,
        BackupRetentionPeriod=14,
        PreferredBackupWindow="02:00-03:00",
        PreferredMaintenanceWindow="Sun:04:00-Sun:05:00",
        DeletionProtection=True,
        VpcSecurityGroupIds=["sg-0123456789abcdef0"],
    )
    now = aurora.describe_cluster(rds)
    assert now["BackupRetentionPeriod"] == 14
    assert now["PreferredBackupWindow"] == "02:00-03:00"
    assert now["PreferredMaintenanceWindow"] == "sun:04:00-sun:05:00"
    assert now["DeletionProtection"] is True
    assert [group["VpcSecurityGroupId"] for group in now["VpcSecurityGroups"]] == ["sg-0123456789abcdef0"]
    assert "PendingModifiedValues" not in now


def test_rename_waits_for_the_window_unless_applied_immediately(rds):
    aurora.cluster(rds)
    aurora.instance(rds, "writer")
    rds.modify_db_cluster(DBClusterIdentifier=aurora.CLUSTER, NewDBClusterIdentifier="renamed")
    assert aurora.describe_cluster(rds)["PendingModifiedValues"] == {"DBClusterIdentifier": "renamed"}
    rds.modify_db_cluster(DBClusterIdentifier=aurora.CLUSTER, NewDBClusterIdentifier="renamed", ApplyImmediately=True)
    aurora.fails("DBClusterNotFoundFault", aurora.describe_cluster, rds)
    renamed = aurora.describe_cluster(rds, "renamed")
    assert [member["DBInstanceIdentifier"] for member in renamed["DBClusterMembers"]] == ["writer"]
    assert aurora.describe_instance(rds, "writer")["DBClusterIdentifier"] == "renamed"


def test_rename_onto_an_existing_cluster_is_refused(rds):
    aurora.cluster(rds)
    aurora.cluster(rds, "other")
    aurora.fails(
        "DBClusterAlreadyExistsFault",
        rds.modify_db_cluster,
        DBClusterIdentifier=aurora.CLUSTER,
        NewDBClusterIdentifier="other",
        ApplyImmediately=True,
    )


def test_engine_versions_come_from_the_catalogue(rds):
    message = aurora.fails("InvalidParameterCombination", aurora.cluster, rds, EngineVersion="8.0.mysql_aurora.9.99.9")
    assert message == "Cannot find version 8.0.mysql_aurora.9.99.9 for aurora-mysql"
    default = rds.create_db_cluster(
        DBClusterIdentifier="defaulted", Engine="aurora-mysql", MasterUsername="admin", MasterUserPassword="Passw0rd!"
    )["DBCluster"]
    assert default["EngineVersion"] == "8.0.mysql_aurora.3.08.2"  # the catalogue's IsDefault version


def test_downgrade_and_unflagged_major_upgrade_are_refused(rds):
    aurora.cluster(rds)
    aurora.fails(
        "InvalidParameterCombination",
        rds.modify_db_cluster,
        DBClusterIdentifier=aurora.CLUSTER,
        EngineVersion="8.0.mysql_aurora.3.04.0",
    )
    aurora.cluster(rds, "old", EngineVersion="5.7.mysql_aurora.2.12.0")
    message = aurora.fails(
        "InvalidParameterCombination", rds.modify_db_cluster, DBClusterIdentifier="old", EngineVersion=aurora.VERSION
    )
    assert "AllowMajorVersionUpgrade" in message


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
        assert aurora.cluster(rds, MasterUserPassword=password)["Status"] == "creating"
    else:
        aurora.fails("InvalidParameterValue", aurora.cluster, rds, MasterUserPassword=password)
        assert rds.describe_db_clusters()["DBClusters"] == []


@pytest.mark.parametrize("days, valid", [(1, True), (35, True), (0, False), (36, False)])
def test_backup_retention_is_1_to_35_days(rds, days, valid):
    if valid:
        assert aurora.cluster(rds, BackupRetentionPeriod=days)["BackupRetentionPeriod"] == days
    else:
        aurora.fails("InvalidParameterValue", aurora.cluster, rds, BackupRetentionPeriod=days)


def test_missing_subnet_group_is_not_found(rds):
    aurora.fails("DBSubnetGroupNotFoundFault", aurora.cluster, rds, DBSubnetGroupName="missing")


def test_without_a_subnet_group_the_cluster_uses_default(rds):
    assert aurora.cluster(rds)["DBSubnetGroup"] == "default"
    group = rds.describe_db_subnet_groups(DBSubnetGroupName="default")["DBSubnetGroups"][0]
    assert len({subnet["SubnetAvailabilityZone"]["Name"] for subnet in group["Subnets"]}) >= 2


def test_deletion_protection_refuses_delete(rds):
    aurora.cluster(rds, DeletionProtection=True)
    aurora.fails(
        "InvalidParameterCombination", rds.delete_db_cluster, DBClusterIdentifier=aurora.CLUSTER, SkipFinalSnapshot=True
    )
    assert aurora.describe_cluster(rds)["Status"] == "available"


def test_a_cluster_with_instances_cannot_be_deleted(rds):
    aurora.cluster(rds)
    aurora.instance(rds, "writer")
    message = aurora.fails(
        "InvalidDBClusterStateFault", rds.delete_db_cluster, DBClusterIdentifier=aurora.CLUSTER, SkipFinalSnapshot=True
    )
    assert "still contains DB instances" in message


def test_final_snapshot_is_required_unless_skipped(rds):
    aurora.cluster(rds)
    aurora.fails("InvalidParameterCombination", rds.delete_db_cluster, DBClusterIdentifier=aurora.CLUSTER)
    aurora.fails(
        "InvalidParameterCombination",
        rds.delete_db_cluster,
        DBClusterIdentifier=aurora.CLUSTER,
        SkipFinalSnapshot=True,
        FinalDBSnapshotIdentifier="final",
    )
    assert aurora.describe_cluster(rds)["Status"] == "available"


def test_final_snapshot_is_taken(rds):
    aurora.cluster(rds)
    assert (
        rds.delete_db_cluster(DBClusterIdentifier=aurora.CLUSTER, FinalDBSnapshotIdentifier="final-snap")["DBCluster"][
            "Status"
        ]
        == "deleting"
    )
    snapshot = rds.describe_db_cluster_snapshots(DBClusterSnapshotIdentifier="final-snap")["DBClusterSnapshots"][0]
    assert (snapshot["DBClusterIdentifier"], snapshot["SnapshotType"]) == (aurora.CLUSTER, "manual")
    aurora.fails("DBClusterNotFoundFault", aurora.describe_cluster, rds)


def test_skipped_final_snapshot_takes_none(rds):
    aurora.cluster(rds)
    rds.delete_db_cluster(DBClusterIdentifier=aurora.CLUSTER, SkipFinalSnapshot=True)
    manual = rds.describe_db_cluster_snapshots(SnapshotType="manual")["DBClusterSnapshots"]
    assert manual == []


def test_modify_while_creating_is_refused(sim, rds):
    sim.client.set_scale(1)
    aurora.cluster(rds)
    aurora.fails(
        "InvalidDBClusterStateFault", rds.modify_db_cluster, DBClusterIdentifier=aurora.CLUSTER, BackupRetentionPeriod=3
    )


def test_snapshots_missing_are_not_found(rds):
    aurora.fails(
        "DBClusterSnapshotNotFoundFault", rds.describe_db_cluster_snapshots, DBClusterSnapshotIdentifier="nope"
    )
    aurora.fails("DBClusterSnapshotNotFoundFault", rds.delete_db_cluster_snapshot, DBClusterSnapshotIdentifier="nope")
    aurora.fails("DBSnapshotNotFound", rds.describe_db_snapshots, DBSnapshotIdentifier="nope")
    aurora.fails("DBSnapshotNotFound", rds.delete_db_snapshot, DBSnapshotIdentifier="nope")
