"""POST /_sim/maintenance: the maintenance window, now: queued changes apply, automatic minor upgrades run."""

from __future__ import annotations

import pytest

from tests.simulator.client import SimError
from tests.simulator.tests import builders

DEFAULT = "8.0.mysql_aurora.3.08.2"  # the catalogue's default version, the automatic upgrade target


@pytest.fixture
def rds(sim):
    client = sim.boto3("rds")
    builders.cluster(client)
    builders.instance(client, "writer")
    return client


def maintenance_events(rds) -> list[str]:
    found = rds.describe_events(SourceIdentifier=builders.CLUSTER, SourceType="db-cluster", Duration=30)["Events"]
    return [event["Message"] for event in found if "maintenance" in event["EventCategories"]]


def test_queued_changes_apply_at_the_window(sim, rds):
    rds.modify_db_instance(DBInstanceIdentifier="writer", DBInstanceClass="db.r6g.xlarge")
    rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, EnableIAMDatabaseAuthentication=True)
    answer = sim.client.maintenance_window(builders.CLUSTER, minor_upgrade=False)
    assert answer == {
        "cluster": builders.CLUSTER,
        "applied": {
            "cluster": {"IAMDatabaseAuthenticationEnabled": True},
            "writer": {"DBInstanceClass": "db.r6g.xlarge"},
        },
        "engine_version_upgrade": None,
    }
    cluster = builders.describe_cluster(rds)
    assert cluster["IAMDatabaseAuthenticationEnabled"] is True and "PendingModifiedValues" not in cluster
    writer = builders.describe_instance(rds, "writer")
    assert (writer["DBInstanceClass"], writer["PendingModifiedValues"]) == ("db.r6g.xlarge", {})
    assert cluster["EngineVersion"] == builders.VERSION


def test_an_automatic_minor_upgrade_goes_to_the_default_version(sim, rds):
    sim.client.set_scale(0.001)  # upgrading: 0.6 s
    assert sim.client.maintenance_window(builders.CLUSTER)["engine_version_upgrade"] == DEFAULT
    seen = builders.watch(lambda: builders.describe_cluster(rds)["Status"], lambda status: status == "available")
    assert seen == ["upgrading", "available"]
    assert builders.describe_cluster(rds)["EngineVersion"] == DEFAULT
    assert builders.describe_instance(rds, "writer")["EngineVersion"] == DEFAULT
    assert maintenance_events(rds) == [
        "Database cluster engine version upgrade started",
        "Database cluster engine version has been upgraded",
    ]


def test_no_automatic_upgrade_when_an_instance_opts_out(sim, rds):
    builders.instance(rds, "reader", AutoMinorVersionUpgrade=False)
    assert sim.client.maintenance_window(builders.CLUSTER)["engine_version_upgrade"] is None
    assert builders.describe_cluster(rds)["EngineVersion"] == builders.VERSION


def test_a_named_minor_version_of_the_same_major(sim, rds):
    sim.client.maintenance_window(builders.CLUSTER, engine_version="8.0.mysql_aurora.3.10.0")
    assert builders.describe_cluster(rds)["EngineVersion"] == "8.0.mysql_aurora.3.10.0"


@pytest.mark.parametrize(
    "version", ["8.0.mysql_aurora.3.04.0", builders.VERSION, "5.7.mysql_aurora.2.12.4", "8.0.mysql_aurora.9.99.9"]
)
def test_a_named_version_must_be_a_higher_minor_one(sim, rds, version):
    with pytest.raises(SimError, match="HTTP 400"):
        sim.client.maintenance_window(builders.CLUSTER, engine_version=version)
    assert builders.describe_cluster(rds)["EngineVersion"] == builders.VERSION


def test_refusals(sim, rds):
    with pytest.raises(SimError, match="HTTP 404"):
        sim.client.maintenance_window("missing")
    sim.client.force_cluster_status(builders.CLUSTER, "stopped")
    with pytest.raises(SimError, match="HTTP 400"):
        sim.client.maintenance_window(builders.CLUSTER)
