"""DescribeEvents: the time window (Duration, StartTime, EndTime) and categories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.simulator.tests import builders


@pytest.fixture
def rds(sim):
    client = sim.boto3("rds")
    builders.cluster(client)
    builders.instance(client, "writer", PromotionTier=0)
    return client


def test_describe_events_honours_the_time_window(rds):
    builders.instance(rds, "reader", PromotionTier=1)
    rds.failover_db_cluster(DBClusterIdentifier=builders.CLUSTER)
    now = datetime.now(UTC)

    def messages(**window):
        events = rds.describe_events(SourceIdentifier=builders.CLUSTER, SourceType="db-cluster", **window)["Events"]
        return [event["Message"] for event in events]

    assert "Completed failover to DB instance: reader" in messages()  # default window: the past hour
    assert messages(StartTime=now + timedelta(minutes=5)) == []
    assert messages(EndTime=now - timedelta(minutes=5)) == []
    assert len(messages(StartTime=now - timedelta(minutes=5), EndTime=now + timedelta(minutes=5))) >= 2
    assert messages(EventCategories=["deletion"]) == []
