"""The cluster model: desired state from params, the snake_case view, queued changes, KMS aliases, versions."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import cluster, cluster_plan
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from tests.unit.builders import GUIDE_KMS_KEY, PASSWORD, cluster_desired, cluster_view, raw_cluster

# --- desired_from_params ---


def test_guide_values_are_kept_and_normalised():
    wanted = cluster_desired(
        identifier="MyApp-Aurora-Cluster",
        db_subnet_group_name="MyApp-Aurora-Subnets",
        preferred_maintenance_window="Sun:04:00-Sun:05:00",
        enable_cloudwatch_logs_exports=["slowquery", "audit", "error", "general", "audit"],
    )
    assert wanted.identifier == "myapp-aurora-cluster"
    assert wanted.options["db_subnet_group_name"] == "myapp-aurora-subnets"
    assert wanted.options["preferred_maintenance_window"] == "sun:04:00-sun:05:00"
    assert wanted.options["enable_cloudwatch_logs_exports"] == ["audit", "error", "general", "slowquery"]
    assert wanted.options["kms_key_id"] == GUIDE_KMS_KEY
    assert wanted.options["engine"] == "aurora-mysql"
    assert wanted.password == PASSWORD


def test_unset_options_stay_unmanaged():
    wanted = cluster_desired(guide=False)
    unmanaged = {name for name, value in wanted.options.items() if value is None}
    assert unmanaged == set(wanted.options) - {"engine"}
    assert wanted.tags is None


def test_the_password_is_not_in_the_repr():
    assert PASSWORD not in repr(cluster_desired())


def test_default_final_snapshot_is_derived_from_identifier_and_time():
    assert cluster_desired().final_snapshot_identifier == "myapp-aurora-cluster-final-20250102030405"
    assert cluster_desired(final_snapshot_identifier="keep-me").final_snapshot_identifier == "keep-me"
    assert cluster_desired(skip_final_snapshot=True).final_snapshot_identifier is None


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        (dict(identifier="1bad"), "identifier"),
        (dict(engine_version="8.0"), "engine_version"),
        (dict(master_username="1admin"), "master_username"),
        (dict(master_user_password="short"), "master_user_password"),
        (dict(master_user_password="has space in it"), "master_user_password"),
        (dict(port=80), "port"),
        (dict(vpc_security_group_ids=["default"]), "vpc_security_group_ids"),
        (dict(backup_retention_period=0), "backup_retention_period"),
        (dict(backup_retention_period=36), "backup_retention_period"),
        (dict(preferred_backup_window="2-3"), "preferred_backup_window"),
        (dict(preferred_backup_window="04:00-04:45"), "preferred_backup_window"),  # overlaps sun 04:00-05:00
        (dict(preferred_maintenance_window="sun:04:00-sun:04:10"), "preferred_maintenance_window"),
        (dict(backtrack_window=259201), "backtrack_window"),
        (dict(serverless_v2_scaling=dict(min_capacity=0.3, max_capacity=4)), "serverless_v2_scaling.min_capacity"),
        (dict(serverless_v2_scaling=dict(min_capacity=8, max_capacity=4)), "serverless_v2_scaling"),
        (dict(serverless_v2_scaling=dict(min_capacity=1, max_capacity=300)), "serverless_v2_scaling.max_capacity"),
        (dict(manage_master_user_password=True), "master_user_password"),
        (dict(master_user_secret_kms_key_id="alias/x"), "master_user_secret_kms_key_id"),
        (dict(storage_encrypted=False), "kms_key_id"),
        (dict(tags={"aws:reserved": "x"}), "tags"),
        (dict(skip_final_snapshot=True, final_snapshot_identifier="snap"), "final_snapshot_identifier"),
        (dict(final_snapshot_identifier="bad--snap"), "final_snapshot_identifier"),
    ],
)
def test_bad_input_is_refused_naming_the_option(overrides, option):
    with pytest.raises(ValidationError) as err:
        cluster_desired(**overrides)
    assert err.value.option == option
    assert PASSWORD not in err.value.message


def test_serverless_scaling_is_kept_as_floats():
    wanted = cluster_desired(serverless_v2_scaling=dict(min_capacity=0.5, max_capacity=16))
    assert wanted.options["serverless_v2_scaling"] == {"min_capacity": 0.5, "max_capacity": 16.0}


def test_every_option_of_the_field_table_is_a_module_option_and_a_view_key():
    view = cluster_view()
    for row in cluster.FIELDS:
        assert row.option in cluster.ARGUMENT_SPEC
        assert row.option in view


def test_assume_deleted_is_for_state_absent_only_and_lower_cased():
    wanted = cluster_desired(state="absent", assume_deleted=["MyApp-Aurora-Writer", "myapp-aurora-writer"])
    assert wanted.assume_deleted == ("myapp-aurora-writer",)
    with pytest.raises(ValidationError) as err:
        cluster_desired(assume_deleted=["myapp-aurora-writer"])
    assert err.value.option == "assume_deleted"


# --- normalise, effective, settings_view ---


def test_normalise_gives_snake_case_sorted_and_defaulted_values():
    view = cluster.normalise(
        raw_cluster(
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
    assert view["identifier"] == "myapp-aurora-cluster"
    assert view["preferred_maintenance_window"] == "sun:04:00-sun:05:00"
    assert view["vpc_security_group_ids"] == ["sg-0000000000000000a", "sg-0000000000000000b"]
    assert view["enable_cloudwatch_logs_exports"] == ["audit", "error", "general", "slowquery"]
    assert view["serverless_v2_scaling"] == {"min_capacity": 1.0, "max_capacity": 8.0}
    assert view["tags"] == {"env": "prod"}
    assert view["members"] == [
        {"instance_identifier": "r1", "is_writer": True, "promotion_tier": 0},
        {"instance_identifier": "r2", "is_writer": False, "promotion_tier": 1},
    ]
    assert view["pending_modified_values"] == {}
    assert view["manage_master_user_password"] is False
    assert view["master_user_secret_arn"] is None


def test_missing_storage_type_means_aurora_standard():
    # RDS leaves StorageType out of its answer for standard storage.
    assert cluster.normalise(raw_cluster())["storage_type"] == "aurora"
    assert cluster.normalise(raw_cluster(StorageType="aurora-iopt1"))["storage_type"] == "aurora-iopt1"


def test_unencrypted_cluster_has_no_key():
    assert cluster.normalise(raw_cluster(StorageEncrypted=False, KmsKeyId="something"))["kms_key_id"] is None


def test_security_groups_being_removed_count_as_gone():
    groups = [
        {"VpcSecurityGroupId": "sg-0000000000000000a", "Status": "active"},
        {"VpcSecurityGroupId": "sg-0000000000000000b", "Status": "removing"},
    ]
    assert cluster.normalise(raw_cluster(VpcSecurityGroups=groups))["vpc_security_group_ids"] == [
        "sg-0000000000000000a"
    ]


def test_managed_secret_is_reported():
    secret = {"SecretArn": "arn:aws:secretsmanager:us-east-1:1:secret:rds!x", "KmsKeyId": "arn:k", "SecretStatus": "ok"}
    view = cluster.normalise(raw_cluster(MasterUserSecret=secret))
    assert view["manage_master_user_password"] is True
    assert view["master_user_secret_arn"] == secret["SecretArn"]
    assert view["master_user_secret_kms_key_id"] == "arn:k"


def test_pending_values_are_snake_case_and_the_password_masked():
    view = cluster.normalise(
        raw_cluster(PendingModifiedValues={"MasterUserPassword": "leaked?", "BackupRetentionPeriod": 20})
    )
    assert view["pending_modified_values"] == {"master_user_password": "********", "backup_retention_period": 20}


def test_effective_counts_queued_changes_as_made():
    pending = {
        "EngineVersion": "8.0.mysql_aurora.3.08.0",
        "BackupRetentionPeriod": 21,
        "StorageType": "aurora-iopt1",
        "IAMDatabaseAuthenticationEnabled": True,
        "PendingCloudwatchLogsExports": {"LogTypesToEnable": ["general"], "LogTypesToDisable": ["audit"]},
    }
    view = cluster.normalise(
        raw_cluster(EnabledCloudwatchLogsExports=["audit", "error"], PendingModifiedValues=pending)
    )
    requested = cluster.effective(view)
    assert requested["engine_version"] == "8.0.mysql_aurora.3.08.0"
    assert requested["backup_retention_period"] == 21
    assert requested["storage_type"] == "aurora-iopt1"
    assert requested["iam_database_authentication"] is True
    assert requested["enable_cloudwatch_logs_exports"] == ["error", "general"]
    # The actual state stays as described.
    assert view["engine_version"] == "8.0.mysql_aurora.3.07.1"
    assert view["enable_cloudwatch_logs_exports"] == ["audit", "error"]


def test_settings_view_has_every_option_and_no_status():
    view = cluster.settings_view(cluster.normalise(raw_cluster()))
    assert view["backup_retention_period"] == 14
    assert view["identifier"] == "myapp-aurora-cluster"
    assert "status" not in view and "endpoint" not in view
    assert cluster.settings_view(None) == {}


# --- KMS aliases ---


def _no_lookup(alias):
    raise AssertionError(f"KMS looked up {alias} without need")


def test_aliases_are_resolved_only_for_an_existing_encrypted_cluster():
    looked_up = []

    def lookup(alias):
        looked_up.append(alias)
        return GUIDE_KMS_KEY

    wanted = cluster_desired(kms_key_id="alias/myapp")
    assert cluster.resolve_kms_aliases(wanted, None, _no_lookup) is wanted
    resolved = cluster.resolve_kms_aliases(wanted, cluster_view(), lookup)
    assert resolved.options["kms_key_id"] == GUIDE_KMS_KEY
    assert looked_up == ["alias/myapp"]
    assert not cluster_plan.plan(cluster_view(), resolved)


def test_key_ids_and_arns_never_cost_a_lookup():
    wanted = cluster_desired()
    assert cluster.resolve_kms_aliases(wanted, cluster_view(), _no_lookup).options == wanted.options
    absent = cluster_desired(state="absent", kms_key_id="alias/x")
    assert cluster.resolve_kms_aliases(absent, cluster_view(), _no_lookup) is absent
