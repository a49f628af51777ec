"""Instance fidelity: each test pins one place where stock moto and RDS disagree."""

from __future__ import annotations

import pytest

from tests.simulator.tests import builders

ROLE = "arn:aws:iam::123456789012:role/rds-enhanced-monitoring-role"


@pytest.fixture
def rds(sim):
    client = sim.boto3("rds")
    builders.cluster(client)
    return client


def test_duplicate_create_is_refused_and_the_original_kept(rds):
    builders.instance(rds, "writer", PromotionTier=0)
    message = builders.fails(
        "DBInstanceAlreadyExists", builders.instance, rds, "writer", DBInstanceClass="db.r6g.2xlarge"
    )
    assert message == "DB instance already exists"
    kept = builders.describe_instance(rds, "writer")
    assert (kept["DBInstanceClass"], kept["PromotionTier"]) == (builders.INSTANCE_CLASS, 0)


def test_members_report_the_clusters_subnet_group(sim, rds):
    builders.subnet_group(rds, sim.boto3("ec2"))
    builders.cluster(rds, "grouped", DBSubnetGroupName=builders.SUBNET_GROUP)
    builders.instance(rds, "writer", cluster_identifier="grouped")
    group = builders.describe_instance(rds, "writer")["DBSubnetGroup"]
    assert group["DBSubnetGroupName"] == builders.SUBNET_GROUP
    assert sorted(subnet["SubnetAvailabilityZone"]["Name"] for subnet in group["Subnets"]) == [
        "us-east-1a",
        "us-east-1b",
    ]


def test_pending_modified_values_is_empty_when_nothing_waits(rds):
    builders.instance(rds, "writer")
    assert builders.describe_instance(rds, "writer")["PendingModifiedValues"] == {}


def test_class_and_certificate_changes_wait_for_the_maintenance_window(rds):
    builders.instance(rds, "writer")
    answer = rds.modify_db_instance(
        DBInstanceIdentifier="writer", DBInstanceClass="db.r6g.2xlarge", CACertificateIdentifier="rds-ca-rsa2048-g1"
    )["DBInstance"]
    expected = {"DBInstanceClass": "db.r6g.2xlarge", "CACertificateIdentifier": "rds-ca-rsa2048-g1"}
    assert answer["PendingModifiedValues"] == expected
    now = builders.describe_instance(rds, "writer")
    assert now["DBInstanceClass"] == builders.INSTANCE_CLASS
    assert now["CACertificateIdentifier"] == "rds-ca-default"
    assert now["PendingModifiedValues"] == expected


def test_apply_immediately_applies_the_change_and_what_was_pending(rds):
    builders.instance(rds, "writer")
    rds.modify_db_instance(DBInstanceIdentifier="writer", CACertificateIdentifier="rds-ca-rsa2048-g1")
    rds.modify_db_instance(DBInstanceIdentifier="writer", DBInstanceClass="db.r6g.2xlarge", ApplyImmediately=True)
    now = builders.describe_instance(rds, "writer")
    assert (now["DBInstanceClass"], now["CACertificateIdentifier"]) == ("db.r6g.2xlarge", "rds-ca-rsa2048-g1")
    assert now["PendingModifiedValues"] == {}


def test_asking_for_the_current_value_cancels_what_was_queued(rds):
    builders.instance(rds, "writer")
    rds.modify_db_instance(DBInstanceIdentifier="writer", DBInstanceClass="db.r6g.2xlarge")
    rds.modify_db_instance(DBInstanceIdentifier="writer", DBInstanceClass=builders.INSTANCE_CLASS)
    assert builders.describe_instance(rds, "writer")["PendingModifiedValues"] == {}


def test_instance_rename_waits_for_the_window_unless_applied_immediately(rds):
    builders.instance(rds, "writer")
    rds.modify_db_instance(DBInstanceIdentifier="writer", NewDBInstanceIdentifier="primary")
    assert builders.describe_instance(rds, "writer")["PendingModifiedValues"] == {"DBInstanceIdentifier": "primary"}
    rds.modify_db_instance(DBInstanceIdentifier="writer", NewDBInstanceIdentifier="primary", ApplyImmediately=True)
    builders.fails("DBInstanceNotFound", builders.describe_instance, rds, "writer")
    assert builders.writer_of(rds) == ["primary"]


def test_immediate_instance_settings_apply_at_once(rds):
    builders.instance(rds, "writer")
    rds.modify_db_instance(
        DBInstanceIdentifier="writer",
        PromotionTier=5,
        MonitoringInterval=10,
        MonitoringRoleArn=ROLE,
        AutoMinorVersionUpgrade=False,
    )
    now = builders.describe_instance(rds, "writer")
    assert (now["PromotionTier"], now["MonitoringInterval"], now["MonitoringRoleArn"]) == (5, 10, ROLE)
    assert now["AutoMinorVersionUpgrade"] is False
    assert now["PendingModifiedValues"] == {}


@pytest.mark.parametrize(
    "setting",
    [
        {"BackupRetentionPeriod": 7},
        {"MasterUserPassword": "Another-pw1"},
        {"VpcSecurityGroupIds": ["sg-0123456789abcdef0"]},
        {"EngineVersion": "8.0.mysql_aurora.3.08.0"},
        {"CloudwatchLogsExportConfiguration": {"EnableLogTypes": ["audit"]}},
    ],
)
def test_cluster_level_settings_on_a_member_are_refused(rds, setting):
    builders.instance(rds, "writer")
    message = builders.fails(
        "InvalidParameterCombination", rds.modify_db_instance, DBInstanceIdentifier="writer", **setting
    )
    assert "member of a cluster" in message
    assert builders.describe_instance(rds, "writer")["PendingModifiedValues"] == {}


def test_cluster_level_settings_on_create_are_refused(rds):
    message = builders.fails(
        "InvalidParameterCombination", builders.instance, rds, "writer", MasterUserPassword="Passw0rd!"
    )
    assert "member of a DB Cluster" in message
    assert rds.describe_db_instances()["DBInstances"] == []


def test_engine_must_match_the_cluster(rds):
    builders.fails("InvalidParameterCombination", builders.instance, rds, "writer", Engine="mysql")


@pytest.mark.parametrize("tier, valid", [(0, True), (15, True), (16, False), (-1, False)])
def test_promotion_tier_is_0_to_15(rds, tier, valid):
    if valid:
        assert builders.instance(rds, "writer", PromotionTier=tier)["PromotionTier"] == tier
    else:
        builders.fails("InvalidParameterValue", builders.instance, rds, "writer", PromotionTier=tier)


@pytest.mark.parametrize(
    "settings, code",
    [
        ({"MonitoringInterval": 10, "MonitoringRoleArn": ROLE}, None),
        ({"MonitoringInterval": 0}, None),
        ({"MonitoringInterval": 7, "MonitoringRoleArn": ROLE}, "InvalidParameterValue"),
        ({"MonitoringInterval": 10}, "InvalidParameterCombination"),
        ({"MonitoringInterval": 0, "MonitoringRoleArn": ROLE}, "InvalidParameterCombination"),
    ],
)
def test_monitoring_interval_and_role(rds, settings, code):
    if code is None:
        assert builders.instance(rds, "writer", **settings)["MonitoringInterval"] == settings["MonitoringInterval"]
    else:
        builders.fails(code, builders.instance, rds, "writer", **settings)


def test_monitoring_interval_change_needs_a_role(rds):
    builders.instance(rds, "writer")
    builders.fails(
        "InvalidParameterCombination", rds.modify_db_instance, DBInstanceIdentifier="writer", MonitoringInterval=5
    )
    rds.modify_db_instance(DBInstanceIdentifier="writer", MonitoringInterval=5, MonitoringRoleArn=ROLE)
    rds.modify_db_instance(DBInstanceIdentifier="writer", MonitoringInterval=0)
    assert builders.describe_instance(rds, "writer")["MonitoringInterval"] == 0


@pytest.mark.parametrize(
    "call, code",
    [
        (lambda rds: rds.describe_db_instances(DBInstanceIdentifier="missing"), "DBInstanceNotFound"),
        (lambda rds: rds.modify_db_instance(DBInstanceIdentifier="missing", PromotionTier=2), "DBInstanceNotFound"),
        (lambda rds: rds.delete_db_instance(DBInstanceIdentifier="missing"), "DBInstanceNotFound"),
        (lambda rds: rds.reboot_db_instance(DBInstanceIdentifier="missing"), "DBInstanceNotFound"),
    ],
)
def test_missing_instance_is_not_found(rds, call, code):
    builders.fails(code, call, rds)


def test_deletion_protection_refuses_delete(rds):
    builders.instance(rds, "writer", DeletionProtection=True)
    builders.fails("InvalidParameterCombination", rds.delete_db_instance, DBInstanceIdentifier="writer")
    assert builders.describe_instance(rds, "writer")["DBInstanceStatus"] == "available"


def test_members_take_no_final_snapshot(rds):
    builders.instance(rds, "writer")
    builders.fails(
        "InvalidParameterCombination",
        rds.delete_db_instance,
        DBInstanceIdentifier="writer",
        FinalDBSnapshotIdentifier="final",
    )
    assert rds.delete_db_instance(DBInstanceIdentifier="writer")["DBInstance"]["DBInstanceStatus"] == "deleting"
    assert rds.describe_db_snapshots()["DBSnapshots"] == []


def test_deleting_twice_is_refused(sim, rds):
    builders.instance(rds, "writer")
    sim.client.set_scale(1)
    rds.delete_db_instance(DBInstanceIdentifier="writer")
    builders.fails("InvalidDBInstanceState", rds.delete_db_instance, DBInstanceIdentifier="writer")


def test_reboot_needs_an_available_instance(sim, rds):
    sim.client.set_scale(1)
    builders.instance(rds, "writer")
    builders.fails("InvalidDBInstanceState", rds.reboot_db_instance, DBInstanceIdentifier="writer")


def test_reboot_applies_pending_reboot_parameters(rds):
    rds.create_db_parameter_group(
        DBParameterGroupName="instance-params", DBParameterGroupFamily="aurora-mysql8.0", Description="guide"
    )
    builders.instance(rds, "writer", DBParameterGroupName="instance-params")
    rds.modify_db_parameter_group(
        DBParameterGroupName="instance-params",
        Parameters=[{"ParameterName": "performance_schema", "ParameterValue": "1", "ApplyMethod": "pending-reboot"}],
    )

    def apply_status():
        return builders.describe_instance(rds, "writer")["DBParameterGroups"][0]["ParameterApplyStatus"]

    assert apply_status() == "pending-reboot"
    rds.reboot_db_instance(DBInstanceIdentifier="writer")
    assert apply_status() == "in-sync"
    events = rds.describe_events(SourceIdentifier="writer", SourceType="db-instance")["Events"]
    assert "DB instance restarted" in [event["Message"] for event in events]
