"""Modify/Reset*ParameterGroup: values stored, all or nothing, reset to the engine default."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.simulator.tests import builders


def test_the_guide_parameter_changes_are_accepted(rds):
    instance_group, cluster_group = builders.instance_group(rds), builders.cluster_group(rds)
    rds.modify_db_parameter_group(DBParameterGroupName=instance_group, Parameters=builders.GUIDE_INSTANCE_PARAMETERS)
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=cluster_group, Parameters=builders.GUIDE_CLUSTER_PARAMETERS
    )
    assert builders.user_values(rds, instance_group) == {
        "slow_query_log": "1",
        "long_query_time": "1",
        "log_output": "FILE",
    }
    assert builders.user_values(rds, cluster_group, cluster_scope=True) == {
        "character_set_server": "utf8mb4",
        "collation_server": "utf8mb4_unicode_ci",
        "require_secure_transport": "ON",
    }


def test_modify_is_all_or_nothing(rds):
    group = builders.instance_group(rds)
    with pytest.raises(ClientError):
        rds.modify_db_parameter_group(
            DBParameterGroupName=group,
            Parameters=[
                {"ParameterName": "wait_timeout", "ParameterValue": "300", "ApplyMethod": "immediate"},
                {"ParameterName": "general_log", "ParameterValue": "1", "ApplyMethod": "immediate"},
                {"ParameterName": "max_allowed_packet", "ParameterValue": "1", "ApplyMethod": "immediate"},
            ],
        )
    assert builders.user_values(rds, group) == {}


def test_reset_named_parameters(rds):
    group = builders.instance_group(rds)
    rds.modify_db_parameter_group(DBParameterGroupName=group, Parameters=builders.GUIDE_INSTANCE_PARAMETERS)
    rds.reset_db_parameter_group(
        DBParameterGroupName=group,
        Parameters=[{"ParameterName": "slow_query_log", "ApplyMethod": "immediate"}],
    )
    assert builders.user_values(rds, group) == {"long_query_time": "1", "log_output": "FILE"}
    default = rds.describe_db_parameters(
        DBParameterGroupName=group, Filters=[{"Name": "parameter-name", "Values": ["slow_query_log"]}]
    )["Parameters"]
    assert [(row["ParameterName"], row["Source"]) for row in default] == [("slow_query_log", "engine-default")]


def test_reset_all_parameters(rds):
    group = builders.cluster_group(rds)
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=group, Parameters=builders.GUIDE_CLUSTER_PARAMETERS
    )
    answer = rds.reset_db_cluster_parameter_group(DBClusterParameterGroupName=group, ResetAllParameters=True)
    assert answer["DBClusterParameterGroupName"] == group
    assert builders.user_values(rds, group, cluster_scope=True) == {}


def test_reset_refuses_unknown_parameters_and_changes_nothing(rds):
    group = builders.instance_group(rds)
    rds.modify_db_parameter_group(DBParameterGroupName=group, Parameters=builders.GUIDE_INSTANCE_PARAMETERS)
    with pytest.raises(ClientError) as excinfo:
        rds.reset_db_parameter_group(
            DBParameterGroupName=group,
            Parameters=[
                {"ParameterName": "slow_query_log", "ApplyMethod": "immediate"},
                {"ParameterName": "no_such_parameter", "ApplyMethod": "immediate"},
            ],
        )
    assert builders.code_and_status(excinfo)[0] == "InvalidParameterValue"
    assert set(builders.user_values(rds, group)) == {"slow_query_log", "long_query_time", "log_output"}
