"""What the simulator holds and what was asked of it, read with plain boto3: the evidence tests' ground truth.

Independent of the collection on purpose: a test must not trust the code under test to report on itself.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
REGION = "us-east-1"

# Any API action whose name starts with one of these changes something in AWS. Wider than the issue's
# Create/Modify/Delete/Failover/Reboot on purpose: tags and alarms (Put/Add/Remove) are changes too.
MUTATING_PREFIXES = (
    "Create",
    "Modify",
    "Delete",
    "Failover",
    "Reboot",
    "Put",
    "Add",
    "Remove",
    "Reset",
    "Start",
    "Stop",
    "Restore",
    "Promote",
)


def mutating_calls(counts: dict[str, int]) -> dict[str, int]:
    return {action: count for action, count in counts.items() if action.startswith(MUTATING_PREFIXES) and count}


def load_demo_prereqs():
    """scripts/demo_prereqs.py as a module: the same prerequisites `make demo` and molecule make."""
    spec = importlib.util.spec_from_file_location("demo_prereqs", REPO_ROOT / "scripts" / "demo_prereqs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def inventory(rds, cloudwatch) -> dict:
    """Every Aurora resource and alarm in the simulator, by kind: the whole picture, to spot duplicates."""
    clusters = rds.describe_db_clusters()["DBClusters"]
    instances = rds.describe_db_instances()["DBInstances"]
    return {
        "clusters": {c["DBClusterIdentifier"]: c for c in clusters},
        "instances": {i["DBInstanceIdentifier"]: i for i in instances},
        "subnet_groups": sorted(g["DBSubnetGroupName"] for g in rds.describe_db_subnet_groups()["DBSubnetGroups"]),
        "cluster_parameter_groups": sorted(
            g["DBClusterParameterGroupName"]
            for g in rds.describe_db_cluster_parameter_groups()["DBClusterParameterGroups"]
            if not g["DBClusterParameterGroupName"].startswith("default.")
        ),
        "parameter_groups": sorted(
            g["DBParameterGroupName"]
            for g in rds.describe_db_parameter_groups()["DBParameterGroups"]
            if not g["DBParameterGroupName"].startswith("default.")
        ),
        "alarms": sorted(a["AlarmName"] for a in cloudwatch.describe_alarms()["MetricAlarms"]),
    }


def guide_topology(name: str) -> dict:
    """The names the role's defaults give every resource of the guide for aurora_mysql_name=name."""
    return {
        "cluster": f"{name}-aurora-cluster",
        "instances": sorted(f"{name}-aurora-{suffix}" for suffix in ("writer", "reader-1", "reader-2")),
        "subnet_group": f"{name}-aurora-subnets",
        "cluster_parameter_group": f"{name}-aurora-mysql8-cluster",
        "parameter_group": f"{name}-aurora-mysql8-instance",
        "alarms": sorted(f"aurora-{name}-{suffix}" for suffix in ("deadlocks", "replica-lag")),
    }


def topology_problems(found: dict, name: str) -> list[str]:
    """Everything that keeps `found` (an inventory()) from being exactly one finished guide cluster `name`."""
    want = guide_topology(name)
    problems = []
    clusters = [c for c in found["clusters"] if c.startswith(name + "-")]
    if clusters != [want["cluster"]]:
        problems.append(f"clusters {clusters}, expected [{want['cluster']}]")
    instances = sorted(i for i in found["instances"] if i.startswith(name + "-"))
    if instances != want["instances"]:
        problems.append(f"instances {instances}, expected {want['instances']}")
    cluster = found["clusters"].get(want["cluster"])
    if cluster is not None:
        members = sorted(m["DBInstanceIdentifier"] for m in cluster["DBClusterMembers"])
        if members != want["instances"]:
            problems.append(f"cluster members {members}, expected {want['instances']}")
        if cluster["Status"] != "available":
            problems.append(f"cluster status {cluster['Status']}")
    for identifier in instances:
        status = found["instances"][identifier]["DBInstanceStatus"]
        if status != "available":
            problems.append(f"{identifier} status {status}")
    for kind, key in (
        ("subnet_groups", "subnet_group"),
        ("cluster_parameter_groups", "cluster_parameter_group"),
        ("parameter_groups", "parameter_group"),
    ):
        mine = [group for group in found[kind] if group.startswith(name + "-")]
        if mine != [want[key]]:
            problems.append(f"{kind} {mine}, expected [{want[key]}]")
    alarms = [alarm for alarm in found["alarms"] if alarm.startswith(f"aurora-{name}-")]
    if alarms != want["alarms"]:
        problems.append(f"alarms {alarms}, expected {want['alarms']}")
    return problems
