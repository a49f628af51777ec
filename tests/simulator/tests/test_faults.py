"""Fault injection: each fault in the protocol's own error shape, counted and flagged, by rate or by count."""

from __future__ import annotations

import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from botocore.exceptions import ClientError, ConnectionClosedError

from tests.simulator.faults import FaultConfig, FaultInjector
from tests.simulator.tests import builders

NO_RETRY = {"retries": {"mode": "standard", "total_max_attempts": 1}}
SIGNED_RDS = "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/rds/aws4_request, SignedHeaders=host, Signature=0"


def _raw_rds_call(sim, action: str) -> urllib.error.HTTPError:
    request = urllib.request.Request(
        sim.endpoint,
        data=f"Action={action}&Version=2014-10-31".encode(),
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Authorization": SIGNED_RDS},
    )
    with pytest.raises(urllib.error.HTTPError) as excinfo:
        urllib.request.urlopen(request)
    return excinfo.value


def test_throttling_is_the_query_protocols_xml_error(sim):
    sim.client.set_faults(throttle_rate=1.0)
    error = _raw_rds_call(sim, "DescribeDBClusters")
    assert error.code == 400
    root = ET.fromstring(error.read())
    assert root.tag == "ErrorResponse"
    assert root.findtext("Error/Type") == "Sender"
    assert root.findtext("Error/Code") == "Throttling"
    assert root.findtext("Error/Message") == "Rate exceeded"
    assert root.findtext("RequestId")


@pytest.mark.parametrize("status, code", [(500, "InternalFailure"), (503, "ServiceUnavailable")])
def test_server_errors_carry_a_proper_xml_body(sim, status, code):
    sim.client.set_faults(error_rate=1.0, error_status=status)
    error = _raw_rds_call(sim, "DescribeDBInstances")
    assert error.code == status
    root = ET.fromstring(error.read())
    assert (root.findtext("Error/Type"), root.findtext("Error/Code")) == ("Receiver", code)


@pytest.mark.parametrize(
    "service, call, code",
    [
        ("rds", lambda client: client.describe_db_clusters(), "Throttling"),
        ("iam", lambda client: client.list_roles(), "Throttling"),
        ("sts", lambda client: client.get_caller_identity(), "Throttling"),
        ("sns", lambda client: client.list_topics(), "Throttling"),
        ("ec2", lambda client: client.describe_vpcs(), "RequestLimitExceeded"),
        ("kms", lambda client: client.list_keys(), "ThrottlingException"),
        ("secretsmanager", lambda client: client.list_secrets(), "ThrottlingException"),
        ("cloudwatch", lambda client: client.describe_alarms(), "Throttling"),
    ],
)
def test_botocore_reads_the_throttling_code_of_every_protocol(sim, service, call, code):
    sim.client.set_faults(throttle_rate=1.0)
    with pytest.raises(ClientError) as excinfo:
        call(sim.boto3(service, **NO_RETRY))
    assert builders.error_of(excinfo)[0] == code
    assert builders.error_of(excinfo)[2] == 400


def test_botocore_retries_a_throttled_call_and_every_attempt_is_counted(sim):
    sim.client.set_faults(throttle_rate=1.0, count=2)
    rds = sim.boto3("rds", retries={"mode": "standard", "total_max_attempts": 3})
    assert rds.describe_db_clusters()["DBClusters"] == []
    assert sim.client.counts() == {"DescribeDBClusters": 3}
    assert [entry.get("fault") for entry in sim.client.log()] == ["throttle", "throttle", None]
    assert [entry["status"] for entry in sim.client.log()] == [400, 400, 200]
    assert sim.client.faults()["active"] is False  # the count ran out


def test_dropped_before_the_action_leaves_nothing_behind(sim):
    rds = sim.boto3("rds", **NO_RETRY)
    sim.client.set_faults(drop_rate=1.0, drop_mode="before", actions=["CreateDBCluster"], count=1)
    with pytest.raises(ConnectionClosedError):
        builders.cluster(rds)
    assert rds.describe_db_clusters()["DBClusters"] == []
    assert [(entry["action"], entry.get("fault")) for entry in sim.client.log()] == [
        ("CreateDBCluster", "drop-before"),
        ("DescribeDBClusters", None),
    ]


def test_dropped_after_the_action_loses_only_the_response(sim):
    rds = sim.boto3("rds", **NO_RETRY)
    sim.client.set_faults(drop_rate=1.0, drop_mode="after", actions=["CreateDBCluster"], count=1)
    with pytest.raises(ConnectionClosedError):
        builders.cluster(rds)
    assert builders.describe_cluster(rds)["DBClusterIdentifier"] == builders.CLUSTER
    # The retry a client would make now meets the cluster the lost call created.
    builders.fails("DBClusterAlreadyExistsFault", builders.cluster, rds)
    assert sim.client.log()[0]["fault"] == "drop-after"


def test_faults_hit_only_the_listed_actions(sim):
    rds = sim.boto3("rds", **NO_RETRY)
    sim.client.set_faults(error_rate=1.0, error_status=500, actions=["DescribeDBInstances"])
    assert rds.describe_db_clusters()["DBClusters"] == []
    with pytest.raises(ClientError) as excinfo:
        rds.describe_db_instances()
    assert builders.error_of(excinfo)[:1] == ("InternalFailure",)
    assert builders.error_of(excinfo)[2] == 500


def test_clearing_faults_stops_injection(sim):
    rds = sim.boto3("rds", **NO_RETRY)
    sim.client.set_faults(throttle_rate=1.0)
    with pytest.raises(ClientError):
        rds.describe_db_clusters()
    sim.client.clear_faults()
    assert rds.describe_db_clusters()["DBClusters"] == []


def test_fault_settings_are_validated(sim):
    for bad in ({"throttle_rate": 2}, {"throttle_rate": 0.6, "error_rate": 0.6}, {"drop_mode": "sideways"}, {"x": 1}):
        with pytest.raises(Exception, match="HTTP 400"):
            sim.client.set_faults(**bad)
    assert sim.client.faults()["active"] is False


def test_a_rate_injects_about_that_share_of_faults():
    injector = FaultInjector()
    injector.configure(FaultConfig(throttle_rate=0.2, error_rate=0.1, seed=7))
    kinds = [fault.kind if fault else None for fault in (injector.decide("DescribeDBClusters") for _ in range(2000))]
    assert 300 < kinds.count("throttle") < 500
    assert 120 < kinds.count("error") < 280
    assert kinds.count("drop") == 0


def test_a_count_of_zero_injects_nothing():
    injector = FaultInjector()
    injector.configure(FaultConfig(throttle_rate=1.0, count=0))
    assert injector.decide("DescribeDBClusters") is None
