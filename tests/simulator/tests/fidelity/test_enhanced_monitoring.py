"""The Enhanced Monitoring role must exist and trust monitoring.rds.amazonaws.com, on create and on modify."""

from __future__ import annotations

import json

import pytest

from tests.simulator.tests import builders

REFUSAL = "IAM role ARN value is invalid or does not include the required permissions for: ENHANCED_MONITORING"
RDS_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "rds.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


@pytest.fixture
def rds(sim):
    client = sim.boto3("rds")
    builders.cluster(client)
    return client


def test_a_trusted_role_is_taken(rds, iam):
    role = builders.monitoring_role(iam)
    created = builders.instance(rds, "writer", MonitoringInterval=30, MonitoringRoleArn=role)
    assert (created["MonitoringInterval"], created["MonitoringRoleArn"]) == (30, role)


def test_a_role_that_does_not_exist_is_refused_before_anything_is_created(rds):
    missing = "arn:aws:iam::123456789012:role/no-such-role"
    message = builders.fails(
        "InvalidParameterValue", builders.instance, rds, "writer", MonitoringInterval=30, MonitoringRoleArn=missing
    )
    assert message == REFUSAL
    assert rds.describe_db_instances()["DBInstances"] == []


def test_a_role_that_does_not_trust_the_monitoring_service_is_refused(rds, iam):
    role = builders.monitoring_role(iam, "trusts-rds", trust=RDS_TRUST)
    message = builders.fails(
        "InvalidParameterValue", builders.instance, rds, "writer", MonitoringInterval=30, MonitoringRoleArn=role
    )
    assert message == REFUSAL


def test_modify_refuses_it_too_and_keeps_the_old_role(rds, iam):
    role = builders.monitoring_role(iam)
    builders.instance(rds, "writer", MonitoringInterval=30, MonitoringRoleArn=role)
    untrusting = builders.monitoring_role(iam, "trusts-rds", trust=RDS_TRUST)
    message = builders.fails(
        "InvalidParameterValue", rds.modify_db_instance, DBInstanceIdentifier="writer", MonitoringRoleArn=untrusting
    )
    assert message == REFUSAL
    assert builders.describe_instance(rds, "writer")["MonitoringRoleArn"] == role


def test_a_role_with_a_path_and_a_list_of_principals_is_found(rds, iam):
    trust = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": ["ec2.amazonaws.com", "monitoring.rds.amazonaws.com"]},
                "Action": ["sts:AssumeRole"],
            }
        ]
    }
    role = iam.create_role(RoleName="pathed", Path="/service-role/", AssumeRolePolicyDocument=json.dumps(trust))
    arn = role["Role"]["Arn"]
    assert ":role/service-role/pathed" in arn
    assert builders.instance(rds, "writer", MonitoringInterval=60, MonitoringRoleArn=arn)["MonitoringRoleArn"] == arn
