"""In-place engine upgrades through ModifyDBCluster: which are refused, what a major upgrade needs and does with the
parameter groups, the statuses and events on the way, and the queue until ApplyImmediately."""

from __future__ import annotations

import pytest

from tests.simulator.tests import builders

V2 = "5.7.mysql_aurora.2.12.0"
V2_LATER = "5.7.mysql_aurora.2.12.3"
V3 = builders.VERSION


@pytest.fixture
def rds(sim):
    """A version 2 cluster with custom groups, a writer and a reader; version 3 groups to upgrade to."""
    client = sim.boto3("rds")
    builders.cluster_group(client, "v2-cluster", "aurora-mysql5.7")
    builders.instance_group(client, "v2-instance", "aurora-mysql5.7")
    builders.cluster_group(client, "v3-cluster", "aurora-mysql8.0")
    builders.instance_group(client, "v3-instance", "aurora-mysql8.0")
    builders.cluster(client, EngineVersion=V2, DBClusterParameterGroupName="v2-cluster")
    builders.instance(client, "writer", DBParameterGroupName="v2-instance")
    builders.instance(client, "reader", DBParameterGroupName="v2-instance")
    return client


def major(rds, **overrides) -> dict:
    request = {
        "DBClusterIdentifier": builders.CLUSTER,
        "EngineVersion": V3,
        "AllowMajorVersionUpgrade": True,
        "DBClusterParameterGroupName": "v3-cluster",
        "DBInstanceParameterGroupName": "v3-instance",
        "ApplyImmediately": True,
    }
    request.update(overrides)
    return rds.modify_db_cluster(**{key: value for key, value in request.items() if value is not None})["DBCluster"]


def cluster_events(rds) -> list[str]:
    found = rds.describe_events(SourceIdentifier=builders.CLUSTER, SourceType="db-cluster")["Events"]
    return [event["Message"] for event in found]


def test_a_major_upgrade_in_place_takes_its_groups_along(rds):
    answer = major(rds)
    # "The version numbers for the cluster and DB instances only change when the upgrade is finished."
    assert (answer["Status"], answer["EngineVersion"]) == ("available", V2)
    assert answer["DBClusterParameterGroup"] == "v2-cluster"
    done = builders.describe_cluster(rds)
    assert (done["Status"], done["EngineVersion"]) == ("available", V3)
    assert done["DBClusterParameterGroup"] == "v3-cluster"
    assert "PendingModifiedValues" not in done
    for name in ("writer", "reader"):
        assert builders.describe_instance(rds, name)["EngineVersion"] == V3
        # "If you specify any custom parameter group during the upgrade process, make sure to manually reboot".
        assert builders.apply_status(rds, name) == {"v3-instance": "pending-reboot"}
    assert builders.member_status(rds) == {"writer": "pending-reboot", "reader": "pending-reboot"}
    assert cluster_events(rds)[-3:] == [
        "Upgrade in progress: Performing online pre-upgrade checks.",
        "Upgrade in progress: Upgrading database objects.",
        "Database cluster major version has been upgraded",
    ]


def test_default_groups_become_the_new_familys_defaults(sim):
    rds = sim.boto3("rds")
    builders.cluster(rds, EngineVersion=V2)
    builders.instance(rds, "writer")
    rds.modify_db_cluster(
        DBClusterIdentifier=builders.CLUSTER, EngineVersion=V3, AllowMajorVersionUpgrade=True, ApplyImmediately=True
    )
    done = builders.describe_cluster(rds)
    assert (done["EngineVersion"], done["DBClusterParameterGroup"]) == (V3, "default.aurora-mysql8.0")
    assert builders.apply_status(rds, "writer") == {"default.aurora-mysql8.0": "in-sync"}
    assert builders.member_status(rds) == {"writer": "in-sync"}


@pytest.mark.parametrize(
    "overrides, code, message",
    [
        (
            {"DBClusterParameterGroupName": None},
            "InvalidParameterCombination",
            "The current DB cluster parameter group v2-cluster is custom. You must explicitly specify a new DB cluster "
            "parameter group, either default or custom, for the engine version upgrade.",
        ),
        (
            {"DBInstanceParameterGroupName": None},
            "InvalidParameterCombination",
            "The current DB instance parameter group v2-instance is custom. You must explicitly specify a new DB "
            "instance parameter group, either default or custom, for the engine version upgrade.",
        ),
        ({"DBInstanceParameterGroupName": "missing"}, "DBParameterGroupNotFound", None),
        ({"DBInstanceParameterGroupName": "v2-instance"}, "InvalidParameterCombination", None),
        ({"DBClusterParameterGroupName": "v2-cluster"}, "InvalidParameterCombination", None),
        (
            {"AllowMajorVersionUpgrade": None},
            "InvalidParameterCombination",
            "The AllowMajorVersionUpgrade flag must be present when upgrading to a new major version.",
        ),
    ],
)
def test_a_major_upgrade_without_what_it_needs_changes_nothing(rds, overrides, code, message):
    refused = builders.fails(code, major, rds, **overrides)
    if message is not None:
        assert refused == message
    kept = builders.describe_cluster(rds)
    assert (kept["EngineVersion"], kept["DBClusterParameterGroup"], kept["Status"]) == (V2, "v2-cluster", "available")
    assert "PendingModifiedValues" not in kept
    assert builders.member_status(rds) == {"writer": "in-sync", "reader": "in-sync"}


def test_an_instance_group_goes_only_with_a_major_upgrade(rds):
    builders.fails(
        "InvalidParameterCombination",
        rds.modify_db_cluster,
        DBClusterIdentifier=builders.CLUSTER,
        EngineVersion=V2_LATER,
        DBInstanceParameterGroupName="v2-instance",
    )


def test_no_upgrade_without_a_healthy_writer(sim):
    rds = sim.boto3("rds")
    builders.cluster(rds, EngineVersion=V2)
    message = builders.fails(
        "InvalidDBClusterStateFault",
        rds.modify_db_cluster,
        DBClusterIdentifier=builders.CLUSTER,
        EngineVersion=V2_LATER,
    )
    assert (
        message == f"Cannot modify engine version without a healthy primary instance in DB cluster: {builders.CLUSTER}"
    )
    sim.client.set_scale(1)
    builders.instance(rds, "writer")  # creating for minutes
    builders.fails(
        "InvalidDBClusterStateFault",
        rds.modify_db_cluster,
        DBClusterIdentifier=builders.CLUSTER,
        EngineVersion=V2_LATER,
    )


def test_a_pending_class_change_blocks_an_upgrade(rds):
    rds.modify_db_instance(DBInstanceIdentifier="reader", DBInstanceClass="db.r6g.xlarge")
    message = builders.fails(
        "InvalidDBInstanceState", rds.modify_db_cluster, DBClusterIdentifier=builders.CLUSTER, EngineVersion=V2_LATER
    )
    assert message == (
        "Cannot modify engine version because there is a pending orderable config change for DB instance: reader"
    )


def test_the_cluster_and_members_show_upgrading_and_the_version_changes_last(sim, rds):
    sim.client.set_scale(0.002)  # 0.06 s available, 1.2 s upgrading

    def state():
        cluster = builders.describe_cluster(rds)
        return (
            cluster["Status"],
            builders.describe_instance(rds, "reader")["DBInstanceStatus"],
            cluster["EngineVersion"],
        )

    rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, EngineVersion=V2_LATER, ApplyImmediately=True)
    seen = builders.watch(state, lambda value: value[2] == V2_LATER)
    assert ("upgrading", "upgrading", V2) in seen
    assert seen[-1] == ("available", "available", V2_LATER)
    assert cluster_events(rds)[-2:] == [
        "Database cluster engine version upgrade started.",
        f"Database cluster has been patched: source version {V2} => {V2_LATER}",
    ]


def test_a_minor_upgrade_waits_for_the_window_or_a_later_apply_immediately(rds):
    queued = rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, EngineVersion=V2_LATER)["DBCluster"]
    assert queued["PendingModifiedValues"] == {"EngineVersion": V2_LATER}
    assert builders.describe_cluster(rds)["EngineVersion"] == V2
    rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, ApplyImmediately=True)
    done = builders.describe_cluster(rds)
    assert done["EngineVersion"] == V2_LATER and "PendingModifiedValues" not in done


def test_a_queued_major_upgrade_keeps_its_groups_until_it_runs(rds):
    queued = major(rds, ApplyImmediately=None)
    assert queued["PendingModifiedValues"] == {"EngineVersion": V3}
    waiting = builders.describe_cluster(rds)
    assert (waiting["EngineVersion"], waiting["DBClusterParameterGroup"]) == (V2, "v2-cluster")
    assert builders.member_status(rds) == {"writer": "in-sync", "reader": "in-sync"}
    rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, ApplyImmediately=True)
    done = builders.describe_cluster(rds)
    assert (done["EngineVersion"], done["DBClusterParameterGroup"]) == (V3, "v3-cluster")
    assert builders.apply_status(rds, "writer") == {"v3-instance": "pending-reboot"}
