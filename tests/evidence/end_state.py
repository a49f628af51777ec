"""The end state of a guide cluster, compared with the guide's topology and, optionally, with another cluster.

    python -m tests.evidence.end_state NAME [--same-as OTHER]

NAME is the role's aurora_mysql_name. Checks that the simulator holds exactly one finished guide cluster for it
(one cluster, its three instances, all available; one subnet group, two parameter groups, two alarms: nothing
duplicated, nothing half-made). With --same-as, every setting must also equal OTHER's, names aside: a faulted run
must end where a clean run ends. Prints each problem and exits 1 if there is any. Run from the repo root with
AWS_ENDPOINT_URL pointing at the simulator.
"""

from __future__ import annotations

import argparse
import json
import sys

import boto3

from tests.evidence.aws_state import REGION, guide_topology, inventory, topology_problems

_CLUSTER_KEYS = (
    "Status",
    "Engine",
    "EngineVersion",
    "MasterUsername",
    "DBSubnetGroup",
    "DBClusterParameterGroup",
    "StorageEncrypted",
    "KmsKeyId",
    "BackupRetentionPeriod",
    "PreferredBackupWindow",
    "PreferredMaintenanceWindow",
    "DeletionProtection",
    "Port",
)
_INSTANCE_KEYS = (
    "DBInstanceStatus",
    "DBInstanceClass",
    "Engine",
    "MonitoringInterval",
    "MonitoringRoleArn",
    "PerformanceInsightsEnabled",
    "PerformanceInsightsRetentionPeriod",
    "AutoMinorVersionUpgrade",
    "PromotionTier",
)
_ALARM_KEYS = (
    "MetricName",
    "Namespace",
    "Statistic",
    "Period",
    "EvaluationPeriods",
    "Threshold",
    "ComparisonOperator",
    "AlarmActions",
)


def _tags(tag_list) -> dict:
    return {tag["Key"]: tag["Value"] for tag in tag_list or []}


def _user_parameters(pages) -> dict:
    return {p["ParameterName"]: p.get("ParameterValue") for page in pages for p in page["Parameters"]}


def snapshot(rds, cloudwatch, name: str) -> dict:
    """Every setting of guide cluster `name` that the role manages, with `name` replaced by {name}."""
    want = guide_topology(name)
    cluster = rds.describe_db_clusters(DBClusterIdentifier=want["cluster"])["DBClusters"][0]
    state = {"cluster": {key: cluster.get(key) for key in _CLUSTER_KEYS}}
    state["cluster"]["logs"] = sorted(cluster.get("EnabledCloudwatchLogsExports", []))
    state["cluster"]["security_groups"] = sorted(g["VpcSecurityGroupId"] for g in cluster["VpcSecurityGroups"])
    state["cluster"]["tags"] = _tags(cluster.get("TagList"))
    state["cluster"]["members"] = sorted(
        (m["DBInstanceIdentifier"], m["IsClusterWriter"]) for m in cluster["DBClusterMembers"]
    )
    state["instances"] = {}
    for identifier in want["instances"]:
        raw = rds.describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"][0]
        view = {key: raw.get(key) for key in _INSTANCE_KEYS}
        view["parameter_groups"] = [g["DBParameterGroupName"] for g in raw.get("DBParameterGroups", [])]
        view["tags"] = _tags(raw.get("TagList"))
        state["instances"][identifier] = view
    subnet_group = rds.describe_db_subnet_groups(DBSubnetGroupName=want["subnet_group"])["DBSubnetGroups"][0]
    state["subnet_group"] = {
        "description": subnet_group["DBSubnetGroupDescription"],
        "subnets": sorted(s["SubnetIdentifier"] for s in subnet_group["Subnets"]),
    }
    state["cluster_parameters"] = _user_parameters(
        rds.get_paginator("describe_db_cluster_parameters").paginate(
            DBClusterParameterGroupName=want["cluster_parameter_group"], Source="user"
        )
    )
    state["instance_parameters"] = _user_parameters(
        rds.get_paginator("describe_db_parameters").paginate(
            DBParameterGroupName=want["parameter_group"], Source="user"
        )
    )
    alarms = cloudwatch.describe_alarms(AlarmNames=want["alarms"])["MetricAlarms"]
    state["alarms"] = {
        alarm["AlarmName"]: dict({key: alarm.get(key) for key in _ALARM_KEYS}, dimensions=alarm.get("Dimensions"))
        for alarm in alarms
    }
    # Names differ between the two clusters compared; everything else must not.
    return json.loads(json.dumps(state, default=str).replace(name, "{name}"))


def differences(left: dict, right: dict, path: str = "") -> list[str]:
    if isinstance(left, dict) and isinstance(right, dict):
        found = []
        for key in sorted(set(left) | set(right)):
            found += differences(left.get(key), right.get(key), f"{path}.{key}" if path else key)
        return found
    return [] if left == right else [f"{path}: {left!r} != {right!r}"]


def problems(name: str, same_as: str | None = None) -> list[str]:
    session = boto3.session.Session(region_name=REGION)
    rds, cloudwatch = session.client("rds"), session.client("cloudwatch")
    found_inventory = inventory(rds, cloudwatch)
    found = topology_problems(found_inventory, name)
    if same_as is not None:
        found += topology_problems(found_inventory, same_as)
    if found or same_as is None:
        return found
    return differences(snapshot(rds, cloudwatch, name), snapshot(rds, cloudwatch, same_as))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name")
    parser.add_argument("--same-as", help="another aurora_mysql_name whose settings must be the same")
    args = parser.parse_args(argv)
    found = problems(args.name, args.same_as)
    for problem in found:
        print(problem)
    if not found:
        print(f"{args.name}: one finished guide cluster" + (f", the same as {args.same_as}" if args.same_as else ""))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
