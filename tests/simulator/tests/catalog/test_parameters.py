"""The engine-default parameter catalogue: scopes, apply types, the RDS row shape."""

from __future__ import annotations

from tests.simulator.catalog import CLUSTER, INSTANCE, engine_default_parameters
from tests.simulator.fidelity.parameter_groups.validation import value_allowed
from tests.simulator.tests import builders


def test_catalogue_scopes_and_apply_types_follow_the_aurora_reference():
    cluster = {row["ParameterName"]: row for row in engine_default_parameters(builders.FAMILY, CLUSTER)}
    instance = {row["ParameterName"]: row for row in engine_default_parameters(builders.FAMILY, INSTANCE)}
    assert len(cluster) >= 40 and len(instance) >= 40
    for name in ("character_set_server", "collation_server", "require_secure_transport", "time_zone"):
        assert name in cluster and name not in instance
    for name in ("slow_query_log", "long_query_time", "log_output", "max_connections", "wait_timeout"):
        assert name in instance and name not in cluster
    assert cluster["binlog_format"]["ApplyType"] == "static"
    assert instance["innodb_buffer_pool_size"]["ApplyType"] == "static"
    assert instance["performance_schema"]["ApplyType"] == "static"
    assert {cluster[name]["ApplyType"] for name in ("server_audit_logging", "server_audit_events")} == {"dynamic"}
    assert any(not row["IsModifiable"] for row in cluster.values())
    assert any(not row["IsModifiable"] for row in instance.values())


def test_catalogue_rows_have_the_rds_parameter_shape():
    for scope in (CLUSTER, INSTANCE):
        for row in engine_default_parameters(builders.FAMILY, scope):
            assert {"ParameterName", "Description", "Source", "ApplyType", "DataType", "IsModifiable"} <= set(row)
            assert "ApplyMethod" not in row
            assert row["Source"] in ("engine-default", "system")
            assert row["ApplyType"] in ("static", "dynamic")
            assert row["DataType"] in ("string", "integer", "boolean", "list", "float")


def test_catalogue_defaults_pass_their_own_allowed_values():
    for scope in (CLUSTER, INSTANCE):
        for row in engine_default_parameters(builders.FAMILY, scope):
            if "ParameterValue" in row and "AllowedValues" in row:
                assert value_allowed(row, row["ParameterValue"]), row["ParameterName"]
