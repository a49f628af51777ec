"""aurora_failover against the simulator, with failing-over lasting long enough to be really waited through."""

import time

import pytest

from ansible_collections.aurora.mysql.plugins.modules import aurora_failover
from tests.unit.builders import STOPPED, make_cluster, mutations, stop_cluster

CLUSTER = "myapp-aurora-cluster"
WRITER, READER_1, READER_2 = "myapp-aurora-writer", "myapp-aurora-reader-1", "myapp-aurora-reader-2"
# The guide's classes and failover priorities: reader-1 is tier 0, reader-2 the smaller class.
MEMBERS = ((WRITER, "db.r6g.xlarge", 1), (READER_1, "db.r6g.xlarge", 0), (READER_2, "db.r6g.large", 1))
# failing-over lasts 30 s on AWS; x 0.1 = 3 s here, which a 1 s poll must sit through.
FAILOVER_SCALE = 0.1


def build_cluster(sim, members=MEMBERS):
    """The guide's cluster with its writer and readers, all available."""
    return make_cluster(sim, CLUSTER, members, engine_version="8.0.mysql_aurora.3.07.1")


def writer(rds):
    members = rds.describe_db_clusters(DBClusterIdentifier=CLUSTER)["DBClusters"][0]["DBClusterMembers"]
    return next(m["DBInstanceIdentifier"] for m in members if m["IsClusterWriter"])


def wait_until_available(rds, timeout=30):
    deadline = time.monotonic() + timeout
    while rds.describe_db_clusters(DBClusterIdentifier=CLUSTER)["DBClusters"][0]["Status"] != "available":
        assert time.monotonic() < deadline, "the simulated failover never finished"
        time.sleep(0.5)


@pytest.fixture
def failover(sim, run_module):
    def _run(check_mode=False, diff=False, **args):
        return run_module(aurora_failover, dict(cluster_identifier=CLUSTER, **args), check_mode, diff, sim.env)

    return _run


def test_check_mode_predicts_the_failover_and_calls_nothing(sim, failover):
    rds = build_cluster(sim)
    result = failover(check_mode=True, diff=True, target_instance=READER_1)
    assert result["changed"] is True
    assert (result["previous_writer"], result["writer"]) == (WRITER, READER_1)
    assert result["diff"] == {"before": {"writer": WRITER}, "after": {"writer": READER_1}}
    assert result["events"] == [] and result["duration_seconds"] == 0
    assert mutations(sim) == {}
    assert writer(rds) == WRITER


def test_failover_waits_through_failing_over_and_returns_events_and_duration(sim, failover):
    rds = build_cluster(sim)
    sim.client.set_scale(FAILOVER_SCALE)
    result = failover(target_instance=READER_1, wait_timeout=60)
    assert result.get("failed") is not True, result
    assert result["changed"] is True
    assert (result["previous_writer"], result["writer"]) == (WRITER, READER_1)
    # failing-over lasts 3 s here: a module that did not wait would return in well under a second.
    assert 2.5 <= result["duration_seconds"] < 30
    messages = [event["message"] for event in result["events"]]
    assert messages == [
        f"Started cross AZ failover to DB instance: {READER_1}",
        f"Completed failover to DB instance: {READER_1}",
    ]
    assert {event["source_identifier"] for event in result["events"]} == {CLUSTER}
    assert mutations(sim) == {"FailoverDBCluster": 1}
    # Polled every second: several reads while failing-over, not one 30 s sleep.
    assert sim.client.counts()["DescribeDBClusters"] >= 3
    cluster = rds.describe_db_clusters(DBClusterIdentifier=CLUSTER)["DBClusters"][0]
    assert cluster["Status"] == "available" and writer(rds) == READER_1
    statuses = {i["DBInstanceStatus"] for i in rds.describe_db_instances()["DBInstances"]}
    assert statuses == {"available"}


def test_rerun_with_the_writer_as_target_changes_nothing_and_only_reads(sim, failover):
    build_cluster(sim)
    assert failover(target_instance=READER_1)["changed"] is True
    sim.client.reset_counts()
    result = failover(target_instance=READER_1)
    assert result["changed"] is False
    assert (result["previous_writer"], result["writer"]) == (READER_1, READER_1)
    assert result["events"] == [] and result["duration_seconds"] == 0
    assert mutations(sim) == {}
    assert all(action.startswith("Describe") for action in sim.client.counts())


def test_without_target_promotes_the_reader_aurora_would(sim, failover):
    rds = build_cluster(sim)
    result = failover()
    assert result["changed"] is True and result["writer"] == READER_1 == writer(rds)
    # Back from reader-1: writer (tier 1, xlarge) beats reader-2 (tier 1, large).
    assert failover()["writer"] == WRITER == writer(rds)


def test_failover_back_restores_the_original_writer(sim, failover):
    rds = build_cluster(sim)
    failover(target_instance=READER_1)
    result = failover(target_instance=WRITER)
    assert (result["changed"], result["previous_writer"], result["writer"]) == (True, READER_1, WRITER)
    assert writer(rds) == WRITER


def test_without_wait_returns_after_the_call(sim, failover, run_module):
    rds = build_cluster(sim)
    sim.client.set_scale(FAILOVER_SCALE)
    result = failover(target_instance=READER_2, wait=False)
    assert result["changed"] is True and result["writer"] == READER_2
    assert result["duration_seconds"] < 2.5
    assert rds.describe_db_clusters(DBClusterIdentifier=CLUSTER)["DBClusters"][0]["Status"] == "failing-over"
    wait_until_available(rds)
    again = failover(target_instance=READER_2)
    assert again["changed"] is False and writer(rds) == READER_2
    assert mutations(sim) == {"FailoverDBCluster": 1}


def test_wait_timeout_names_what_it_waited_for(sim, failover):
    build_cluster(sim)
    sim.client.set_scale(1)
    result = failover(target_instance=READER_1, wait_timeout=2)
    assert result["failed"] is True
    assert "Timed out after 2 s waiting for instance myapp-aurora-reader-1 to be the writer" in result["msg"]
    assert result["wait"] == {
        "what": f"instance {READER_1} to be the writer of cluster {CLUSTER}, and the cluster available",
        "timeout": 2,
    }


@pytest.mark.parametrize(
    ("target", "option", "message"),
    [
        ("nope", "target_instance", "nope is not a member of cluster myapp-aurora-cluster"),
        ("bad_name", "target_instance", "must start with a letter and contain only ASCII letters, digits and hyphens"),
    ],
)
def test_bad_target_is_refused_before_any_change(sim, failover, target, option, message):
    build_cluster(sim)
    result = failover(target_instance=target)
    assert result["failed"] is True and result["option"] == option
    assert message in result["msg"]
    assert mutations(sim) == {}


def test_unavailable_target_is_refused(sim, failover):
    rds = build_cluster(sim)
    sim.client.set_scale(1)
    rds.reboot_db_instance(DBInstanceIdentifier=READER_2)
    sim.client.reset_counts()
    result = failover(target_instance=READER_2)
    assert result["failed"] is True and result["option"] == "target_instance"
    assert f"{READER_2} is rebooting; it must be available" in result["msg"]
    assert mutations(sim) == {}


def test_cluster_not_available_is_refused(sim, failover):
    build_cluster(sim)
    sim.client.set_scale(1)
    assert failover(target_instance=READER_1, wait=False)["changed"] is True
    sim.client.reset_counts()
    result = failover(target_instance=READER_2)
    assert result["failed"] is True and result["option"] == "cluster_identifier"
    assert f"cluster {CLUSTER} is failing-over; a failover needs it available" in result["msg"]
    assert mutations(sim) == {}


def test_single_member_and_missing_clusters_are_refused(sim, failover, run_module):
    build_cluster(sim, members=MEMBERS[:1])
    result = failover()
    assert result["failed"] is True and "has 1 member(s); a failover needs a writer and a reader" in result["msg"]
    missing = run_module(aurora_failover, {"cluster_identifier": "nope"}, env=sim.env)
    assert missing["failed"] is True
    assert missing["msg"].endswith("cluster nope does not exist (looked in region us-east-1, account 123456789012)")
    assert mutations(sim) == {}


def test_a_stopped_cluster_fails_at_once_with_what_to_do(sim, failover):
    build_cluster(sim)
    stop_cluster(sim, CLUSTER)
    started = time.monotonic()
    result = failover(target_instance=READER_1)
    assert result["failed"] is True
    assert result["msg"] == f"cluster {CLUSTER} {STOPPED}"
    assert result["stuck"] == {"resource": "cluster", "identifier": CLUSTER, "state": "stopped"}
    assert time.monotonic() - started < 5 and mutations(sim) == {}


def test_a_failover_rds_gives_up_is_reported_failed_with_its_events_not_timed_out(sim, failover):
    rds = build_cluster(sim)
    sim.client.set_scale(FAILOVER_SCALE)
    sim.client.fail_failovers(1)
    started = time.monotonic()
    result = failover(target_instance=READER_1, wait_timeout=120)
    assert result["failed"] is True
    # failing-over lasts 3 s here; the run ends right after, not at the 120 s timeout.
    assert time.monotonic() - started < 20
    assert result["msg"].startswith(
        f"the failover of cluster {CLUSTER} to {READER_1} failed and {WRITER} is still the writer; RDS said: "
        "Cluster failover failed, check the health of your cluster instances and try again"
    )
    assert result["writer"] == WRITER == writer(rds)
    assert [event["message"] for event in result["events"]] == [
        f"Started cross AZ failover to DB instance: {READER_1}",
        "Cluster failover failed, check the health of your cluster instances and try again",
        f"Promoting previous primary again: {WRITER}",
    ]
    assert mutations(sim) == {"FailoverDBCluster": 1}
