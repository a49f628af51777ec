import pathlib
import re

import pytest
from botocore.stub import Stubber

from ansible_collections.aurora.mysql.plugins.module_utils import aws
from ansible_collections.aurora.mysql.plugins.module_utils.errors import AwsError, ValidationError, WaitTimeoutError
from ansible_collections.aurora.mysql.plugins.module_utils.version import COLLECTION_VERSION
from ansible_collections.aurora.mysql.plugins.module_utils.waiters import WAITERS

REPO = pathlib.Path(__file__).resolve().parents[4]
REQUEST_PLACEHOLDERS = ("{DBClusterIdentifier}", "{DBInstanceIdentifier}", "{BlueGreenDeploymentIdentifier}")
PARAMS = {"region": "us-east-1", "access_key": "AKIDEXAMPLE", "secret_key": "secret", "max_attempts": 3}


def stubbed(service="rds", **overrides):
    client = aws.connect(dict(PARAMS, **overrides), service)
    return client, Stubber(client._client)


def test_version_matches_galaxy_yml():
    galaxy = (REPO / "galaxy.yml").read_text()
    assert f"version: {COLLECTION_VERSION}" in galaxy


def test_client_carries_retry_config_and_user_agent():
    client = aws.connect(dict(PARAMS, retry_mode="adaptive", max_attempts=7), "rds")
    config = client._client.meta.config
    assert config.retries == {"mode": "adaptive", "total_max_attempts": 7}
    assert f"aurora.mysql/{COLLECTION_VERSION}" in config.user_agent_extra


def test_missing_region_is_a_validation_error(monkeypatch):
    for var in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_CONFIG_FILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    with pytest.raises(ValidationError) as err:
        aws.connect(dict(PARAMS, region=None), "rds")
    assert err.value.option == "region"


def test_max_attempts_below_one_is_refused():
    with pytest.raises(ValidationError, match="max_attempts"):
        aws.connect(dict(PARAMS, max_attempts=0), "rds")


def test_client_error_becomes_aws_error_with_code_and_operation():
    client, stub = stubbed()
    stub.add_client_error("describe_db_clusters", "DBClusterNotFoundFault", "DBCluster x not found.")
    with stub, pytest.raises(AwsError) as err:
        client.call("describe_db_clusters", DBClusterIdentifier="x")
    assert (err.value.code, err.value.operation) == ("DBClusterNotFoundFault", "DescribeDBClusters")
    assert err.value.to_result()["error"]["message"] == "DBCluster x not found."


def test_call_or_none_maps_not_found_only():
    client, stub = stubbed()
    stub.add_client_error("describe_db_clusters", "DBClusterNotFoundFault", "gone")
    stub.add_client_error("describe_db_clusters", "AccessDenied", "no")
    with stub:
        assert client.call_or_none("describe_db_clusters", DBClusterIdentifier="x") is None
        with pytest.raises(AwsError, match="AccessDenied"):
            client.call_or_none("describe_db_clusters", DBClusterIdentifier="x")


def test_secrets_are_scrubbed_from_error_messages():
    client, stub = stubbed()
    stub.add_client_error("create_db_cluster", "InvalidParameterValue", "The password Sup3rSecret! is invalid")
    with stub, pytest.raises(AwsError) as err:
        client.call(
            "create_db_cluster", DBClusterIdentifier="c", Engine="aurora-mysql", MasterUserPassword="Sup3rSecret!"
        )
    assert "Sup3rSecret!" not in str(err.value)
    assert "********" in str(err.value)


def test_response_metadata_is_dropped():
    client, stub = stubbed()
    stub.add_response("describe_db_clusters", {"DBClusters": [], "ResponseMetadata": {"RequestId": "r"}})
    with stub:
        assert client.call("describe_db_clusters") == {"DBClusters": []}


def test_custom_waiter_succeeds_on_expected_value(monkeypatch):
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    client, stub = stubbed()
    member = {"DBInstanceIdentifier": "w", "IsClusterWriter": True}
    stub.add_response(
        "describe_db_clusters", {"DBClusters": [{"Status": "failing-over", "DBClusterMembers": [member]}]}
    )
    member_b = {"DBInstanceIdentifier": "r1", "IsClusterWriter": True}
    stub.add_response("describe_db_clusters", {"DBClusters": [{"Status": "available", "DBClusterMembers": [member]}]})
    stub.add_response("describe_db_clusters", {"DBClusters": [{"Status": "available", "DBClusterMembers": [member_b]}]})
    with stub:
        client.wait("failover_complete", 60, expect={"target": "r1"}, DBClusterIdentifier="c")
    stub.assert_no_pending_responses()


def test_wait_timeout_names_what_and_last_state(monkeypatch):
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    client, stub = stubbed()
    for _attempt in range(3):
        stub.add_response("describe_db_clusters", {"DBClusters": [{"Status": "creating"}]})
    with stub, pytest.raises(WaitTimeoutError) as err:
        client.wait("cluster_available", 4, DBClusterIdentifier="c")
    assert "cluster c to be available" in str(err.value)
    assert "creating" in str(err.value)


def test_every_waiter_polls_within_seconds():
    for name, spec in WAITERS.items():
        assert spec["delay"] <= 5, name
        # A description names the request's identifier, or what the acceptors expect (filled from `expect`).
        expected = {acceptor["expected"] for acceptor in spec.get("acceptors", [])}
        for placeholder in re.findall(r"\{\w+\}", spec["description"]):
            assert placeholder in REQUEST_PLACEHOLDERS or placeholder in expected, (name, placeholder)


@pytest.mark.parametrize(
    ("name", "response", "matched"),
    [
        ("cluster_applied", {"DBClusters": [{"Status": "available"}]}, True),
        ("cluster_applied", {"DBClusters": [{"Status": "available", "PendingModifiedValues": {}}]}, True),
        (
            "cluster_applied",
            {"DBClusters": [{"Status": "available", "PendingModifiedValues": {"EngineVersion": "x"}}]},
            False,
        ),
        ("cluster_applied", {"DBClusters": [{"Status": "modifying"}]}, False),
        (
            "instance_settled",
            {
                "DBInstances": [
                    {"DBInstanceStatus": "available", "DBParameterGroups": [{"ParameterApplyStatus": "in-sync"}]}
                ]
            },
            True,
        ),
        (
            "instance_settled",
            {
                "DBInstances": [
                    {"DBInstanceStatus": "available", "DBParameterGroups": [{"ParameterApplyStatus": "pending-reboot"}]}
                ]
            },
            False,
        ),
        (
            "instance_settled",
            {
                "DBInstances": [
                    {"DBInstanceStatus": "available", "PendingModifiedValues": {"DBInstanceClass": "db.r6g.large"}}
                ]
            },
            False,
        ),
    ],
)
def test_success_expressions_of_custom_waiters(name, response, matched):
    # (cluster_upgraded and the blue/green waits, whose expected values are filled in: test_filled_success_expressions)
    # A JMESPath slip here (`!A[0].B` parses as `(!A)[0].B`) makes a wait spin until its timeout.
    import jmespath

    acceptor = next(a for a in WAITERS[name]["acceptors"] if a["state"] == "success")
    assert (jmespath.search(acceptor["argument"], response) == acceptor["expected"]) is matched


def _filled_success(name, response, **expect):
    import jmespath

    matches = [
        jmespath.search(acceptor["argument"], response) == acceptor["expected"].format(**expect)
        for acceptor in WAITERS[name]["acceptors"]
        if acceptor["state"] == "success"
    ]
    return any(matches)


@pytest.mark.parametrize(
    ("cluster", "matched"),
    [
        ({"Status": "available", "EngineVersion": "8.0.mysql_aurora.3.08.0"}, True),
        # The few moments before `upgrading`: available, still the old version and the upgrade queued.
        (
            {
                "Status": "available",
                "EngineVersion": "8.0.mysql_aurora.3.07.1",
                "PendingModifiedValues": {"EngineVersion": "8.0.mysql_aurora.3.08.0"},
            },
            False,
        ),
        ({"Status": "available", "EngineVersion": "8.0.mysql_aurora.3.07.1"}, False),
        ({"Status": "upgrading", "EngineVersion": "8.0.mysql_aurora.3.07.1"}, False),
    ],
)
def test_the_upgrade_wait_ends_only_on_the_new_version(cluster, matched):
    response = {"DBClusters": [cluster]}
    assert _filled_success("cluster_upgraded", response, engine_version="8.0.mysql_aurora.3.08.0") is matched


def _deployment(status, tasks="COMPLETED", members="AVAILABLE"):
    return {
        "BlueGreenDeployments": [
            {"Status": status, "Tasks": [{"Status": tasks}], "SwitchoverDetails": [{"Status": members}]}
        ]
    }


def _first_match(name, response):
    """The state of the first acceptor of waiter `name` that matches, as botocore's waiter tries them."""
    import jmespath

    for acceptor in WAITERS[name]["acceptors"]:
        if acceptor["matcher"] == "error":
            continue
        found = jmespath.search(acceptor["argument"], response)
        if acceptor["matcher"] == "pathAny" and isinstance(found, list) and acceptor["expected"] in found:
            return acceptor["state"]
        if acceptor["matcher"] == "path" and found == acceptor["expected"]:
            return acceptor["state"]
    return "retry"


@pytest.mark.parametrize(
    ("name", "response", "state"),
    [
        ("blue_green_available", _deployment("AVAILABLE"), "success"),
        ("blue_green_available", _deployment("PROVISIONING", tasks="IN_PROGRESS", members="PROVISIONING"), "retry"),
        # AVAILABLE with a task still running is not yet ready for a switchover.
        ("blue_green_available", _deployment("AVAILABLE", tasks="IN_PROGRESS"), "retry"),
        ("blue_green_available", _deployment("INVALID_CONFIGURATION"), "failure"),
        ("blue_green_available", _deployment("PROVISIONING", tasks="FAILED"), "failure"),
        ("blue_green_available", _deployment("PROVISIONING", members="MISSING_TARGET"), "failure"),
        ("blue_green_switched_over", _deployment("SWITCHOVER_IN_PROGRESS"), "retry"),
        ("blue_green_switched_over", _deployment("SWITCHOVER_COMPLETED"), "success"),
        ("blue_green_switched_over", _deployment("SWITCHOVER_FAILED"), "failure"),
        # Rolled back to AVAILABLE after the switchover call: failed, not a wait until the timeout.
        ("blue_green_switched_over", _deployment("AVAILABLE"), "failure"),
        ("blue_green_deleted", {"BlueGreenDeployments": []}, "success"),
        ("blue_green_deleted", _deployment("DELETING"), "retry"),
    ],
)
def test_blue_green_waits_end_at_once_on_a_state_they_cannot_leave(name, response, state):
    assert _first_match(name, response) == state
