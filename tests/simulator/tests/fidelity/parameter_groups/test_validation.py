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
    assert builders.code_and_status(excinfo)[0] == "InvalidParameterValue"


def test_modify_accepts_rds_formulas_for_integer_parameters(rds):
    group = builders.instance_group(rds)
    formula = "{DBInstanceClassMemory*1/2}"
    rds.modify_db_parameter_group(
        DBParameterGroupName=group,
        Parameters=[
            {"ParameterName": "innodb_buffer_pool_size", "ParameterValue": formula, "ApplyMethod": "pending-reboot"}
        ],
    )
    assert builders.user_values(rds, group) == {"innodb_buffer_pool_size": formula}
