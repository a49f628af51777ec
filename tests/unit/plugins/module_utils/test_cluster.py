"""Tests of the cluster front (alias resolution, prediction, diff), and the builders the other cluster tests share."""

from datetime import UTC, datetime

from ansible_collections.aurora.mysql.plugins.module_utils import cluster

GUIDE_KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/your-kms-key-id"
GUIDE_LOGS = ["audit", "error", "general", "slowquery"]
NOW = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
PASSWORD = "Guide-Passw0rd!"

UNMANAGED = dict(
    engine_version=None,
    allow_major_version_upgrade=False,
    master_username=None,
    master_user_password=None,
    update_password="on_create",
    manage_master_user_password=None,
    master_user_secret_kms_key_id=None,
    database_name=None,
    port=None,
    db_subnet_group_name=None,
    vpc_security_group_ids=None,
    db_cluster_parameter_group_name=None,
    storage_encrypted=None,
    kms_key_id=None,
    storage_type=None,
    backup_retention_period=None,
    preferred_backup_window=None,
    preferred_maintenance_window=None,
    enable_cloudwatch_logs_exports=None,
    deletion_protection=None,
    copy_tags_to_snapshot=None,
    iam_database_authentication=None,
    backtrack_window=None,
    serverless_v2_scaling=None,
    apply_immediately=False,
    tags=None,
    purge_tags=True,
    skip_final_snapshot=False,
    final_snapshot_identifier=None,
    wait_for_members=False,
)

GUIDE = dict(
    engine_version="8.0.mysql_aurora.3.07.1",
    master_username="admin",
    master_user_password=PASSWORD,
    db_subnet_group_name="myapp-aurora-subnets",
    vpc_security_group_ids=["sg-0123456789abcdef0"],
    db_cluster_parameter_group_name="myapp-aurora-mysql8-cluster",
    storage_encrypted=True,
    kms_key_id=GUIDE_KMS_KEY,
    backup_retention_period=14,
    preferred_backup_window="02:00-03:00",
    preferred_maintenance_window="sun:04:00-sun:05:00",
    enable_cloudwatch_logs_exports=list(GUIDE_LOGS),
    deletion_protection=True,
)


def params(guide=True, **overrides):
    """Module params: the guide's step 3 (or only the identifier), with overrides."""
    result = dict(UNMANAGED, identifier="myapp-aurora-cluster", state="present", engine="aurora-mysql")
    if guide:
        result.update(GUIDE)
    result.update(overrides)
    return result


def desired(guide=True, **overrides):
    return cluster.desired_from_params(params(guide, **overrides), NOW)


def raw(**overrides):
    """A DescribeDBClusters entry for the cluster the guide creates, as real RDS returns it."""
    result = dict(
        DBClusterIdentifier="myapp-aurora-cluster",
        DBClusterArn="arn:aws:rds:us-east-1:123456789012:cluster:myapp-aurora-cluster",
        Status="available",
        Engine="aurora-mysql",
        EngineVersion="8.0.mysql_aurora.3.07.1",
        Endpoint="myapp-aurora-cluster.cluster-abc123.us-east-1.rds.amazonaws.com",
        ReaderEndpoint="myapp-aurora-cluster.cluster-ro-abc123.us-east-1.rds.amazonaws.com",
        Port=3306,
        MasterUsername="admin",
        DBSubnetGroup="myapp-aurora-subnets",
        VpcSecurityGroups=[{"VpcSecurityGroupId": "sg-0123456789abcdef0", "Status": "active"}],
        DBClusterParameterGroup="myapp-aurora-mysql8-cluster",
        StorageEncrypted=True,
        KmsKeyId=GUIDE_KMS_KEY,
        BackupRetentionPeriod=14,
        PreferredBackupWindow="02:00-03:00",
        PreferredMaintenanceWindow="sun:04:00-sun:05:00",
        EnabledCloudwatchLogsExports=["slowquery", "audit", "general", "error"],
        DeletionProtection=True,
        CopyTagsToSnapshot=False,
        IAMDatabaseAuthenticationEnabled=False,
        BacktrackWindow=0,
        DBClusterMembers=[],
        TagList=[],
    )
    result.update(overrides)
    return result


def current(**overrides):
    return cluster.normalise(raw(**overrides))


# The front: alias resolution, prediction and diff.


def _no_lookup(alias):
    raise AssertionError(f"KMS looked up {alias} without need")


def test_aliases_are_resolved_only_for_an_existing_encrypted_cluster():
    looked_up = []

    def lookup(alias):
        looked_up.append(alias)
        return GUIDE_KMS_KEY

    wanted = desired(kms_key_id="alias/myapp")
    assert cluster.resolve_kms_aliases(wanted, None, _no_lookup) is wanted
    resolved = cluster.resolve_kms_aliases(wanted, current(), lookup)
    assert resolved.options["kms_key_id"] == GUIDE_KMS_KEY
    assert looked_up == ["alias/myapp"]
    assert not cluster.plan(current(), resolved)


def test_key_ids_and_arns_never_cost_a_lookup():
    wanted = desired()
    assert cluster.resolve_kms_aliases(wanted, current(), _no_lookup).options == wanted.options
    absent = desired(state="absent", kms_key_id="alias/x")
    assert cluster.resolve_kms_aliases(absent, current(), _no_lookup) is absent


def test_predict_and_diff_of_a_modify_come_from_the_plan():
    live = current(BackupRetentionPeriod=7, TagList=[{"Key": "old", "Value": "1"}])
    wanted = desired(tags={"env": "prod"})
    result = cluster.plan(live, wanted)
    predicted = cluster.predict(live, result, wanted)
    assert predicted["backup_retention_period"] == 14
    assert predicted["tags"] == {"env": "prod"}
    assert predicted["endpoint"] == live["endpoint"]
    changed = cluster.diff(live, result, wanted)
    different = {key for key in changed["after"] if changed["after"][key] != changed["before"].get(key)}
    assert different == {"backup_retention_period", "tags"}


def test_predict_of_a_create_and_a_delete():
    wanted = desired()
    created = cluster.predict(None, cluster.plan(None, wanted), wanted)
    assert created["identifier"] == "myapp-aurora-cluster"
    assert created["status"] == "creating"
    assert created["backup_retention_period"] == 14
    assert created["port"] is None
    gone = desired(state="absent", deletion_protection=False)
    assert cluster.predict(current(), cluster.plan(current(), gone), gone) == {}
    assert cluster.diff(current(), cluster.plan(current(), gone), gone)["after"] == {}


def test_diff_shows_a_marker_never_the_password():
    wanted = desired(update_password="always")
    changed = cluster.diff(current(), cluster.plan(current(), wanted), wanted)
    assert changed["after"]["master_user_password"] == cluster.PASSWORD_MARKER
    assert "master_user_password" not in changed["before"]
    assert PASSWORD not in repr(changed)


def test_diff_counts_queued_changes_as_made():
    live = current(BackupRetentionPeriod=7, PendingModifiedValues={"BackupRetentionPeriod": 14})
    wanted = desired()
    changed = cluster.diff(live, cluster.plan(live, wanted), wanted)
    assert changed["before"] == changed["after"]
