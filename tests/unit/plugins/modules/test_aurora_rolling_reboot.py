"""aurora_rolling_reboot against the simulator: order, one-at-a-time, failures that leave the cluster serving."""

import datetime

import pytest

from ansible_collections.aurora.mysql.plugins.modules import aurora_rolling_reboot
from tests.unit.builders import READS, STOPPED, mutations, stop_cluster

CLUSTER = "myapp-aurora-cluster"
GROUP = "myapp-aurora-mysql8-instance"
WRITER, READER_1, READER_2, READER_3 = (
    "myapp-aurora-writer",
    "myapp-aurora-reader-1",
    "myapp-aurora-reader-2",
    "myapp-aurora-reader-3",
)
# The guide's members, plus a tier-0 reader of the smaller class: least important first is reader-2 (tier 1),
# then reader-3 (tier 0, large), then reader-1 (tier 0, xlarge), which Aurora would promote.
FOUR = (
    (WRITER, "db.r6g.xlarge", 1),
    (READER_1, "db.r6g.xlarge", 0),
    (READER_2, "db.r6g.large", 1),
    (READER_3, "db.r6g.large", 0),
)
EXPECTED_ORDER = [
    ("reboot", READER_2),
    ("reboot", READER_3),
    ("reboot", READER_1),
    ("failover", READER_1),
    ("reboot", WRITER),
    ("failover", WRITER),
]
# rebooting lasts 60 s on AWS, failing-over 30 s: x 0.02 = 1.2 s and 0.6 s here, long enough to be waited through.
SCALE = 0.02


def build_cluster(sim, members=FOUR):
    """The cluster made instantly (scale 0), every member on GROUP, then a static parameter changed: pending-reboot."""
    sim.client.set_scale(0)
    rds = sim.boto3("rds")
    rds.create_db_parameter_group(
        DBParameterGroupName=GROUP, DBParameterGroupFamily="aurora-mysql8.0", Description="Instance parameters"
    )
    rds.create_db_cluster(
        DBClusterIdentifier=CLUSTER,
        Engine="aurora-mysql",
        EngineVersion="8.0.mysql_aurora.3.07.1",
        MasterUsername="admin",
        MasterUserPassword="correct-horse-battery",
    )
    for identifier, instance_class, tier in members:
        rds.create_db_instance(
            DBInstanceIdentifier=identifier,
            DBClusterIdentifier=CLUSTER,
            DBInstanceClass=instance_class,
            Engine="aurora-mysql",
            PromotionTier=tier,
            DBParameterGroupName=GROUP,
        )
    rds.describe_db_instances()
    change_static_parameter(rds)
    sim.client.reset_counts()
    return rds


def change_static_parameter(rds, value="1"):
    rds.modify_db_parameter_group(
        DBParameterGroupName=GROUP,
        Parameters=[{"ParameterName": "performance_schema", "ParameterValue": value, "ApplyMethod": "pending-reboot"}],
    )


def statuses(rds):
    """{instance: (status, parameter apply status)} as plain boto3 reads it."""
    return {
        i["DBInstanceIdentifier"]: (i["DBInstanceStatus"], i["DBParameterGroups"][0]["ParameterApplyStatus"])
        for i in rds.describe_db_instances()["DBInstances"]
    }


def writer(rds):
    members = rds.describe_db_clusters(DBClusterIdentifier=CLUSTER)["DBClusters"][0]["DBClusterMembers"]
    return next(m["DBInstanceIdentifier"] for m in members if m["IsClusterWriter"])


def acts(sim):
    """The mutating requests in the order the simulator received them, with their time."""
    return [
        (entry["action"], entry["ids"].get("DBInstanceIdentifier") or entry["ids"].get("TargetDBInstanceIdentifier"))
        for entry in sim.client.log()
        if not entry["action"].startswith(READS)
    ]


def short(steps):
    return [(step["action"], step["instance"]) for step in steps]


@pytest.fixture
def rolling(sim, run_module):
    def _run(check_mode=False, diff=False, **args):
        args = dict({"cluster_identifier": CLUSTER}, **args)
        return run_module(aurora_rolling_reboot, args, check_mode, diff, sim.env)

    return _run


def test_check_mode_returns_the_plan_and_calls_nothing(sim, rolling):
    rds = build_cluster(sim)
    result = rolling(check_mode=True, diff=True)
    assert result["changed"] is True
    assert short(result["plan"]) == EXPECTED_ORDER == short(result["steps"])
    assert [step["step"] for step in result["plan"]] == [1, 2, 3, 4, 5, 6]
    assert {step["status"] for step in result["steps"]} == {"planned"}
    assert [step["role"] for step in result["plan"]] == ["reader", "reader", "reader", "reader", "writer", "writer"]
    assert result["plan"][0]["reasons"] == [f"parameter group {GROUP} is pending-reboot"]
    assert (result["previous_writer"], result["writer"]) == (WRITER, WRITER)
    assert result["diff"]["before"] == {"writer": WRITER, "pending_reboot": sorted(m[0] for m in FOUR)}
    assert result["diff"]["after"] == {"writer": WRITER, "pending_reboot": []}
    assert mutations(sim) == {}
    assert {s[1] for s in statuses(rds).values()} == {"pending-reboot"}


def test_rolling_apply_one_at_a_time_in_order_then_rerun_changes_nothing(sim, rolling):
    rds = build_cluster(sim)
    sim.client.set_scale(SCALE)
    result = rolling()
    assert result.get("failed") is not True, result
    assert result["changed"] is True
    assert short(result["steps"]) == EXPECTED_ORDER == short(result["plan"])
    # Whether the failover's restart applied the old writer's pending-reboot parameters has no AWS source: the
    # runner reads the old writer when its step comes, reboots it only if it still needs it, and says which.
    writer_rebooted = ("RebootDBInstance", WRITER) in acts(sim)
    statuses_seen = [step["status"] for step in result["steps"]]
    assert statuses_seen == ["done"] * 4 + ["done" if writer_rebooted else "not_needed", "done"]
    # Each reboot was waited through (1.2 s here), each failover too (0.6 s).
    for step in result["steps"]:
        if step["status"] == "done":
            assert step["duration_seconds"] >= (1.1 if step["action"] == "reboot" else 0.5), step
    assert acts(sim) == [
        ("RebootDBInstance", READER_2),
        ("RebootDBInstance", READER_3),
        ("RebootDBInstance", READER_1),
        ("FailoverDBCluster", READER_1),
        *([("RebootDBInstance", WRITER)] if writer_rebooted else []),
        ("FailoverDBCluster", WRITER),
    ]
    # One at a time: no call came before the previous reboot or failover could have finished.
    times = [entry["time"] for entry in sim.client.log() if not entry["action"].startswith(READS)]
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert all(gap >= 60 * SCALE for gap in gaps[:3]), gaps  # after each reader reboot
    assert gaps[3] >= 30 * SCALE, gaps  # after the first failover
    if writer_rebooted:
        assert gaps[4] >= 60 * SCALE, gaps  # after the old writer's reboot
    assert result["writer"] == WRITER == writer(rds)
    assert set(statuses(rds).values()) == {("available", "in-sync")}

    sim.client.reset_counts()
    again = rolling()
    assert again["changed"] is False and again["steps"] == [] and again["plan"] == []
    assert all(action.startswith("Describe") for action in sim.client.counts())


def test_without_preserve_writer_the_best_reader_stays_the_writer(sim, rolling):
    rds = build_cluster(sim)
    result = rolling(preserve_writer=False)
    assert short(result["steps"]) == EXPECTED_ORDER[:-1]
    assert result["writer"] == READER_1 == writer(rds)
    assert set(statuses(rds).values()) == {("available", "in-sync")}


def test_two_members_reader_first_and_the_writer_never_rebooted_while_it_writes(sim, rolling):
    """A writer and one reader, through real intermediate states: the only reader is rebooted first, then takes
    the writer role, and only then may the old writer restart."""
    rds = build_cluster(sim, members=FOUR[:2])
    sim.client.set_scale(SCALE)
    result = rolling()
    assert result.get("failed") is not True, result
    assert short(result["steps"]) == [
        ("reboot", READER_1),
        ("failover", READER_1),
        ("reboot", WRITER),
        ("failover", WRITER),
    ]
    calls = acts(sim)
    assert calls[:2] == [("RebootDBInstance", READER_1), ("FailoverDBCluster", READER_1)]
    assert calls[-1] == ("FailoverDBCluster", WRITER)
    # The old writer restarted (by the failover or by its own step) only while reader-1 wrote.
    assert calls[2:-1] in ([], [("RebootDBInstance", WRITER)])
    assert writer(rds) == WRITER and set(statuses(rds).values()) == {("available", "in-sync")}


def test_single_instance_is_a_clear_error_unless_downtime_is_allowed(sim, rolling):
    rds = build_cluster(sim, members=FOUR[:1])
    result = rolling()
    assert result["failed"] is True and result["option"] == "allow_downtime"
    assert "single instance (myapp-aurora-writer)" in result["msg"]
    assert mutations(sim) == {}
    result = rolling(allow_downtime=True)
    assert result["changed"] is True and short(result["steps"]) == [("reboot", WRITER)]
    assert acts(sim) == [("RebootDBInstance", WRITER)]
    assert statuses(rds) == {WRITER: ("available", "in-sync")}


def test_nothing_pending_is_not_changed_and_only_reads(sim, rolling):
    rds = build_cluster(sim)
    for member in FOUR:
        rds.reboot_db_instance(DBInstanceIdentifier=member[0])
    sim.client.reset_counts()
    result = rolling(diff=True)
    assert result["changed"] is False and result["plan"] == [] and result["writer"] == WRITER
    assert result["diff"]["before"] == result["diff"]["after"] == {"writer": WRITER, "pending_reboot": []}
    assert all(action.startswith("Describe") for action in sim.client.counts())


def test_invalid_options_fail_before_any_call(sim, rolling):
    build_cluster(sim)
    result = rolling(step_timeout=0)
    assert result["failed"] is True and result["option"] == "step_timeout"
    assert sim.client.counts() == {}
    assert rolling(cluster_identifier="no-such-cluster")["msg"] == (
        "cluster_identifier: cluster no-such-cluster does not exist (looked in region us-east-1, account 123456789012)"
    )
    assert mutations(sim) == {}


def test_a_check_run_before_the_cluster_exists_plans_nothing(sim, run_module):
    """`--check` of the role on an empty account reaches this step with the cluster only predicted."""
    result = run_module(aurora_rolling_reboot, dict(cluster_identifier="not-made-yet"), True, False, sim.env)
    assert result.get("failed") is not True, result
    assert result["changed"] is False and result["plan"] == []
    assert mutations(sim) == {}


def test_a_member_already_down_stops_the_run_before_any_reboot(sim, rolling):
    rds = build_cluster(sim)
    sim.client.set_scale(1)
    rds.reboot_db_instance(DBInstanceIdentifier=READER_3)
    sim.client.reset_counts()
    result = rolling()
    assert result["failed"] is True and f"{READER_3} is rebooting" in result["msg"]
    assert mutations(sim) == {}


def test_a_step_timeout_names_the_step_and_leaves_the_writer_alone(sim, rolling):
    rds = build_cluster(sim)
    sim.client.set_scale(1)  # a reboot takes 60 s: step 1 cannot finish in 2
    result = rolling(step_timeout=2)
    assert result["failed"] is True
    assert result["msg"].startswith(f"Step 1 of 6 (reboot {READER_2}) failed: Timed out after 2 s (step_timeout)")
    assert result["failed_step"] == {"step": 1, "action": "reboot", "instance": READER_2, "role": "reader"}
    assert result["steps"] == [] and short(result["plan"]) == EXPECTED_ORDER
    assert acts(sim) == [("RebootDBInstance", READER_2)]
    assert writer(rds) == WRITER and statuses(rds)[WRITER] == ("available", "pending-reboot")


def test_a_failed_failover_stops_before_the_writer_is_rebooted(sim, rolling):
    rds = build_cluster(sim)
    sim.client.set_faults(error_rate=1, error_status=500, actions=["FailoverDBCluster"])
    result = rolling(max_attempts=1)
    sim.client.clear_faults()
    assert result["failed"] is True
    assert result["msg"].startswith(f"Step 4 of 6 (failover {READER_1}) failed:")
    assert result["failed_step"] == {"step": 4, "action": "failover", "instance": READER_1, "role": "reader"}
    assert short(result["steps"]) == EXPECTED_ORDER[:3] and {s["status"] for s in result["steps"]} == {"done"}
    assert result["error"]["operation"] == "FailoverDBCluster"
    # The readers were done; the writer was neither rebooted nor moved, so the cluster kept serving from it.
    assert acts(sim) == [
        ("RebootDBInstance", READER_2),
        ("RebootDBInstance", READER_3),
        ("RebootDBInstance", READER_1),
        ("FailoverDBCluster", READER_1),
    ]
    assert writer(rds) == WRITER
    assert statuses(rds)[WRITER] == ("available", "pending-reboot")
    assert {statuses(rds)[r] for r in (READER_1, READER_2, READER_3)} == {("available", "in-sync")}
    # Rerun: only what is left, in the same safe order.
    sim.client.reset_counts()
    result = rolling()
    assert short(result["steps"]) == [("failover", READER_1), ("reboot", WRITER), ("failover", WRITER)]
    assert set(statuses(rds).values()) == {("available", "in-sync")} and writer(rds) == WRITER


def test_queued_class_change_is_applied_with_apply_immediately(sim, rolling):
    rds = build_cluster(sim, members=FOUR[:2])
    for identifier in (WRITER, READER_1):
        rds.reboot_db_instance(DBInstanceIdentifier=identifier)
    rds.modify_db_instance(DBInstanceIdentifier=READER_1, DBInstanceClass="db.r6g.2xlarge")
    sim.client.reset_counts()
    assert rolling(include_queued_changes=False)["changed"] is False
    result = rolling()
    assert short(result["steps"]) == [("reboot", READER_1)]
    assert result["steps"][0]["reasons"] == ["queued DBInstanceClass change to db.r6g.2xlarge"]
    assert acts(sim) == [("ModifyDBInstance", READER_1)]
    instance = rds.describe_db_instances(DBInstanceIdentifier=READER_1)["DBInstances"][0]
    assert instance["DBInstanceClass"] == "db.r6g.2xlarge" and instance["PendingModifiedValues"] == {}


def test_replica_lag_under_the_limit_lets_the_run_go_on(sim, rolling):
    rds = build_cluster(sim, members=FOUR[:2])
    put_lag(sim, READER_1, 4.0)
    put_lag(sim, WRITER, 6.0)
    result = rolling(max_replica_lag_ms=100)
    assert result.get("failed") is not True, result
    assert short(result["steps"]) == [
        ("reboot", READER_1),
        ("failover", READER_1),
        ("reboot", WRITER),
        ("failover", WRITER),
    ]
    assert "warnings" not in result
    # Read for reader-1 after its reboot, and for the old writer, a reader when it rebooted.
    assert sim.client.counts()["GetMetricStatistics"] == 2
    assert writer(rds) == WRITER


def test_replica_lag_without_datapoints_goes_on_with_a_warning(sim, rolling):
    build_cluster(sim, members=FOUR[:2])
    result = rolling(max_replica_lag_ms=100, step_timeout=2, preserve_writer=False)
    assert result.get("failed") is not True, result
    assert result["changed"] is True and len(result["steps"]) == 3
    tail = "no AuroraReplicaLag datapoints within step_timeout (2 s); went on without knowing its replica lag"
    # ansible-core 2.19 returns warnings in-process as structured summaries; the message is inside.
    messages = [warning["event"]["msg"] for warning in result["warnings"]]
    assert messages == [f"{READER_1}: {tail}", f"{WRITER}: {tail}"]
    assert result["steps"][0]["duration_seconds"] >= 1.9


def test_replica_lag_too_high_fails_the_reader_step(sim, rolling):
    rds = build_cluster(sim, members=FOUR[:2])
    put_lag(sim, READER_1, 900.0)
    result = rolling(max_replica_lag_ms=100, step_timeout=1)
    assert result["failed"] is True
    assert result["failed_step"]["step"] == 1 and result["steps"] == []
    assert "AuroraReplicaLag of myapp-aurora-reader-1 was still 900.0 ms" in result["msg"]
    assert [a for a in acts(sim) if not a[0].startswith("Put")] == [("RebootDBInstance", READER_1)]
    assert writer(rds) == WRITER


def put_lag(sim, identifier, milliseconds):
    sim.boto3("cloudwatch").put_metric_data(
        Namespace="AWS/RDS",
        MetricData=[
            {
                "MetricName": "AuroraReplicaLag",
                "Dimensions": [{"Name": "DBInstanceIdentifier", "Value": identifier}],
                # A few seconds back, as CloudWatch has it: a datapoint stamped "now" is not in a window ending now.
                "Timestamp": datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=5),
                "Value": milliseconds,
                "Unit": "Milliseconds",
            }
        ],
    )


def test_a_stopped_cluster_fails_at_once_with_what_to_do(sim, rolling):
    build_cluster(sim)
    stop_cluster(sim, CLUSTER)
    result = rolling()
    assert result["failed"] is True and result["msg"] == f"cluster {CLUSTER} {STOPPED}"
    assert mutations(sim) == {}


def test_a_failover_step_rds_gives_up_fails_with_its_events(sim, rolling):
    rds = build_cluster(sim, members=FOUR[:2])
    sim.client.set_scale(SCALE)
    sim.client.fail_failovers(1)
    result = rolling(step_timeout=120)
    assert result["failed"] is True
    assert result["failed_step"] == {"step": 2, "action": "failover", "instance": READER_1, "role": "reader"}
    assert f"failed and {WRITER} is still the writer; RDS said: Cluster failover failed" in result["msg"]
    assert "Promoting previous primary again" in str(result["events"])
    # The writer was not rebooted after the failed failover.
    assert [act for act in acts(sim) if act[0] == "RebootDBInstance"] == [("RebootDBInstance", READER_1)]
    assert writer(rds) == WRITER


def test_members_still_applying_are_waited_for_before_anything_is_planned(sim, rolling):
    build_cluster(sim)
    for identifier, _class, _tier in FOUR:
        sim.boto3("rds").reboot_db_instance(DBInstanceIdentifier=identifier)
    # `applying` lasts 20 s on AWS: x 0.2 = 4 s here, then pending-reboot; longer than a module takes to start.
    sim.client.set_scale(0.2)
    change_static_parameter(sim.boto3("rds"), value="0")
    assert {s[1] for s in statuses(sim.boto3("rds")).values()} == {"applying"}
    sim.client.reset_counts()
    checked = rolling(check_mode=True)
    # Not "nothing to do": the check run waited until every member showed pending-reboot.
    assert checked["changed"] is True and short(checked["plan"]) == EXPECTED_ORDER
    assert mutations(sim) == {}
