"""The Aurora MySQL catalogues: the facts AWS documents, and that every fact names its source.

The data is generated from AWS's documentation by scripts/build_aurora_mysql_catalog.py; these tests pin what the
documentation says (so a regeneration that changes it is seen) and the rules the generator promises.
"""

from __future__ import annotations

import pytest

from tests.simulator.catalog import (
    CLUSTER,
    INSTANCE,
    aurora_mysql_version_sources,
    aurora_mysql_versions,
    catalogue_rows,
    default_aurora_mysql_version,
    engine_default_parameters,
    instance_class_support,
    is_orderable,
    orderable_instance_classes,
    parameter_definition,
    parameter_sources,
    upgrade_target_versions,
    v2_to_v3_parameter_changes,
    v3_name_for,
    valid_upgrade_targets,
)
from tests.simulator.fidelity.parameter_groups.validation import value_allowed

V2, V3 = "aurora-mysql5.7", "aurora-mysql8.0"
FAMILIES = (V2, V3)
SCOPES = (CLUSTER, INSTANCE)
V3_VERSION = "8.0.mysql_aurora.3.07.1"
V2_VERSION = "5.7.mysql_aurora.2.12.4"
# Every fact a row serves, and so needs a source for.
FACTS = ("Description", "ParameterValue", "ApplyType", "DataType", "AllowedValues", "IsModifiable")
# How a source starts says what kind it is; the report counts them by these.
SOURCE_KINDS = {
    "Aurora User Guide": "aws",
    "AWS-published": "aws",
    "public RDS output": "public",
    "MySQL Reference Manual": "mysql",
    "unsourced": "unsourced",
    "not documented by AWS": "undocumented",
}


def names(family, scope):
    return {row["ParameterName"] for row in engine_default_parameters(family, scope)}


def kind_of(source):
    return next((kind for prefix, kind in SOURCE_KINDS.items() if source.startswith(prefix)), None)


# --- levels, per the guide's cluster-level and instance-level tables -------------------------------------------------


def test_read_only_is_cluster_level_only_in_version_3():
    assert "read_only" in names(V3, CLUSTER) and "read_only" not in names(V3, INSTANCE)
    assert "read_only" in names(V2, CLUSTER) and "read_only" in names(V2, INSTANCE)
    assert (
        "Removed at the instance level from Aurora MySQL version 3"
        in parameter_sources(V2, INSTANCE, "read_only")["ParameterName"]
    )


def test_innodb_adaptive_hash_index_is_cluster_level_only_in_version_3():
    assert "innodb_adaptive_hash_index" in names(V3, CLUSTER)
    assert "innodb_adaptive_hash_index" not in names(V3, INSTANCE)
    assert {"innodb_adaptive_hash_index"} <= names(V2, CLUSTER) & names(V2, INSTANCE)


@pytest.mark.parametrize(
    ("name", "scope", "only_in"),
    [
        ("query_cache_type", INSTANCE, V2),
        ("tx_isolation", INSTANCE, V2),
        ("aurora_lab_mode", INSTANCE, V2),
        ("aurora_load_from_s3_role", CLUSTER, V2),
        ("transaction_isolation", INSTANCE, V3),
        ("binlog_transaction_compression", CLUSTER, V3),
        ("temptable_max_ram", INSTANCE, V3),
        ("innodb_deadlock_detect", CLUSTER, V3),  # the "don't apply" list: not version 2
        ("activate_all_roles_on_login", INSTANCE, V3),
    ],
)
def test_parameters_of_one_version_only(name, scope, only_in):
    other = V3 if only_in == V2 else V2
    assert name in names(only_in, scope) and name not in names(other, scope)


def test_every_guide_table_row_for_a_version_is_catalogued():
    # Counts of the 2023-06 tables' rows that apply to each version, plus aurora_parallel_query,
    # server_audit_logs_upload and ssl_cipher that other guide pages put at the cluster level.
    assert {(family, scope): len(names(family, scope)) for family in FAMILIES for scope in SCOPES} == {
        (V2, CLUSTER): 89,
        (V2, INSTANCE): 271,
        (V3, CLUSTER): 103,
        (V3, INSTANCE): 255,
    }


def test_the_guide_parameters_are_at_their_level_and_apply_as_the_guide_uses_them():
    cluster = {row["ParameterName"]: row for row in engine_default_parameters(V3, CLUSTER)}
    instance = {row["ParameterName"]: row for row in engine_default_parameters(V3, INSTANCE)}
    for name in ("character_set_server", "collation_server", "require_secure_transport"):
        assert cluster[name]["ApplyType"] == "dynamic" and cluster[name]["IsModifiable"] and name not in instance
    for name in ("slow_query_log", "long_query_time", "log_output"):
        assert instance[name]["ApplyType"] == "dynamic" and instance[name]["IsModifiable"] and name not in cluster
    assert cluster["binlog_format"]["ApplyType"] == "static"
    assert "reboot your Aurora DB cluster" in parameter_sources(V3, CLUSTER, "binlog_format")["ApplyType"]
    assert parameter_definition(V2, CLUSTER, "binlog_format")["ApplyType"] == "static"


def test_modifiability_follows_the_table_per_version():
    assert parameter_definition(V2, CLUSTER, "innodb_flush_log_at_trx_commit")["IsModifiable"] is True
    assert parameter_definition(V3, CLUSTER, "innodb_flush_log_at_trx_commit")["IsModifiable"] is False
    assert parameter_definition(V2, INSTANCE, "event_scheduler")["IsModifiable"] is True
    assert parameter_definition(V3, INSTANCE, "event_scheduler")["IsModifiable"] is False
    assert parameter_definition(V3, INSTANCE, "port")["IsModifiable"] is False


def test_formula_defaults_stay_as_rds_shows_them():
    max_connections = parameter_definition(V3, INSTANCE, "max_connections")
    assert max_connections["ParameterValue"] == (
        "GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000})"
    )
    assert "AuroraMySQL.Managing.Performance.md" in parameter_sources(V3, INSTANCE, "max_connections")["ParameterValue"]
    assert parameter_definition(V3, INSTANCE, "table_definition_cache")["ParameterValue"] == (
        "LEAST({DBInstanceClassMemory/393040}, 20000)"
    )
    assert value_allowed(max_connections, max_connections["ParameterValue"])


def test_the_first_version_a_parameter_works_in_is_served():
    assert parameter_definition(V3, CLUSTER, "aurora_enhanced_binlog")["MinimumEngineVersion"] == (
        "8.0.mysql_aurora.3.03.1"
    )


# --- sources ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("family", FAMILIES)
def test_every_fact_of_every_row_names_its_source(family, scope):
    for row in catalogue_rows(family, scope):
        sources = parameter_sources(family, scope, row["ParameterName"])
        served = [fact for fact in FACTS if fact in row or fact in ("ParameterValue", "AllowedValues")]
        served += ["MinimumEngineVersion"] if "MinimumEngineVersion" in row else []
        for fact in ["ParameterName", *served]:
            assert kind_of(sources.get(fact, "")), (row["ParameterName"], fact, sources.get(fact))
        # Which parameters exist, and whether they are modifiable, is AWS's word alone.
        assert kind_of(sources["ParameterName"]) == "aws" and kind_of(sources["IsModifiable"]) == "aws"


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("family", FAMILIES)
def test_an_apply_type_nobody_documents_is_served_static(family, scope):
    undocumented = [row for row in catalogue_rows(family, scope) if kind_of(row["ApplyType_source"]) == "undocumented"]
    assert undocumented
    assert {row["ApplyType"] for row in undocumented} == {"static"}


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("family", FAMILIES)
def test_served_rows_have_the_rds_shape_only(family, scope):
    for row in engine_default_parameters(family, scope):
        assert set(row) <= {
            "ParameterName",
            "ParameterValue",
            "Description",
            "Source",
            "ApplyType",
            "DataType",
            "AllowedValues",
            "IsModifiable",
            "MinimumEngineVersion",
        }
        assert row["Source"] in ("engine-default", "system")
        assert row["ApplyType"] in ("static", "dynamic")
        assert row["DataType"] in ("string", "integer", "boolean", "list", "float")
        if "ParameterValue" in row and "AllowedValues" in row:
            assert value_allowed(row, row["ParameterValue"]), row["ParameterName"]


def test_the_version_2_catalogue_is_served(rds):
    defaults = rds.get_paginator("describe_engine_default_cluster_parameters").paginate(DBParameterGroupFamily=V2)
    rows = {row["ParameterName"]: row for page in defaults for row in page["EngineDefaults"]["Parameters"]}
    assert set(rows) == names(V2, CLUSTER)
    assert rows["binlog_format"]["ApplyType"] == "static"
    assert not any(key.endswith("_source") for row in rows.values() for key in row)


# --- instance classes ---------------------------------------------------------------------------------------------


def test_version_3_offers_the_guide_classes():
    assert is_orderable(V3_VERSION, "db.r6g.large") and is_orderable(V3_VERSION, "db.r6g.xlarge")
    assert is_orderable(V3_VERSION, "db.serverless")
    assert "Concepts.DBInstanceClass.md" in instance_class_support("db.r6g.large")["Source"]


@pytest.mark.parametrize("instance_class", ["db.t2.small", "db.t3.small", "db.r7g.huge", "r7g.large", "db.t4g.small"])
def test_version_3_refuses_classes_the_table_does_not_offer_it(instance_class):
    assert not is_orderable(V3_VERSION, instance_class)
    assert instance_class not in orderable_instance_classes(V3_VERSION)


def test_version_2_has_its_own_classes():
    assert is_orderable(V2_VERSION, "db.t3.small") and is_orderable(V2_VERSION, "db.t2.medium")
    assert not is_orderable(V2_VERSION, "db.serverless") and not is_orderable(V2_VERSION, "db.r7g.large")
    # "not supported in version 2.11.0 and higher"
    assert not is_orderable(V2_VERSION, "db.r3.large")


def test_a_class_counts_from_the_version_the_table_names():
    assert is_orderable("8.0.mysql_aurora.3.03.1", "db.r7g.large")
    assert not is_orderable("8.0.mysql_aurora.3.03.0", "db.r7g.large")
    assert is_orderable("8.0.mysql_aurora.3.99.0", "db.r7g.large")  # the table says "and higher"
    assert orderable_instance_classes("not-a-version") == []
    assert orderable_instance_classes(V3_VERSION) == sorted(orderable_instance_classes(V3_VERSION))


# --- upgrade targets ----------------------------------------------------------------------------------------------


def test_every_catalogued_version_has_its_targets():
    versions = [row["EngineVersion"] for row in aurora_mysql_versions()]
    assert sorted(upgrade_target_versions()) == sorted(versions)


def test_a_minor_upgrade_goes_to_higher_versions_of_the_same_major():
    targets = valid_upgrade_targets(V3_VERSION)
    assert [target["EngineVersion"] for target in targets] == [
        "8.0.mysql_aurora.3.08.0",
        "8.0.mysql_aurora.3.08.1",
        "8.0.mysql_aurora.3.08.2",
        "8.0.mysql_aurora.3.09.0",
        "8.0.mysql_aurora.3.10.0",
    ]
    assert targets[0] == {
        "Engine": "aurora-mysql",
        "EngineVersion": "8.0.mysql_aurora.3.08.0",
        "Description": "Aurora MySQL 3.08.0 (compatible with MySQL 8.0.39)",
        "AutoUpgrade": False,
        "IsMajorVersionUpgrade": False,
    }
    # Auto minor version upgrades go to the default minor version.
    assert [target["EngineVersion"] for target in targets if target["AutoUpgrade"]] == [default_aurora_mysql_version()]
    assert valid_upgrade_targets("8.0.mysql_aurora.3.10.0") == []


def test_version_2_upgrades_to_version_3_as_a_major_upgrade():
    targets = valid_upgrade_targets(V2_VERSION, with_sources=True)
    majors = [target for target in targets if target["IsMajorVersionUpgrade"]]
    assert majors and all(target["EngineVersion"].startswith("8.0.mysql_aurora.3.") for target in majors)
    assert not any(target["AutoUpgrade"] for target in majors)
    assert all("release notes" in target["Source"] for target in majors)
    minors = valid_upgrade_targets("5.7.mysql_aurora.2.11.6")
    assert [target["EngineVersion"] for target in minors if not target["IsMajorVersionUpgrade"]][0] == (
        "5.7.mysql_aurora.2.12.0"
    )


def test_versions_name_their_release_notes():
    for row in aurora_mysql_versions():
        sources = aurora_mysql_version_sources(row["EngineVersion"])
        assert "release notes" in sources["EngineVersion"] and "release notes" in sources["MySQLVersion"]
    assert "compatible with MySQL 5.7.44" in aurora_mysql_version_sources(V2_VERSION)["MySQLVersion"]
    assert aurora_mysql_versions()[-1]["DBEngineVersionDescription"] == (
        "Aurora MySQL 3.10.0 (compatible with MySQL 8.0.42)"
    )


# --- version 2 -> 3 parameter changes -----------------------------------------------------------------------------


def test_a_renamed_parameter_translates_to_its_new_name():
    assert v3_name_for("tx_isolation", INSTANCE) == "transaction_isolation"
    assert v3_name_for("slave_parallel_workers", INSTANCE) == "replica_parallel_workers"
    [change] = [row for row in v2_to_v3_parameter_changes(INSTANCE) if row["ParameterName"] == "tx_isolation"]
    assert change["Change"] == "renamed" and "replaced by `transaction_isolation`" in change["Source"]


def test_removed_and_moved_parameters_have_no_version_3_name_at_that_level():
    assert v3_name_for("query_cache_size", INSTANCE) is None
    assert v3_name_for("read_only", INSTANCE) is None  # still there, at the cluster level only
    assert v3_name_for("innodb_adaptive_hash_index", INSTANCE) is None
    assert v3_name_for("slow_query_log", INSTANCE) == "slow_query_log"
    with pytest.raises(KeyError):
        v3_name_for("no_such_parameter", INSTANCE)
    changes = {(row["ParameterName"], row["Scope"]): row for row in v2_to_v3_parameter_changes()}
    assert changes[("query_cache_type", CLUSTER)]["Change"] == "removed"
    assert changes[("read_only", INSTANCE)]["Change"] == "cluster-level only"
    assert changes[("aurora_load_from_s3_role", CLUSTER)]["NewName"] == "aws_default_s3_role"


def test_every_change_names_its_source_and_a_real_new_name():
    for change in v2_to_v3_parameter_changes():
        assert kind_of(change["Source"]) == "aws", change
        if change.get("NewScope"):
            assert parameter_definition(V3, change["NewScope"], change["NewName"]) is not None, change
        if change["Scope"]:
            assert parameter_definition(V2, change["Scope"], change["ParameterName"]) is not None, change
            assert parameter_definition(V3, change["Scope"], change["ParameterName"]) is None, change
