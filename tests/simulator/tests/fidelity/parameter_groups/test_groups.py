"""Create/Describe/Copy/Delete*ParameterGroup: default groups and the refusals RDS makes."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.simulator.tests import builders


def test_create_refuses_an_unknown_family(rds):
    with pytest.raises(ClientError) as excinfo:
        rds.create_db_parameter_group(DBParameterGroupName="x", DBParameterGroupFamily="aurora-mysql9", Description="d")
    assert builders.code_and_status(excinfo)[0] == "InvalidParameterValue"
    with pytest.raises(ClientError) as excinfo:
        rds.create_db_cluster_parameter_group(
            DBClusterParameterGroupName="x", DBParameterGroupFamily="mysql-aurora8.0", Description="d"
        )
    assert builders.code_and_status(excinfo)[0] == "InvalidParameterValue"
    assert rds.describe_db_parameter_groups()["DBParameterGroups"] == []


def test_create_refuses_a_name_rds_would_not_accept(rds):
    for name in ("1st-group", "under_score", "double--hyphen", "trailing-"):
        with pytest.raises(ClientError) as excinfo:
            rds.create_db_parameter_group(
                DBParameterGroupName=name, DBParameterGroupFamily=builders.FAMILY, Description="d"
            )
        assert builders.code_and_status(excinfo)[0] == "InvalidParameterValue", name
    assert rds.describe_db_parameter_groups()["DBParameterGroups"] == []


def test_create_refuses_an_existing_name(rds):
    builders.instance_group(rds)
    builders.cluster_group(rds)
    with pytest.raises(ClientError) as excinfo:
        builders.instance_group(rds)
    assert builders.code_and_status(excinfo)[0] == "DBParameterGroupAlreadyExists"
    with pytest.raises(ClientError) as excinfo:
        builders.cluster_group(rds)
    assert builders.code_and_status(excinfo)[0] == "DBParameterGroupAlreadyExists"


def test_default_groups_exist_and_cannot_be_modified(rds):
    listed = rds.describe_db_cluster_parameter_groups(DBClusterParameterGroupName="default.aurora-mysql8.0")
    assert listed["DBClusterParameterGroups"][0]["DBParameterGroupFamily"] == builders.FAMILY
    with pytest.raises(ClientError) as excinfo:
        rds.modify_db_parameter_group(
            DBParameterGroupName="default.aurora-mysql8.0", Parameters=builders.GUIDE_INSTANCE_PARAMETERS
        )
    assert builders.code_and_status(excinfo)[0] == "InvalidParameterValue"
    with pytest.raises(ClientError) as excinfo:
        rds.delete_db_cluster_parameter_group(DBClusterParameterGroupName="default.aurora-mysql8.0")
    assert builders.code_and_status(excinfo)[0] == "InvalidDBParameterGroupState"


def test_delete_refuses_a_group_in_use(rds):
    instance_group, cluster_group = builders.instance_group(rds), builders.cluster_group(rds)
    builders.cluster(rds, DBClusterParameterGroupName=cluster_group)
    builders.instance(rds, "writer", DBParameterGroupName=instance_group)
    with pytest.raises(ClientError) as excinfo:
        rds.delete_db_parameter_group(DBParameterGroupName=instance_group)
    assert builders.code_and_status(excinfo)[0] == "InvalidDBParameterGroupState"
    with pytest.raises(ClientError) as excinfo:
        rds.delete_db_cluster_parameter_group(DBClusterParameterGroupName=cluster_group)
    assert builders.code_and_status(excinfo)[0] == "InvalidDBParameterGroupState"
    rds.delete_db_instance(DBInstanceIdentifier="writer")
    rds.delete_db_parameter_group(DBParameterGroupName=instance_group)
    with pytest.raises(ClientError) as excinfo:
        rds.describe_db_parameter_groups(DBParameterGroupName=instance_group)
    assert builders.code_and_status(excinfo)[0] == "DBParameterGroupNotFound"
