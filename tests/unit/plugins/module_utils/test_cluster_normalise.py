from ansible_collections.aurora.mysql.plugins.module_utils.cluster_normalise import (
    effective,
    kms_key_suffix,
    normalise,
    same_kms_key,
    settings_view,
)
from tests.unit.plugins.module_utils.test_cluster import GUIDE_KMS_KEY, raw


def test_normalise_gives_snake_case_sorted_and_defaulted_values():
    cluster = normalise(
        raw(
            PreferredMaintenanceWindow="Sun:04:00-Sun:05:00",
            VpcSecurityGroups=[
                {"VpcSecurityGroupId": "sg-0000000000000000b", "Status": "active"},
                {"VpcSecurityGroupId": "sg-0000000000000000a", "Status": "adding"},
            ],
            ServerlessV2ScalingConfiguration={"MinCapacity": 1, "MaxCapacity": 8},
            TagList=[{"Key": "env", "Value": "prod"}],
            DBClusterMembers=[
                {"DBInstanceIdentifier": "r2", "IsClusterWriter": False, "PromotionTier": 1},
                {"DBInstanceIdentifier": "r1", "IsClusterWriter": True, "PromotionTier": 0},
            ],
        )
    )
    assert cluster["identifier"] == "myapp-aurora-cluster"
    assert cluster["preferred_maintenance_window"] == "sun:04:00-sun:05:00"
    assert cluster["vpc_security_group_ids"] == ["sg-0000000000000000a", "sg-0000000000000000b"]
    assert cluster["enable_cloudwatch_logs_exports"] == ["audit", "error", "general", "slowquery"]
    assert cluster["serverless_v2_scaling"] == {"min_capacity": 1.0, "max_capacity": 8.0}
    assert cluster["tags"] == {"env": "prod"}
    assert cluster["members"] == [
        {"instance_identifier": "r1", "is_writer": True, "promotion_tier": 0},
        {"instance_identifier": "r2", "is_writer": False, "promotion_tier": 1},
    ]
    assert cluster["pending_modified_values"] == {}
    assert cluster["manage_master_user_password"] is False
    assert cluster["master_user_secret_arn"] is None


def test_missing_storage_type_means_aurora_standard():
    # RDS leaves StorageType out of its answer for standard storage.
    assert normalise(raw())["storage_type"] == "aurora"
    assert normalise(raw(StorageType="aurora-iopt1"))["storage_type"] == "aurora-iopt1"


def test_unencrypted_cluster_has_no_key():
    assert normalise(raw(StorageEncrypted=False, KmsKeyId="something"))["kms_key_id"] is None


def test_security_groups_being_removed_count_as_gone():
    groups = [
        {"VpcSecurityGroupId": "sg-0000000000000000a", "Status": "active"},
        {"VpcSecurityGroupId": "sg-0000000000000000b", "Status": "removing"},
    ]
    assert normalise(raw(VpcSecurityGroups=groups))["vpc_security_group_ids"] == ["sg-0000000000000000a"]


def test_managed_secret_is_reported():
    secret = {"SecretArn": "arn:aws:secretsmanager:us-east-1:1:secret:rds!x", "KmsKeyId": "arn:k", "SecretStatus": "ok"}
    cluster = normalise(raw(MasterUserSecret=secret))
    assert cluster["manage_master_user_password"] is True
    assert cluster["master_user_secret_arn"] == secret["SecretArn"]
    assert cluster["master_user_secret_kms_key_id"] == "arn:k"


def test_pending_values_are_snake_case_and_the_password_masked():
    cluster = normalise(raw(PendingModifiedValues={"MasterUserPassword": "leaked?", "BackupRetentionPeriod": 20}))
    assert cluster["pending_modified_values"] == {"master_user_password": "********", "backup_retention_period": 20}


def test_effective_counts_queued_changes_as_made():
    pending = {
        "EngineVersion": "8.0.mysql_aurora.3.08.0",
        "BackupRetentionPeriod": 21,
        "StorageType": "aurora-iopt1",
        "IAMDatabaseAuthenticationEnabled": True,
        "PendingCloudwatchLogsExports": {"LogTypesToEnable": ["general"], "LogTypesToDisable": ["audit"]},
    }
    cluster = normalise(raw(EnabledCloudwatchLogsExports=["audit", "error"], PendingModifiedValues=pending))
    requested = effective(cluster)
    assert requested["engine_version"] == "8.0.mysql_aurora.3.08.0"
    assert requested["backup_retention_period"] == 21
    assert requested["storage_type"] == "aurora-iopt1"
    assert requested["iam_database_authentication"] is True
    assert requested["enable_cloudwatch_logs_exports"] == ["error", "general"]
    # The actual state stays as described.
    assert cluster["engine_version"] == "8.0.mysql_aurora.3.07.1"
    assert cluster["enable_cloudwatch_logs_exports"] == ["audit", "error"]


def test_settings_view_has_every_option_and_no_status():
    view = settings_view(normalise(raw()))
    assert view["backup_retention_period"] == 14
    assert view["identifier"] == "myapp-aurora-cluster"
    assert "status" not in view and "endpoint" not in view
    assert settings_view(None) == {}


def test_kms_key_forms():
    key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
    arn = f"arn:aws:kms:us-east-1:123456789012:key/{key_id}"
    assert kms_key_suffix(arn) == key_id
    assert kms_key_suffix(key_id) == key_id
    assert kms_key_suffix("alias/myapp") is None
    assert kms_key_suffix("arn:aws:kms:us-east-1:123456789012:alias/myapp") is None
    assert same_kms_key(key_id, arn)
    assert same_kms_key(arn, arn)
    assert not same_kms_key("alias/myapp", arn)
    assert not same_kms_key(GUIDE_KMS_KEY, arn)
    assert not same_kms_key(key_id, None)
