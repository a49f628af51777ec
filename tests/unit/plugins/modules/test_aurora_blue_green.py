"""aurora_blue_green against the simulator: the guide's version 2 cluster taken to version 3 by a blue/green
deployment (create, rerun, switch over, rerun, delete keeping the old cluster), each step predicted by check mode; a
resumed run; a failed switchover reported with its tasks and events; bad input refused with no change."""

import datetime

import pytest

from ansible_collections.aurora.mysql.plugins.modules import aurora_blue_green
from tests.unit.builders import make_cluster, mutations, warnings_of

CLUSTER, WRITER, READER = "myapp-aurora-cluster", "myapp-aurora-writer", "myapp-aurora-reader-1"
V2, V3 = "5.7.mysql_aurora.2.12.3", "8.0.mysql_aurora.3.07.1"
V2_CLUSTER_GROUP, V2_INSTANCE_GROUP = "myapp-aurora-mysql57-cluster", "myapp-aurora-mysql57-instance"
V3_CLUSTER_GROUP, V3_INSTANCE_GROUP = "myapp-aurora-mysql8-cluster", "myapp-aurora-mysql8-instance"
NAME = "myapp-upgrade-to-v3"
ARGS = dict(
    name=NAME,
    source_cluster=CLUSTER,
    target_engine_version=V3,
    target_db_cluster_parameter_group_name=V3_CLUSTER_GROUP,
    target_db_parameter_group_name=V3_INSTANCE_GROUP,
    wait_timeout=120,
)
BINLOG_ROW = {"ParameterName": "binlog_format", "ParameterValue": "ROW", "ApplyMethod": "pending-reboot"}


@pytest.fixture
def rds(sim):
    """The guide's cluster on version 2, ready for blue/green: binary logging on in its custom cluster group (set
    before the cluster uses it, so nothing waits for a reboot), a writer and a reader on a custom instance group, and
    the version 3 groups in place."""
    client = sim.boto3("rds")
    for name, family in ((V2_CLUSTER_GROUP, "aurora-mysql5.7"), (V3_CLUSTER_GROUP, "aurora-mysql8.0")):
        client.create_db_cluster_parameter_group(
            DBClusterParameterGroupName=name, DBParameterGroupFamily=family, Description=name
        )
        client.modify_db_cluster_parameter_group(DBClusterParameterGroupName=name, Parameters=[BINLOG_ROW])
    for name, family in ((V2_INSTANCE_GROUP, "aurora-mysql5.7"), (V3_INSTANCE_GROUP, "aurora-mysql8.0")):
        client.create_db_parameter_group(DBParameterGroupName=name, DBParameterGroupFamily=family, Description=name)
    source(sim, CLUSTER, WRITER, READER)
    return client


def source(sim, cluster, *instances, **settings):
    """A version 2 cluster on the binary-logging group, its instances on the custom version 2 instance group."""
    make_cluster(
        sim,
        cluster,
        [(identifier, "db.r6g.large", 1) for identifier in instances],
        engine_version=V2,
        cluster=dict(DBClusterParameterGroupName=V2_CLUSTER_GROUP, **settings),
        instance=dict(DBParameterGroupName=V2_INSTANCE_GROUP),
    )


@pytest.fixture
def deploy(sim, run_module, rds):
    def _run(check_mode=False, diff=False, **args):
        return run_module(aurora_blue_green, dict(ARGS, **args), check_mode, diff, sim.env)

    return _run


def described_cluster(rds, identifier):
    found = rds.describe_db_clusters(Filters=[{"Name": "db-cluster-id", "Values": [identifier]}])["DBClusters"]
    return found[0] if found else None


def deployments(rds):
    return rds.describe_blue_green_deployments()["BlueGreenDeployments"]


def same_prediction(checked, real, keys=("name", "status", "source_cluster", "target_cluster", "tags")):
    """Check mode's view agrees with the real run's wherever check mode can know (it leaves RDS's own choices null)."""
    predicted, actual = checked["blue_green_deployment"], real["blue_green_deployment"]
    for key in keys:
        assert predicted[key] is None or predicted[key] == actual[key], (key, predicted[key], actual[key])


def test_upgrade_by_blue_green_step_by_step(sim, rds, deploy):
    before = described_cluster(rds, CLUSTER)

    checked = deploy(check_mode=True, diff=True)
    assert checked["changed"] is True, checked
    assert mutations(sim) == {} and deployments(rds) == []
    assert checked["diff"]["before"] == {}
    created = deploy(diff=True)
    assert created["changed"] is True, created
    assert mutations(sim) == {"CreateBlueGreenDeployment": 1}
    deployment = created["blue_green_deployment"]
    assert deployment["status"] == "AVAILABLE"
    assert {task["status"] for task in deployment["tasks"]} == {"COMPLETED"}
    assert {detail["status"] for detail in deployment["switchover_details"]} == {"AVAILABLE"}
    assert deployment["source_cluster"] == CLUSTER and deployment["target_cluster"].startswith(f"{CLUSTER}-green-")
    same_prediction(checked, created)
    green = described_cluster(rds, deployment["target_cluster"])
    assert green["EngineVersion"] == V3 and green["DBClusterParameterGroup"] == V3_CLUSTER_GROUP

    for check_mode in (True, False):
        sim.client.reset_counts()
        rerun = deploy(check_mode=check_mode, diff=True)
        assert rerun["changed"] is False and mutations(sim) == {}
        assert rerun["diff"]["before"] == rerun["diff"]["after"]
        assert rerun["blue_green_deployment"]["identifier"] == deployment["identifier"]

    sim.client.reset_counts()
    checked = deploy(state="switched_over", check_mode=True, diff=True)
    assert checked["changed"] is True and mutations(sim) == {}
    assert checked["events"] == []
    switched = deploy(state="switched_over", switchover_timeout=600)
    assert switched["changed"] is True, switched
    assert mutations(sim) == {"SwitchoverBlueGreenDeployment": 1}
    after = switched["blue_green_deployment"]
    assert after["status"] == "SWITCHOVER_COMPLETED"
    assert after["target_cluster"] == CLUSTER and after["source_cluster"] == f"{CLUSTER}-old1"
    same_prediction(checked, switched)
    messages = [event["message"] for event in switched["events"]]
    assert messages[0] == "Switchover started on blue/green deployment."
    assert messages[-1] == "Switchover completed on blue/green deployment."
    # The names and endpoints stay; the writer runs the new version on the new groups.
    production = described_cluster(rds, CLUSTER)
    assert production["EngineVersion"] == V3
    assert (production["Endpoint"], production["ReaderEndpoint"]) == (before["Endpoint"], before["ReaderEndpoint"])
    writer = rds.describe_db_instances(DBInstanceIdentifier=WRITER)["DBInstances"][0]
    assert writer["DBClusterIdentifier"] == CLUSTER and writer["EngineVersion"] == V3
    assert writer["DBParameterGroups"][0]["DBParameterGroupName"] == V3_INSTANCE_GROUP

    # A rerun of every step so far changes nothing: the original name is the new production's now.
    for state in ("switched_over", "present"):
        sim.client.reset_counts()
        rerun = deploy(state=state)
        assert rerun["changed"] is False and mutations(sim) == {}, (state, rerun)

    checked = deploy(state="absent", check_mode=True, diff=True)
    assert checked["changed"] is True and checked["blue_green_deployment"] == {} and mutations(sim) == {}
    deleted = deploy(state="absent", diff=True)
    assert deleted["changed"] is True and deleted["blue_green_deployment"] == {}
    assert mutations(sim) == {"DeleteBlueGreenDeployment": 1}
    assert deleted["diff"]["after"] == {} and deleted["diff"]["before"]["status"] == "SWITCHOVER_COMPLETED"
    assert deployments(rds) == []
    # The old cluster is kept for a rollback window.
    assert described_cluster(rds, f"{CLUSTER}-old1")["EngineVersion"] == V2
    sim.client.reset_counts()
    assert deploy(state="absent")["changed"] is False and mutations(sim) == {}


def test_an_interrupted_run_is_resumed_from_where_aws_is(sim, rds, deploy):
    # AWS-like durations at 1/500: provisioning takes a few seconds, with real intermediate states.
    sim.client.set_scale(0.002)
    started = deploy(wait=False)
    assert started["changed"] is True
    assert started["blue_green_deployment"]["status"] == "PROVISIONING"
    # The next run (a switchover here) waits for the deployment it finds, and never creates a second.
    sim.client.reset_counts()
    resumed = deploy(state="switched_over")
    assert resumed["changed"] is True, resumed
    assert mutations(sim) == {"SwitchoverBlueGreenDeployment": 1}
    assert resumed["blue_green_deployment"]["status"] == "SWITCHOVER_COMPLETED"
    assert sim.client.counts()["DescribeBlueGreenDeployments"] > 2
    assert len(deployments(rds)) == 1


def test_a_switchover_in_progress_is_waited_for(sim, rds, deploy):
    deploy()
    sim.client.set_scale(0.2)  # the switchover's 11 s take about two
    assert deploy(state="switched_over", wait=False)["blue_green_deployment"]["status"] == "SWITCHOVER_IN_PROGRESS"
    sim.client.reset_counts()
    waited = deploy(state="switched_over")
    assert waited["changed"] is False and mutations(sim) == {}
    assert waited["blue_green_deployment"]["status"] == "SWITCHOVER_COMPLETED"


@pytest.mark.parametrize(
    ("control", "scale", "reason"),
    [
        (dict(fail_switchover="active writes on the green DB cluster"), 0, "active writes on the green DB cluster"),
        # Replication 120 s behind with a 30 s timeout: RDS rolls the switchover back when the timeout runs out.
        (dict(replica_lag=120), 0.02, "switchover timeout of 30 seconds"),
    ],
)
def test_a_failed_switchover_is_reported_with_its_tasks_and_events_not_as_a_timeout(
    sim, rds, deploy, control, scale, reason
):
    deploy()
    sim.client.set_blue_green(**control)
    sim.client.set_scale(scale)
    failed = deploy(state="switched_over", switchover_timeout=30)
    assert failed["failed"] is True
    assert "switchover failed" in failed["msg"] and reason in failed["msg"]
    assert "Timed out" not in failed["msg"]
    deployment = failed["blue_green_deployment"]
    assert deployment["status"] == "SWITCHOVER_FAILED" and reason in deployment["status_details"]
    assert {task["status"] for task in deployment["tasks"]} == {"COMPLETED"}
    assert {detail["status"] for detail in deployment["switchover_details"]} == {"SWITCHOVER_FAILED"}
    messages = [event["message"] for event in failed["events"]]
    assert "Switchover canceled on blue/green deployment." in messages
    # Nothing was renamed: RDS rolled it back.
    assert described_cluster(rds, CLUSTER)["EngineVersion"] == V2

    # A rerun reports the same failure and tries nothing; present only warns.
    sim.client.reset_counts()
    again = deploy(state="switched_over")
    assert again["failed"] is True and "Switchover canceled on blue/green deployment." in str(again["events"])
    assert mutations(sim) == {}
    present = deploy()
    assert present["changed"] is False and any("switchover failed" in w for w in warnings_of(present))


def refused(result, option, words):
    assert result["failed"] is True, result
    assert result["option"] == option, result["msg"]
    assert words in result["msg"], result["msg"]


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize(
    ("args", "option", "words"),
    [
        (dict(target_engine_version="5.7.mysql_aurora.2.11.2"), "target_engine_version", "never downgrades"),
        (dict(target_engine_version="8.0.mysql_aurora.3.99.0"), "target_engine_version", "not an aurora-mysql version"),
        (dict(target_engine_version="8.0"), "target_engine_version", "not a full Aurora MySQL version"),
        (
            dict(target_db_cluster_parameter_group_name="no-such-group"),
            "target_db_cluster_parameter_group_name",
            "no-such",
        ),
        (dict(target_db_parameter_group_name=V2_INSTANCE_GROUP), "target_db_parameter_group_name", "aurora-mysql8.0"),
        (dict(target_db_cluster_parameter_group_name=None), "target_db_cluster_parameter_group_name", "major version"),
        (dict(target_db_parameter_group_name=None), "target_db_parameter_group_name", V2_INSTANCE_GROUP),
        (dict(source_cluster="no-such-cluster"), "source_cluster", "no DB cluster no-such-cluster"),
        (dict(source_cluster=None), "source_cluster", "required"),
        (dict(name="upgrade--v3"), "name", "single hyphens"),
        (dict(switchover_timeout=20), "switchover_timeout", "between 30 and 3600"),
    ],
)
def test_bad_input_is_refused_before_any_change(sim, rds, deploy, args, option, words, check_mode):
    refused(deploy(check_mode=check_mode, **args), option, words)
    assert mutations(sim) == {} and deployments(rds) == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_binary_logging_off_is_refused_before_any_change(sim, rds, deploy, check_mode):
    off = dict(BINLOG_ROW, ParameterValue="OFF")
    rds.modify_db_cluster_parameter_group(DBClusterParameterGroupName=V2_CLUSTER_GROUP, Parameters=[off])
    sim.client.reset_counts()
    refused(deploy(check_mode=check_mode), "source_cluster", "binary logging is off")
    assert mutations(sim) == {}


def test_a_writer_not_in_sync_with_its_cluster_group_is_refused(sim, rds, deploy):
    sim.client.force_instance_status(WRITER, cluster_parameter_group_status="pending-reboot")
    sim.client.reset_counts()
    refused(deploy(), "source_cluster", "in-sync")
    assert mutations(sim) == {}


def test_a_secrets_manager_password_is_refused(sim, rds, deploy):
    source(sim, "managed-cluster", "managed-writer", ManageMasterUserPassword=True)
    sim.client.reset_counts()
    refused(deploy(source_cluster="managed-cluster"), "source_cluster", "Secrets Manager")
    assert mutations(sim) == {}


def test_an_existing_deployment_is_never_changed_nor_made_twice(sim, rds, deploy):
    created = deploy()["blue_green_deployment"]
    sim.client.reset_counts()
    refused(deploy(target_engine_version="8.0.mysql_aurora.3.08.0"), "target_engine_version", "cannot change")
    refused(deploy(target_db_parameter_group_name="other-group"), "target_db_parameter_group_name", "cannot change")
    refused(deploy(source_cluster="another-cluster"), "source_cluster", "another name")
    assert mutations(sim) == {}
    # Another name for the same cluster: RDS keeps one deployment per cluster here; refused, naming the first.
    refused(deploy(name="second-try"), "source_cluster", created["identifier"])
    assert mutations(sim) == {} and len(deployments(rds)) == 1


def test_tags_are_the_deployments_own(sim, rds, deploy):
    deploy(tags={"change": "CHG-1", "owner": "dba"})
    sim.client.reset_counts()
    checked = deploy(tags={"change": "CHG-2"}, check_mode=True)
    assert checked["changed"] is True and mutations(sim) == {}
    changed = deploy(tags={"change": "CHG-2"})
    assert changed["changed"] is True and changed["blue_green_deployment"]["tags"] == {"change": "CHG-2"}
    assert checked["blue_green_deployment"]["tags"] == changed["blue_green_deployment"]["tags"]
    assert mutations(sim) == {"AddTagsToResource": 1, "RemoveTagsFromResource": 1}
    assert described_cluster(rds, CLUSTER).get("TagList", []) == []


def test_switching_over_nothing_is_refused(sim, rds, deploy):
    refused(deploy(state="switched_over"), "name", "create it first")
    assert mutations(sim) == {}


def test_the_green_environment_is_deleted_only_when_asked_and_only_before_the_switchover(sim, rds, deploy):
    green = deploy()["blue_green_deployment"]["target_cluster"]
    rds.modify_db_cluster(DBClusterIdentifier=green, DeletionProtection=True, ApplyImmediately=True)
    sim.client.reset_counts()
    refused(deploy(state="absent", delete_target=True), "delete_target", "deletion protection")
    assert mutations(sim) == {}
    rds.modify_db_cluster(DBClusterIdentifier=green, DeletionProtection=False, ApplyImmediately=True)
    sim.client.reset_counts()
    deleted = deploy(state="absent", delete_target=True)
    assert deleted["changed"] is True, deleted
    assert mutations(sim)["DeleteBlueGreenDeployment"] == 1
    assert described_cluster(rds, green) is None and described_cluster(rds, CLUSTER)["EngineVersion"] == V2

    deploy(name="second-attempt")
    deploy(name="second-attempt", state="switched_over")
    sim.client.reset_counts()
    refused(deploy(name="second-attempt", state="absent", delete_target=True), "delete_target", "production")
    assert mutations(sim) == {}


# --- the switchover guardrails (issue 17) ---


def put_binlog_lag(sim, green_cluster, seconds):
    """The green writer's AuroraBinlogReplicaLag as CloudWatch keeps it (the WRITER-role version the Aurora User Guide
    recommends); counts are reset afterwards by the tests, so PutMetricData is not the module's."""
    sim.boto3("cloudwatch").put_metric_data(
        Namespace="AWS/RDS",
        MetricData=[
            {
                "MetricName": "AuroraBinlogReplicaLag",
                "Dimensions": [
                    {"Name": "DBClusterIdentifier", "Value": green_cluster},
                    {"Name": "Role", "Value": "WRITER"},
                ],
                # A few seconds back, as CloudWatch has it: a datapoint stamped "now" is not in a window ending now.
                "Timestamp": datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=5),
                "Value": seconds,
                "Unit": "Seconds",
            }
        ],
    )


def green_instances(rds, green_cluster):
    found = rds.describe_db_instances(Filters=[{"Name": "db-cluster-id", "Values": [green_cluster]}])["DBInstances"]
    return sorted(instance["DBInstanceIdentifier"] for instance in found)


@pytest.mark.parametrize("check_mode", [True, False])
def test_replica_lag_over_the_limit_refuses_the_switchover_with_no_change(sim, rds, deploy, check_mode):
    green = deploy()["blue_green_deployment"]["target_cluster"]
    put_binlog_lag(sim, green, 30.0)
    sim.client.reset_counts()
    # A tag change too: a refused switchover changes nothing at all.
    refused = deploy(state="switched_over", tags={"change": "CHG-9"}, check_mode=check_mode)
    assert refused["failed"] is True, refused
    assert "refusing to switch over blue/green deployment" in refused["msg"]
    assert (
        f"1 guardrail(s) failed: (1) the AuroraBinlogReplicaLag of green cluster {green}'s writer is 30 s, over "
        "max_replica_lag_seconds (5 s)" in refused["msg"]
    )
    assert refused["guardrails"]["replica_lag_seconds"] == 30.0
    assert refused["guardrails"]["max_replica_lag_seconds"] == 5
    assert len(refused["guardrails"]["failed"]) == 1
    assert mutations(sim) == {} and sim.client.counts()["GetMetricStatistics"] == 1
    assert deployments(rds)[0]["Status"] == "AVAILABLE"
    # A higher limit lets the same deployment switch over.
    sim.client.reset_counts()
    switched = deploy(state="switched_over", max_replica_lag_seconds=60, check_mode=check_mode)
    assert switched["changed"] is True and switched["guardrails"]["failed"] == []
    assert mutations(sim) == ({} if check_mode else {"SwitchoverBlueGreenDeployment": 1})


def test_replica_lag_under_the_limit_lets_the_switchover_go_on(sim, rds, deploy):
    green = deploy()["blue_green_deployment"]["target_cluster"]
    put_binlog_lag(sim, green, 1.0)
    sim.client.reset_counts()
    checked = deploy(state="switched_over", check_mode=True)
    switched = deploy(state="switched_over")
    for result in (checked, switched):
        assert result["changed"] is True, result
        assert result["guardrails"] == {
            "blue_cluster": CLUSTER,
            "green_cluster": green,
            "max_replica_lag_seconds": 5,
            "replica_lag_seconds": 1.0,
            "pending_changes": [],
            "failed": [],
        }
        assert warnings_of(result) == []
    assert mutations(sim) == {"SwitchoverBlueGreenDeployment": 1}
    assert switched["blue_green_deployment"]["status"] == "SWITCHOVER_COMPLETED"


def test_no_lag_datapoints_is_a_warning_and_the_switchover_goes_on(sim, rds, deploy):
    deploy()
    sim.client.reset_counts()
    switched = deploy(state="switched_over")
    assert switched["changed"] is True and switched["guardrails"]["replica_lag_seconds"] is None
    (warning,) = warnings_of(switched)
    assert "no AuroraBinlogReplicaLag datapoints" in warning and "RDS still checks the lag itself" in warning
    assert mutations(sim) == {"SwitchoverBlueGreenDeployment": 1}


def test_a_lag_guardrail_turned_off_reads_no_metric(sim, rds, deploy):
    green = deploy()["blue_green_deployment"]["target_cluster"]
    put_binlog_lag(sim, green, 900.0)
    sim.client.reset_counts()
    switched = deploy(state="switched_over", max_replica_lag_seconds=0)
    assert switched["changed"] is True and switched["guardrails"]["max_replica_lag_seconds"] is None
    assert "GetMetricStatistics" not in sim.client.counts() and warnings_of(switched) == []


@pytest.mark.parametrize("check_mode", [True, False])
def test_pending_changes_refuse_the_switchover_listing_every_failed_guardrail(sim, rds, deploy, check_mode):
    green = deploy()["blue_green_deployment"]["target_cluster"]
    green_member = green_instances(rds, green)[0]
    sim.client.force_instance_status(green_member, parameter_apply_status="pending-reboot")
    sim.client.force_instance_status(READER, status="rebooting")
    put_binlog_lag(sim, green, 30.0)
    sim.client.reset_counts()
    refused = deploy(state="switched_over", check_mode=check_mode)
    assert refused["failed"] is True, refused
    failed = refused["guardrails"]["failed"]
    assert failed[:2] == [
        f"blue instance {READER} is rebooting",
        f"green instance {green_member}'s DB parameter group {V3_INSTANCE_GROUP} is pending-reboot",
    ]
    assert refused["guardrails"]["pending_changes"] == failed[:2]
    assert "over max_replica_lag_seconds" in failed[2] and len(failed) == 3
    assert "3 guardrail(s) failed" in refused["msg"] and all(what in refused["msg"] for what in failed)
    assert mutations(sim) == {} and deployments(rds)[0]["Status"] == "AVAILABLE"
