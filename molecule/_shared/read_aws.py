"""What molecule's verify steps read: Aurora MySQL clusters and their members, with plain boto3, never through the
collection's own modules (a verify must not share the code it checks).

    python molecule/_shared/read_aws.py cluster <identifier>   one cluster, or null when it does not exist
    python molecule/_shared/read_aws.py clusters                the identifiers of every aurora-mysql cluster
    python molecule/_shared/read_aws.py deployments             every blue/green deployment: name, status, source
    python molecule/_shared/read_aws.py snapshots <identifier>  the manual snapshots of a cluster, by identifier

Prints JSON. Reads AWS_ENDPOINT_URL / AWS_REGION and the credentials from the environment, as boto3 does.
"""

from __future__ import annotations

import json
import os
import sys

import boto3


def _rds():
    return boto3.client("rds", region_name=os.environ["AWS_REGION"])


def cluster(identifier: str) -> dict | None:
    rds = _rds()
    try:
        found = rds.describe_db_clusters(DBClusterIdentifier=identifier)["DBClusters"][0]
    except rds.exceptions.DBClusterNotFoundFault:
        return None
    pages = rds.get_paginator("describe_db_instances").paginate(
        Filters=[{"Name": "db-cluster-id", "Values": [identifier]}]
    )
    instances = {i["DBInstanceIdentifier"]: i for page in pages for i in page["DBInstances"]}
    members = []
    for member in found.get("DBClusterMembers", []):
        instance = instances.get(member["DBInstanceIdentifier"], {})
        groups = instance.get("DBParameterGroups") or [{}]
        members.append(
            {
                "instance_identifier": member["DBInstanceIdentifier"],
                "is_writer": member["IsClusterWriter"],
                "promotion_tier": member.get("PromotionTier"),
                "status": instance.get("DBInstanceStatus"),
                "parameter_apply_status": groups[0].get("ParameterApplyStatus"),
                "cluster_parameter_apply_status": member.get("DBClusterParameterGroupStatus"),
            }
        )
    writers = [m["instance_identifier"] for m in members if m["is_writer"]]
    return {
        "identifier": found["DBClusterIdentifier"],
        "status": found["Status"],
        "engine_version": found.get("EngineVersion"),
        "endpoint": found.get("Endpoint"),
        "reader_endpoint": found.get("ReaderEndpoint"),
        "cluster_parameter_group": found.get("DBClusterParameterGroup"),
        "deletion_protection": found.get("DeletionProtection", False),
        "writer": writers[0] if writers else None,
        "members": sorted(members, key=lambda m: m["instance_identifier"]),
    }


def clusters() -> list[str]:
    pages = (
        _rds().get_paginator("describe_db_clusters").paginate(Filters=[{"Name": "engine", "Values": ["aurora-mysql"]}])
    )
    return sorted(c["DBClusterIdentifier"] for page in pages for c in page["DBClusters"])


def deployments() -> list[dict]:
    pages = _rds().get_paginator("describe_blue_green_deployments").paginate()
    return [
        {"name": d.get("BlueGreenDeploymentName"), "status": d.get("Status"), "source": d.get("Source")}
        for page in pages
        for d in page["BlueGreenDeployments"]
    ]


def snapshots(identifier: str) -> list[str]:
    pages = (
        _rds()
        .get_paginator("describe_db_cluster_snapshots")
        .paginate(DBClusterIdentifier=identifier, SnapshotType="manual")
    )
    return sorted(snap["DBClusterSnapshotIdentifier"] for page in pages for snap in page["DBClusterSnapshots"])


def main(argv: list[str]) -> None:
    if argv[:1] == ["cluster"] and len(argv) == 2:
        print(json.dumps(cluster(argv[1])))
    elif argv == ["clusters"]:
        print(json.dumps(clusters()))
    elif argv[:1] == ["snapshots"] and len(argv) == 2:
        print(json.dumps(snapshots(argv[1])))
    elif argv == ["deployments"]:
        print(json.dumps(deployments()))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
