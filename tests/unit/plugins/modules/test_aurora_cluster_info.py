"""aurora_cluster_info against the simulator: endpoints, writer and readers, events, and the members wait."""

import time

import pytest

from ansible_collections.aurora.mysql.plugins.modules import aurora_cluster_info
from tests.unit.builders import make_cluster, only_reads, stop_cluster

CLUSTER = "myapp-aurora-cluster"
WRITER, READER_1, READER_2 = "myapp-aurora-writer", "myapp-aurora-reader-1", "myapp-aurora-reader-2"
MEMBERS = ((WRITER, "db.r6g.xlarge", 1), (READER_1, "db.r6g.xlarge", 0), (READER_2, "db.r6g.large", 1))


def build_cluster(sim, name=CLUSTER, members=MEMBERS, engine="aurora-mysql"):
    return make_cluster(sim, name, members, engine)


@pytest.fixture
def info(sim, run_module):
    def _run(check_mode=False, **args):
        return run_module(aurora_cluster_info, args, check_mode=check_mode, env=sim.env)

    return _run


def test_endpoints_writer_and_readers_are_what_the_app_needs(sim, info):
    rds = build_cluster(sim)
    described = rds.describe_db_clusters(DBClusterIdentifier=CLUSTER)["DBClusters"][0]
    result = info(cluster_identifier=CLUSTER)
    assert result["changed"] is False
    (cluster,) = result["clusters"]
    assert cluster["endpoints"]["writer"] == described["Endpoint"]
    assert cluster["endpoints"]["reader"] == described["ReaderEndpoint"]
    assert cluster["endpoints"]["port"] == described["Port"] == 3306
    addresses = {
        i["DBInstanceIdentifier"]: i["Endpoint"]["Address"] for i in rds.describe_db_instances()["DBInstances"]
    }
    assert cluster["endpoints"]["instances"] == addresses
    assert cluster["writer"] == WRITER
    assert cluster["readers"] == [READER_1, READER_2]
    assert [(m["instance_identifier"], m["is_writer"], m["promotion_tier"]) for m in cluster["members"]] == [
        (WRITER, True, 1),
        (READER_1, False, 0),
        (READER_2, False, 1),
    ]
    assert {m["status"] for m in cluster["members"]} == {"available"}
    assert cluster["members"][2]["instance_class"] == "db.r6g.large"
    assert cluster["members"][0]["parameter_apply_status"] == "in-sync"
    assert cluster["pending_modified_values"] == {}
    assert cluster["status"] == "available" and cluster["engine"] == "aurora-mysql"
    assert "events" not in cluster
    assert only_reads(sim)


def test_events_are_the_clusters_recent_events_oldest_first(sim, info):
    rds = build_cluster(sim)
    rds.failover_db_cluster(DBClusterIdentifier=CLUSTER, TargetDBInstanceIdentifier=READER_1)
    (cluster,) = info(cluster_identifier=CLUSTER, events_since_minutes=30)["clusters"]
    messages = [event["message"] for event in cluster["events"]]
    assert messages[-2:] == [
        f"Started cross AZ failover to DB instance: {READER_1}",
        f"Completed failover to DB instance: {READER_1}",
    ]
    assert [e["date"] for e in cluster["events"]] == sorted(e["date"] for e in cluster["events"])
    assert cluster["writer"] == READER_1


def test_without_identifier_every_aurora_mysql_cluster_is_listed(sim, info):
    build_cluster(sim)
    build_cluster(sim, name="other-aurora-cluster", members=(("other-writer", "db.r6g.large", 1),))
    result = info(check_mode=True)
    assert [c["identifier"] for c in result["clusters"]] == ["myapp-aurora-cluster", "other-aurora-cluster"]
    assert result["clusters"][1]["writer"] == "other-writer" and result["clusters"][1]["readers"] == []
    assert result["clusters"][0]["readers"] == [READER_1, READER_2]


def test_missing_cluster_gives_an_empty_list(sim, info):
    result = info(cluster_identifier="nope")
    assert (result["changed"], result["clusters"]) == (False, [])
    assert result.get("failed") is not True


def test_bad_query_is_refused_before_any_call(sim, info):
    result = info(cluster_identifier=CLUSTER, events_since_minutes=0)
    assert result["failed"] is True and result["option"] == "events_since_minutes"
    assert sim.client.counts() == {}


def test_wait_for_members_waits_until_every_instance_is_available(sim, info):
    rds = build_cluster(sim)
    # Rebooting lasts 60 s on AWS; x 0.05 = 3 s here.
    sim.client.set_scale(0.05)
    rds.reboot_db_instance(DBInstanceIdentifier=READER_2)
    started = time.monotonic()
    (cluster,) = info(cluster_identifier=CLUSTER, wait_for_members=True, wait_timeout=60)["clusters"]
    assert time.monotonic() - started >= 2.5
    assert {m["status"] for m in cluster["members"]} == {"available"}


def test_wait_for_members_times_out_clearly(sim, info):
    rds = build_cluster(sim)
    sim.client.set_scale(1)
    rds.reboot_db_instance(DBInstanceIdentifier=READER_2)
    result = info(cluster_identifier=CLUSTER, wait_for_members=True, wait_timeout=2)
    assert result["failed"] is True
    assert "Timed out after 2 s waiting for every instance of the cluster to be available" in result["msg"]
    assert "rebooting" in result["msg"]


def test_wait_for_members_of_a_stopped_cluster_fails_at_once_with_what_to_do(sim, info):
    build_cluster(sim)
    stop_cluster(sim, CLUSTER)
    started = time.monotonic()
    result = info(cluster_identifier=CLUSTER, wait_for_members=True, wait_timeout=600)
    assert result["failed"] is True
    assert result["msg"].startswith("instance myapp-aurora-") and "is stopped: start its cluster" in result["msg"]
    assert time.monotonic() - started < 5
    # Without the wait, a stopped cluster is read as it is.
    (cluster,) = info(cluster_identifier=CLUSTER)["clusters"]
    assert cluster["status"] == "stopped"


def test_wait_for_members_of_a_ready_cluster_lists_the_instances_once(sim, info):
    build_cluster(sim)
    (cluster,) = info(cluster_identifier=CLUSTER, wait_for_members=True, wait_timeout=60)["clusters"]
    assert {m["status"] for m in cluster["members"]} == {"available"}
    assert len(cluster["endpoints"]["instances"]) == len(MEMBERS)
    # No waiter poll and no second listing: the one listing already shows every member available.
    assert sim.client.counts() == {"DescribeDBInstances": 1, "DescribeDBClusters": 1}


def test_a_cluster_without_members_needs_no_instance_listing(sim, info):
    build_cluster(sim, members=())
    (cluster,) = info(cluster_identifier=CLUSTER)["clusters"]
    assert cluster["members"] == [] and cluster["endpoints"]["instances"] == {}
    assert sim.client.counts() == {"DescribeDBClusters": 1}
    info(cluster_identifier=CLUSTER, wait_for_members=True)
    assert sim.client.counts() == {"DescribeDBClusters": 2, "DescribeDBInstances": 1}
