"""aurora_param_group against the simulator: the guide's step 2 groups, validation, reboots, purge, delete."""

import pytest

from ansible_collections.aurora.mysql.plugins.modules import aurora_param_group
from tests.unit.builders import mutations, only_reads

CLUSTER_GROUP, INSTANCE_GROUP = "myapp-aurora-mysql8-cluster", "myapp-aurora-mysql8-instance"
# The guide's values as YAML hands them over: unquoted ON arrives as True, 1 as an int.
GUIDE_CLUSTER = dict(
    name=CLUSTER_GROUP,
    scope="cluster",
    family="aurora-mysql8.0",
    description="Cluster parameters for Aurora MySQL 8.0",
    parameters={
        "character_set_server": "utf8mb4",
        "collation_server": "utf8mb4_unicode_ci",
        "require_secure_transport": True,
    },
)
GUIDE_INSTANCE = dict(
    name=INSTANCE_GROUP,
    scope="instance",
    family="aurora-mysql8.0",
    description="Instance parameters for Aurora MySQL 8.0",
    parameters={"slow_query_log": 1, "long_query_time": 1, "log_output": "FILE"},
)
CLUSTER, WRITER, READER = "myapp-aurora-cluster", "myapp-aurora-writer", "myapp-aurora-reader-1"


def user_values(rds, scope, name):
    if scope == "cluster":
        rows = rds.describe_db_cluster_parameters(DBClusterParameterGroupName=name, Source="user")["Parameters"]
    else:
        rows = rds.describe_db_parameters(DBParameterGroupName=name, Source="user")["Parameters"]
    return {row["ParameterName"]: row["ParameterValue"] for row in rows}


@pytest.fixture
def param_group(sim, run_module):
    def _run(args, check_mode=False, diff=False):
        return run_module(aurora_param_group, args, check_mode, diff, sim.env)

    return _run


def build_cluster(sim, param_group):
    """Both guide groups, and a cluster with a writer and a reader that use them."""
    assert param_group(GUIDE_CLUSTER)["changed"] is True
    assert param_group(GUIDE_INSTANCE)["changed"] is True
    rds = sim.boto3("rds")
    rds.create_db_cluster(
        DBClusterIdentifier=CLUSTER,
        Engine="aurora-mysql",
        EngineVersion="8.0.mysql_aurora.3.07.1",
        MasterUsername="admin",
        MasterUserPassword="correct-horse-battery",
        DBClusterParameterGroupName=CLUSTER_GROUP,
    )
    for identifier in (WRITER, READER):
        rds.create_db_instance(
            DBInstanceIdentifier=identifier,
            DBClusterIdentifier=CLUSTER,
            DBInstanceClass="db.r6g.large",
            Engine="aurora-mysql",
            DBParameterGroupName=INSTANCE_GROUP,
        )
    rds.describe_db_instances()
    sim.client.reset_counts()
    return rds


@pytest.mark.parametrize("guide", [GUIDE_CLUSTER, GUIDE_INSTANCE], ids=["cluster", "instance"])
def test_the_guide_groups_are_created_exactly_then_left_alone(sim, param_group, guide):
    result = param_group(guide)
    assert result["changed"] is True
    group = result["parameter_group"]
    assert group["name"] == guide["name"] and group["scope"] == guide["scope"]
    assert group["family"] == "aurora-mysql8.0" and group["description"] == guide["description"]
    assert group["arn"].endswith(guide["name"])
    assert result["reboot_required"] is False and result["pending_reboot"] == []
    stored = user_values(sim.boto3("rds"), guide["scope"], guide["name"])
    assert result["parameters"] == stored
    assert set(stored) == set(guide["parameters"])
    counts = sim.client.counts()
    scope_word = "DBCluster" if guide["scope"] == "cluster" else "DB"
    assert counts[f"Create{scope_word}ParameterGroup"] == 1
    assert counts[f"Modify{scope_word}ParameterGroup"] == 1

    sim.client.reset_counts()
    rerun = param_group(guide)
    assert rerun["changed"] is False
    assert rerun["changed_parameters"] == {}
    assert rerun["parameters"] == stored
    assert only_reads(sim), sim.client.counts()


def test_the_guide_values_are_stored_in_the_catalogue_spelling(sim, param_group):
    param_group(GUIDE_CLUSTER)
    param_group(GUIDE_INSTANCE)
    rds = sim.boto3("rds")
    assert user_values(rds, "cluster", CLUSTER_GROUP) == {
        "character_set_server": "utf8mb4",
        "collation_server": "utf8mb4_unicode_ci",
        "require_secure_transport": "ON",
    }
    assert user_values(rds, "instance", INSTANCE_GROUP) == {
        "slow_query_log": "1",
        "long_query_time": "1",
        "log_output": "FILE",
    }


def test_values_with_the_same_meaning_change_nothing(sim, param_group):
    param_group(GUIDE_CLUSTER)
    param_group(GUIDE_INSTANCE)
    sim.client.reset_counts()
    same_cluster = dict(GUIDE_CLUSTER, parameters=dict(GUIDE_CLUSTER["parameters"], require_secure_transport="1"))
    same_instance = dict(
        GUIDE_INSTANCE, parameters={"slow_query_log": "ON", "long_query_time": "1.0", "log_output": "file"}
    )
    for args in (same_cluster, same_instance):
        assert param_group(args)["changed"] is False
    # The apply method is not state either.
    assert param_group(dict(GUIDE_INSTANCE, apply_method="pending-reboot"))["changed"] is False
    assert mutations(sim) == {}


def test_check_and_diff_mode_predict_the_real_run_and_change_nothing(sim, param_group):
    predicted = param_group(GUIDE_INSTANCE, check_mode=True, diff=True)
    assert predicted["changed"] is True
    assert mutations(sim) == {}
    assert predicted["parameter_group"]["arn"] is None
    assert predicted["diff"]["before"] == {}
    real = param_group(GUIDE_INSTANCE, diff=True)
    assert real["changed"] is True
    for key in ("parameters", "changed_parameters", "reboot_required", "pending_reboot"):
        assert predicted[key] == real[key], key
    assert dict(predicted["parameter_group"], arn=None) == dict(real["parameter_group"], arn=None)
    assert real["diff"]["after"] == dict(real["parameter_group"], parameters=real["parameters"])

    sim.client.reset_counts()
    changed = dict(GUIDE_INSTANCE, parameters=dict(GUIDE_INSTANCE["parameters"], long_query_time=2))
    check = param_group(changed, check_mode=True, diff=True)
    assert check["changed_parameters"] == {
        "long_query_time": {"before": "1", "after": "2", "apply_method": "immediate"}
    }
    assert check["diff"]["before"]["parameters"]["long_query_time"] == "1"
    assert check["diff"]["after"]["parameters"]["long_query_time"] == "2"
    assert mutations(sim) == {}
    assert user_values(sim.boto3("rds"), "instance", INSTANCE_GROUP)["long_query_time"] == "1"


@pytest.mark.parametrize(
    ("parameters", "extra", "words"),
    [
        ({"slow_query_logs": 1}, {}, "slow_query_logs: not a parameter of this family; did you mean slow_query_log"),
        ({"log_output": "SYSLOG"}, {}, "log_output: 'SYSLOG' is not allowed (allowed: TABLE,FILE,NONE)"),
        ({"long_query_time": "fast"}, {}, "long_query_time: 'fast' is not a number"),
        ({"slow_query_log": "maybe"}, {}, "slow_query_log: 'maybe' is not a boolean"),
        ({"port": 3307}, {}, "port: is not modifiable"),
        ({"performance_schema": 1}, {"apply_method": "immediate"}, "performance_schema: is static"),
    ],
    ids=["unknown", "not-allowed", "not-a-number", "not-a-boolean", "not-modifiable", "static-immediate"],
)
def test_validation_fails_before_any_change(sim, param_group, parameters, extra, words):
    result = param_group(dict(GUIDE_INSTANCE, parameters=parameters, **extra))
    assert result["failed"] is True
    assert words in result["msg"]
    assert result["option"] == "parameters"
    assert mutations(sim) == {}


def test_validation_of_an_existing_group_changes_nothing_in_it(sim, param_group):
    param_group(GUIDE_INSTANCE)
    sim.client.reset_counts()
    bad = dict(GUIDE_INSTANCE, parameters=dict(GUIDE_INSTANCE["parameters"], long_query_time=5, max_connections=0))
    result = param_group(bad)
    assert result["failed"] is True and "max_connections: '0' is not allowed" in result["msg"]
    assert mutations(sim) == {}
    assert user_values(sim.boto3("rds"), "instance", INSTANCE_GROUP)["long_query_time"] == "1"


def test_the_family_and_description_of_an_existing_group_cannot_change(sim, param_group):
    param_group(GUIDE_CLUSTER)
    sim.client.reset_counts()
    family = param_group(dict(GUIDE_CLUSTER, family="aurora-mysql5.7"))
    assert family["failed"] is True and family["option"] == "family"
    assert "has family aurora-mysql8.0, not aurora-mysql5.7" in family["msg"]
    description = param_group(dict(GUIDE_CLUSTER, description="Other words"))
    assert description["failed"] is True and description["option"] == "description"
    assert mutations(sim) == {}


def test_an_unknown_family_fails_before_any_change(sim, param_group):
    result = param_group(dict(GUIDE_INSTANCE, name="other-group", family="aurora-mysql9.9"))
    assert result["failed"] is True
    assert result["error"]["operation"] == "DescribeEngineDefaultParameters"
    assert "aurora-mysql9.9" in result["msg"]
    assert mutations(sim) == {}


def test_creating_without_a_description_fails_before_any_change(sim, param_group):
    result = param_group(dict(GUIDE_CLUSTER, description=None))
    assert result["failed"] is True and result["option"] == "description"
    assert mutations(sim) == {}


def test_more_than_twenty_changes_go_out_in_batches(sim, param_group):
    defaults = sim.boto3("rds").describe_engine_default_parameters(DBParameterGroupFamily="aurora-mysql8.0")
    rows = defaults["EngineDefaults"]["Parameters"]
    wanted = {}
    for row in rows:
        if row.get("IsModifiable") and row.get("ApplyType") == "dynamic" and row.get("DataType") == "boolean":
            wanted[row["ParameterName"]] = row["AllowedValues"].split(",")[0]
        elif row.get("IsModifiable") and row.get("ApplyType") == "dynamic" and row.get("DataType") == "integer":
            wanted[row["ParameterName"]] = row["AllowedValues"].split(",")[0].split("-")[0] or "0"
    wanted = dict(sorted(wanted.items())[:25])
    assert len(wanted) == 25
    sim.client.reset_counts()
    result = param_group(dict(GUIDE_INSTANCE, parameters=wanted))
    assert result.get("failed") is not True, result
    assert sim.client.counts()["ModifyDBParameterGroup"] == 2
    assert set(user_values(sim.boto3("rds"), "instance", INSTANCE_GROUP)) == set(wanted)
    sim.client.reset_counts()
    assert param_group(dict(GUIDE_INSTANCE, parameters=wanted))["changed"] is False
    assert mutations(sim) == {}


def test_a_static_change_requires_a_reboot_and_names_the_instances(sim, param_group):
    rds = build_cluster(sim, param_group)
    dynamic = param_group(dict(GUIDE_INSTANCE, parameters=dict(GUIDE_INSTANCE["parameters"], long_query_time=2)))
    assert dynamic["changed"] is True
    assert dynamic["reboot_required"] is False and dynamic["pending_reboot"] == []

    static = dict(GUIDE_INSTANCE["parameters"], long_query_time=2, performance_schema=1)
    result = param_group(dict(GUIDE_INSTANCE, parameters=static))
    assert result["changed_parameters"] == {
        "performance_schema": {"before": None, "after": "1", "apply_method": "pending-reboot"}
    }
    assert result["reboot_required"] is True
    assert result["pending_reboot"] == [READER, WRITER]
    for instance in rds.describe_db_instances()["DBInstances"]:
        assert instance["DBParameterGroups"][0]["ParameterApplyStatus"] == "pending-reboot"

    rerun = param_group(dict(GUIDE_INSTANCE, parameters=static))
    assert rerun["changed"] is False and rerun["reboot_required"] is False
    # Nothing rebooted them yet, so they still need it.
    assert rerun["pending_reboot"] == [READER, WRITER]


def test_a_static_cluster_change_names_the_cluster_members(sim, param_group):
    rds = build_cluster(sim, param_group)
    parameters = dict(GUIDE_CLUSTER["parameters"], binlog_format="ROW")
    result = param_group(dict(GUIDE_CLUSTER, parameters=parameters))
    assert result["changed_parameters"]["binlog_format"]["apply_method"] == "pending-reboot"
    assert result["reboot_required"] is True
    assert result["pending_reboot"] == [READER, WRITER]
    members = rds.describe_db_clusters(DBClusterIdentifier=CLUSTER)["DBClusters"][0]["DBClusterMembers"]
    assert {member["DBClusterParameterGroupStatus"] for member in members} == {"pending-reboot"}


def test_purge_resets_unlisted_values(sim, param_group):
    param_group(dict(GUIDE_INSTANCE, parameters=dict(GUIDE_INSTANCE["parameters"], performance_schema=1)))
    sim.client.reset_counts()
    args = dict(GUIDE_INSTANCE, parameters={"slow_query_log": 1}, purge_parameters=True)
    result = param_group(args)
    assert result["changed"] is True
    assert sorted(result["changed_parameters"]) == ["log_output", "long_query_time", "performance_schema"]
    assert result["changed_parameters"]["performance_schema"]["apply_method"] == "pending-reboot"
    assert result["reboot_required"] is True
    assert result["parameters"] == {"slow_query_log": "1"}
    assert sim.client.counts()["ResetDBParameterGroup"] == 1
    assert user_values(sim.boto3("rds"), "instance", INSTANCE_GROUP) == {"slow_query_log": "1"}
    sim.client.reset_counts()
    assert param_group(args)["changed"] is False
    assert mutations(sim) == {}


def test_without_purge_unlisted_values_stay(sim, param_group):
    param_group(GUIDE_INSTANCE)
    result = param_group(dict(GUIDE_INSTANCE, parameters={"slow_query_log": 1}))
    assert result["changed"] is False
    assert user_values(sim.boto3("rds"), "instance", INSTANCE_GROUP) == {
        "slow_query_log": "1",
        "long_query_time": "1",
        "log_output": "FILE",
    }


def test_tags_are_set_changed_and_purged(sim, param_group):
    created = param_group(dict(GUIDE_CLUSTER, tags={"team": "db", "env": "prod"}))
    assert created["parameter_group"]["tags"] == {"team": "db", "env": "prod"}
    rds = sim.boto3("rds")
    arn = created["parameter_group"]["arn"]
    sim.client.reset_counts()
    kept = param_group(dict(GUIDE_CLUSTER, tags={"env": "test"}, purge_tags=False))
    assert kept["changed"] is True and kept["parameter_group"]["tags"] == {"team": "db", "env": "test"}
    assert mutations(sim) == {"AddTagsToResource": 1}
    purged = param_group(dict(GUIDE_CLUSTER, tags={"env": "test"}))
    assert purged["parameter_group"]["tags"] == {"env": "test"}
    assert {tag["Key"]: tag["Value"] for tag in rds.list_tags_for_resource(ResourceName=arn)["TagList"]} == {
        "env": "test"
    }


def test_a_group_in_use_is_not_deleted_and_the_users_are_named(sim, param_group):
    rds = build_cluster(sim, param_group)
    for args, user in (
        (GUIDE_INSTANCE, f"instance {READER}, instance {WRITER}"),
        (GUIDE_CLUSTER, f"cluster {CLUSTER}"),
    ):
        result = param_group(dict(args, state="absent"))
        assert result["failed"] is True and result["option"] == "state"
        assert f"is in use by {user}" in result["msg"]
    assert mutations(sim) == {}
    rds.describe_db_parameter_groups(DBParameterGroupName=INSTANCE_GROUP)


def test_check_mode_takes_the_users_assume_deleted_names_as_gone(sim, param_group):
    build_cluster(sim, param_group)
    sim.client.reset_counts()
    half = dict(GUIDE_INSTANCE, state="absent", assume_deleted=[WRITER])
    refused = param_group(half, check_mode=True)
    assert refused["failed"] is True and f"is in use by instance {READER};" in refused["msg"]
    # The cluster's deletion takes its instances with it.
    for args in (dict(GUIDE_INSTANCE, state="absent"), dict(GUIDE_CLUSTER, state="absent")):
        predicted = param_group(dict(args, assume_deleted=[CLUSTER]), check_mode=True)
        assert predicted["changed"] is True, predicted
        real = param_group(dict(args, assume_deleted=[CLUSTER]))
        assert real["failed"] is True and "is in use by" in real["msg"]
    assert mutations(sim) == {}


def test_absent_deletes_then_changes_nothing(sim, param_group):
    param_group(GUIDE_INSTANCE)
    sim.client.reset_counts()
    check = param_group(dict(GUIDE_INSTANCE, state="absent"), check_mode=True, diff=True)
    assert check["changed"] is True and mutations(sim) == {}
    assert check["diff"]["after"] == {} and check["diff"]["before"]["parameters"]["slow_query_log"] == "1"
    assert param_group(dict(GUIDE_INSTANCE, state="absent"))["changed"] is True
    assert mutations(sim) == {"DeleteDBParameterGroup": 1}
    groups = sim.boto3("rds").describe_db_parameter_groups()["DBParameterGroups"]
    assert INSTANCE_GROUP not in [group["DBParameterGroupName"] for group in groups]
    sim.client.reset_counts()
    assert param_group(dict(GUIDE_INSTANCE, state="absent"))["changed"] is False
    assert only_reads(sim)


@pytest.mark.parametrize("guide", [GUIDE_CLUSTER, GUIDE_INSTANCE], ids=["cluster", "instance"])
def test_a_rerun_reads_the_group_once_and_not_the_engine_defaults(sim, param_group, guide):
    build_cluster(sim, param_group)
    assert param_group(guide)["changed"] is False
    word = "DBCluster" if guide["scope"] == "cluster" else "DB"
    # The group, its tags, its user-set rows (which validate the values), and who uses it (for pending_reboot).
    assert sim.client.counts() == {
        f"Describe{word}ParameterGroups": 1,
        "ListTagsForResource": 1,
        f"Describe{word}Parameters": 1,
        "DescribeDBClusters" if guide["scope"] == "cluster" else "DescribeDBInstances": 1,
    }


def test_the_groups_own_rows_refuse_a_bad_value_before_any_change(sim, param_group):
    param_group(dict(GUIDE_INSTANCE, parameters=dict(GUIDE_INSTANCE["parameters"], performance_schema=1)))
    sim.client.reset_counts()
    bad = dict(GUIDE_INSTANCE, parameters={"log_output": "SYSLOG", "performance_schema": 0}, apply_method="immediate")
    result = param_group(bad)
    assert result["failed"] is True and result["option"] == "parameters"
    assert "log_output: 'SYSLOG' is not allowed (allowed: TABLE,FILE,NONE)" in result["msg"]
    assert "performance_schema: is static" in result["msg"]
    assert "DescribeEngineDefaultParameters" not in sim.client.counts()
    assert mutations(sim) == {}


def engine_default_pages(sim):
    """How many DescribeEngineDefaultParameters pages the instance family's defaults take: every one is read."""
    pages = (
        sim.boto3("rds")
        .get_paginator("describe_engine_default_parameters")
        .paginate(DBParameterGroupFamily="aurora-mysql8.0")
    )
    return sum(1 for _page in pages)


def test_a_name_not_set_yet_is_checked_against_the_engine_defaults(sim, param_group):
    param_group(GUIDE_INSTANCE)
    sim.client.reset_counts()
    result = param_group(dict(GUIDE_INSTANCE, parameters=dict(GUIDE_INSTANCE["parameters"], slow_query_logs=1)))
    assert result["failed"] is True and "did you mean slow_query_log" in result["msg"]
    read = sim.client.counts()["DescribeEngineDefaultParameters"]
    assert mutations(sim) == {}
    assert read == engine_default_pages(sim)


def test_a_purge_reads_the_engine_defaults_for_the_reset_values(sim, param_group):
    param_group(dict(GUIDE_INSTANCE, parameters=dict(GUIDE_INSTANCE["parameters"], log_output="TABLE")))
    sim.client.reset_counts()
    result = param_group(dict(GUIDE_INSTANCE, parameters={"slow_query_log": 1}, purge_parameters=True))
    assert sim.client.counts()["DescribeEngineDefaultParameters"] == engine_default_pages(sim)
    # The family's default (FILE), which the group's own row (TABLE) cannot tell.
    assert result["changed_parameters"]["log_output"] == {
        "before": "TABLE",
        "after": "FILE",
        "apply_method": "immediate",
    }


FORMULAS = {
    # Aurora MySQL's own max_connections default, and the Aurora User Guide's examples.
    "max_connections": (
        "GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000})"
    ),
    "table_definition_cache": "LEAST({DBInstanceClassMemory/393040}, 20000)",
    "innodb_buffer_pool_size": "{DBInstanceClassMemory*3/4}",
}


def test_formula_values_are_set_as_written_then_left_alone(sim, param_group):
    formulas = dict(GUIDE_INSTANCE, parameters=dict(GUIDE_INSTANCE["parameters"], **FORMULAS))
    assert param_group(formulas)["changed"] is True
    stored = user_values(sim.boto3("rds"), "instance", INSTANCE_GROUP)
    assert {name: stored[name] for name in FORMULAS} == FORMULAS
    sim.client.reset_counts()
    assert param_group(formulas)["changed"] is False
    assert only_reads(sim)


def test_a_malformed_formula_is_refused_before_any_change(sim, param_group):
    malformed = dict(GUIDE_INSTANCE, parameters={"max_connections": "GREATEST({DBInstanceClassMemory/12582880},,10)"})
    result = param_group(malformed)
    assert result["failed"] is True and result["option"] == "parameters"
    assert result["msg"].startswith("parameters: max_connections: 'GREATEST({DBInstanceClassMemory/12582880},,10)' is")
    assert "none empty" in result["msg"]
    assert mutations(sim) == {}
