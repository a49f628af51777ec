"""aurora_cluster against the simulator: the guide's step 3, reruns that only describe, queued changes, refusals."""

import json
import time

import pytest

from ansible_collections.aurora.mysql.plugins.modules import aurora_cluster
from tests.unit.builders import STOPPED, mutations, network, warnings_of

IDENTIFIER = "myapp-aurora-cluster"
PASSWORD = "Guide-Passw0rd!"
NEW_PASSWORD = "Another-Passw0rd#"
GUIDE = dict(
    identifier=IDENTIFIER,
    engine="aurora-mysql",
    engine_version="8.0.mysql_aurora.3.07.1",
    master_username="admin",
    master_user_password=PASSWORD,
    db_subnet_group_name="myapp-aurora-subnets",
    vpc_security_group_ids=["sg-0123456789abcdef0"],
    db_cluster_parameter_group_name="myapp-aurora-mysql8-cluster",
    storage_encrypted=True,
    backup_retention_period=14,
    preferred_backup_window="02:00-03:00",
    preferred_maintenance_window="sun:04:00-sun:05:00",
    enable_cloudwatch_logs_exports=["audit", "error", "general", "slowquery"],
    deletion_protection=True,
)


@pytest.fixture
def cluster(sim, run_module, guide):
    """Runs the module against the simulator, with the guide's subnet and parameter groups in place."""
    rds = sim.boto3("rds")
    rds.create_db_cluster_parameter_group(
        DBClusterParameterGroupName="myapp-aurora-mysql8-cluster",
        DBParameterGroupFamily="aurora-mysql8.0",
        Description="Cluster parameters for Aurora MySQL 8.0",
    )
    sim.client.reset_counts()

    def _run(args, check_mode=False, diff=False):
        return run_module(aurora_cluster, args, check_mode, diff, sim.env)

    return _run


@pytest.fixture
def prerequisites(sim):
    """The guide's VPC, subnets, subnet group and security group, made in the simulator."""
    return network(sim)


@pytest.fixture
def guide(sim, prerequisites):
    """The guide's cluster settings, with its security group and a customer managed key that exist (RDS refuses any
    other)."""
    key = sim.boto3("kms").create_key(Description="myapp-aurora")["KeyMetadata"]
    return dict(GUIDE, kms_key_id=key["Arn"], vpc_security_group_ids=[prerequisites["security_group_id"]])


def described(sim):
    found = sim.boto3("rds").describe_db_clusters(Filters=[{"Name": "db-cluster-id", "Values": [IDENTIFIER]}])
    return found["DBClusters"][0] if found["DBClusters"] else None


def add_writer(sim):
    """RDS changes a cluster's engine version only with a healthy primary instance (InvalidDBClusterStateFault)."""
    rds = sim.boto3("rds")
    rds.create_db_instance(
        DBInstanceIdentifier="myapp-aurora-writer",
        DBClusterIdentifier=IDENTIFIER,
        DBInstanceClass="db.r6g.large",
        Engine="aurora-mysql",
    )
    rds.describe_db_instances(DBInstanceIdentifier="myapp-aurora-writer")
    sim.client.reset_counts()


def assert_only_describes(sim):
    counts = sim.client.counts()
    assert counts and all(action.startswith("Describe") for action in counts), counts


def test_guide_step_3_check_apply_rerun(sim, cluster, guide):
    checked = cluster(guide, check_mode=True, diff=True)
    assert checked["changed"] is True
    assert checked["diff"]["before"] == {}
    assert checked["cluster"]["backup_retention_period"] == 14
    assert mutations(sim) == {} and described(sim) is None

    created = cluster(guide, diff=True)
    assert created["changed"] is True, created
    assert mutations(sim) == {"CreateDBCluster": 1}
    aws = described(sim)
    assert aws["EngineVersion"] == "8.0.mysql_aurora.3.07.1"
    assert aws["BackupRetentionPeriod"] == 14
    assert sorted(aws["EnabledCloudwatchLogsExports"]) == guide["enable_cloudwatch_logs_exports"]
    assert aws["DeletionProtection"] is True and aws["StorageEncrypted"] is True
    assert aws["DBClusterParameterGroup"] == "myapp-aurora-mysql8-cluster"
    result = created["cluster"]
    assert result["status"] == "available"
    assert result["arn"] == aws["DBClusterArn"]
    assert result["endpoint"] == aws["Endpoint"] and result["reader_endpoint"] == aws["ReaderEndpoint"]
    assert result["members"] == [] and result["pending_modified_values"] == {}
    # Check mode predicted every option the real run set.
    for option in guide:
        if option in checked["cluster"] and option != "identifier":
            assert checked["cluster"][option] == result[option], option

    sim.client.reset_counts()
    rerun = cluster(guide, diff=True)
    assert rerun["changed"] is False
    assert rerun["diff"]["before"] == rerun["diff"]["after"]
    assert_only_describes(sim)
    # One read of an available, unchanged cluster: no version lookup, no wait, no re-read.
    assert sim.client.counts() == {"DescribeDBClusters": 1}


def test_password_never_leaves_the_module(sim, cluster, guide):
    results = [
        cluster(guide, check_mode=True, diff=True),
        cluster(guide, diff=True),
        cluster(dict(guide, master_user_password=NEW_PASSWORD, update_password="always"), diff=True),
        cluster(dict(guide, master_user_password=NEW_PASSWORD, master_username="root")),  # refused: immutable
        cluster(dict(guide, master_user_password="bad/pass-word")),  # refused: validation
    ]
    assert results[3]["failed"] is True and results[4]["failed"] is True
    text = json.dumps(results)
    for secret in (PASSWORD, NEW_PASSWORD, "bad/pass-word"):
        assert secret not in text


def test_update_password_always_sends_it_and_reports_changed_every_run(sim, cluster, guide):
    cluster(guide)
    always = dict(guide, master_user_password=NEW_PASSWORD, update_password="always")
    for run in (1, 2):
        sim.client.reset_counts()
        result = cluster(always)
        assert result["changed"] is True, run
        assert mutations(sim) == {"ModifyDBCluster": 1}, run
    sim.client.reset_counts()
    assert cluster(dict(guide, master_user_password=NEW_PASSWORD))["changed"] is False
    assert_only_describes(sim)


def test_modify_retention_and_logs_then_rerun(sim, cluster, guide):
    cluster(guide)
    modified = dict(guide, backup_retention_period=21, enable_cloudwatch_logs_exports=["error", "slowquery"])
    sim.client.reset_counts()
    result = cluster(modified, diff=True)
    assert result["changed"] is True
    assert mutations(sim) == {"ModifyDBCluster": 1}
    before, after = result["diff"]["before"], result["diff"]["after"]
    assert {key for key in after if after[key] != before.get(key)} == {
        "backup_retention_period",
        "enable_cloudwatch_logs_exports",
    }
    aws = described(sim)
    assert aws["BackupRetentionPeriod"] == 21
    assert sorted(aws["EnabledCloudwatchLogsExports"]) == ["error", "slowquery"]
    assert aws["PreferredBackupWindow"] == "02:00-03:00" and aws["DeletionProtection"] is True

    sim.client.reset_counts()
    assert cluster(modified)["changed"] is False
    assert_only_describes(sim)


def test_unset_options_are_left_alone(sim, cluster, guide):
    cluster(guide)
    sim.client.reset_counts()
    result = cluster(dict(identifier=IDENTIFIER))
    assert result["changed"] is False
    assert_only_describes(sim)
    assert result["cluster"]["backup_retention_period"] == 14


def test_queued_engine_upgrade_is_not_sent_again(sim, cluster, guide):
    cluster(guide)
    upgrade = dict(guide, engine_version="8.0.mysql_aurora.3.08.0")
    add_writer(sim)
    queued = cluster(upgrade)
    assert queued["changed"] is True and mutations(sim) == {"ModifyDBCluster": 1}
    assert queued["cluster"]["engine_version"] == "8.0.mysql_aurora.3.07.1"
    assert queued["cluster"]["pending_modified_values"] == {"engine_version": "8.0.mysql_aurora.3.08.0"}

    sim.client.reset_counts()
    assert cluster(upgrade)["changed"] is False
    assert_only_describes(sim)


def test_engine_upgrade_applied_immediately_is_waited_for(sim, cluster, guide):
    cluster(guide)
    add_writer(sim)
    # Real intermediate states at x 0.01: available with the upgrade pending a few moments, then upgrading (6 s).
    sim.client.set_scale(0.01)
    upgrade = dict(guide, engine_version="8.0.mysql_aurora.3.08.0", apply_immediately=True, wait_timeout=120)
    started_at = time.monotonic()
    result = cluster(upgrade)
    assert result["changed"] is True
    assert result["cluster"]["engine_version"] == "8.0.mysql_aurora.3.08.0"
    assert result["cluster"]["status"] == "available"
    assert result["cluster"]["pending_modified_values"] == {}
    assert time.monotonic() - started_at >= 5
    assert sim.client.counts()["DescribeDBClusters"] >= 3


def test_an_immediate_change_is_waited_for_until_nothing_is_pending(sim, cluster, guide):
    cluster(guide)
    # x 0.1: RDS shows available with the change pending for a few moments (0.5 s), then modifying (6 s).
    sim.client.set_scale(0.1)
    sim.client.reset_counts()
    started_at = time.monotonic()
    result = cluster(dict(guide, iam_database_authentication=True, apply_immediately=True, wait_timeout=120))
    assert result["changed"] is True
    assert result["cluster"]["iam_database_authentication"] is True
    assert result["cluster"]["status"] == "available" and result["cluster"]["pending_modified_values"] == {}
    assert time.monotonic() - started_at >= 5
    assert mutations(sim) == {"ModifyDBCluster": 1}


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        (dict(master_username="root"), "master_username"),
        (dict(database_name="myapp"), "database_name"),
        (dict(kms_key_id="arn:aws:kms:us-east-1:123456789012:key/another-key"), "kms_key_id"),
        (dict(engine_version="5.7.mysql_aurora.2.12.0"), "engine_version"),
    ],
)
def test_refusals_of_an_existing_cluster_change_nothing(sim, cluster, overrides, option, guide):
    cluster(guide)
    sim.client.reset_counts()
    result = cluster(dict(guide, **overrides))
    assert result["failed"] is True
    assert result["option"] == option
    assert mutations(sim) == {}


def test_major_upgrade_needs_allow_major_version_upgrade(sim, cluster, guide):
    old = dict(guide, engine_version="5.7.mysql_aurora.2.12.0", db_cluster_parameter_group_name=None)
    cluster(old)
    add_writer(sim)
    refused = cluster(dict(old, engine_version="8.0.mysql_aurora.3.07.1"))
    assert refused["failed"] is True and refused["option"] == "allow_major_version_upgrade"
    assert mutations(sim) == {}
    allowed = cluster(dict(old, engine_version="8.0.mysql_aurora.3.07.1", allow_major_version_upgrade=True))
    assert allowed["changed"] is True
    assert allowed["cluster"]["pending_modified_values"] == {"engine_version": "8.0.mysql_aurora.3.07.1"}


def test_a_cluster_aws_upgraded_past_the_task_is_left_alone_on_every_run(sim, cluster, guide):
    cluster(guide)
    add_writer(sim)
    # The maintenance window, with the automatic minor upgrade AWS runs there (sources.md item 12).
    sim.client.maintenance_window(IDENTIFIER, engine_version="8.0.mysql_aurora.3.08.2")
    assert described(sim)["EngineVersion"] == "8.0.mysql_aurora.3.08.2"
    for check_mode in (True, False, False):
        sim.client.reset_counts()
        result = cluster(guide, check_mode=check_mode, diff=True)
        assert result["changed"] is False, result
        assert result["engine_version_ahead"] == {
            "requested": "8.0.mysql_aurora.3.07.1",
            "running": "8.0.mysql_aurora.3.08.2",
        }
        assert any("8.0.mysql_aurora.3.08.2" in warning for warning in warnings_of(result))
        assert result["cluster"]["engine_version"] == "8.0.mysql_aurora.3.08.2"
        assert result["diff"]["before"] == result["diff"]["after"]
        assert sim.client.counts() == {"DescribeDBClusters": 1}
    # Asking for what it runs now is quiet again.
    matched = cluster(dict(guide, engine_version="8.0.mysql_aurora.3.08.2"))
    assert matched["changed"] is False and "engine_version_ahead" not in matched and not warnings_of(matched)


def test_a_minor_upgrade_now_waits_through_upgrading_until_every_member_runs_it(sim, cluster, guide):
    cluster(guide)
    add_writer(sim)
    sim.boto3("rds").create_db_instance(
        DBInstanceIdentifier="myapp-aurora-reader-1",
        DBClusterIdentifier=IDENTIFIER,
        DBInstanceClass="db.r6g.large",
        Engine="aurora-mysql",
    )
    # AWS-like durations at 1/200: a few moments available, then `upgrading` for about three seconds.
    sim.client.set_scale(0.005)
    sim.client.reset_counts()
    upgrade = dict(guide, engine_version="8.0.mysql_aurora.3.08.0", apply_immediately=True, wait_timeout=120)
    result = cluster(upgrade)
    assert result["changed"] is True, result
    assert mutations(sim) == {"ModifyDBCluster": 1}
    assert result["cluster"]["engine_version"] == "8.0.mysql_aurora.3.08.0"
    assert result["cluster"]["status"] == "available" and result["cluster"]["pending_modified_values"] == {}
    # The wait saw the upgrade through: polled more than once, and every member is back.
    assert sim.client.counts()["DescribeDBClusters"] > 2
    rds = sim.boto3("rds")
    members = rds.describe_db_instances(Filters=[{"Name": "db-cluster-id", "Values": [IDENTIFIER]}])["DBInstances"]
    assert {db["DBInstanceStatus"] for db in members} == {"available"}
    messages = [
        event["Message"]
        for event in rds.describe_events(SourceType="db-cluster", SourceIdentifier=IDENTIFIER)["Events"]
    ]
    assert "Database cluster engine version upgrade started." in messages

    sim.client.reset_counts()
    rerun = cluster(upgrade)
    assert rerun["changed"] is False and mutations(sim) == {}


@pytest.fixture
def v2_cluster(sim, cluster, guide):
    """The guide's cluster on Aurora MySQL version 2, with custom 5.7 groups, a writer and 8.0 groups ready."""
    rds = sim.boto3("rds")
    for name, family in (("myapp-aurora-mysql57-cluster", "aurora-mysql5.7"),):
        rds.create_db_cluster_parameter_group(
            DBClusterParameterGroupName=name, DBParameterGroupFamily=family, Description=name
        )
    for name, family in (
        ("myapp-aurora-mysql57-instance", "aurora-mysql5.7"),
        ("myapp-aurora-mysql8-instance", "aurora-mysql8.0"),
    ):
        rds.create_db_parameter_group(DBParameterGroupName=name, DBParameterGroupFamily=family, Description=name)
    old = dict(
        guide,
        engine_version="5.7.mysql_aurora.2.12.0",
        db_cluster_parameter_group_name="myapp-aurora-mysql57-cluster",
        deletion_protection=False,
    )
    assert cluster(old)["changed"] is True
    rds.create_db_instance(
        DBInstanceIdentifier="myapp-aurora-writer",
        DBClusterIdentifier=IDENTIFIER,
        DBInstanceClass="db.r6g.large",
        Engine="aurora-mysql",
        DBParameterGroupName="myapp-aurora-mysql57-instance",
    )
    rds.describe_db_instances(DBInstanceIdentifier="myapp-aurora-writer")
    sim.client.reset_counts()
    return old


MAJOR = dict(
    engine_version="8.0.mysql_aurora.3.07.1",
    allow_major_version_upgrade=True,
    db_cluster_parameter_group_name="myapp-aurora-mysql8-cluster",
    db_instance_parameter_group_name="myapp-aurora-mysql8-instance",
)


@pytest.mark.parametrize(
    ("overrides", "option", "words"),
    [
        (
            dict(db_cluster_parameter_group_name="myapp-aurora-mysql57-cluster"),
            "db_cluster_parameter_group_name",
            "custom",
        ),
        (
            dict(db_instance_parameter_group_name=None),
            "db_instance_parameter_group_name",
            "myapp-aurora-mysql57-instance",
        ),
        (
            dict(db_instance_parameter_group_name="myapp-aurora-mysql57-instance"),
            "db_instance_parameter_group_name",
            "aurora-mysql8.0",
        ),
        (dict(db_cluster_parameter_group_name="no-such-group"), "db_cluster_parameter_group_name", "no-such-group"),
        (dict(engine_version="8.0.mysql_aurora.3.99.0"), "engine_version", "not an aurora-mysql version"),
    ],
)
@pytest.mark.parametrize("check_mode", [True, False])
def test_a_major_upgrade_in_place_is_refused_before_any_change_without_the_new_family(
    sim, cluster, v2_cluster, overrides, option, words, check_mode
):
    result = cluster({**v2_cluster, **MAJOR, **overrides}, check_mode=check_mode)
    assert result["failed"] is True and result["option"] == option, result
    assert words in result["msg"]
    assert mutations(sim) == {}


def test_a_major_upgrade_in_place_takes_the_new_groups_along(sim, cluster, v2_cluster):
    upgrade = dict(v2_cluster, **MAJOR, apply_immediately=True)
    checked = cluster(upgrade, check_mode=True)
    assert checked["changed"] is True and mutations(sim) == {}
    result = cluster(upgrade)
    assert result["changed"] is True, result
    assert mutations(sim) == {"ModifyDBCluster": 1}
    assert result["cluster"]["engine_version"] == "8.0.mysql_aurora.3.07.1"
    assert result["cluster"]["db_cluster_parameter_group_name"] == "myapp-aurora-mysql8-cluster"
    writer = sim.boto3("rds").describe_db_instances(DBInstanceIdentifier="myapp-aurora-writer")["DBInstances"][0]
    assert writer["DBParameterGroups"][0]["DBParameterGroupName"] == "myapp-aurora-mysql8-instance"
    assert any("reboot" in warning for warning in warnings_of(result))
    for key in ("engine_version", "db_cluster_parameter_group_name"):
        assert checked["cluster"][key] == result["cluster"][key]
    sim.client.reset_counts()
    assert cluster(upgrade)["changed"] is False and mutations(sim) == {}


def test_a_queued_major_upgrade_is_not_sent_again_until_the_window_runs_it(sim, cluster, v2_cluster):
    upgrade = dict(v2_cluster, **MAJOR)
    queued = cluster(upgrade)
    assert queued["changed"] is True and mutations(sim) == {"ModifyDBCluster": 1}
    assert queued["cluster"]["pending_modified_values"] == {"engine_version": "8.0.mysql_aurora.3.07.1"}
    sim.client.reset_counts()
    again = cluster(upgrade)
    assert again["changed"] is False and mutations(sim) == {}
    assert any("goes with the upgrade" in warning for warning in warnings_of(again))
    sim.client.maintenance_window(IDENTIFIER, minor_upgrade=False)
    sim.client.reset_counts()
    after = cluster(upgrade)
    assert after["changed"] is False and mutations(sim) == {}
    assert after["cluster"]["engine_version"] == "8.0.mysql_aurora.3.07.1"
    assert after["cluster"]["db_cluster_parameter_group_name"] == "myapp-aurora-mysql8-cluster"


def test_validation_fails_before_any_call(sim, cluster, guide):
    result = cluster(
        dict(guide, preferred_backup_window="04:15-04:45", preferred_maintenance_window="mon:04:00-mon:05:00")
    )
    assert result["failed"] is True and result["option"] == "preferred_backup_window"
    assert sim.client.counts() == {}


def test_tags_are_added_and_purged(sim, cluster, guide):
    cluster(dict(guide, tags={"env": "prod", "team": "db"}))
    assert described(sim)["TagList"] == [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "db"}]
    sim.client.reset_counts()
    result = cluster(dict(guide, tags={"env": "staging"}))
    assert result["changed"] is True and result["cluster"]["tags"] == {"env": "staging"}
    assert mutations(sim) == {"AddTagsToResource": 1, "RemoveTagsFromResource": 1}
    sim.client.reset_counts()
    assert cluster(dict(guide, tags={"env": "staging"}))["changed"] is False
    assert_only_describes(sim)


def test_secrets_manager_password(sim, cluster, guide):
    managed = dict(guide, master_user_password=None, manage_master_user_password=True)
    created = cluster(managed)
    assert created["changed"] is True
    assert created["cluster"]["manage_master_user_password"] is True
    assert created["cluster"]["master_user_secret_arn"].startswith("arn:aws:secretsmanager:")
    sim.client.reset_counts()
    assert cluster(managed)["changed"] is False
    assert_only_describes(sim)


def test_kms_alias_is_resolved_once_and_key_ids_never(sim, cluster, guide):
    kms = sim.boto3("kms")
    key = kms.describe_key(KeyId=guide["kms_key_id"])["KeyMetadata"]
    kms.create_alias(AliasName="alias/myapp-aurora", TargetKeyId=key["KeyId"])
    cluster(guide)
    sim.client.reset_counts()
    assert cluster(dict(guide, kms_key_id="alias/myapp-aurora"))["changed"] is False
    assert sim.client.counts().get("DescribeKey") == 1
    assert_only_describes(sim)
    sim.client.reset_counts()
    assert cluster(dict(guide, kms_key_id=key["KeyId"]))["changed"] is False
    assert "DescribeKey" not in sim.client.counts()


def test_absent_is_refused_while_protected_then_deletes_with_a_final_snapshot(sim, cluster, guide):
    cluster(guide)
    sim.client.reset_counts()
    refused = cluster(dict(identifier=IDENTIFIER, state="absent"))
    assert refused["failed"] is True
    assert "deletion_protection: false" in refused["msg"]
    assert mutations(sim) == {}

    checked = cluster(dict(identifier=IDENTIFIER, state="absent", deletion_protection=False), check_mode=True)
    assert checked["changed"] is True and mutations(sim) == {}

    deleted = cluster(dict(identifier=IDENTIFIER, state="absent", deletion_protection=False))
    assert deleted["changed"] is True and deleted["cluster"] == {}
    assert mutations(sim) == {"ModifyDBCluster": 1, "DeleteDBCluster": 1}
    assert described(sim) is None
    snapshot = deleted["final_snapshot_identifier"]
    assert snapshot.startswith(f"{IDENTIFIER}-final-")
    snapshots = sim.boto3("rds").describe_db_cluster_snapshots(DBClusterSnapshotIdentifier=snapshot)
    assert snapshots["DBClusterSnapshots"][0]["DBClusterIdentifier"] == IDENTIFIER

    sim.client.reset_counts()
    assert cluster(dict(identifier=IDENTIFIER, state="absent"))["changed"] is False
    assert_only_describes(sim)


def test_absent_with_instances_lists_them(sim, cluster, guide):
    cluster(dict(guide, deletion_protection=False))
    sim.boto3("rds").create_db_instance(
        DBInstanceIdentifier="myapp-aurora-writer",
        DBClusterIdentifier=IDENTIFIER,
        DBInstanceClass="db.r6g.xlarge",
        Engine="aurora-mysql",
    )
    sim.client.reset_counts()
    result = cluster(dict(identifier=IDENTIFIER, state="absent", skip_final_snapshot=True))
    assert result["failed"] is True
    assert "myapp-aurora-writer" in result["msg"]
    assert mutations(sim) == {}


def test_check_mode_takes_the_members_assume_deleted_names_as_gone(sim, cluster, guide):
    cluster(dict(guide, deletion_protection=False))
    for identifier in ("myapp-aurora-writer", "myapp-aurora-reader-1"):
        sim.boto3("rds").create_db_instance(
            DBInstanceIdentifier=identifier,
            DBClusterIdentifier=IDENTIFIER,
            DBInstanceClass="db.r6g.large",
            Engine="aurora-mysql",
        )
    sim.client.reset_counts()
    gone = dict(identifier=IDENTIFIER, state="absent", skip_final_snapshot=True)
    refused = cluster(dict(gone, assume_deleted=["myapp-aurora-writer"]), check_mode=True)
    assert refused["failed"] is True
    assert "it still has instances myapp-aurora-reader-1;" in refused["msg"]
    every = dict(gone, assume_deleted=["myapp-aurora-writer", "myapp-aurora-reader-1"])
    predicted = cluster(every, check_mode=True, diff=True)
    assert predicted["changed"] is True and predicted["cluster"] == {} and predicted["diff"]["after"] == {}
    # A real run reads the members as they are, and they are still there.
    real = cluster(every)
    assert real["failed"] is True and "myapp-aurora-reader-1, myapp-aurora-writer" in real["msg"]
    assert mutations(sim) == {}


def test_wait_for_members_waits_for_every_instance(sim, cluster, guide):
    cluster(guide)
    # AWS-like transitions at x0.01: the writer is still creating (about 5 s) when the wait starts.
    sim.client.set_scale(0.01)
    sim.boto3("rds").create_db_instance(
        DBInstanceIdentifier="myapp-aurora-writer",
        DBClusterIdentifier=IDENTIFIER,
        DBInstanceClass="db.r6g.xlarge",
        Engine="aurora-mysql",
    )
    sim.client.reset_counts()
    result = cluster(dict(identifier=IDENTIFIER, wait_for_members=True))
    assert result["changed"] is False
    assert result["cluster"]["members"] == [
        {"instance_identifier": "myapp-aurora-writer", "is_writer": True, "promotion_tier": 1}
    ]
    # A wait that saw the writer creating has to look again.
    assert sim.client.counts().get("DescribeDBInstances", 0) >= 2
    assert_only_describes(sim)
    statuses = sim.boto3("rds").describe_db_instances(DBInstanceIdentifier="myapp-aurora-writer")["DBInstances"]
    assert statuses[0]["DBInstanceStatus"] == "available"


UNKNOWN_VERSION = "8.0.mysql_aurora.3.99.9"


def version_lookups(sim):
    return sim.client.counts().get("DescribeDBEngineVersions", 0)


@pytest.mark.parametrize("check_mode", [False, True])
def test_unknown_engine_version_is_refused_before_any_change(sim, cluster, check_mode, guide):
    result = cluster(dict(guide, engine_version=UNKNOWN_VERSION), check_mode=check_mode)
    assert result["failed"] is True
    assert result["option"] == "engine_version"
    assert UNKNOWN_VERSION in result["msg"]
    # The nearest offered versions come first: the newest of the same major version.
    assert "nearest offered are 8.0.mysql_aurora.3.10.0, 8.0.mysql_aurora.3.09.0" in result["msg"]
    assert mutations(sim) == {}
    assert described(sim) is None


def test_unknown_upgrade_of_an_existing_cluster_changes_nothing(sim, cluster, guide):
    cluster(guide)
    sim.client.reset_counts()
    result = cluster(dict(guide, engine_version="8.0.mysql_aurora.3.07.9", apply_immediately=True))
    assert result["failed"] is True and result["option"] == "engine_version"
    assert "nearest offered are 8.0.mysql_aurora.3.07.1, 8.0.mysql_aurora.3.07.0" in result["msg"]
    assert mutations(sim) == {}
    kept = described(sim)
    assert kept["EngineVersion"] == guide["engine_version"] and kept.get("PendingModifiedValues", {}) == {}


def test_a_valid_version_costs_one_lookup_and_only_when_it_is_sent(sim, cluster, guide):
    assert cluster(guide)["changed"] is True
    assert version_lookups(sim) == 1
    assert mutations(sim) == {"CreateDBCluster": 1}

    add_writer(sim)
    upgrade = dict(guide, engine_version="8.0.mysql_aurora.3.08.0")
    assert cluster(upgrade)["changed"] is True
    assert version_lookups(sim) == 1
    assert mutations(sim) == {"ModifyDBCluster": 1}

    # Already queued, or not managed at all: no lookup.
    for args in (upgrade, dict(identifier=IDENTIFIER)):
        sim.client.reset_counts()
        assert cluster(args)["changed"] is False
        assert version_lookups(sim) == 0
        assert_only_describes(sim)


def test_create_without_engine_version_makes_no_lookup(sim, cluster, guide):
    created = cluster({key: value for key, value in guide.items() if key != "engine_version"})
    assert created["changed"] is True
    assert version_lookups(sim) == 0
    assert created["cluster"]["engine_version"] == "8.0.mysql_aurora.3.08.2"  # RDS's default


def test_check_mode_preflight_on_an_empty_account(sim, run_module):
    """The role's preflight: check mode before the subnet group and parameter groups exist."""
    group = network(sim, subnet_group=None)["security_group_id"]
    key = sim.boto3("kms").create_key(Description="myapp-aurora")["KeyMetadata"]["Arn"]
    guide = dict(GUIDE, kms_key_id=key, vpc_security_group_ids=[group])
    sim.client.reset_counts()
    result = run_module(aurora_cluster, guide, True, True, sim.env)
    assert result.get("failed") is not True, result
    assert result["changed"] is True
    assert result["diff"]["before"] == {}
    assert result["cluster"]["db_subnet_group_name"] == "myapp-aurora-subnets"
    assert result["cluster"]["db_cluster_parameter_group_name"] == "myapp-aurora-mysql8-cluster"
    assert version_lookups(sim) == 1
    assert mutations(sim) == {}

    refused = run_module(aurora_cluster, dict(guide, engine_version=UNKNOWN_VERSION), True, False, sim.env)
    assert refused["failed"] is True and refused["option"] == "engine_version"
    assert mutations(sim) == {}


WHERE = "(looked in region us-east-1, account 123456789012)"


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_key_that_does_not_exist_is_refused_before_any_change_and_says_where_it_looked(
    sim, cluster, guide, check_mode
):
    missing = guide["kms_key_id"].rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"
    result = cluster(dict(guide, kms_key_id=missing), check_mode=check_mode)
    assert result["failed"] is True and result["option"] == "kms_key_id"
    assert result["msg"] == f"kms_key_id: KMS key {missing} does not exist {WHERE}"
    assert mutations(sim) == {} and described(sim) is None


@pytest.mark.parametrize(
    ("make_unusable", "words"),
    [
        (lambda kms, key: kms.disable_key(KeyId=key.rsplit("/", 1)[1]), "is Disabled, not Enabled"),
        (
            lambda kms, key: kms.schedule_key_deletion(KeyId=key.rsplit("/", 1)[1], PendingWindowInDays=7),
            "is pending deletion on 20",
        ),
    ],
)
def test_a_key_rds_cannot_use_is_refused_before_any_change(sim, cluster, guide, make_unusable, words):
    make_unusable(sim.boto3("kms"), guide["kms_key_id"])
    sim.client.reset_counts()
    result = cluster(guide)
    assert result["failed"] is True and result["option"] == "kms_key_id"
    assert words in result["msg"] and "RDS cannot encrypt with it" in result["msg"]
    assert mutations(sim) == {} and described(sim) is None


def test_a_security_group_that_does_not_exist_is_refused_before_any_change(sim, cluster, guide):
    groups = [guide["vpc_security_group_ids"][0], "sg-0123456789abcdef0"]
    for check_mode in (True, False):
        result = cluster(dict(guide, vpc_security_group_ids=groups), check_mode=check_mode)
        assert result["failed"] is True and result["option"] == "vpc_security_group_ids"
        assert result["msg"] == f"vpc_security_group_ids: no such security group: sg-0123456789abcdef0 {WHERE}"
    assert mutations(sim) == {} and described(sim) is None


def test_a_security_group_of_another_vpc_is_refused_on_create_and_on_change(sim, cluster, guide, prerequisites):
    stranger = network(sim, cidr="10.1.0.0/16", subnet_group=None)
    elsewhere = dict(guide, vpc_security_group_ids=[stranger["security_group_id"]])
    sim.client.reset_counts()
    refused = cluster(elsewhere)
    assert refused["failed"] is True and refused["option"] == "vpc_security_group_ids"
    assert refused["msg"] == (
        f"vpc_security_group_ids: {stranger['security_group_id']} is in {stranger['vpc_id']}, but DB subnet group "
        f"myapp-aurora-subnets is in {prerequisites['vpc_id']}: RDS takes only security groups of the subnet group's "
        "VPC"
    )
    assert mutations(sim) == {} and described(sim) is None

    assert cluster(guide)["changed"] is True
    sim.client.reset_counts()
    refused = cluster(dict(elsewhere, apply_immediately=True))
    assert refused["failed"] is True and refused["option"] == "vpc_security_group_ids"
    assert mutations(sim) == {}
    # The group kept, the subnet group read to learn its VPC: reads only.
    assert set(sim.client.counts()) == {"DescribeDBClusters", "DescribeSecurityGroups", "DescribeDBSubnetGroups"}


def test_a_plan_with_nothing_to_send_checks_nothing(sim, cluster, guide):
    assert cluster(guide)["changed"] is True
    sim.client.reset_counts()
    # Another key and other groups are refused when sent; unchanged ones cost nothing, and no STS call is made.
    assert cluster(dict(guide, kms_key_id=guide["kms_key_id"]))["changed"] is False
    assert sim.client.counts() == {"DescribeDBClusters": 1}


def test_stop_then_start_wait_through_stopping_and_starting_and_are_idempotent(sim, cluster, guide):
    assert cluster(guide)["changed"] is True
    add_writer(sim)
    # Stopping lasts 180 s and starting 300 s on AWS: x 0.01 = 1.8 s and 3 s here, really waited through.
    sim.client.set_scale(0.01)
    stop = dict(identifier=IDENTIFIER, state="stopped")
    checked = cluster(stop, check_mode=True, diff=True)
    assert checked["changed"] is True and checked["cluster"]["status"] == "stopped"
    assert checked["diff"] == {"before": {"status": "available"}, "after": {"status": "stopped"}}
    assert mutations(sim) == {}

    stopped = cluster(stop, diff=True)
    assert stopped["changed"] is True and stopped["cluster"]["status"] == "stopped"
    assert stopped["diff"] == checked["diff"]
    assert mutations(sim) == {"StopDBCluster": 1}
    sim.client.reset_counts()
    assert cluster(stop)["changed"] is False
    assert_only_describes(sim)

    # The role rerun against the stopped cluster fails at once, saying what to do.
    started_at = time.monotonic()
    refused = cluster(guide)
    assert refused["failed"] is True and refused["msg"] == f"cluster {IDENTIFIER} {STOPPED}"
    assert time.monotonic() - started_at < 5
    assert mutations(sim) == {}

    start = dict(identifier=IDENTIFIER, state="started")
    result = cluster(start)
    assert result["changed"] is True and result["cluster"]["status"] == "available"
    assert mutations(sim) == {"StartDBCluster": 1}
    sim.client.reset_counts()
    assert cluster(start)["changed"] is False
    assert cluster(guide)["changed"] is False
    assert_only_describes(sim)


def test_started_waits_for_a_cluster_still_stopping_then_starts_it(sim, cluster, guide):
    assert cluster(guide)["changed"] is True
    sim.client.set_scale(0.01)
    sim.boto3("rds").stop_db_cluster(DBClusterIdentifier=IDENTIFIER)
    assert described(sim)["Status"] == "stopping"
    sim.client.reset_counts()
    result = cluster(dict(identifier=IDENTIFIER, state="started"))
    assert result["changed"] is True and result["cluster"]["status"] == "available"
    assert mutations(sim) == {"StartDBCluster": 1}


def test_a_state_a_cluster_cannot_leave_is_refused_before_any_change(sim, cluster, guide):
    assert cluster(guide)["changed"] is True
    sim.client.force_cluster_status(IDENTIFIER, "inaccessible-encryption-credentials")
    sim.client.reset_counts()
    for args in (dict(guide, backup_retention_period=21), dict(identifier=IDENTIFIER, state="started")):
        result = cluster(args)
        assert result["failed"] is True
        assert result["msg"].startswith(
            f"cluster {IDENTIFIER} is inaccessible-encryption-credentials: Aurora lost access to its KMS key for good"
        )
    assert mutations(sim) == {}


def test_wait_for_members_ends_at_once_on_a_member_that_cannot_recover(sim, cluster, guide):
    assert cluster(guide)["changed"] is True
    add_writer(sim)
    sim.client.force_instance_status("myapp-aurora-writer", status="storage-full")
    started_at = time.monotonic()
    result = cluster(dict(identifier=IDENTIFIER, wait_for_members=True))
    assert result["failed"] is True
    assert result["msg"].startswith("instance myapp-aurora-writer is storage-full: it has run out of storage")
    assert time.monotonic() - started_at < 5


def test_a_change_sent_while_the_cluster_is_busy_waits_for_it_then_goes_through(sim, cluster, guide):
    assert cluster(guide)["changed"] is True
    add_writer(sim)
    # A minor upgrade applied now: available a few moments, then upgrading for 600 s x 0.01 = 6 s here.
    sim.client.set_scale(0.01)
    upgrade = dict(guide, engine_version="8.0.mysql_aurora.3.08.0", apply_immediately=True, wait=False)
    assert cluster(upgrade)["changed"] is True
    # The cluster stays available a few moments before it turns to upgrading
    # (AuroraMySQL.Updates.MajorVersionUpgrade.md; fidelity/states.py).
    deadline = time.monotonic() + 5
    while described(sim)["Status"] != "upgrading":
        assert time.monotonic() < deadline, described(sim)["Status"]
        time.sleep(0.05)
    sim.client.reset_counts()
    started_at = time.monotonic()
    result = cluster(dict(upgrade, backup_retention_period=21, wait=False))
    assert result.get("failed") is not True, result
    assert result["changed"] is True
    # RDS would have refused it while upgrading ("DB cluster is not available for modification with status ..."):
    # the module waited for the upgrade, then sent the change, which was accepted.
    assert time.monotonic() - started_at >= 3
    accepted = [entry for entry in sim.client.log() if entry["action"] == "ModifyDBCluster"]
    assert accepted and accepted[-1]["status"] == 200
    aws = described(sim)
    assert aws["BackupRetentionPeriod"] == 21 and aws["EngineVersion"] == "8.0.mysql_aurora.3.08.0"
