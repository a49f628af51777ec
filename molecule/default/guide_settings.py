"""Compare what the simulator holds with every setting the guide asks for, using plain boto3 describe calls.

    python guide_settings.py PREREQS_JSON [--name myapp]

Prints one line per mismatch and exits 1 if there is any, 0 (printing the number of checks) otherwise.
Independent of the collection on purpose: it checks the role's outcome, not the modules' own view of it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import boto3

CLUSTER_PARAMETERS = {
    "character_set_server": "utf8mb4",
    "collation_server": "utf8mb4_unicode_ci",
    "require_secure_transport": "ON",
}
INSTANCE_PARAMETERS = {"slow_query_log": "1", "long_query_time": "1", "log_output": "FILE"}


class Checks:
    def __init__(self) -> None:
        self.count = 0
        self.failures: list[str] = []

    def equal(self, what: str, actual, expected) -> None:
        self.count += 1
        if actual != expected:
            self.failures.append(f"{what}: expected {expected!r}, got {actual!r}")


def user_parameters(pages) -> dict:
    return {p["ParameterName"]: p.get("ParameterValue") for page in pages for p in page["Parameters"]}


def check_groups(rds, checks: Checks, name: str, prereqs: dict) -> None:
    group = rds.describe_db_subnet_groups(DBSubnetGroupName=f"{name}-aurora-subnets")["DBSubnetGroups"][0]
    checks.equal("subnet group description", group["DBSubnetGroupDescription"], "Subnets for Aurora MySQL cluster")
    subnets = {subnet["SubnetIdentifier"] for subnet in group["Subnets"]}
    checks.equal("subnet group subnets", subnets, set(prereqs["aurora_mysql_subnet_ids"]))

    cluster_group = f"{name}-aurora-mysql8-cluster"
    found = rds.describe_db_cluster_parameter_groups(DBClusterParameterGroupName=cluster_group)
    checks.equal(
        "cluster parameter group family",
        found["DBClusterParameterGroups"][0]["DBParameterGroupFamily"],
        "aurora-mysql8.0",
    )
    pages = rds.get_paginator("describe_db_cluster_parameters").paginate(
        DBClusterParameterGroupName=cluster_group, Source="user"
    )
    checks.equal("cluster parameters", user_parameters(pages), CLUSTER_PARAMETERS)

    instance_group = f"{name}-aurora-mysql8-instance"
    found = rds.describe_db_parameter_groups(DBParameterGroupName=instance_group)
    checks.equal(
        "instance parameter group family", found["DBParameterGroups"][0]["DBParameterGroupFamily"], "aurora-mysql8.0"
    )
    pages = rds.get_paginator("describe_db_parameters").paginate(DBParameterGroupName=instance_group, Source="user")
    checks.equal("instance parameters", user_parameters(pages), INSTANCE_PARAMETERS)


def check_cluster(rds, checks: Checks, name: str, prereqs: dict) -> None:
    cluster_id = f"{name}-aurora-cluster"
    cluster = rds.describe_db_clusters(DBClusterIdentifier=cluster_id)["DBClusters"][0]
    expected = {
        "Status": "available",
        "Engine": "aurora-mysql",
        "EngineVersion": "8.0.mysql_aurora.3.07.1",
        "MasterUsername": "admin",
        "DBSubnetGroup": f"{name}-aurora-subnets",
        "DBClusterParameterGroup": f"{name}-aurora-mysql8-cluster",
        "StorageEncrypted": True,
        "KmsKeyId": prereqs["aurora_mysql_kms_key_id"],
        "BackupRetentionPeriod": 14,
        "PreferredBackupWindow": "02:00-03:00",
        "PreferredMaintenanceWindow": "sun:04:00-sun:05:00",
        "DeletionProtection": True,
        "Port": 3306,
    }
    for key, value in expected.items():
        checks.equal(f"cluster {key}", cluster.get(key), value)
    checks.equal(
        "cluster log exports",
        set(cluster.get("EnabledCloudwatchLogsExports", [])),
        {"audit", "error", "general", "slowquery"},
    )
    groups = {group["VpcSecurityGroupId"] for group in cluster["VpcSecurityGroups"]}
    checks.equal("cluster security groups", groups, set(prereqs["aurora_mysql_vpc_security_group_ids"]))
    checks.equal("writer endpoint", cluster["Endpoint"].startswith(f"{cluster_id}.cluster-"), True)
    checks.equal("reader endpoint", cluster["ReaderEndpoint"].startswith(f"{cluster_id}.cluster-ro-"), True)
    writers = [m["DBInstanceIdentifier"] for m in cluster["DBClusterMembers"] if m["IsClusterWriter"]]
    checks.equal("writer (the first instance created)", writers, [f"{name}-aurora-writer"])


def check_instances(rds, checks: Checks, name: str, prereqs: dict) -> None:
    # The guide's steps 4 and 5 and its failover priorities; the writer's tier is left to AWS.
    expected = {
        f"{name}-aurora-writer": ("db.r6g.xlarge", None),
        f"{name}-aurora-reader-1": ("db.r6g.xlarge", 0),
        f"{name}-aurora-reader-2": ("db.r6g.large", 1),
    }
    found = rds.describe_db_instances(Filters=[{"Name": "db-cluster-id", "Values": [f"{name}-aurora-cluster"]}])
    instances = {instance["DBInstanceIdentifier"]: instance for instance in found["DBInstances"]}
    checks.equal("instances", set(instances), set(expected))
    for identifier, (instance_class, tier) in expected.items():
        instance = instances.get(identifier, {})
        checks.equal(f"{identifier} status", instance.get("DBInstanceStatus"), "available")
        checks.equal(f"{identifier} class", instance.get("DBInstanceClass"), instance_class)
        if tier is not None:
            checks.equal(f"{identifier} promotion tier", instance.get("PromotionTier"), tier)
        groups = [group["DBParameterGroupName"] for group in instance.get("DBParameterGroups", [])]
        checks.equal(f"{identifier} parameter group", groups, [f"{name}-aurora-mysql8-instance"])
        checks.equal(f"{identifier} monitoring interval", instance.get("MonitoringInterval"), 10)
        checks.equal(
            f"{identifier} monitoring role",
            instance.get("MonitoringRoleArn"),
            prereqs["aurora_mysql_monitoring_role_arn"],
        )
        checks.equal(f"{identifier} performance insights", instance.get("PerformanceInsightsEnabled"), True)
        checks.equal(
            f"{identifier} performance insights retention", instance.get("PerformanceInsightsRetentionPeriod"), 7
        )
        checks.equal(f"{identifier} auto minor version upgrade", instance.get("AutoMinorVersionUpgrade"), True)


def check_alarms(cloudwatch, checks: Checks, name: str, prereqs: dict) -> None:
    dimensions = [{"Name": "DBClusterIdentifier", "Value": f"{name}-aurora-cluster"}]
    expected = {
        f"aurora-{name}-deadlocks": ("Deadlocks", "Sum", 300, 1, 5.0),
        f"aurora-{name}-replica-lag": ("AuroraReplicaLag", "Maximum", 60, 5, 100.0),
    }
    found = cloudwatch.describe_alarms(AlarmNames=list(expected))["MetricAlarms"]
    alarms = {alarm["AlarmName"]: alarm for alarm in found}
    checks.equal("alarms", set(alarms), set(expected))
    for alarm_name, (metric, statistic, period, periods, threshold) in expected.items():
        alarm = alarms.get(alarm_name, {})
        actual = tuple(
            alarm.get(key) for key in ("MetricName", "Statistic", "Period", "EvaluationPeriods", "Threshold")
        )
        checks.equal(
            f"{alarm_name} metric, statistic, period, periods, threshold",
            actual,
            (metric, statistic, period, periods, threshold),
        )
        checks.equal(f"{alarm_name} namespace", alarm.get("Namespace"), "AWS/RDS")
        checks.equal(f"{alarm_name} comparison", alarm.get("ComparisonOperator"), "GreaterThanThreshold")
        checks.equal(f"{alarm_name} dimensions", alarm.get("Dimensions"), dimensions)
        checks.equal(f"{alarm_name} actions", alarm.get("AlarmActions"), prereqs["aurora_mysql_alarm_actions"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prereqs", help="the extra vars file scripts/demo_prereqs.py wrote")
    parser.add_argument("--name", default="myapp")
    args = parser.parse_args()
    with open(args.prereqs) as handle:
        prereqs = json.load(handle)
    session = boto3.session.Session(region_name=os.environ.get("AWS_REGION", "us-east-1"))
    rds = session.client("rds")
    checks = Checks()
    check_groups(rds, checks, args.name, prereqs)
    check_cluster(rds, checks, args.name, prereqs)
    check_instances(rds, checks, args.name, prereqs)
    check_alarms(session.client("cloudwatch"), checks, args.name, prereqs)
    for failure in checks.failures:
        print(failure)
    if checks.failures:
        return 1
    print(f"all {checks.count} guide settings as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
