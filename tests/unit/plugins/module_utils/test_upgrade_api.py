"""The upgrade classification's reads against a recording client: what each case costs and refuses."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import upgrade_api
from tests.unit.builders import RecordingClient

V2_OLD, V2 = "5.7.mysql_aurora.2.12.3", "5.7.mysql_aurora.2.12.4"
V3 = "8.0.mysql_aurora.3.07.1"
VERSIONS = {
    V2_OLD: {
        "EngineVersion": V2_OLD,
        "DBParameterGroupFamily": "aurora-mysql5.7",
        "ValidUpgradeTarget": [
            {"EngineVersion": V2, "IsMajorVersionUpgrade": False},
            {"EngineVersion": V3, "IsMajorVersionUpgrade": True},
        ],
    },
    V3: {"EngineVersion": V3, "DBParameterGroupFamily": "aurora-mysql8.0", "ValidUpgradeTarget": []},
}
V3_INSTANCE_NAMES = ["slow_query_log", "transaction_isolation", "log_output"]


def _cluster(version, binlog_member_status="in-sync"):
    return {
        "DBClusterIdentifier": "c",
        "EngineVersion": version,
        "DBClusterParameterGroup": "c-57-cluster",
        "DBClusterMembers": [
            {
                "DBInstanceIdentifier": "w",
                "IsClusterWriter": True,
                "DBClusterParameterGroupStatus": binlog_member_status,
            }
        ],
    }


def _client(binlog="OFF", deployment=None):
    def versions(Engine, EngineVersion=None, **_):
        return {"DBEngineVersions": [VERSIONS[EngineVersion]] if EngineVersion in VERSIONS else []}

    return RecordingClient(
        {
            "describe_blue_green_deployments": {"BlueGreenDeployments": [deployment] if deployment else []},
            "describe_db_engine_versions": versions,
            "describe_db_cluster_parameters": {
                "Parameters": [{"ParameterName": "binlog_format", "ParameterValue": binlog}]
            },
            "describe_engine_default_parameters": {
                "EngineDefaults": {"Parameters": [{"ParameterName": name} for name in V3_INSTANCE_NAMES]}
            },
            "describe_engine_default_cluster_parameters": {
                "EngineDefaults": {"Parameters": [{"ParameterName": "character_set_server"}]}
            },
        }
    )


def _options(**extra):
    options = {
        "engine_version": V3,
        "method": "auto",
        "deployment_name": "c-to-v3",
        "allow_major_version_upgrade": False,
        "enable_binlog": True,
        "allow_removed_parameters": False,
        "cluster_parameters": {"character_set_server": "utf8mb4"},
        "instance_parameters": {"slow_query_log": "1", "tx_isolation": "READ-COMMITTED"},
        "verify_tasks": [],
        "switchover_timeout": 300,
    }
    return dict(options, **extra)


def _name(option):
    return f"role_{option}"


def test_a_major_upgrade_by_blue_green_is_planned_with_translated_groups():
    client = _client()
    facts, errors = upgrade_api.plan(client, _cluster(V2_OLD), _options(), _name)
    assert errors == []
    assert (facts["kind"], facts["major"], facts["phase"], facts["family"]) == (
        "blue_green",
        True,
        "create",
        "aurora-mysql8.0",
    )
    assert facts["binlog_change"] and not facts["writer_reboot"]
    assert facts["source_family"] == "aurora-mysql5.7"
    assert facts["parameters"] == {
        "cluster": {"character_set_server": "utf8mb4", "binlog_format": "ROW"},
        "instance": {"slow_query_log": "1", "transaction_isolation": "READ-COMMITTED"},
    }
    assert facts["renamed"] == {"tx_isolation": "transaction_isolation"}


def test_binlog_off_without_permission_and_removed_parameters_are_refused_together():
    options = _options(enable_binlog=False, instance_parameters={"query_cache_size": "0"})
    facts, errors = upgrade_api.plan(_client(), _cluster(V2_OLD), options, _name)
    assert [option for option, _reason in errors] == ["enable_binlog", "instance_parameters"]
    assert "role_enable_binlog: true" in errors[0][1]
    assert "role_allow_removed_parameters: true" in errors[1][1]
    assert facts["removed"] == ["query_cache_size"]


def test_removed_parameters_are_left_out_when_allowed():
    options = _options(allow_removed_parameters=True, instance_parameters={"query_cache_size": "0"})
    facts, errors = upgrade_api.plan(_client(binlog="ROW"), _cluster(V2_OLD), options, _name)
    assert errors == []
    assert facts["parameters"]["instance"] == {}
    assert not facts["binlog_change"]


def test_a_writer_not_in_sync_needs_the_rolling_reboot():
    facts, _errors = upgrade_api.plan(_client(binlog="ROW"), _cluster(V2_OLD, "pending-reboot"), _options(), _name)
    assert facts["writer_reboot"]


def test_a_minor_upgrade_in_place_reads_no_parameters():
    client = _client()
    facts, errors = upgrade_api.plan(client, _cluster(V2_OLD), _options(engine_version=V2), _name)
    assert errors == []
    assert (facts["kind"], facts["major"]) == ("in_place", False)
    assert facts["parameters"]["instance"] == {"slow_query_log": "1", "tx_isolation": "READ-COMMITTED"}
    assert [method for method, _kwargs in client.calls] == [
        "describe_blue_green_deployments",
        "describe_db_engine_versions",
    ]


def test_after_the_upgrade_nothing_to_do_costs_one_read_and_keeps_the_new_names():
    client = _client()
    facts, errors = upgrade_api.plan(client, _cluster(V3), _options(), _name)
    assert errors == []
    assert facts["kind"] == "none"
    assert facts["parameters"]["instance"] == {"slow_query_log": "1", "transaction_isolation": "READ-COMMITTED"}
    assert [method for method, _kwargs in client.calls] == ["describe_blue_green_deployments"]


@pytest.mark.parametrize(("status", "phase"), [("AVAILABLE", "switchover"), ("SWITCHOVER_COMPLETED", "cleanup")])
def test_an_existing_deployment_is_resumed_without_asking_rds_about_versions(status, phase):
    deployment = {
        "BlueGreenDeploymentIdentifier": "bgd-1",
        "BlueGreenDeploymentName": "c-to-v3",
        "Status": status,
        "Source": "arn:aws:rds:us-east-1:123456789012:cluster:c",
    }
    client = _client(deployment=deployment)
    facts, errors = upgrade_api.plan(client, _cluster(V2_OLD), _options(), _name)
    assert errors == []
    assert (facts["kind"], facts["phase"], facts["deployment"]["identifier"]) == ("blue_green", phase, "bgd-1")
    assert "describe_db_engine_versions" not in [method for method, _kwargs in client.calls]


def test_a_version_rds_does_not_offer_as_a_target_is_refused():
    facts, errors = upgrade_api.plan(_client(), _cluster(V3), _options(engine_version="8.0.mysql_aurora.3.99.0"), _name)
    assert facts is None
    assert errors[0][0] == "engine_version"
