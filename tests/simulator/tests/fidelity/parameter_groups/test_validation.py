"""How RDS refuses a parameter change: unknown names, values outside the allowed ones, ApplyMethod, request size."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.simulator.catalog import INSTANCE, engine_default_parameters
from tests.simulator.tests import builders


@pytest.mark.parametrize(
    "change",
    [
        {"ParameterName": "no_such_parameter", "ParameterValue": "1", "ApplyMethod": "immediate"},
        {"ParameterName": "max_connections", "ParameterValue": "100001", "ApplyMethod": "immediate"},
        {"ParameterName": "wait_timeout", "ParameterValue": "ten", "ApplyMethod": "immediate"},
        {"ParameterName": "slow_query_log", "ParameterValue": "yes", "ApplyMethod": "immediate"},
        {"ParameterName": "log_output", "ParameterValue": "SYSLOG", "ApplyMethod": "immediate"},
        {"ParameterName": "long_query_time", "ParameterValue": "-1", "ApplyMethod": "immediate"},
        {"ParameterName": "datadir", "ParameterValue": "/tmp", "ApplyMethod": "pending-reboot"},
        {"ParameterName": "wait_timeout", "ParameterValue": "60", "ApplyMethod": "later"},
        {"ParameterName": "wait_timeout", "ParameterValue": "60"},
    ],
    ids=[
        "unknown",
        "above-range",
        "not-integer",
        "bad-boolean",
        "not-allowed",
        "below-range",
        "fixed",
        "bad-method",
        "no-method",
    ],
)
def test_modify_refuses_invalid_values_with_invalid_parameter_value(rds, change):
    group = builders.instance_group(rds)
    with pytest.raises(ClientError) as excinfo:
        rds.modify_db_parameter_group(DBParameterGroupName=group, Parameters=[change])
    assert builders.code_and_status(excinfo) == ("InvalidParameterValue", 400)
    assert builders.user_values(rds, group) == {}


def test_modify_refuses_immediate_for_a_static_parameter(rds):
    group = builders.cluster_group(rds)
    with pytest.raises(ClientError) as excinfo:
        rds.modify_db_cluster_parameter_group(
            DBClusterParameterGroupName=group,
            Parameters=[{"ParameterName": "binlog_format", "ParameterValue": "ROW", "ApplyMethod": "immediate"}],
        )
    assert builders.code_and_status(excinfo)[0] == "InvalidParameterCombination"
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=group,
        Parameters=[{"ParameterName": "binlog_format", "ParameterValue": "ROW", "ApplyMethod": "pending-reboot"}],
    )
    assert builders.user_values(rds, group, cluster_scope=True) == {"binlog_format": "ROW"}


def test_modify_refuses_more_than_twenty_parameters(rds):
    group = builders.instance_group(rds)
    names = [row["ParameterName"] for row in engine_default_parameters(builders.FAMILY, INSTANCE)]
    wide = [
        {"ParameterName": name, "ParameterValue": "1", "ApplyMethod": "immediate"}
        for name in names
        if name.startswith(("innodb_", "max_", "net_", "log_", "performance_"))
    ][:21]
    assert len(wide) == 21
    with pytest.raises(ClientError) as excinfo:
        rds.modify_db_parameter_group(DBParameterGroupName=group, Parameters=wide)
    assert builders.error_of(excinfo) == (
        "InvalidParameterCombination",
        "Cannot modify more than 20 parameters in a single request",
        400,
    )
    assert builders.user_values(rds, group) == {}


def test_the_cluster_scope_refuses_more_than_twenty_parameters_alike(rds):
    group = builders.cluster_group(rds)
    wide = [{"ParameterName": "binlog_format", "ParameterValue": "ROW", "ApplyMethod": "pending-reboot"}] * 21
    message = builders.fails(
        "InvalidParameterCombination",
        rds.modify_db_cluster_parameter_group,
        DBClusterParameterGroupName=group,
        Parameters=wide,
    )
    assert message == "Cannot modify more than 20 parameters in a single request"


@pytest.mark.parametrize(
    "name, value",
    [
        ("innodb_buffer_pool_size", "{DBInstanceClassMemory*3/4}"),
        ("innodb_buffer_pool_size", "{DBInstanceClassMemory*1/2}"),
        ("innodb_buffer_pool_size", "{DBInstanceClassMemory/2}"),
        ("innodb_buffer_pool_size", "{DBInstanceClassMemory}"),
        (
            "max_connections",
            "GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000})",
        ),
        ("max_connections", "LEAST({DBInstanceClassMemory/12582880}, 5000)"),
        ("max_connections", "least({DBInstanceClassMemory/12582880},5000)"),
        ("table_open_cache", "SUM({DBInstanceClassMemory/1179121},100)"),
        ("table_definition_cache", "GREATEST(400)"),
    ],
)
def test_modify_accepts_rds_formulas_and_functions_and_keeps_them_as_written(rds, name, value):
    group = builders.instance_group(rds)
    rds.modify_db_parameter_group(
        DBParameterGroupName=group,
        Parameters=[{"ParameterName": name, "ParameterValue": value, "ApplyMethod": "pending-reboot"}],
    )
    assert builders.user_values(rds, group) == {name: value}


@pytest.mark.parametrize(
    "value, message",
    [
        (
            "GREATEST({DBInstanceClassMemory/805306368},,200)",
            "The function syntax you have provided (GREATEST({DBInstanceClassMemory/805306368},,200)) is invalid. "
            "The valid format is: GREATEST(argument1, argument2, ...)",
        ),
        (
            "LEAST()",
            "The function syntax you have provided (LEAST()) is invalid. The valid format is: "
            "LEAST(argument1, argument2, ...)",
        ),
        (
            "SUM(GREATEST({DBInstanceClassMemory/1024},1),2)",
            "The function syntax you have provided (SUM(GREATEST({DBInstanceClassMemory/1024},1),2)) is invalid. "
            "The valid format is: SUM(argument1, argument2, ...)",
        ),
        ("DBInstanceClassMemory/13212024", "invalid parameter value: DBInstanceClassMemory/13212024"),
        ("{DBInstanceClassMemory/1024/8/4}", "invalid parameter value: {DBInstanceClassMemory/1024/8/4}"),
        ("{DBInstanceVCPU*2}", "invalid parameter value: {DBInstanceVCPU*2}"),
        ("{dbinstanceclassmemory/2}", "invalid parameter value: {dbinstanceclassmemory/2}"),
        ("MAX({DBInstanceClassMemory/2},1)", "invalid parameter value: MAX({DBInstanceClassMemory/2},1)"),
        ("{DBInstanceClassMemory*3/4", "invalid parameter value: {DBInstanceClassMemory*3/4"),
    ],
)
def test_modify_refuses_malformed_formulas(rds, value, message):
    group = builders.instance_group(rds)
    refused = builders.fails(
        "InvalidParameterValue",
        rds.modify_db_parameter_group,
        DBParameterGroupName=group,
        Parameters=[{"ParameterName": "max_connections", "ParameterValue": value, "ApplyMethod": "pending-reboot"}],
    )
    assert refused == message
    assert builders.user_values(rds, group) == {}


def test_a_formula_is_no_value_for_a_string_parameter(rds):
    group = builders.instance_group(rds)
    builders.fails(
        "InvalidParameterValue",
        rds.modify_db_parameter_group,
        DBParameterGroupName=group,
        Parameters=[
            {"ParameterName": "log_output", "ParameterValue": "{DBInstanceClassMemory}", "ApplyMethod": "immediate"}
        ],
    )
