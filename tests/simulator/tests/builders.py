"""Builders and probes the simulator tests share: a network, a cluster, instances, parameter groups, error codes,
status watching. Test files import this module, never each other."""

from __future__ import annotations

import time

import pytest
from botocore.exceptions import ClientError

PASSWORD = "Sup3r-Secret-pw"
ENGINE = "aurora-mysql"
VERSION = "8.0.mysql_aurora.3.07.1"  # the version the seed guide creates
INSTANCE_CLASS = "db.r6g.large"
CLUSTER = "aurora-cluster"
SUBNET_GROUP = "aurora-subnets"
FAMILY = "aurora-mysql8.0"
INSTANCE_GROUP = "app-instance"
CLUSTER_GROUP = "app-cluster"

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


def error_of(excinfo: pytest.ExceptionInfo) -> tuple[str, str, int]:
    response = excinfo.value.response
    return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]


def code_and_status(excinfo: pytest.ExceptionInfo) -> tuple[str, int]:
    code, _, status = error_of(excinfo)
    return code, status


def fails(code: str, call, *args, **kwargs) -> str:
    """Run ``call``, insist on the RDS error ``code``, return the message."""
    with pytest.raises(ClientError) as excinfo:
        call(*args, **kwargs)
    actual, message, _ = error_of(excinfo)
    assert actual == code, f"expected {code}, got {actual}: {message}"
    return message


def subnets(ec2, zones=("us-east-1a", "us-east-1b"), cidr_prefix="10.0") -> list[str]:
    vpc = ec2.create_vpc(CidrBlock=f"{cidr_prefix}.0.0/16")["Vpc"]["VpcId"]
    return [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"{cidr_prefix}.{index}.0/24", AvailabilityZone=zone)["Subnet"][
            "SubnetId"
        ]
        for index, zone in enumerate(zones, start=1)
    ]


def subnet_group(rds, ec2, name: str = SUBNET_GROUP) -> str:
    rds.create_db_subnet_group(DBSubnetGroupName=name, DBSubnetGroupDescription="aurora", SubnetIds=subnets(ec2))
    return name


def cluster(rds, identifier: str = CLUSTER, **overrides) -> dict:
    settings = {
        "DBClusterIdentifier": identifier,
        "Engine": ENGINE,
        "EngineVersion": VERSION,
        "MasterUsername": "admin",
        "MasterUserPassword": PASSWORD,
    }
    settings.update(overrides)
    return rds.create_db_cluster(**settings)["DBCluster"]


def instance(rds, identifier: str, cluster_identifier: str = CLUSTER, **overrides) -> dict:
    settings = {
        "DBInstanceIdentifier": identifier,
        "DBClusterIdentifier": cluster_identifier,
        "Engine": ENGINE,
        "DBInstanceClass": INSTANCE_CLASS,
    }
    settings.update(overrides)
    return rds.create_db_instance(**settings)["DBInstance"]


def describe_cluster(rds, identifier: str = CLUSTER) -> dict:
    return rds.describe_db_clusters(DBClusterIdentifier=identifier)["DBClusters"][0]


def describe_instance(rds, identifier: str) -> dict:
    return rds.describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"][0]


def writer_of(rds, identifier: str = CLUSTER) -> list[str]:
    members = describe_cluster(rds, identifier)["DBClusterMembers"]
    return [member["DBInstanceIdentifier"] for member in members if member["IsClusterWriter"]]


def instance_group(rds, name: str = INSTANCE_GROUP, family: str = FAMILY) -> str:
    rds.create_db_parameter_group(DBParameterGroupName=name, DBParameterGroupFamily=family, Description="instance")
    return name


def cluster_group(rds, name: str = CLUSTER_GROUP, family: str = FAMILY) -> str:
    rds.create_db_cluster_parameter_group(
        DBClusterParameterGroupName=name, DBParameterGroupFamily=family, Description="cluster"
    )
    return name


def binlog_cluster_group(rds, name: str = CLUSTER_GROUP, family: str = FAMILY, binlog_format: str = "ROW") -> str:
    """A custom cluster parameter group with binary logging on, as a blue/green source needs (Aurora User Guide,
    blue-green-deployments-creating.md). Set before any cluster uses it, so nothing waits for a reboot."""
    cluster_group(rds, name, family)
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=name,
        Parameters=[
            {"ParameterName": "binlog_format", "ParameterValue": binlog_format, "ApplyMethod": "pending-reboot"}
        ],
    )
    return name


def apply_status(rds, identifier: str) -> dict[str, str]:
    """An instance's DB parameter groups and the ParameterApplyStatus of each."""
    groups = describe_instance(rds, identifier)["DBParameterGroups"]
    return {group["DBParameterGroupName"]: group["ParameterApplyStatus"] for group in groups}


def member_status(rds, identifier: str = CLUSTER) -> dict[str, str]:
    """A cluster's members and the DBClusterParameterGroupStatus of each."""
    members = describe_cluster(rds, identifier)["DBClusterMembers"]
    return {member["DBInstanceIdentifier"]: member["DBClusterParameterGroupStatus"] for member in members}


def user_values(rds, group: str, cluster_scope: bool = False) -> dict[str, str]:
    """The values a parameter group holds beyond the engine defaults."""
    if cluster_scope:
        rows = rds.describe_db_cluster_parameters(DBClusterParameterGroupName=group, Source="user")["Parameters"]
    else:
        rows = rds.describe_db_parameters(DBParameterGroupName=group, Source="user")["Parameters"]
    return {row["ParameterName"]: row["ParameterValue"] for row in rows}


def watch(read, until, timeout: float = 15.0) -> list:
    """Poll ``read()`` until ``until(value)``; the distinct values seen, in order (the intermediate statuses)."""
    seen: list = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = read()
        if not seen or seen[-1] != value:
            seen.append(value)
        if until(value):
            return seen
        time.sleep(0.005)
    raise AssertionError(f"gave up waiting; seen so far: {seen}")
