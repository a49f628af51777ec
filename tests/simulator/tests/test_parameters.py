"""Parameter-group fidelity: catalogue data and the RDS behaviours the simulator adds on top of moto.

API tests go through the simulator server (`sim`, scale 0: the call after a create, delete or reboot already sees
it finished) with real boto3 clients, so this process never patches moto itself.
"""

import pytest
from botocore.exceptions import ClientError

from tests.simulator.catalog import (
    CLUSTER,
    INSTANCE,
    aurora_mysql_family,
    aurora_mysql_versions,
    default_aurora_mysql_version,
    engine_default_parameters,
)
from tests.simulator.fidelity.parameters_validation import value_allowed

FAMILY = "aurora-mysql8.0"
VERSION = "8.0.mysql_aurora.3.07.1"

# The guide's parameter groups (docs: /work/shared/seed/aurora-mysql-guide.md, step 2).
GUIDE_CLUSTER_PARAMETERS = [
    {"ParameterName": "character_set_server", "ParameterValue": "utf8mb4", "ApplyMethod": "immediate"},
    {"ParameterName": "collation_server", "ParameterValue": "utf8mb4_unicode_ci", "ApplyMethod": "immediate"},
    {"ParameterName": "require_secure_transport", "ParameterValue": "ON", "ApplyMethod": "immediate"},
]
GUIDE_INSTANCE_PARAMETERS = [
    {"ParameterName": "slow_query_log", "ParameterValue": "1", "ApplyMethod": "immediate"},
    {"ParameterName": "long_query_time", "ParameterValue": "1", "ApplyMethod": "immediate"},
    {"ParameterName": "log_output", "ParameterValue": "FILE", "ApplyMethod": "immediate"},
]


def _error(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


def _instance_group(rds, name="app-instance", family=FAMILY):
    rds.create_db_parameter_group(DBParameterGroupName=name, DBParameterGroupFamily=family, Description="instance")
    return name


def _cluster_group(rds, name="app-cluster", family=FAMILY):
    rds.create_db_cluster_parameter_group(
        DBClusterParameterGroupName=name, DBParameterGroupFamily=family, Description="cluster"
    )
    return name


def _cluster(rds, identifier="app", **kwargs):
    rds.create_db_cluster(
        DBClusterIdentifier=identifier,
        Engine="aurora-mysql",
        EngineVersion=VERSION,
        MasterUsername="admin",
        MasterUserPassword="correct-horse-battery",
        **kwargs,
    )
    return identifier


def _instance(rds, identifier, cluster="app", **kwargs):
    rds.create_db_instance(
        DBInstanceIdentifier=identifier,
        DBClusterIdentifier=cluster,
        Engine="aurora-mysql",
        DBInstanceClass="db.r6g.large",
        **kwargs,
    )
    return identifier


def _apply_status(rds, identifier):
    instance = rds.describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"][0]
    return {group["DBParameterGroupName"]: group["ParameterApplyStatus"] for group in instance["DBParameterGroups"]}


def _member_status(rds, cluster="app"):
    members = rds.describe_db_clusters(DBClusterIdentifier=cluster)["DBClusters"][0]["DBClusterMembers"]
    return {member["DBInstanceIdentifier"]: member["DBClusterParameterGroupStatus"] for member in members}


def _user_values(rds, group, scope=INSTANCE):
    if scope == CLUSTER:
        rows = rds.describe_db_cluster_parameters(DBClusterParameterGroupName=group, Source="user")["Parameters"]
    else:
        rows = rds.describe_db_parameters(DBParameterGroupName=group, Source="user")["Parameters"]
    return {row["ParameterName"]: row["ParameterValue"] for row in rows}


# --- catalogue data -------------------------------------------------------------------------------------------


def test_catalogue_scopes_and_apply_types_follow_the_aurora_reference():
    cluster = {row["ParameterName"]: row for row in engine_default_parameters(FAMILY, CLUSTER)}
    instance = {row["ParameterName"]: row for row in engine_default_parameters(FAMILY, INSTANCE)}
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
        for row in engine_default_parameters(FAMILY, scope):
            assert {"ParameterName", "Description", "Source", "ApplyType", "DataType", "IsModifiable"} <= set(row)
            assert "ApplyMethod" not in row
            assert row["Source"] in ("engine-default", "system")
            assert row["ApplyType"] in ("static", "dynamic")
            assert row["DataType"] in ("string", "integer", "boolean", "list", "float")


def test_catalogue_defaults_pass_their_own_allowed_values():
    for scope in (CLUSTER, INSTANCE):
        for row in engine_default_parameters(FAMILY, scope):
            if "ParameterValue" in row and "AllowedValues" in row:
                assert value_allowed(row, row["ParameterValue"]), row["ParameterName"]


def test_aurora_mysql_versions_name_their_families():
    versions = {row["EngineVersion"]: row for row in aurora_mysql_versions()}
    for version in ("8.0.mysql_aurora.3.04.0", VERSION, "8.0.mysql_aurora.3.08.0"):
        assert versions[version]["DBParameterGroupFamily"] == FAMILY
    assert [row for row in versions.values() if row["DBParameterGroupFamily"] == "aurora-mysql5.7"]
    assert {row["Engine"] for row in versions.values()} == {"aurora-mysql"}
    assert [row["EngineVersion"] for row in versions.values() if row["IsDefault"]] == [default_aurora_mysql_version()]
    assert aurora_mysql_family(VERSION) == FAMILY
    assert aurora_mysql_family("8.0.mysql_aurora.9.99.9") is None


# --- engine defaults ------------------------------------------------------------------------------------------


def test_engine_default_describes_answer_from_the_catalogue(rds):
    cluster = rds.describe_engine_default_cluster_parameters(DBParameterGroupFamily=FAMILY)["EngineDefaults"]
    instance = rds.describe_engine_default_parameters(DBParameterGroupFamily=FAMILY)["EngineDefaults"]
    assert cluster["DBParameterGroupFamily"] == FAMILY
    assert [row["ParameterName"] for row in cluster["Parameters"]] == [
        row["ParameterName"] for row in engine_default_parameters(FAMILY, CLUSTER)
    ]
    assert "character_set_server" in {row["ParameterName"] for row in cluster["Parameters"]}
    assert "slow_query_log" in {row["ParameterName"] for row in instance["Parameters"]}
    assert "Marker" not in cluster  # 62 cluster parameters fit the default page of 100


def test_engine_defaults_paginate_with_marker_and_max_records(rds):
    paginator = rds.get_paginator("describe_engine_default_parameters")
    pages = list(paginator.paginate(DBParameterGroupFamily=FAMILY, PaginationConfig={"PageSize": 20}))
    names = [row["ParameterName"] for page in pages for row in page["EngineDefaults"]["Parameters"]]
    assert len(pages) > 1 and all(len(page["EngineDefaults"]["Parameters"]) <= 20 for page in pages)
    assert names == [row["ParameterName"] for row in engine_default_parameters(FAMILY, INSTANCE)]
    first = rds.describe_engine_default_parameters(DBParameterGroupFamily=FAMILY, MaxRecords=20)["EngineDefaults"]
    assert first["Marker"]
    with pytest.raises(ClientError) as excinfo:
        rds.describe_engine_default_parameters(DBParameterGroupFamily=FAMILY, MaxRecords=5)
    assert _error(excinfo)[0] == "InvalidParameterValue"


def test_engine_defaults_of_an_unknown_family_are_refused(rds):
    with pytest.raises(ClientError) as excinfo:
        rds.describe_engine_default_cluster_parameters(DBParameterGroupFamily="aurora-mysql9.9")
    assert _error(excinfo)[0] == "InvalidParameterValue"


# --- group parameters -----------------------------------------------------------------------------------------


def test_group_parameters_merge_user_values_over_the_catalogue(rds):
    group = _instance_group(rds)
    rds.modify_db_parameter_group(DBParameterGroupName=group, Parameters=GUIDE_INSTANCE_PARAMETERS)
    paginator = rds.get_paginator("describe_db_parameters")
    rows = [row for page in paginator.paginate(DBParameterGroupName=group) for row in page["Parameters"]]
    assert len(rows) == len(engine_default_parameters(FAMILY, INSTANCE))
    by_name = {row["ParameterName"]: row for row in rows}
    assert by_name["long_query_time"]["ParameterValue"] == "1"
    assert by_name["long_query_time"]["Source"] == "user"
    assert by_name["long_query_time"]["DataType"] == "float"
    assert by_name["innodb_buffer_pool_size"]["Source"] == "system"
    assert by_name["wait_timeout"]["Source"] == "engine-default"


def test_source_filter_splits_the_group_parameters(rds):
    group = _cluster_group(rds)
    rds.modify_db_cluster_parameter_group(DBClusterParameterGroupName=group, Parameters=GUIDE_CLUSTER_PARAMETERS)
    every = rds.describe_db_cluster_parameters(DBClusterParameterGroupName=group)["Parameters"]
    by_source = {
        source: rds.describe_db_cluster_parameters(DBClusterParameterGroupName=group, Source=source)["Parameters"]
        for source in ("user", "engine-default", "system")
    }
    assert {row["ParameterName"] for row in by_source["user"]} == {
        "character_set_server",
        "collation_server",
        "require_secure_transport",
    }
    assert all(row["Source"] == source for source, rows in by_source.items() for row in rows)
    assert sum(len(rows) for rows in by_source.values()) == len(every)
    assert "binlog_format" in {row["ParameterName"] for row in by_source["system"]}


# --- create ---------------------------------------------------------------------------------------------------


def test_create_refuses_an_unknown_family(rds):
    with pytest.raises(ClientError) as excinfo:
        rds.create_db_parameter_group(DBParameterGroupName="x", DBParameterGroupFamily="aurora-mysql9", Description="d")
    assert _error(excinfo)[0] == "InvalidParameterValue"
    with pytest.raises(ClientError) as excinfo:
        rds.create_db_cluster_parameter_group(
            DBClusterParameterGroupName="x", DBParameterGroupFamily="mysql-aurora8.0", Description="d"
        )
    assert _error(excinfo)[0] == "InvalidParameterValue"
    assert rds.describe_db_parameter_groups()["DBParameterGroups"] == []


def test_create_refuses_a_name_rds_would_not_accept(rds):
    for name in ("1st-group", "under_score", "double--hyphen", "trailing-"):
        with pytest.raises(ClientError) as excinfo:
            rds.create_db_parameter_group(DBParameterGroupName=name, DBParameterGroupFamily=FAMILY, Description="d")
        assert _error(excinfo)[0] == "InvalidParameterValue", name
    assert rds.describe_db_parameter_groups()["DBParameterGroups"] == []


def test_create_refuses_an_existing_name(rds):
    _instance_group(rds)
    _cluster_group(rds)
    with pytest.raises(ClientError) as excinfo:
        _instance_group(rds)
    assert _error(excinfo)[0] == "DBParameterGroupAlreadyExists"
    with pytest.raises(ClientError) as excinfo:
        _cluster_group(rds)
    assert _error(excinfo)[0] == "DBParameterGroupAlreadyExists"


# --- modify ---------------------------------------------------------------------------------------------------


def test_the_guide_parameter_changes_are_accepted(rds):
    instance_group, cluster_group = _instance_group(rds), _cluster_group(rds)
    rds.modify_db_parameter_group(DBParameterGroupName=instance_group, Parameters=GUIDE_INSTANCE_PARAMETERS)
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=cluster_group, Parameters=GUIDE_CLUSTER_PARAMETERS
    )
    assert _user_values(rds, instance_group) == {"slow_query_log": "1", "long_query_time": "1", "log_output": "FILE"}
    assert _user_values(rds, cluster_group, CLUSTER) == {
        "character_set_server": "utf8mb4",
        "collation_server": "utf8mb4_unicode_ci",
        "require_secure_transport": "ON",
    }


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
    group = _instance_group(rds)
    with pytest.raises(ClientError) as excinfo:
        rds.modify_db_parameter_group(DBParameterGroupName=group, Parameters=[change])
    assert _error(excinfo) == ("InvalidParameterValue", 400)
    assert _user_values(rds, group) == {}


def test_modify_refuses_immediate_for_a_static_parameter(rds):
    group = _cluster_group(rds)
    with pytest.raises(ClientError) as excinfo:
        rds.modify_db_cluster_parameter_group(
            DBClusterParameterGroupName=group,
            Parameters=[{"ParameterName": "binlog_format", "ParameterValue": "ROW", "ApplyMethod": "immediate"}],
        )
    assert _error(excinfo)[0] == "InvalidParameterCombination"
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=group,
        Parameters=[{"ParameterName": "binlog_format", "ParameterValue": "ROW", "ApplyMethod": "pending-reboot"}],
    )
    assert _user_values(rds, group, CLUSTER) == {"binlog_format": "ROW"}


def test_modify_refuses_more_than_twenty_parameters(rds):
    group = _instance_group(rds)
    names = [row["ParameterName"] for row in engine_default_parameters(FAMILY, INSTANCE)]
    wide = [
        {"ParameterName": name, "ParameterValue": "1", "ApplyMethod": "immediate"}
        for name in names
        if name.startswith(("innodb_", "max_", "net_", "log_", "performance_"))
    ][:21]
    assert len(wide) == 21
    with pytest.raises(ClientError) as excinfo:
        rds.modify_db_parameter_group(DBParameterGroupName=group, Parameters=wide)
    assert _error(excinfo)[0] == "InvalidParameterValue"


def test_modify_is_all_or_nothing(rds):
    group = _instance_group(rds)
    with pytest.raises(ClientError):
        rds.modify_db_parameter_group(
            DBParameterGroupName=group,
            Parameters=[
                {"ParameterName": "wait_timeout", "ParameterValue": "300", "ApplyMethod": "immediate"},
                {"ParameterName": "general_log", "ParameterValue": "1", "ApplyMethod": "immediate"},
                {"ParameterName": "max_allowed_packet", "ParameterValue": "1", "ApplyMethod": "immediate"},
            ],
        )
    assert _user_values(rds, group) == {}


def test_modify_accepts_rds_formulas_for_integer_parameters(rds):
    group = _instance_group(rds)
    formula = "{DBInstanceClassMemory*1/2}"
    rds.modify_db_parameter_group(
        DBParameterGroupName=group,
        Parameters=[
            {"ParameterName": "innodb_buffer_pool_size", "ParameterValue": formula, "ApplyMethod": "pending-reboot"}
        ],
    )
    assert _user_values(rds, group) == {"innodb_buffer_pool_size": formula}


def test_default_groups_exist_and_cannot_be_modified(rds):
    listed = rds.describe_db_cluster_parameter_groups(DBClusterParameterGroupName="default.aurora-mysql8.0")
    assert listed["DBClusterParameterGroups"][0]["DBParameterGroupFamily"] == FAMILY
    with pytest.raises(ClientError) as excinfo:
        rds.modify_db_parameter_group(
            DBParameterGroupName="default.aurora-mysql8.0", Parameters=GUIDE_INSTANCE_PARAMETERS
        )
    assert _error(excinfo)[0] == "InvalidParameterValue"
    with pytest.raises(ClientError) as excinfo:
        rds.delete_db_cluster_parameter_group(DBClusterParameterGroupName="default.aurora-mysql8.0")
    assert _error(excinfo)[0] == "InvalidDBParameterGroupState"


# --- reset ----------------------------------------------------------------------------------------------------


def test_reset_named_parameters(rds):
    group = _instance_group(rds)
    rds.modify_db_parameter_group(DBParameterGroupName=group, Parameters=GUIDE_INSTANCE_PARAMETERS)
    rds.reset_db_parameter_group(
        DBParameterGroupName=group,
        Parameters=[{"ParameterName": "slow_query_log", "ApplyMethod": "immediate"}],
    )
    assert _user_values(rds, group) == {"long_query_time": "1", "log_output": "FILE"}
    default = rds.describe_db_parameters(
        DBParameterGroupName=group, Filters=[{"Name": "parameter-name", "Values": ["slow_query_log"]}]
    )["Parameters"]
    assert [(row["ParameterName"], row["Source"]) for row in default] == [("slow_query_log", "engine-default")]


def test_reset_all_parameters(rds):
    group = _cluster_group(rds)
    rds.modify_db_cluster_parameter_group(DBClusterParameterGroupName=group, Parameters=GUIDE_CLUSTER_PARAMETERS)
    answer = rds.reset_db_cluster_parameter_group(DBClusterParameterGroupName=group, ResetAllParameters=True)
    assert answer["DBClusterParameterGroupName"] == group
    assert _user_values(rds, group, CLUSTER) == {}


def test_reset_refuses_unknown_parameters_and_changes_nothing(rds):
    group = _instance_group(rds)
    rds.modify_db_parameter_group(DBParameterGroupName=group, Parameters=GUIDE_INSTANCE_PARAMETERS)
    with pytest.raises(ClientError) as excinfo:
        rds.reset_db_parameter_group(
            DBParameterGroupName=group,
            Parameters=[
                {"ParameterName": "slow_query_log", "ApplyMethod": "immediate"},
                {"ParameterName": "no_such_parameter", "ApplyMethod": "immediate"},
            ],
        )
    assert _error(excinfo)[0] == "InvalidParameterValue"
    assert set(_user_values(rds, group)) == {"slow_query_log", "long_query_time", "log_output"}


# --- missing groups -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda rds: rds.describe_db_parameters(DBParameterGroupName="missing"),
        lambda rds: rds.describe_db_parameter_groups(DBParameterGroupName="missing"),
        lambda rds: rds.modify_db_parameter_group(DBParameterGroupName="missing", Parameters=GUIDE_INSTANCE_PARAMETERS),
        lambda rds: rds.reset_db_parameter_group(DBParameterGroupName="missing", ResetAllParameters=True),
        lambda rds: rds.delete_db_parameter_group(DBParameterGroupName="missing"),
        lambda rds: rds.describe_db_cluster_parameters(DBClusterParameterGroupName="missing"),
        lambda rds: rds.describe_db_cluster_parameter_groups(DBClusterParameterGroupName="missing"),
        lambda rds: rds.modify_db_cluster_parameter_group(
            DBClusterParameterGroupName="missing", Parameters=GUIDE_CLUSTER_PARAMETERS
        ),
        lambda rds: rds.reset_db_cluster_parameter_group(
            DBClusterParameterGroupName="missing", ResetAllParameters=True
        ),
        lambda rds: rds.delete_db_cluster_parameter_group(DBClusterParameterGroupName="missing"),
    ],
    ids=[
        "describe-params",
        "describe-groups",
        "modify",
        "reset",
        "delete",
        "describe-cluster-params",
        "describe-cluster-groups",
        "modify-cluster",
        "reset-cluster",
        "delete-cluster",
    ],
)
def test_a_missing_group_is_not_found(rds, call):
    with pytest.raises(ClientError) as excinfo:
        call(rds)
    assert _error(excinfo) == ("DBParameterGroupNotFound", 404)


def test_a_cluster_naming_a_missing_cluster_group_is_refused(rds):
    with pytest.raises(ClientError) as excinfo:
        _cluster(rds, DBClusterParameterGroupName="missing")
    assert _error(excinfo) == ("DBClusterParameterGroupNotFound", 404)


def test_a_group_of_another_family_is_refused(rds):
    group = _cluster_group(rds, name="mysql-cluster", family="aurora-mysql5.7")
    with pytest.raises(ClientError) as excinfo:
        _cluster(rds, DBClusterParameterGroupName=group)
    assert _error(excinfo)[0] == "InvalidParameterCombination"
    _cluster(rds)
    with pytest.raises(ClientError) as excinfo:
        _instance(rds, "writer", DBParameterGroupName=_instance_group(rds, name="mysql-instance", family="mysql8.0"))
    assert _error(excinfo)[0] == "InvalidParameterCombination"
    assert rds.describe_db_instances()["DBInstances"] == []


# --- delete ---------------------------------------------------------------------------------------------------


def test_delete_refuses_a_group_in_use(rds):
    instance_group, cluster_group = _instance_group(rds), _cluster_group(rds)
    _cluster(rds, DBClusterParameterGroupName=cluster_group)
    _instance(rds, "writer", DBParameterGroupName=instance_group)
    with pytest.raises(ClientError) as excinfo:
        rds.delete_db_parameter_group(DBParameterGroupName=instance_group)
    assert _error(excinfo)[0] == "InvalidDBParameterGroupState"
    with pytest.raises(ClientError) as excinfo:
        rds.delete_db_cluster_parameter_group(DBClusterParameterGroupName=cluster_group)
    assert _error(excinfo)[0] == "InvalidDBParameterGroupState"
    rds.delete_db_instance(DBInstanceIdentifier="writer")
    rds.delete_db_parameter_group(DBParameterGroupName=instance_group)
    with pytest.raises(ClientError) as excinfo:
        rds.describe_db_parameter_groups(DBParameterGroupName=instance_group)
    assert _error(excinfo)[0] == "DBParameterGroupNotFound"


# --- pending-reboot -------------------------------------------------------------------------------------------


def test_new_instances_and_members_start_in_sync(rds):
    _cluster(rds, DBClusterParameterGroupName=_cluster_group(rds))
    _instance(rds, "writer", DBParameterGroupName=_instance_group(rds))
    _instance(rds, "reader")
    assert _apply_status(rds, "writer") == {"app-instance": "in-sync"}
    assert _apply_status(rds, "reader") == {"default.aurora-mysql8.0": "in-sync"}
    assert _member_status(rds) == {"writer": "in-sync", "reader": "in-sync"}
    assert rds.describe_db_clusters(DBClusterIdentifier="app")["DBClusters"][0]["DBClusterParameterGroup"] == (
        "app-cluster"
    )


def test_a_static_instance_change_leaves_its_users_pending_reboot(rds):
    group = _instance_group(rds)
    _cluster(rds)
    _instance(rds, "writer", DBParameterGroupName=group)
    _instance(rds, "reader-1", DBParameterGroupName=group)
    _instance(rds, "reader-2")
    rds.modify_db_parameter_group(
        DBParameterGroupName=group,
        Parameters=[{"ParameterName": "performance_schema", "ParameterValue": "1", "ApplyMethod": "pending-reboot"}],
    )
    assert _apply_status(rds, "writer") == {group: "pending-reboot"}
    assert _apply_status(rds, "reader-1") == {group: "pending-reboot"}
    assert _apply_status(rds, "reader-2") == {"default.aurora-mysql8.0": "in-sync"}


def test_a_dynamic_change_applied_immediately_stays_in_sync(rds):
    instance_group, cluster_group = _instance_group(rds), _cluster_group(rds)
    _cluster(rds, DBClusterParameterGroupName=cluster_group)
    _instance(rds, "writer", DBParameterGroupName=instance_group)
    rds.modify_db_parameter_group(DBParameterGroupName=instance_group, Parameters=GUIDE_INSTANCE_PARAMETERS)
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=cluster_group, Parameters=GUIDE_CLUSTER_PARAMETERS
    )
    assert _apply_status(rds, "writer") == {instance_group: "in-sync"}
    assert _member_status(rds) == {"writer": "in-sync"}


def test_a_dynamic_change_sent_pending_reboot_waits_for_reboot(rds):
    group = _instance_group(rds)
    _cluster(rds)
    _instance(rds, "writer", DBParameterGroupName=group)
    rds.modify_db_parameter_group(
        DBParameterGroupName=group,
        Parameters=[{"ParameterName": "wait_timeout", "ParameterValue": "300", "ApplyMethod": "pending-reboot"}],
    )
    assert _apply_status(rds, "writer") == {group: "pending-reboot"}


def test_a_static_cluster_change_leaves_every_member_pending_reboot(rds):
    group = _cluster_group(rds)
    _cluster(rds, DBClusterParameterGroupName=group)
    _cluster(rds, identifier="other")
    _instance(rds, "writer")
    _instance(rds, "reader")
    _instance(rds, "other-writer", cluster="other")
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=group,
        Parameters=[{"ParameterName": "binlog_format", "ParameterValue": "ROW", "ApplyMethod": "pending-reboot"}],
    )
    assert _member_status(rds) == {"writer": "pending-reboot", "reader": "pending-reboot"}
    assert _member_status(rds, "other") == {"other-writer": "in-sync"}
    assert _apply_status(rds, "writer") == {"default.aurora-mysql8.0": "in-sync"}


def test_a_reset_of_a_static_value_waits_for_reboot(rds):
    group = _cluster_group(rds)
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=group,
        Parameters=[{"ParameterName": "binlog_format", "ParameterValue": "ROW", "ApplyMethod": "pending-reboot"}],
    )
    _cluster(rds, DBClusterParameterGroupName=group)
    _instance(rds, "writer")
    rds.reset_db_cluster_parameter_group(DBClusterParameterGroupName=group, ResetAllParameters=True)
    assert _member_status(rds) == {"writer": "pending-reboot"}


def test_switching_an_instance_group_waits_for_reboot(rds):
    group = _instance_group(rds)
    _cluster(rds)
    _instance(rds, "writer")
    answer = rds.modify_db_instance(DBInstanceIdentifier="writer", DBParameterGroupName=group, ApplyImmediately=True)
    assert answer["DBInstance"]["DBParameterGroups"] == [
        {"DBParameterGroupName": group, "ParameterApplyStatus": "pending-reboot"}
    ]
    assert _apply_status(rds, "writer") == {group: "pending-reboot"}


def test_switching_the_cluster_group_leaves_members_pending_reboot(rds):
    group = _cluster_group(rds)
    _cluster(rds)
    _instance(rds, "writer")
    _instance(rds, "reader")
    assert rds.describe_db_clusters(DBClusterIdentifier="app")["DBClusters"][0]["DBClusterParameterGroup"] == (
        "default.aurora-mysql8.0"
    )
    rds.modify_db_cluster(DBClusterIdentifier="app", DBClusterParameterGroupName=group, ApplyImmediately=True)
    cluster = rds.describe_db_clusters(DBClusterIdentifier="app")["DBClusters"][0]
    assert cluster["DBClusterParameterGroup"] == group
    assert _member_status(rds) == {"writer": "pending-reboot", "reader": "pending-reboot"}


def test_a_completed_reboot_applies_pending_reboot_parameters(rds):
    instance_group, cluster_group = _instance_group(rds), _cluster_group(rds)
    _cluster(rds, DBClusterParameterGroupName=cluster_group)
    _instance(rds, "writer", DBParameterGroupName=instance_group)
    _instance(rds, "reader", DBParameterGroupName=instance_group)
    static = {"ParameterValue": "1", "ApplyMethod": "pending-reboot"}
    rds.modify_db_parameter_group(
        DBParameterGroupName=instance_group, Parameters=[{"ParameterName": "performance_schema", **static}]
    )
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=cluster_group, Parameters=[{"ParameterName": "aurora_enhanced_binlog", **static}]
    )
    assert _apply_status(rds, "writer") == {instance_group: "pending-reboot"}
    assert _member_status(rds) == {"writer": "pending-reboot", "reader": "pending-reboot"}
    rebooting = rds.reboot_db_instance(DBInstanceIdentifier="writer")["DBInstance"]
    assert rebooting["DBInstanceStatus"] == "rebooting"
    assert rebooting["DBParameterGroups"][0]["ParameterApplyStatus"] == "pending-reboot"
    # Scale 0: the next call already sees the reboot finished, which applies what was pending.
    assert _apply_status(rds, "writer") == {instance_group: "in-sync"}
    assert _apply_status(rds, "reader") == {instance_group: "pending-reboot"}
    assert _member_status(rds) == {"writer": "in-sync", "reader": "pending-reboot"}


def test_cluster_group_parameters_paginate_like_rds(rds):
    group = _cluster_group(rds)
    rds.modify_db_cluster_parameter_group(DBClusterParameterGroupName=group, Parameters=GUIDE_CLUSTER_PARAMETERS)
    paginator = rds.get_paginator("describe_db_cluster_parameters")
    pages = list(paginator.paginate(DBClusterParameterGroupName=group, PaginationConfig={"PageSize": 20}))
    rows = [row for page in pages for row in page["Parameters"]]
    assert len(pages) == 4
    assert [row["ParameterName"] for row in rows] == [
        row["ParameterName"] for row in engine_default_parameters(FAMILY, CLUSTER)
    ]
    assert {row["ParameterName"] for row in rows if row["Source"] == "user"} == {
        "character_set_server",
        "collation_server",
        "require_secure_transport",
    }
