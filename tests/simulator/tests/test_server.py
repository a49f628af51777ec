"""The server shell: control API, request counting and the request log, protocol recognition."""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

from tests.simulator import protocol
from tests.simulator.client import SimError
from tests.simulator.server import parse_args
from tests.simulator.tests import builders


def test_health_reports_the_scale(sim):
    assert sim.client.health() == {"ok": True, "scale": 0.0}
    sim.client.set_scale(0.25)
    assert sim.client.health() == {"ok": True, "scale": 0.25}


def test_counts_every_service_per_action_and_not_the_control_api(sim):
    sim.boto3("rds").describe_db_clusters()
    sim.boto3("rds").describe_db_clusters()
    sim.boto3("ec2").describe_vpcs()
    sim.boto3("kms").list_keys()
    sim.boto3("sts").get_caller_identity()
    sim.boto3("iam").list_roles()
    sim.boto3("sns").list_topics()
    sim.boto3("cloudwatch").describe_alarms()
    sim.boto3("secretsmanager").list_secrets()
    sim.client.health()
    sim.client.log()
    assert sim.client.counts() == {
        "DescribeAlarms": 1,
        "DescribeDBClusters": 2,
        "DescribeVpcs": 1,
        "GetCallerIdentity": 1,
        "ListKeys": 1,
        "ListRoles": 1,
        "ListSecrets": 1,
        "ListTopics": 1,
    }


def test_reset_counts_zeroes_counts_and_log(sim):
    sim.boto3("rds").describe_db_clusters()
    sim.client.reset_counts()
    assert sim.client.counts() == {}
    assert sim.client.log() == []
    sim.boto3("rds").describe_db_instances()
    assert sim.client.counts() == {"DescribeDBInstances": 1}


def test_log_is_ordered_and_names_the_resources_of_each_request(sim):
    rds, cloudwatch = sim.boto3("rds"), sim.boto3("cloudwatch")
    builders.cluster(rds)
    builders.instance(rds, "writer")
    builders.instance(rds, "reader")
    rds.create_db_parameter_group(
        DBParameterGroupName="params", DBParameterGroupFamily="aurora-mysql8.0", Description="p"
    )
    rds.failover_db_cluster(DBClusterIdentifier=builders.CLUSTER, TargetDBInstanceIdentifier="reader")
    cloudwatch.put_metric_alarm(
        AlarmName="replica-lag",
        MetricName="AuroraReplicaLag",
        Namespace="AWS/RDS",
        Statistic="Maximum",
        Period=60,
        EvaluationPeriods=5,
        Threshold=100,
        ComparisonOperator="GreaterThanThreshold",
    )
    cloudwatch.describe_alarms(AlarmNames=["replica-lag"])
    log = sim.client.log()
    assert [entry["seq"] for entry in log] == list(range(1, len(log) + 1))
    assert [(entry["service"], entry["action"], entry["ids"]) for entry in log] == [
        ("rds", "CreateDBCluster", {"DBClusterIdentifier": builders.CLUSTER}),
        ("rds", "CreateDBInstance", {"DBInstanceIdentifier": "writer", "DBClusterIdentifier": builders.CLUSTER}),
        ("rds", "CreateDBInstance", {"DBInstanceIdentifier": "reader", "DBClusterIdentifier": builders.CLUSTER}),
        ("rds", "CreateDBParameterGroup", {"DBParameterGroupName": "params"}),
        (
            "rds",
            "FailoverDBCluster",
            {"DBClusterIdentifier": builders.CLUSTER, "TargetDBInstanceIdentifier": "reader"},
        ),
        ("monitoring", "PutMetricAlarm", {"AlarmName": "replica-lag"}),
        ("monitoring", "DescribeAlarms", {"AlarmNames.member.1": "replica-lag"}),
    ]
    assert all(entry["status"] == 200 and "fault" not in entry for entry in log)
    assert log[0]["time"] <= log[-1]["time"]


def test_reset_forgets_resources_counts_and_faults_but_keeps_the_scale(sim):
    rds = sim.boto3("rds")
    builders.cluster(rds)
    sim.client.set_faults(throttle_rate=0.5)
    sim.client.set_scale(0.5)
    sim.client.set_writer_race("first")
    sim.client.fail_failovers(count=None)
    sim.client.reset()
    assert sim.client.faults()["active"] is False
    assert sim.client.counts() == {}
    assert rds.describe_db_clusters()["DBClusters"] == []
    assert sim.client.config() == {"scale": 0.5}
    assert sim.client.writer_race() == "last"
    assert sim.client.failover_failures() == {"fail": False, "count": 0}


@pytest.mark.parametrize(
    "path, body",
    [
        ("/_sim/writer-race", {"writer": "random"}),
        ("/_sim/writer-race", {}),
        ("/_sim/writer-race", {"writer": "first", "also": 1}),
        ("/_sim/failover", {"fail": "yes"}),
        ("/_sim/failover", {"fail": True, "count": 0}),
        ("/_sim/failover", {"fail": True, "count": True}),
        ("/_sim/failover", {"fail": True, "times": 2}),
        ("/_sim/maintenance", {"cluster": "x", "when": "now"}),
    ],
)
def test_behaviour_switches_refuse_bad_settings(sim, path, body):
    with pytest.raises(SimError, match="HTTP 400"):
        sim.client._call("POST", path, body)
    assert sim.client.writer_race() == "last"
    assert sim.client.failover_failures() == {"fail": False, "count": 0}


def test_control_calls_never_count_as_aws_requests(sim):
    rds = sim.boto3("rds")
    builders.cluster(rds)
    sim.client.reset_counts()
    sim.client.force_cluster_status(builders.CLUSTER, "stopped")
    sim.client.set_writer_race("first")
    sim.client.fail_failovers()
    assert sim.client.counts() == {}


@pytest.mark.parametrize("body", [{"scale": -1}, {"scale": "fast"}, {"speed": 2}])
def test_config_refuses_bad_settings(sim, body):
    with pytest.raises(SimError, match="HTTP 400"):
        sim.client._call("POST", "/_sim/config", body)
    assert sim.client.config() == {"scale": 0.0}


def test_unknown_control_call_is_404_json(sim):
    with pytest.raises(urllib.error.HTTPError) as excinfo:
        urllib.request.urlopen(f"{sim.endpoint}/_sim/nothing-here")
    assert excinfo.value.code == 404
    assert "error" in json.loads(excinfo.value.read())


def test_only_loopback_hosts_are_accepted(capsys):
    assert parse_args(["--port", "1", "--host", "127.0.0.1"]).host == "127.0.0.1"
    assert parse_args(["--port", "1"]).host == "127.0.0.1"
    with pytest.raises(SystemExit):
        parse_args(["--port", "1", "--host", "0.0.0.0"])
    assert "only listens on a loopback address" in capsys.readouterr().err


def _environ(path="/", body=b"", **headers):
    environ = {
        "PATH_INFO": path,
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }
    environ.update(headers)
    return environ


def _cbor_list(items):
    out = protocol._cbor_head(4, len(items))
    for item in items:
        raw = item.encode()
        out += protocol._cbor_head(3, len(raw)) + raw
    return out


def test_recognises_query_json_and_rpc_v2_cbor_requests():
    auth = "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/{}/aws4_request, SignedHeaders=host, Signature=x"
    query = _environ(
        body=b"Action=DeleteDBInstance&DBInstanceIdentifier=writer&Version=2014-10-31",
        CONTENT_TYPE="application/x-www-form-urlencoded; charset=utf-8",
        HTTP_AUTHORIZATION=auth.format("rds"),
    )
    body = protocol.read_body(query)
    assert protocol.identify(query, body) == protocol.RequestInfo(
        "query", "rds", "DeleteDBInstance", {"DBInstanceIdentifier": "writer"}
    )
    assert query["wsgi.input"].read() == body  # still readable by moto afterwards

    json_call = _environ(
        body=json.dumps({"AlarmNames": ["a", "b"]}).encode(),
        HTTP_X_AMZ_TARGET="GraniteServiceVersion20100801.DeleteAlarms",
        HTTP_AUTHORIZATION=auth.format("monitoring"),
    )
    assert protocol.identify(json_call, protocol.read_body(json_call)) == protocol.RequestInfo(
        "json", "monitoring", "DeleteAlarms", {"AlarmNames.member.1": "a", "AlarmNames.member.2": "b"}
    )

    cbor_body = protocol._cbor_head(5, 1) + protocol._cbor_head(3, 10) + b"AlarmNames" + _cbor_list(["lag"])
    cbor_call = _environ(
        path="/service/GraniteServiceVersion20100801/operation/DescribeAlarms",
        body=cbor_body,
        HTTP_AUTHORIZATION=auth.format("monitoring"),
    )
    assert protocol.identify(cbor_call, protocol.read_body(cbor_call)) == protocol.RequestInfo(
        "rpc-v2-cbor", "monitoring", "DescribeAlarms", {"AlarmNames.member.1": "lag"}
    )


def test_rpc_v2_cbor_requests_are_counted_by_operation(sim):
    # What botocore sends once it prefers rpc-v2-cbor for CloudWatch; the count must not depend on moto parsing it.
    body = protocol.encode_cbor_text_map({"AlarmNamePrefix": "aurora"})
    request = urllib.request.Request(
        f"{sim.endpoint}/service/GraniteServiceVersion20100801/operation/DescribeAlarms",
        data=body,
        method="POST",
        headers={"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor"},
    )
    with contextlib.suppress(urllib.error.HTTPError):  # moto 5.2.5 cannot parse CBOR; only counting is tested
        urllib.request.urlopen(request).close()
    assert sim.client.counts() == {"DescribeAlarms": 1}


def test_a_moto_failure_is_an_internal_failure_with_its_cause_in_the_log(sim):
    rds = sim.boto3("rds", retries={"mode": "standard", "total_max_attempts": 1})
    with pytest.raises(ClientError) as excinfo:
        rds.describe_db_cluster_endpoints()  # moto 5.2.5 does not implement it
    assert builders.error_of(excinfo)[0] == "InternalFailure"
    assert builders.error_of(excinfo)[2] == 500
    (entry,) = sim.client.log()
    assert entry["status"] == 500
    assert "NotImplementedError" in entry["error"]


def test_cloudwatch_answers_a_metric_by_cluster_and_role_as_it_was_put(sim):
    """aurora_blue_green's lag guardrail reads the green writer's AuroraBinlogReplicaLag by DBClusterIdentifier and
    Role=WRITER (Aurora User Guide, Aurora.AuroraMonitoring.Metrics.md, dimensions.md); tests put it with
    PutMetricData, and moto's GetMetricStatistics must answer it for those dimensions only."""
    cloudwatch = sim.boto3("cloudwatch")
    now = datetime.datetime.now(datetime.UTC)

    def dimensions(cluster, role="WRITER"):
        return [{"Name": "DBClusterIdentifier", "Value": cluster}, {"Name": "Role", "Value": role}]

    for cluster, role, value in (("green", "WRITER", 7.0), ("green", "READER", 99.0), ("other", "WRITER", 50.0)):
        cloudwatch.put_metric_data(
            Namespace="AWS/RDS",
            MetricData=[
                {
                    "MetricName": "AuroraBinlogReplicaLag",
                    "Dimensions": dimensions(cluster, role),
                    "Timestamp": now - datetime.timedelta(seconds=5),
                    "Value": value,
                    "Unit": "Seconds",
                }
            ],
        )
    answer = cloudwatch.get_metric_statistics(
        Namespace="AWS/RDS",
        MetricName="AuroraBinlogReplicaLag",
        Dimensions=dimensions("green"),
        StartTime=now - datetime.timedelta(minutes=5),
        EndTime=now,
        Period=60,
        Statistics=["Maximum"],
    )
    assert [point["Maximum"] for point in answer["Datapoints"]] == [7.0]
    assert sim.client.counts()["GetMetricStatistics"] == 1
