"""The switchover guardrails: the pure judgement (blue_green_guardrails) and their reads (blue_green_api.guardrails)
with recorded answers, no network."""

import datetime

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import blue_green_api, blue_green_guardrails, rds
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from tests.unit.builders import RecordingClients, cluster_members, denied, raw_cluster, raw_instance
from tests.unit.builders import blue_green_desired as desired
from tests.unit.builders import blue_green_view as view

BLUE, GREEN = "myapp-aurora-cluster", "myapp-aurora-cluster-green-abc123"
NOW = datetime.datetime(2026, 12, 2, 8, 0, tzinfo=datetime.UTC)


def point(minutes_ago, maximum):
    return {"Timestamp": NOW - datetime.timedelta(minutes=minutes_ago), "Maximum": maximum, "Unit": "Seconds"}


def readings(lag=None, limit=5, pending=()):
    return {
        "blue_cluster": BLUE,
        "green_cluster": GREEN,
        "max_replica_lag_seconds": limit,
        "replica_lag_seconds": lag,
        "pending_changes": list(pending),
    }


def members(**instance):
    cluster = raw_cluster(DBClusterMembers=cluster_members(("myapp-aurora-writer", 1)))
    return rds.members(cluster, [raw_instance(**instance)])


# --- the option ---


@pytest.mark.parametrize(("value", "expected"), [(None, None), (0, None), (1, 1), (3600, 3600)])
def test_zero_and_null_turn_the_lag_guardrail_off(value, expected):
    assert desired(max_replica_lag_seconds=value).max_replica_lag_seconds == expected


def test_the_default_lag_limit_is_five_seconds():
    assert desired().max_replica_lag_seconds == 5


@pytest.mark.parametrize("value", [-1, 3601])
def test_a_lag_limit_out_of_range_is_refused(value):
    with pytest.raises(ValidationError) as err:
        desired(max_replica_lag_seconds=value)
    assert err.value.option == "max_replica_lag_seconds"


# --- the pure judgement ---


def test_the_newest_datapoint_is_the_current_lag():
    assert blue_green_guardrails.latest_lag([point(1, 2.0), point(3, 40.0), point(2, None)]) == 2.0
    assert blue_green_guardrails.latest_lag([]) is None


@pytest.mark.parametrize(("lag", "failed"), [(5.0, False), (0.0, False), (None, False), (5.5, True), (-1.0, True)])
def test_lag_over_the_limit_or_replication_inactive_fails(lag, failed):
    assert bool(blue_green_guardrails.judge(readings(lag=lag))) is failed


def test_a_lag_limit_turned_off_never_fails():
    assert blue_green_guardrails.judge(readings(lag=900.0, limit=None)) == []


def test_inactive_replication_is_named_as_such():
    (message,) = blue_green_guardrails.judge(readings(lag=-1.0))
    assert "-1" in message and "replication might not be active" in message


def test_every_failed_guardrail_is_listed():
    failed = blue_green_guardrails.judge(readings(lag=30.0, pending=["blue cluster x is modifying"]))
    assert failed == [
        "blue cluster x is modifying",
        f"the AuroraBinlogReplicaLag of green cluster {GREEN}'s writer is 30 s, over max_replica_lag_seconds (5 s)",
    ]
    refused = blue_green_guardrails.GuardrailsRefused("upgrade", "bgd-1", failed, readings(lag=30.0))
    assert "2 guardrail(s) failed: (1) blue cluster x is modifying; (2) the AuroraBinlogReplicaLag" in refused.message
    assert "Nothing was changed" in refused.message
    assert refused.to_result()["guardrails"]["failed"] == failed


def test_an_available_cluster_in_sync_has_no_pending_changes():
    assert blue_green_guardrails.pending_changes("blue", raw_cluster(), members(), BLUE) == []


def test_pending_changes_statuses_and_groups_not_in_sync_are_named():
    raw = raw_cluster(Status="modifying", PendingModifiedValues={"EngineVersion": "8.0.mysql_aurora.3.08.0"})
    found = blue_green_guardrails.pending_changes(
        "green",
        raw,
        members(
            DBInstanceStatus="rebooting",
            PendingModifiedValues={"DBInstanceClass": "db.r6g.2xlarge"},
            DBParameterGroups=[{"DBParameterGroupName": "g8", "ParameterApplyStatus": "pending-reboot"}],
        ),
        GREEN,
    )
    assert found == [
        f"green cluster {GREEN} is modifying",
        f"green cluster {GREEN} has pending changes (engine_version)",
        "green instance myapp-aurora-writer is rebooting",
        "green instance myapp-aurora-writer has pending changes (db_instance_class)",
        "green instance myapp-aurora-writer's DB parameter group g8 is pending-reboot",
    ]


def test_a_missing_cluster_is_named():
    assert blue_green_guardrails.pending_changes("green", None, [], GREEN) == [f"green cluster {GREEN} was not found"]


# --- the reads ---


def clients(metric_answer):
    cluster = raw_cluster(DBClusterMembers=cluster_members(("myapp-aurora-writer", 1)))
    return RecordingClients(
        rds={
            "describe_db_clusters": {"DBClusters": [cluster]},
            "describe_db_instances": {"DBInstances": [raw_instance()]},
        },
        cloudwatch={"get_metric_statistics": metric_answer},
    )


def deployment():
    return view(Status="AVAILABLE")


def test_the_green_writers_binlog_lag_is_read_by_cluster_and_writer_role():
    recorded = clients({"Datapoints": [point(1, 1.0)]})
    found, warnings = blue_green_api.guardrails(recorded, deployment(), desired(), now=lambda: NOW)
    assert warnings == [] and found["failed"] == [] and found["replica_lag_seconds"] == 1.0
    ((method, kwargs),) = recorded.cloudwatch.calls
    assert method == "get_metric_statistics"
    assert kwargs["MetricName"] == "AuroraBinlogReplicaLag" and kwargs["Namespace"] == "AWS/RDS"
    target = deployment()["target_cluster"]
    assert kwargs["Dimensions"] == [
        {"Name": "DBClusterIdentifier", "Value": target},
        {"Name": "Role", "Value": "WRITER"},
    ]
    assert kwargs["EndTime"] - kwargs["StartTime"] == datetime.timedelta(minutes=5)
    # Both clusters and their instances: four reads.
    assert [method for method, _kwargs in recorded.rds.calls] == ["describe_db_clusters", "describe_db_instances"] * 2


def test_no_datapoints_is_a_warning_not_a_refusal():
    found, warnings = blue_green_api.guardrails(clients({"Datapoints": []}), deployment(), desired(), now=lambda: NOW)
    assert found["failed"] == [] and found["replica_lag_seconds"] is None
    assert len(warnings) == 1 and "no AuroraBinlogReplicaLag datapoints" in warnings[0]


def test_a_denied_metric_read_skips_the_lag_guardrail_with_a_warning():
    answer = denied("AccessDenied", "GetMetricStatistics")
    found, warnings = blue_green_api.guardrails(clients(answer), deployment(), desired(), now=lambda: NOW)
    assert found["failed"] == [] and found["replica_lag_seconds"] is None
    assert warnings == [
        "skipped the replica lag guardrail: cloudwatch:GetMetricStatistics was denied; allow "
        "cloudwatch:GetMetricStatistics to have it checked before any change"
    ]


def test_a_lag_guardrail_turned_off_reads_no_metric():
    recorded = clients({"Datapoints": [point(1, 900.0)]})
    found, warnings = blue_green_api.guardrails(recorded, deployment(), desired(max_replica_lag_seconds=0))
    assert found["failed"] == [] and warnings == [] and recorded.cloudwatch.calls == []
