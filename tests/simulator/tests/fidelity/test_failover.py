"""FailoverDBCluster and the events it leaves."""

from __future__ import annotations

import pytest

from tests.simulator.fidelity.failover import class_size
from tests.simulator.tests import builders


@pytest.fixture
def rds(sim):
    client = sim.boto3("rds")
    builders.cluster(client)
    builders.instance(client, "writer", PromotionTier=0)
    return client


def test_the_best_promotion_tier_wins_then_the_largest_class(rds):
    builders.instance(rds, "tier2-huge", PromotionTier=2, DBInstanceClass="db.r6g.16xlarge")
    builders.instance(rds, "tier1-small", PromotionTier=1, DBInstanceClass="db.r6g.large")
    builders.instance(rds, "tier1-big", PromotionTier=1, DBInstanceClass="db.r6g.4xlarge")
    rds.failover_db_cluster(DBClusterIdentifier=builders.CLUSTER)
    assert builders.writer_of(rds) == ["tier1-big"]


def test_a_named_target_becomes_the_writer(rds):
    builders.instance(rds, "reader-1", PromotionTier=1)
    builders.instance(rds, "reader-2", PromotionTier=5)
    rds.failover_db_cluster(DBClusterIdentifier=builders.CLUSTER, TargetDBInstanceIdentifier="reader-2")
    assert builders.writer_of(rds) == ["reader-2"]


def test_a_target_from_another_cluster_is_refused(rds):
    builders.instance(rds, "reader", PromotionTier=1)
    builders.cluster(rds, "other")
    builders.instance(rds, "stranger", cluster_identifier="other")
    builders.fails(
        "InvalidParameterValue",
        rds.failover_db_cluster,
        DBClusterIdentifier=builders.CLUSTER,
        TargetDBInstanceIdentifier="stranger",
    )
    assert builders.writer_of(rds) == ["writer"]
    assert builders.writer_of(rds, "other") == ["stranger"]


def test_a_cluster_without_readers_cannot_fail_over(rds):
    builders.fails("InvalidDBClusterStateFault", rds.failover_db_cluster, DBClusterIdentifier=builders.CLUSTER)


def test_failing_over_and_rebooting_are_visible_while_it_runs(sim, rds):
    builders.instance(rds, "reader", PromotionTier=1)
    sim.client.set_scale(0.05)  # failing-over 1.5 s: long enough to be seen under load
    answer = rds.failover_db_cluster(DBClusterIdentifier=builders.CLUSTER, TargetDBInstanceIdentifier="reader")
    assert answer["DBCluster"]["Status"] == "failing-over"
    statuses = {db["DBInstanceIdentifier"]: db["DBInstanceStatus"] for db in rds.describe_db_instances()["DBInstances"]}
    assert statuses == {"writer": "rebooting", "reader": "rebooting"}
    assert builders.writer_of(rds) == ["writer"]
    builders.fails("InvalidDBClusterStateFault", rds.failover_db_cluster, DBClusterIdentifier=builders.CLUSTER)
    seen = builders.watch(lambda: builders.describe_cluster(rds)["Status"], lambda status: status == "available")
    assert seen == ["failing-over", "available"]
    assert builders.writer_of(rds) == ["reader"]
    statuses = {db["DBInstanceIdentifier"]: db["DBInstanceStatus"] for db in rds.describe_db_instances()["DBInstances"]}
    assert statuses == {"writer": "available", "reader": "available"}


def test_failover_events_are_db_cluster_events(rds):
    builders.instance(rds, "reader", PromotionTier=1)
    rds.failover_db_cluster(DBClusterIdentifier=builders.CLUSTER, TargetDBInstanceIdentifier="reader")
    found = rds.describe_events(SourceIdentifier=builders.CLUSTER, SourceType="db-cluster", Duration=30)["Events"]
    failover = [event for event in found if "failover" in event["EventCategories"]]
    assert [event["Message"] for event in failover] == [
        "Started cross AZ failover to DB instance: reader",
        "Completed failover to DB instance: reader",
    ]
    assert {event["SourceType"] for event in failover} == {"db-cluster"}
    assert all(event["SourceArn"].endswith(f":cluster:{builders.CLUSTER}") for event in failover)


def test_instance_class_sizes_order_as_aws_sizes_them():
    classes = ["db.t4g.medium", "db.r6g.large", "db.r6g.xlarge", "db.r6g.2xlarge", "db.r6g.16xlarge"]
    assert sorted(classes, key=class_size) == classes
