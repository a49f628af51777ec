"""Performance Insights settings as RDS reports them: defaults, retention values, the key as an ARN."""

from __future__ import annotations

import pytest

from tests.simulator.tests import builders


@pytest.fixture
def rds(sim):
    """A cluster to put instances in."""
    client = sim.boto3("rds")
    builders.cluster(client)
    return client


def test_performance_insights_settings_are_reported(sim, rds):
    key_arn = sim.boto3("kms").create_key()["KeyMetadata"]["Arn"]
    builders.instance(rds, "plain")
    builders.instance(rds, "insights", EnablePerformanceInsights=True)
    builders.instance(
        rds,
        "keyed",
        EnablePerformanceInsights=True,
        PerformanceInsightsRetentionPeriod=62,
        PerformanceInsightsKMSKeyId=key_arn,
    )
    plain = builders.describe_instance(rds, "plain")
    assert plain["PerformanceInsightsEnabled"] is False
    assert "PerformanceInsightsRetentionPeriod" not in plain
    insights = builders.describe_instance(rds, "insights")
    assert insights["PerformanceInsightsEnabled"] is True
    assert insights["PerformanceInsightsRetentionPeriod"] == 7
    assert insights["PerformanceInsightsKMSKeyId"].startswith("arn:aws:kms:us-east-1:")
    keyed = builders.describe_instance(rds, "keyed")
    assert keyed["PerformanceInsightsRetentionPeriod"] == 62
    assert keyed["PerformanceInsightsKMSKeyId"] == key_arn
    rds.modify_db_instance(DBInstanceIdentifier="keyed", EnablePerformanceInsights=False)
    assert builders.describe_instance(rds, "keyed")["PerformanceInsightsEnabled"] is False


@pytest.mark.parametrize("days, valid", [(7, True), (31, True), (713, True), (731, True), (8, False), (744, False)])
def test_performance_insights_retention_values(rds, days, valid):
    settings = {"EnablePerformanceInsights": True, "PerformanceInsightsRetentionPeriod": days}
    if valid:
        builders.instance(rds, "writer", **settings)
        assert builders.describe_instance(rds, "writer")["PerformanceInsightsRetentionPeriod"] == days
    else:
        builders.fails("InvalidParameterValue", builders.instance, rds, "writer", **settings)


def test_performance_insights_keys_are_reported_as_arns(rds, kms, key):
    answer = builders.instance(
        rds, "aliased", EnablePerformanceInsights=True, PerformanceInsightsKMSKeyId="alias/aurora-data"
    )
    assert answer["PerformanceInsightsKMSKeyId"] == key["Arn"]
    assert builders.describe_instance(rds, "aliased")["PerformanceInsightsKMSKeyId"] == key["Arn"]
    builders.instance(rds, "defaulted", EnablePerformanceInsights=True)
    managed = kms.describe_key(KeyId="alias/aws/rds")["KeyMetadata"]["Arn"]
    assert builders.describe_instance(rds, "defaulted")["PerformanceInsightsKMSKeyId"] == managed
    builders.instance(rds, "later")
    rds.modify_db_instance(
        DBInstanceIdentifier="later", EnablePerformanceInsights=True, PerformanceInsightsKMSKeyId=key["KeyId"]
    )
    assert builders.describe_instance(rds, "later")["PerformanceInsightsKMSKeyId"] == key["Arn"]


def test_an_unknown_performance_insights_key_is_refused(rds):
    builders.instance(rds, "writer")
    settings = {"EnablePerformanceInsights": True, "PerformanceInsightsKMSKeyId": "alias/no-such-alias"}
    builders.fails("KMSKeyNotAccessibleFault", builders.instance, rds, "reader", **settings)
    assert [db["DBInstanceIdentifier"] for db in rds.describe_db_instances()["DBInstances"]] == ["writer"]
    builders.fails("KMSKeyNotAccessibleFault", rds.modify_db_instance, DBInstanceIdentifier="writer", **settings)
    assert builders.describe_instance(rds, "writer")["PerformanceInsightsEnabled"] is False
