"""The parameter groups clusters and instances use: existence, family, defaults, a switch waiting for reboot."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.simulator.tests import builders


def test_a_cluster_naming_a_missing_cluster_group_is_refused(rds):
    with pytest.raises(ClientError) as excinfo:
        builders.cluster(rds, DBClusterParameterGroupName="missing")
    assert builders.code_and_status(excinfo) == ("DBClusterParameterGroupNotFound", 404)


def test_a_group_of_another_family_is_refused(rds):
    group = builders.cluster_group(rds, name="mysql-cluster", family="aurora-mysql5.7")
    with pytest.raises(ClientError) as excinfo:
        builders.cluster(rds, DBClusterParameterGroupName=group)
    assert builders.code_and_status(excinfo)[0] == "InvalidParameterCombination"
    builders.cluster(rds)
    with pytest.raises(ClientError) as excinfo:
        builders.instance(
            rds, "writer", DBParameterGroupName=builders.instance_group(rds, name="mysql-instance", family="mysql8.0")
        )
    assert builders.code_and_status(excinfo)[0] == "InvalidParameterCombination"
    assert rds.describe_db_instances()["DBInstances"] == []


def test_new_instances_and_members_start_in_sync(rds):
    builders.cluster(rds, DBClusterParameterGroupName=builders.cluster_group(rds))
    builders.instance(rds, "writer", DBParameterGroupName=builders.instance_group(rds))
    builders.instance(rds, "reader")
    assert builders.apply_status(rds, "writer") == {"app-instance": "in-sync"}
    assert builders.apply_status(rds, "reader") == {"default.aurora-mysql8.0": "in-sync"}
    assert builders.member_status(rds) == {"writer": "in-sync", "reader": "in-sync"}
    assert rds.describe_db_clusters(DBClusterIdentifier=builders.CLUSTER)["DBClusters"][0][
        "DBClusterParameterGroup"
    ] == ("app-cluster")


def test_switching_an_instance_group_waits_for_reboot(rds):
    group = builders.instance_group(rds)
    builders.cluster(rds)
    builders.instance(rds, "writer")
    answer = rds.modify_db_instance(DBInstanceIdentifier="writer", DBParameterGroupName=group, ApplyImmediately=True)
    assert answer["DBInstance"]["DBParameterGroups"] == [
        {"DBParameterGroupName": group, "ParameterApplyStatus": "pending-reboot"}
    ]
    assert builders.apply_status(rds, "writer") == {group: "pending-reboot"}


def test_switching_the_cluster_group_leaves_members_pending_reboot(rds):
    group = builders.cluster_group(rds)
    builders.cluster(rds)
    builders.instance(rds, "writer")
    builders.instance(rds, "reader")
    assert rds.describe_db_clusters(DBClusterIdentifier=builders.CLUSTER)["DBClusters"][0][
        "DBClusterParameterGroup"
    ] == ("default.aurora-mysql8.0")
    rds.modify_db_cluster(
        DBClusterIdentifier=builders.CLUSTER, DBClusterParameterGroupName=group, ApplyImmediately=True
    )
    cluster = rds.describe_db_clusters(DBClusterIdentifier=builders.CLUSTER)["DBClusters"][0]
    assert cluster["DBClusterParameterGroup"] == group
    assert builders.member_status(rds) == {"writer": "pending-reboot", "reader": "pending-reboot"}
