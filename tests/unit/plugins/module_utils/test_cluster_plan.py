import pytest

from ansible_collections.aurora.mysql.plugins.module_utils.cluster_plan import PASSWORD_MARKER, diff, plan, predict
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from tests.unit.builders import GUIDE_KMS_KEY, GUIDE_LOGS, KEY_ID, PASSWORD, cluster_members
from tests.unit.builders import cluster_desired as desired
from tests.unit.builders import cluster_view as current


def _refused(current_cluster, wanted):
    with pytest.raises(ValidationError) as err:
        plan(current_cluster, wanted)
    assert PASSWORD not in err.value.message
    return err.value


# create


def test_create_sends_every_guide_option_and_the_password_only_apart():
    result = plan(None, desired(tags={"env": "prod"}))
    assert result.action == "create"
    assert result.details["send_password"] is True
    assert result.request == {
        "DBClusterIdentifier": "myapp-aurora-cluster",
        "Engine": "aurora-mysql",
        "EngineVersion": "8.0.mysql_aurora.3.07.1",
        "MasterUsername": "admin",
        "DBSubnetGroupName": "myapp-aurora-subnets",
        "VpcSecurityGroupIds": ["sg-0123456789abcdef0"],
        "DBClusterParameterGroupName": "myapp-aurora-mysql8-cluster",
        "StorageEncrypted": True,
        "KmsKeyId": GUIDE_KMS_KEY,
        "BackupRetentionPeriod": 14,
        "PreferredBackupWindow": "02:00-03:00",
        "PreferredMaintenanceWindow": "sun:04:00-sun:05:00",
        "EnableCloudwatchLogsExports": GUIDE_LOGS,
        "DeletionProtection": True,
        "Tags": [{"Key": "env", "Value": "prod"}],
    }
    assert result.changes["backup_retention_period"] == 14
    assert result.tags.to_set == {"env": "prod"}


def test_create_maps_renamed_and_nested_options():
    result = plan(
        None,
        desired(
            iam_database_authentication=True,
            serverless_v2_scaling=dict(min_capacity=0.5, max_capacity=8),
            backtrack_window=3600,
        ),
    )
    assert result.request["EnableIAMDatabaseAuthentication"] is True
    assert result.request["ServerlessV2ScalingConfiguration"] == {"MinCapacity": 0.5, "MaxCapacity": 8.0}
    assert result.request["BacktrackWindow"] == 3600


def test_create_with_secrets_manager_needs_no_password():
    result = plan(None, desired(master_user_password=None, manage_master_user_password=True))
    assert result.details["send_password"] is False
    assert result.request["ManageMasterUserPassword"] is True


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        (dict(master_username=None), "master_username"),
        (dict(master_user_password=None), "master_user_password"),
        (dict(storage_encrypted=None), "kms_key_id"),
    ],
)
def test_create_refuses_what_rds_would_need(overrides, option):
    assert _refused(None, desired(**overrides)).option == option


# rerun and unmanaged options


def test_rerun_of_the_guide_plans_nothing():
    result = plan(current(), desired())
    assert not result
    assert result.request == {} and result.changes == {}


def test_unset_options_are_never_reset():
    live = current(BackupRetentionPeriod=30, DeletionProtection=False, EnabledCloudwatchLogsExports=[])
    assert not plan(live, desired(guide=False))


def test_security_groups_compare_as_a_set():
    groups = [
        {"VpcSecurityGroupId": "sg-0000000000000000b", "Status": "active"},
        {"VpcSecurityGroupId": "sg-0000000000000000a", "Status": "active"},
    ]
    wanted = desired(vpc_security_group_ids=["sg-0000000000000000a", "sg-0000000000000000b", "sg-0000000000000000a"])
    assert not plan(current(VpcSecurityGroups=groups), wanted)


def test_key_id_and_key_arn_of_the_same_key_match():
    arn = f"arn:aws:kms:us-east-1:123456789012:key/{KEY_ID}"
    assert not plan(current(KmsKeyId=arn), desired(kms_key_id=KEY_ID))
    assert not plan(current(KmsKeyId=arn), desired(kms_key_id=arn))


def test_window_case_does_not_matter():
    assert not plan(current(PreferredMaintenanceWindow="Sun:04:00-Sun:05:00"), desired())


# modify


def test_modify_sends_only_retention_and_log_difference():
    live = current(BackupRetentionPeriod=7, EnabledCloudwatchLogsExports=["audit", "error"])
    wanted = desired(enable_cloudwatch_logs_exports=["error", "general", "slowquery"])
    result = plan(live, wanted)
    assert result.action == "modify"
    assert result.request == {
        "DBClusterIdentifier": "myapp-aurora-cluster",
        "ApplyImmediately": False,
        "BackupRetentionPeriod": 14,
        "CloudwatchLogsExportConfiguration": {"EnableLogTypes": ["general", "slowquery"], "DisableLogTypes": ["audit"]},
    }
    assert result.changes == {
        "backup_retention_period": 14,
        "enable_cloudwatch_logs_exports": ["error", "general", "slowquery"],
    }
    assert result.details["send_password"] is False


def test_apply_immediately_is_passed_on():
    result = plan(current(BackupRetentionPeriod=7), desired(apply_immediately=True))
    assert result.request["ApplyImmediately"] is True


def test_queued_changes_count_as_requested():
    pending = {
        "BackupRetentionPeriod": 14,
        "EngineVersion": "8.0.mysql_aurora.3.08.0",
        "PendingCloudwatchLogsExports": {"LogTypesToEnable": ["general", "slowquery"]},
    }
    logs = ["audit", "error"]
    live = current(BackupRetentionPeriod=7, EnabledCloudwatchLogsExports=logs, PendingModifiedValues=pending)
    assert not plan(live, desired(engine_version="8.0.mysql_aurora.3.08.0"))


def test_security_group_change_sends_the_whole_set():
    result = plan(current(), desired(vpc_security_group_ids=["sg-0123456789abcdef0", "sg-0000000000000000a"]))
    assert result.request["VpcSecurityGroupIds"] == ["sg-0000000000000000a", "sg-0123456789abcdef0"]


def test_serverless_scaling_change():
    live = current(ServerlessV2ScalingConfiguration={"MinCapacity": 0.5, "MaxCapacity": 4})
    assert not plan(live, desired(serverless_v2_scaling=dict(min_capacity=0.5, max_capacity=4)))
    result = plan(live, desired(serverless_v2_scaling=dict(min_capacity=1, max_capacity=4)))
    assert result.request["ServerlessV2ScalingConfiguration"] == {"MinCapacity": 1.0, "MaxCapacity": 4.0}


def test_tags_are_planned_and_purged():
    live = current(TagList=[{"Key": "old", "Value": "1"}, {"Key": "env", "Value": "dev"}])
    result = plan(live, desired(tags={"env": "prod"}))
    # Tags go by ARN, not in ModifyDBCluster: no action, but a change.
    assert result.action == "" and result.changed
    assert result.request == {}
    assert result.tags.to_set == {"env": "prod"}
    assert result.tags.to_remove == ("old",)
    assert plan(live, desired(tags={"env": "prod"}, purge_tags=False)).tags.to_remove == ()


def test_new_backup_window_must_not_overlap_the_kept_maintenance_window():
    live = current(PreferredMaintenanceWindow="mon:10:00-mon:11:00")
    wanted = desired(preferred_backup_window="10:15-10:45", preferred_maintenance_window=None)
    assert _refused(live, wanted).option == "preferred_backup_window"


def test_subnet_group_move_needs_apply_immediately_and_keeps_security_groups():
    wanted = desired(db_subnet_group_name="other-subnets")
    assert _refused(current(), wanted).option == "apply_immediately"
    result = plan(current(), desired(db_subnet_group_name="other-subnets", apply_immediately=True))
    assert result.request["DBSubnetGroupName"] == "other-subnets"
    assert result.request["VpcSecurityGroupIds"] == ["sg-0123456789abcdef0"]


# engine version


V2_CLUSTER = dict(EngineVersion="5.7.mysql_aurora.2.12.0", DBClusterParameterGroup="default.aurora-mysql5.7")


def test_minor_upgrade_is_sent_without_the_major_flag():
    result = plan(current(), desired(engine_version="8.0.mysql_aurora.3.08.0"))
    assert result.request["EngineVersion"] == "8.0.mysql_aurora.3.08.0"
    assert "AllowMajorVersionUpgrade" not in result.request
    assert result.details["engine_upgrade"] == {
        "from": "8.0.mysql_aurora.3.07.1",
        "to": "8.0.mysql_aurora.3.08.0",
        "major": False,
    }
    assert result.wait == "cluster_available"


def test_an_immediate_upgrade_waits_for_the_new_version():
    result = plan(current(), desired(engine_version="8.0.mysql_aurora.3.08.0", apply_immediately=True))
    assert result.request["ApplyImmediately"] is True
    assert result.wait == "cluster_upgraded"
    assert plan(current(), desired(engine_version="8.0.mysql_aurora.3.08.0", wait=False)).wait is None


def test_a_cluster_ahead_of_the_task_is_converged_and_reported():
    # AWS's automatic minor upgrade ran: the cluster is on 3.08.2, the task still asks 3.07.1.
    live = current(EngineVersion="8.0.mysql_aurora.3.08.2")
    for wanted in (desired(), desired(apply_immediately=True)):
        result = plan(live, wanted)
        assert not result and result.request == {} and "engine_version" not in result.changes
        assert result.details["engine_version_ahead"] == {
            "requested": "8.0.mysql_aurora.3.07.1",
            "running": "8.0.mysql_aurora.3.08.2",
        }
        assert "3.08.2" in result.details["warnings"][0]
        assert predict(live, result, wanted)["engine_version"] == "8.0.mysql_aurora.3.08.2"
    # Other changes still go, without the version.
    other = plan(live, desired(backup_retention_period=21))
    assert other.request["BackupRetentionPeriod"] == 21 and "EngineVersion" not in other.request


def test_an_older_major_version_is_refused():
    error = _refused(current(), desired(engine_version="5.7.mysql_aurora.2.12.4", allow_major_version_upgrade=True))
    assert error.option == "engine_version" and "never downgrades" in error.message


def test_major_upgrade_needs_the_flag():
    live = current(**V2_CLUSTER)
    assert _refused(live, desired(db_cluster_parameter_group_name=None)).option == "allow_major_version_upgrade"
    result = plan(live, desired(db_cluster_parameter_group_name=None, allow_major_version_upgrade=True))
    assert result.request["EngineVersion"] == "8.0.mysql_aurora.3.07.1"
    assert result.request["AllowMajorVersionUpgrade"] is True
    assert "DBInstanceParameterGroupName" not in result.request
    assert result.details["engine_upgrade"]["major"] is True


def test_a_major_upgrade_from_a_custom_cluster_group_needs_one_of_the_new_family():
    live = current(EngineVersion="5.7.mysql_aurora.2.12.0", DBClusterParameterGroup="myapp-aurora-mysql57-cluster")
    kept = desired(db_cluster_parameter_group_name=None, allow_major_version_upgrade=True)
    assert _refused(live, kept).option == "db_cluster_parameter_group_name"
    result = plan(
        live,
        desired(allow_major_version_upgrade=True, db_instance_parameter_group_name="MyApp-Aurora-MySQL8-Instance"),
    )
    assert result.request["DBClusterParameterGroupName"] == "myapp-aurora-mysql8-cluster"
    assert result.request["DBInstanceParameterGroupName"] == "myapp-aurora-mysql8-instance"
    # RDS does not reboot the members into custom groups after the upgrade (AuroraMySQL.Updates.MajorVersionUpgrade).
    assert "reboot" in result.details["warnings"][0]


def test_the_instance_group_goes_only_with_a_major_upgrade():
    result = plan(
        current(),
        desired(engine_version="8.0.mysql_aurora.3.08.0", db_instance_parameter_group_name="other-instance-group"),
    )
    assert "DBInstanceParameterGroupName" not in result.request
    assert not plan(current(), desired(db_instance_parameter_group_name="other-instance-group"))


def test_a_queued_major_upgrade_keeps_the_group_it_was_sent_with():
    # RDS shows only the version as pending; the new family's group waits with it and is not sent again.
    live = current(
        EngineVersion="5.7.mysql_aurora.2.12.0",
        DBClusterParameterGroup="myapp-aurora-mysql57-cluster",
        PendingModifiedValues={"EngineVersion": "8.0.mysql_aurora.3.07.1"},
    )
    result = plan(live, desired(allow_major_version_upgrade=True))
    assert not result and result.request == {}
    assert "goes with the upgrade" in result.details["warnings"][0]


# immutable fields


@pytest.mark.parametrize(
    ("live", "overrides", "option"),
    [
        (dict(Engine="aurora-postgresql"), {}, "engine"),
        ({}, dict(master_username="root"), "master_username"),
        ({}, dict(database_name="myapp"), "database_name"),
        (dict(StorageEncrypted=False), dict(kms_key_id=None), "storage_encrypted"),
        ({}, dict(kms_key_id=KEY_ID), "kms_key_id"),
    ],
)
def test_immutable_fields_are_refused_with_both_values(live, overrides, option):
    error = _refused(current(**live), desired(**overrides))
    assert error.option == option
    assert "cannot change once the cluster exists" in error.message


def test_backtracking_cannot_be_turned_on_later_but_can_change_or_stop():
    assert _refused(current(BacktrackWindow=0), desired(backtrack_window=3600)).option == "backtrack_window"
    assert plan(current(BacktrackWindow=3600), desired(backtrack_window=7200)).request["BacktrackWindow"] == 7200
    assert plan(current(BacktrackWindow=3600), desired(backtrack_window=0)).request["BacktrackWindow"] == 0


# password


def test_password_is_not_sent_again_by_default():
    assert not plan(current(), desired())


def test_update_password_always_sends_it_every_time():
    result = plan(current(), desired(update_password="always"))
    assert result.action == "modify"
    assert result.details["send_password"] is True
    assert PASSWORD not in repr(result)
    assert result.request == {"DBClusterIdentifier": "myapp-aurora-cluster", "ApplyImmediately": False}


def test_turning_secrets_manager_on_and_off():
    result = plan(current(), desired(master_user_password=None, manage_master_user_password=True))
    assert result.request["ManageMasterUserPassword"] is True
    managed = current(MasterUserSecret={"SecretArn": "arn:s", "KmsKeyId": f"arn:aws:kms:us-east-1:1:key/{KEY_ID}"})
    assert not plan(managed, desired(master_user_password=None, manage_master_user_password=True))
    assert not plan(
        managed,
        desired(master_user_password=None, manage_master_user_password=True, master_user_secret_kms_key_id=KEY_ID),
    )
    off = plan(managed, desired(manage_master_user_password=False))
    assert off.request["ManageMasterUserPassword"] is False and off.details["send_password"] is True
    assert _refused(managed, desired(master_user_password=None, manage_master_user_password=False)).option == (
        "master_user_password"
    )
    assert _refused(managed, desired(update_password="always")).option == "master_user_password"
    wrong_key = desired(master_user_password=None, manage_master_user_password=True, master_user_secret_kms_key_id="k2")
    assert _refused(managed, wrong_key).option == "master_user_secret_kms_key_id"


def test_present_while_deleting_is_refused():
    assert _refused(current(Status="deleting"), desired()).option == "state"


# delete


def test_delete_takes_a_final_snapshot_by_default():
    result = plan(current(DeletionProtection=False), desired(state="absent"))
    assert result.action == "delete"
    assert result.request == {
        "DBClusterIdentifier": "myapp-aurora-cluster",
        "FinalDBSnapshotIdentifier": "myapp-aurora-cluster-final-20250102030405",
    }
    assert result.details["disable_protection"] is False


def test_delete_can_skip_the_snapshot():
    result = plan(current(DeletionProtection=False), desired(state="absent", skip_final_snapshot=True))
    assert result.request == {"DBClusterIdentifier": "myapp-aurora-cluster", "SkipFinalSnapshot": True}


def test_delete_of_a_protected_cluster_says_how_to_proceed():
    error = _refused(current(), desired(state="absent"))
    assert "deletion_protection: false" in error.message
    assert _refused(current(), desired(state="absent", deletion_protection=True)).option == "state"


def test_deletion_protection_false_in_the_task_turns_it_off_and_deletes():
    result = plan(current(), desired(state="absent", deletion_protection=False))
    assert result.action == "delete" and result.details["disable_protection"] is True


MEMBERS = cluster_members(("myapp-aurora-writer", 1), ("myapp-aurora-reader-1", 0))


def test_delete_with_members_lists_them():
    error = _refused(current(DBClusterMembers=MEMBERS), desired(state="absent", deletion_protection=False))
    assert "myapp-aurora-reader-1, myapp-aurora-writer" in error.message


def test_delete_takes_the_members_an_earlier_task_deletes_as_gone():
    live, gone = current(DBClusterMembers=MEMBERS), desired(state="absent", deletion_protection=False)
    with pytest.raises(ValidationError) as err:
        plan(live, gone, assume_deleted=("myapp-aurora-writer",))
    assert "it still has instances myapp-aurora-reader-1; delete them first" in err.value.message
    result = plan(live, gone, assume_deleted=("myapp-aurora-reader-1", "myapp-aurora-writer"))
    assert result.action == "delete"
    # Only the argument counts: the option reaches the plan through the module, in check mode only.
    assert _refused(live, desired(state="absent", deletion_protection=False, assume_deleted=["myapp-aurora-writer"]))


def test_absent_and_missing_or_deleting_plans_nothing_but_waits_for_a_deleting_one():
    assert plan(None, desired(state="absent")) == plan(None, desired(state="absent", wait=False))
    assert not plan(None, desired(state="absent")) and plan(None, desired(state="absent")).wait is None
    deleting = plan(current(Status="deleting"), desired(state="absent"))
    assert not deleting and deleting.wait == "cluster_deleted"
    assert plan(current(Status="deleting"), desired(state="absent", wait=False)).wait is None


# --- the wait each plan ends with ---


@pytest.mark.parametrize(
    ("live", "overrides", "wait"),
    [
        (None, {}, "cluster_available"),
        ({}, {}, None),
        ({}, dict(wait_for_members=True), "cluster_available"),
        (dict(Status="backing-up"), {}, "cluster_available"),
        (dict(BackupRetentionPeriod=7), {}, "cluster_available"),
        (dict(BackupRetentionPeriod=7), dict(apply_immediately=True), "cluster_applied"),
        ({}, dict(tags={"env": "prod"}, apply_immediately=True), "cluster_available"),
        (dict(BackupRetentionPeriod=7), dict(wait=False), None),
        (dict(DeletionProtection=False), dict(state="absent"), "cluster_deleted"),
    ],
)
def test_the_plan_says_what_to_wait_for_even_when_nothing_changes(live, overrides, wait):
    assert plan(None if live is None else current(**live), desired(**overrides)).wait == wait


# --- predict and diff ---


def test_predict_and_diff_of_a_modify_come_from_the_plan():
    live = current(BackupRetentionPeriod=7, TagList=[{"Key": "old", "Value": "1"}])
    wanted = desired(tags={"env": "prod"})
    result = plan(live, wanted)
    predicted = predict(live, result, wanted)
    assert predicted["backup_retention_period"] == 14
    assert predicted["tags"] == {"env": "prod"}
    assert predicted["endpoint"] == live["endpoint"]
    changed = diff(live, result, wanted)
    different = {key for key in changed["after"] if changed["after"][key] != changed["before"].get(key)}
    assert different == {"backup_retention_period", "tags"}


def test_predict_of_a_create_and_a_delete():
    wanted = desired()
    created = predict(None, plan(None, wanted), wanted)
    assert created["identifier"] == "myapp-aurora-cluster"
    assert created["status"] == "creating"
    assert created["backup_retention_period"] == 14
    assert created["port"] is None
    gone = desired(state="absent", deletion_protection=False)
    assert predict(current(), plan(current(), gone), gone) == {}
    assert diff(current(), plan(current(), gone), gone)["after"] == {}


def test_diff_shows_a_marker_never_the_password():
    wanted = desired(update_password="always")
    changed = diff(current(), plan(current(), wanted), wanted)
    assert changed["after"]["master_user_password"] == PASSWORD_MARKER
    assert "master_user_password" not in changed["before"]
    assert PASSWORD not in repr(changed)


def test_diff_counts_queued_changes_as_made():
    live = current(BackupRetentionPeriod=7, PendingModifiedValues={"BackupRetentionPeriod": 14})
    wanted = desired()
    changed = diff(live, plan(live, wanted), wanted)
    assert changed["before"] == changed["after"]


def test_summary_is_the_plan_without_its_request():
    result = plan(current(BackupRetentionPeriod=7), desired(tags={"env": "prod"}, apply_immediately=True))
    assert result.summary() == {
        "action": "modify",
        "changes": {"backup_retention_period": 14},
        "tags": {"set": {"env": "prod"}, "remove": []},
        "wait": "cluster_applied",
    }
