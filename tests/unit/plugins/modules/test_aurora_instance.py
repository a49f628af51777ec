"""aurora_instance against the simulator: the guide's writer and readers, queued changes, reboots, deletes, timing."""

import time

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import aws, rds
from ansible_collections.aurora.mysql.plugins.modules import aurora_cluster_info, aurora_instance
from tests.unit.builders import MONITORING_ROLE, STOPPED, monitoring_role, mutations, stop_cluster

CLUSTER = "myapp-aurora-cluster"
GROUP = "myapp-aurora-mysql8-instance"
GUIDE = dict(
    cluster_identifier=CLUSTER,
    engine="aurora-mysql",
    db_parameter_group_name=GROUP,
    monitoring_interval=10,
    # Made in the simulator by create_cluster(): RDS refuses a role that does not exist.
    monitoring_role_arn=MONITORING_ROLE,
    enable_performance_insights=True,
    performance_insights_retention_period=7,
    auto_minor_version_upgrade=True,
    # Far above any simulated wait here, and far below the 1800 s default, so a wait that cannot end fails fast.
    wait_timeout=60,
)
WRITER = dict(GUIDE, identifier="myapp-aurora-writer", instance_class="db.r6g.xlarge")
READER_1 = dict(GUIDE, identifier="myapp-aurora-reader-1", instance_class="db.r6g.xlarge", promotion_tier=0)
READER_2 = dict(GUIDE, identifier="myapp-aurora-reader-2", instance_class="db.r6g.large", promotion_tier=1)
# Simulated durations are AWS's times this: an instance creates in 4.8 s, modifies in 1.2 s, reboots in 0.6 s.
SCALE = 0.01


def changed(result):
    """`changed` of a run that must not have failed; a failure shows its message instead of a KeyError."""
    assert not result.get("failed"), result.get("msg")
    return result["changed"]


@pytest.fixture
def cluster(sim):
    """The guide's steps 2-3 (the parts instances need), made with boto3: a cluster with deletion protection."""
    client = create_cluster(sim)
    sim.client.reset_counts()
    return client


def create_cluster(sim):
    """The guide's cluster and its instance parameter group; its Enhanced Monitoring role too, when not made yet."""
    if not sim.boto3("iam").list_roles()["Roles"]:
        monitoring_role(sim)
    client = sim.boto3("rds")
    client.create_db_parameter_group(
        DBParameterGroupName=GROUP,
        DBParameterGroupFamily="aurora-mysql8.0",
        Description="Instance parameters for Aurora MySQL 8.0",
    )
    client.create_db_cluster(
        DBClusterIdentifier=CLUSTER,
        Engine="aurora-mysql",
        EngineVersion="8.0.mysql_aurora.3.07.1",
        MasterUsername="admin",
        MasterUserPassword="correct-horse-battery",
        DeletionProtection=True,
    )
    client.get_waiter("db_cluster_available").wait(
        DBClusterIdentifier=CLUSTER, WaiterConfig={"Delay": 1, "MaxAttempts": 60}
    )
    return client


@pytest.fixture
def run(run_module, sim):
    def _run(args, **kwargs):
        return run_module(aurora_instance, args, env=sim.env, **kwargs)

    return _run


def aws_client(sim):
    return aws.connect(
        {
            "region": sim.env["AWS_REGION"],
            "endpoint_url": sim.env["AWS_ENDPOINT_URL"],
            "access_key": "testing",
            "secret_key": "testing",
        },
        "rds",
    )


def describe(client, identifier):
    return client.describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"][0]


def test_guide_writer_is_created_and_a_rerun_only_reads(sim, cluster, run):
    created = run(WRITER)
    assert changed(created) is True
    instance = created["instance"]
    assert instance["identifier"] == "myapp-aurora-writer"
    assert instance["status"] == "available"
    assert instance["instance_class"] == "db.r6g.xlarge"
    assert instance["is_writer"] is True
    assert instance["endpoint"]["address"] and instance["endpoint"]["port"] == 3306
    assert instance["monitoring_interval"] == 10
    assert instance["performance_insights_enabled"] is True
    assert instance["performance_insights_retention_period"] == 7
    assert instance["auto_minor_version_upgrade"] is True
    assert instance["publicly_accessible"] is False
    assert instance["db_parameter_group_name"] == GROUP
    assert mutations(sim) == {"CreateDBInstance": 1}

    sim.client.reset_counts()
    rerun = run(WRITER)
    assert changed(rerun) is False
    assert rerun["instance"]["arn"] == instance["arn"]
    assert mutations(sim) == {}


def test_check_mode_predicts_the_create_and_changes_nothing(sim, cluster, run):
    checked = run(READER_1, check_mode=True, diff=True)
    assert changed(checked) is True
    assert checked["instance"]["status"] == "creating"
    assert checked["instance"]["promotion_tier"] == 0
    assert checked["diff"]["before"] == {}
    assert mutations(sim) == {}
    assert cluster.describe_db_instances()["DBInstances"] == []

    real = run(READER_1, diff=True)
    assert changed(real) is True
    assert real["diff"] == checked["diff"]


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"promotion_tier": 16}, "promotion_tier"),
        ({"monitoring_role_arn": None}, "monitoring_role_arn"),
        ({"performance_insights_retention_period": 30}, "performance_insights_retention_period"),
        ({"identifier": "writer--1"}, "identifier"),
    ],
)
def test_bad_input_fails_before_any_call(sim, cluster, run, overrides, option):
    result = run(dict(WRITER, **overrides))
    assert result["failed"] is True
    assert result["option"] == option
    assert option in result["msg"]
    assert sim.client.counts() == {}


def test_an_instance_needs_an_existing_cluster(sim, cluster, run):
    result = run(dict(WRITER, cluster_identifier="no-such-cluster"))
    assert result["failed"] is True
    assert result["option"] == "cluster_identifier"
    assert "does not exist" in result["msg"]
    assert mutations(sim) == {}


def test_check_mode_predicts_the_create_in_a_cluster_still_to_come_and_the_real_run_makes_it(sim, run):
    # An empty account but for the guide's prerequisites: `aurora_cluster` in check mode only predicted the cluster.
    monitoring_role(sim)
    sim.client.reset_counts()
    checked = run(READER_1, check_mode=True, diff=True)
    assert changed(checked) is True
    instance = checked["instance"]
    assert instance["identifier"] == "myapp-aurora-reader-1"
    assert instance["status"] == "creating"
    assert instance["cluster_identifier"] == CLUSTER
    assert instance["instance_class"] == "db.r6g.xlarge"
    assert instance["promotion_tier"] == 0
    assert instance["arn"] is None
    assert checked["diff"]["before"] == {}
    assert checked["diff"]["after"]["identifier"] == "myapp-aurora-reader-1"
    assert checked["diff"]["after"]["db_parameter_group_name"] == GROUP
    assert mutations(sim) == {}
    client = sim.boto3("rds")
    assert client.describe_db_instances()["DBInstances"] == []
    assert client.describe_db_clusters()["DBClusters"] == []

    # Without a cluster the real run refuses before any change, as it always has.
    refused = run(READER_1, diff=True)
    assert refused["failed"] is True
    assert refused["option"] == "cluster_identifier"
    assert f"cluster {CLUSTER} does not exist" in refused["msg"]
    assert mutations(sim) == {}
    assert client.describe_db_instances()["DBInstances"] == []

    # Once the cluster is there, the real run does what the check run predicted.
    create_cluster(sim)
    sim.client.reset_counts()
    real = run(READER_1, diff=True)
    assert changed(real) is True
    assert real["diff"] == checked["diff"]
    assert mutations(sim) == {"CreateDBInstance": 1}


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"instance_class": None}, "instance_class"),
        ({"monitoring_interval": None}, "monitoring_interval"),
        ({"promotion_tier": 16}, "promotion_tier"),
        ({"monitoring_role_arn": None}, "monitoring_role_arn"),
        ({"performance_insights_retention_period": 30}, "performance_insights_retention_period"),
        ({"identifier": "writer--1"}, "identifier"),
        ({"cluster_identifier": "cluster--1"}, "cluster_identifier"),
    ],
)
def test_check_mode_without_the_cluster_still_refuses_bad_input(sim, run, overrides, option):
    # None leaves the option out, as a playbook that does not set it.
    args = {key: value for key, value in dict(WRITER, **overrides).items() if value is not None}
    result = run(args, check_mode=True)
    assert result["failed"] is True
    assert result["option"] == option
    assert mutations(sim) == {}


def test_another_cluster_or_engine_for_an_existing_instance_is_refused(sim, cluster, run):
    assert changed(run(WRITER)) is True
    cluster.create_db_cluster(
        DBClusterIdentifier="other-cluster",
        Engine="aurora-mysql",
        MasterUsername="admin",
        MasterUserPassword="correct-horse-battery",
    )
    sim.client.reset_counts()
    moved = run(dict(WRITER, cluster_identifier="other-cluster", promotion_tier=5))
    assert moved["failed"] is True
    assert moved["option"] == "cluster_identifier"
    assert "myapp-aurora-cluster" in moved["msg"] and "cannot change" in moved["msg"]
    engine = run(dict(WRITER, engine="aurora-postgresql"))
    assert engine["failed"] is True and engine["option"] == "engine"
    assert mutations(sim) == {}
    assert describe(cluster, "myapp-aurora-writer")["PromotionTier"] != 5


def test_tier_and_class_change_applied_immediately_waits_and_reruns_clean(sim, cluster, run):
    assert changed(run(READER_2)) is True
    sim.client.set_scale(SCALE)
    sim.client.reset_counts()
    resized = run(dict(READER_2, promotion_tier=2, instance_class="db.r6g.xlarge", apply_immediately=True), diff=True)
    assert changed(resized) is True
    assert resized["diff"]["before"]["promotion_tier"] == 1 and resized["diff"]["after"]["promotion_tier"] == 2
    assert resized["diff"]["before"]["instance_class"] == "db.r6g.large"
    assert resized["diff"]["after"]["instance_class"] == "db.r6g.xlarge"
    # The module waited: the class is in place, nothing is queued, the instance is available again.
    assert resized["instance"]["status"] == "available"
    assert resized["instance"]["instance_class"] == "db.r6g.xlarge"
    assert resized["instance"]["pending_modified_values"] == {}
    assert resized["instance"]["promotion_tier"] == 2
    assert mutations(sim) == {"ModifyDBInstance": 1}

    sim.client.reset_counts()
    rerun = run(dict(READER_2, promotion_tier=2, instance_class="db.r6g.xlarge", apply_immediately=True))
    assert changed(rerun) is False
    assert mutations(sim) == {}


def test_a_queued_class_change_counts_as_requested(sim, cluster, run):
    assert changed(run(READER_2)) is True
    queued = run(dict(READER_2, instance_class="db.r6g.2xlarge"))
    assert changed(queued) is True
    assert queued["instance"]["instance_class"] == "db.r6g.large"
    assert queued["instance"]["pending_modified_values"] == {"instance_class": "db.r6g.2xlarge"}

    sim.client.reset_counts()
    rerun = run(dict(READER_2, instance_class="db.r6g.2xlarge"), check_mode=True)
    assert changed(rerun) is False
    rerun = run(dict(READER_2, instance_class="db.r6g.2xlarge"))
    assert changed(rerun) is False
    assert mutations(sim) == {}


def make_reboot_pending(client, value="1"):
    client.modify_db_parameter_group(
        DBParameterGroupName=GROUP,
        Parameters=[{"ParameterName": "performance_schema", "ParameterValue": value, "ApplyMethod": "pending-reboot"}],
    )


def apply_status(client):
    return describe(client, "myapp-aurora-writer")["DBParameterGroups"][0]["ParameterApplyStatus"]


def test_reboot_if_pending_reboots_only_after_a_static_parameter_change(sim, cluster, run):
    assert changed(run(WRITER)) is True
    sim.client.set_scale(SCALE)
    sim.client.reset_counts()
    quiet = run(dict(WRITER, reboot_if_pending=True))
    assert changed(quiet) is False
    assert mutations(sim) == {}

    # RDS shows `applying` first (20 s x 0.01 here), then pending-reboot: the module waits it out before deciding,
    # so it never reports nothing to do while the change is still applying.
    make_reboot_pending(cluster)
    assert apply_status(cluster) == "applying"
    sim.client.reset_counts()
    rebooted = run(dict(WRITER, reboot_if_pending=True))
    assert changed(rebooted) is True
    assert rebooted["instance"]["status"] == "available"
    assert rebooted["instance"]["parameter_apply_status"] == "in-sync"
    assert mutations(sim) == {"RebootDBInstance": 1}

    make_reboot_pending(cluster, value="0")
    assert apply_status(cluster) == "applying"
    left = run(WRITER)
    assert changed(left) is False
    assert left["instance"]["parameter_apply_status"] == "pending-reboot"
    # ansible-core 2.19 returns warnings as structured summaries in-process; the message is inside.
    assert "reboot_if_pending" in str(left.get("warnings"))

    sim.client.reset_counts()
    rebooted = run(dict(WRITER, reboot_if_pending=True))
    assert changed(rebooted) is True
    assert rebooted["instance"]["parameter_apply_status"] == "in-sync"
    assert mutations(sim) == {"RebootDBInstance": 1}

    sim.client.reset_counts()
    assert changed(run(dict(WRITER, reboot_if_pending=True))) is False
    assert mutations(sim) == {}


def test_state_rebooted_always_reboots_and_waits_until_in_sync(sim, cluster, run):
    assert changed(run(WRITER)) is True
    make_reboot_pending(cluster)
    sim.client.set_scale(SCALE)
    sim.client.reset_counts()
    # The first reboot applies the pending parameter; the second has nothing to apply and still reboots.
    for attempt in ("first", "second"):
        result = run({"identifier": "myapp-aurora-writer", "state": "rebooted", "wait_timeout": 60})
        assert changed(result) is True, attempt
        assert result["instance"]["status"] == "available", attempt
        assert result["instance"]["parameter_apply_status"] == "in-sync"
    assert mutations(sim) == {"RebootDBInstance": 2}


def test_state_rebooted_refuses_a_missing_instance(sim, cluster, run):
    result = run({"identifier": "myapp-aurora-writer", "state": "rebooted"})
    assert result["failed"] is True
    assert "does not exist" in result["msg"]
    assert mutations(sim) == {}


def test_tags_are_set_and_purged(sim, cluster, run):
    assert run(dict(WRITER, tags={"env": "prod", "team": "db"}))["instance"]["tags"] == {"env": "prod", "team": "db"}
    kept = run(dict(WRITER, tags={"owner": "ops"}, purge_tags=False))
    assert changed(kept) is True
    assert kept["instance"]["tags"] == {"env": "prod", "team": "db", "owner": "ops"}
    purged = run(dict(WRITER, tags={"owner": "ops"}))
    assert changed(purged) is True
    assert purged["instance"]["tags"] == {"owner": "ops"}
    sim.client.reset_counts()
    assert changed(run(dict(WRITER, tags={"owner": "ops"}))) is False
    assert mutations(sim) == {}


def test_deleting_the_last_instance_of_a_protected_cluster_waits_until_it_is_gone(sim, cluster, run):
    assert changed(run(WRITER)) is True
    sim.client.set_scale(SCALE)
    sim.client.reset_counts()
    deleted = run({"identifier": "myapp-aurora-writer", "state": "absent", "wait_timeout": 60}, diff=True)
    assert changed(deleted) is True
    assert deleted["instance"] == {}
    assert deleted["diff"]["after"] == {} and deleted["diff"]["before"]["identifier"] == "myapp-aurora-writer"
    assert cluster.describe_db_instances()["DBInstances"] == []
    assert cluster.describe_db_clusters(DBClusterIdentifier=CLUSTER)["DBClusters"][0]["DeletionProtection"] is True
    assert mutations(sim) == {"DeleteDBInstance": 1}

    sim.client.reset_counts()
    assert changed(run({"identifier": "myapp-aurora-writer", "state": "absent"})) is False
    assert mutations(sim) == {}


def test_wait_false_returns_while_the_instance_is_still_creating(sim, cluster, run):
    sim.client.set_scale(SCALE)
    started = run(dict(WRITER, wait=False))
    assert changed(started) is True
    assert started["instance"]["status"] == "creating"
    assert started["instance"]["is_writer"] is True
    rds.wait_members_available(aws_client(sim), CLUSTER, 120)
    assert describe(cluster, "myapp-aurora-writer")["DBInstanceStatus"] == "available"


def test_writer_and_two_readers_started_with_wait_false_are_created_together(sim, cluster, run):
    """wait: false returns while the instance is still creating, so three tasks put three creations under way at
    once (how long that saves is the benchmark's to measure, not a test's)."""
    sim.client.set_scale(SCALE)
    for args in (WRITER, READER_1, READER_2):
        result = run(dict(args, wait=False))
        assert result["instance"]["status"] == "creating", result
    names = ("myapp-aurora-writer", "myapp-aurora-reader-1", "myapp-aurora-reader-2")

    def statuses():
        return {
            i["DBInstanceIdentifier"]: i["DBInstanceStatus"] for i in cluster.describe_db_instances()["DBInstances"]
        }

    assert statuses() == dict.fromkeys(names, "creating")
    rds.wait_members_available(aws_client(sim), CLUSTER, 120)
    assert statuses() == dict.fromkeys(names, "available")


def test_absent_with_wait_waits_for_a_delete_already_under_way(sim, cluster, run):
    assert changed(run(WRITER)) is True
    sim.client.set_scale(SCALE)
    started = run({"identifier": "myapp-aurora-writer", "state": "absent", "wait": False})
    assert changed(started) is True and started["instance"]["status"] == "deleting"
    sim.client.reset_counts()
    finished = run({"identifier": "myapp-aurora-writer", "state": "absent", "wait_timeout": 60})
    # Nothing new was asked of RDS, so nothing changed, but the task returns only once the instance is gone.
    assert changed(finished) is False
    assert finished["instance"] == {}
    assert cluster.describe_db_instances()["DBInstances"] == []
    assert mutations(sim) == {}


def test_calls_a_start_without_wait_and_a_rerun_make(sim, cluster, run):
    started = run(dict(WRITER, wait=False))
    assert started["instance"]["is_writer"] is True
    # The cluster is read to plan, and again after the create for the writer RDS chose (instances created together
    # race for it). The class and the monitoring role are checked once each, before the create.
    assert sim.client.counts() == {
        "DescribeDBInstances": 2,
        "DescribeDBClusters": 2,
        "DescribeOrderableDBInstanceOptions": 1,
        "GetRole": 1,
        "CreateDBInstance": 1,
    }

    sim.client.reset_counts()
    rerun = run(dict(WRITER, wait=False))
    assert changed(rerun) is False and rerun["instance"]["is_writer"] is True
    # The instance, and its cluster for the writer: DescribeDBInstances does not say which member writes.
    assert sim.client.counts() == {"DescribeDBInstances": 1, "DescribeDBClusters": 1}


WHERE = "(looked in region us-east-1, account 123456789012)"


@pytest.mark.parametrize(
    ("instance_class", "words"),
    [
        # The Aurora User Guide's class table: "not supported in 3.01.0 and higher" / never offered for Aurora MySQL.
        ("db.t3.small", "'db.t3.small' is not offered for aurora-mysql 8.0.mysql_aurora.3.07.1 in region us-east-1"),
        ("db.t2.small", "'db.t2.small' is not offered for aurora-mysql 8.0.mysql_aurora.3.07.1 in region us-east-1"),
        ("db.r7g.huge", "'db.r7g.huge' is not offered for aurora-mysql 8.0.mysql_aurora.3.07.1 in region us-east-1"),
        ("r7g.large", "'r7g.large' is not an RDS instance class name (they look like db.r6g.large)"),
    ],
)
@pytest.mark.parametrize("check_mode", [False, True])
def test_a_class_aurora_mysql_does_not_offer_is_refused_before_any_change(
    sim, cluster, run, instance_class, words, check_mode
):
    result = run(dict(WRITER, instance_class=instance_class), check_mode=check_mode)
    assert result["failed"] is True and result["option"] == "instance_class"
    assert words in result["msg"]
    # A few offered classes, the same family first, and where to see them all.
    assert "offered are, among others: db." in result["msg"]
    if instance_class == "db.r7g.huge":
        assert "among others: db.r7g.12xlarge, db.r7g.16xlarge" in result["msg"]
    if instance_class == "r7g.large":
        assert "among others: db.r7g.large" in result["msg"]
    assert "describe-orderable-db-instance-options --engine aurora-mysql --engine-version" in result["msg"]
    assert mutations(sim) == {}
    assert cluster.describe_db_instances()["DBInstances"] == []


def test_a_class_change_is_checked_at_the_cluster_version_and_only_when_sent(sim, cluster, run):
    assert changed(run(READER_2)) is True
    sim.client.reset_counts()
    refused = run(dict(READER_2, instance_class="db.t3.small", apply_immediately=True))
    assert refused["failed"] is True and refused["option"] == "instance_class"
    assert mutations(sim) == {}
    sim.client.reset_counts()
    assert changed(run(dict(READER_2, instance_class="db.r6g.xlarge"))) is True
    assert sim.client.counts()["DescribeOrderableDBInstanceOptions"] == 1
    # Queued now: a rerun sends nothing, so it checks nothing.
    sim.client.reset_counts()
    assert changed(run(dict(READER_2, instance_class="db.r6g.xlarge"))) is False
    assert set(sim.client.counts()) == {"DescribeDBInstances", "DescribeDBClusters"}


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_monitoring_role_that_does_not_exist_is_refused_before_any_change(sim, cluster, run, check_mode):
    arn = "arn:aws:iam::123456789012:role/no-such-role"
    result = run(dict(WRITER, monitoring_role_arn=arn), check_mode=check_mode)
    assert result["failed"] is True and result["option"] == "monitoring_role_arn"
    assert result["msg"] == f"monitoring_role_arn: IAM role no-such-role does not exist {WHERE}"
    assert mutations(sim) == {}


def test_a_monitoring_role_that_does_not_trust_enhanced_monitoring_is_refused(sim, cluster, run):
    # The trust the same page's confused-deputy example shows: not the one Enhanced Monitoring needs.
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "rds.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }
    arn = monitoring_role(sim, name="rds-only", trust=trust)
    sim.client.reset_counts()
    result = run(dict(WRITER, monitoring_role_arn=arn))
    assert result["failed"] is True and result["option"] == "monitoring_role_arn"
    assert "IAM role rds-only does not trust monitoring.rds.amazonaws.com" in result["msg"]
    assert mutations(sim) == {}


def test_a_role_arn_that_is_not_one_is_refused_before_any_call(sim, cluster, run):
    result = run(dict(WRITER, monitoring_role_arn="rds-enhanced-monitoring-role"))
    assert result["failed"] is True and result["option"] == "monitoring_role_arn"
    assert sim.client.counts() == {}


def test_a_disabled_performance_insights_key_is_refused_before_any_change(sim, cluster, run):
    kms = sim.boto3("kms")
    key = kms.create_key(Description="pi")["KeyMetadata"]
    kms.disable_key(KeyId=key["KeyId"])
    sim.client.reset_counts()
    result = run(dict(WRITER, performance_insights_kms_key_id=key["Arn"]))
    assert result["failed"] is True and result["option"] == "performance_insights_kms_key_id"
    assert f"KMS key {key['Arn']} is Disabled, not Enabled" in result["msg"]
    assert mutations(sim) == {}


def test_a_missing_cluster_says_where_it_looked(sim, cluster, run):
    result = run(dict(WRITER, cluster_identifier="no-such-cluster"))
    assert result["msg"] == (
        f"cluster_identifier: cluster no-such-cluster does not exist; create it before instance myapp-aurora-writer "
        f"{WHERE}"
    )


def test_a_stopped_cluster_fails_at_once_with_what_to_do(sim, cluster, run):
    assert changed(run(WRITER)) is True
    stop_cluster(sim, CLUSTER)
    started = time.monotonic()
    rerun = run(WRITER)
    assert rerun["failed"] is True
    assert rerun["msg"] == (
        "instance myapp-aurora-writer is stopped: start its cluster (aurora.mysql.aurora_cluster state: started), "
        "then rerun"
    )
    added = run(READER_1)
    assert added["failed"] is True and added["msg"] == f"cluster {CLUSTER} {STOPPED}"
    removed = run({"identifier": "myapp-aurora-writer", "state": "absent"})
    assert removed["failed"] is True and removed["msg"] == f"cluster {CLUSTER} {STOPPED}"
    assert time.monotonic() - started < 10
    assert mutations(sim) == {}


def test_instances_started_together_report_the_writer_rds_chose(sim, cluster, run, run_module):
    """Instances created together race for the writer on AWS (aws-cdk#30260, terraform-aws-rds-aurora#328); the
    simulator lets the last one win. The modules report what AWS shows and take it as no error."""
    sim.client.set_scale(SCALE)
    reported = {}
    for args in (WRITER, READER_1, READER_2):
        result = run(dict(args, wait=False))
        assert changed(result) is True
        reported[args["identifier"]] = result["instance"]["is_writer"]
    # Each run reported the writer as the cluster named it right then: the newest of the racing instances.
    assert reported == {"myapp-aurora-writer": True, "myapp-aurora-reader-1": True, "myapp-aurora-reader-2": True}
    rds.wait_members_available(aws_client(sim), CLUSTER, 120)
    members = cluster.describe_db_clusters(DBClusterIdentifier=CLUSTER)["DBClusters"][0]["DBClusterMembers"]
    (actual,) = [m["DBInstanceIdentifier"] for m in members if m["IsClusterWriter"]]
    assert actual == "myapp-aurora-reader-2"

    for args in (WRITER, READER_1, READER_2):
        rerun = run(args)
        assert changed(rerun) is False
        assert rerun["instance"]["is_writer"] is (args["identifier"] == actual)
    info = run_module(aurora_cluster_info, {"cluster_identifier": CLUSTER}, env=sim.env)
    assert info["clusters"][0]["writer"] == actual
