"""docs/iam-policy.json grants every AWS operation the collection's code can call, and nothing it never calls.

The operations are read from the code itself (boto3 snake_case names and the waiters' API names), so a new call
without a policy line fails here instead of on a user's account with AccessDenied.
"""

import json
import re
from pathlib import Path

from botocore import xform_name
from botocore.session import get_session

ROOT = Path(__file__).resolve().parents[2]
POLICY = json.loads((ROOT / "docs" / "iam-policy.json").read_text())
# The code asks KMS only to resolve key aliases, so a name KMS shares with another service (tag_resource) is
# the other service's; rds and cloudwatch both really list tags.
SERVICES = ("rds", "cloudwatch", "ec2", "kms")
# Asked for by RDS on the caller's behalf, not called by the code: final snapshots, encryption grants, managed
# passwords, Enhanced Monitoring, and what a blue/green deployment does to the green environment's custom endpoints
# and at its switchover (Aurora User Guide, blue-green-deployments-overview.md, authorizing access: create needs
# rds:CreateDBClusterEndpoint, switchover rds:PromoteReadReplicaDBCluster, delete rds:DeleteDBClusterEndpoint; the
# cluster and instance calls it names are granted for the code's own use anyway).
INDIRECT = {
    "rds:CreateDBClusterEndpoint",
    "rds:PromoteReadReplicaDBCluster",
    "rds:DeleteDBClusterEndpoint",
    "rds:CreateDBClusterSnapshot",
    "kms:CreateGrant",
    "secretsmanager:CreateSecret",
    "secretsmanager:TagResource",
    "iam:PassRole",
}


def granted():
    return {action for statement in POLICY["Statement"] for action in statement["Action"]}


def called():
    """service:Operation for every boto3 operation name that appears as a string in plugins/."""
    source = "\n".join(path.read_text() for path in (ROOT / "plugins").rglob("*.py"))
    names = set(re.findall(r'"([a-z][a-z0-9_]+)"', source)) | set(re.findall(r'"api": "([A-Za-z]+)"', source))
    session = get_session()
    found = set()
    matched = set()
    for service in SERVICES:
        model = session.get_service_model(service)
        by_snake = {xform_name(op): op for op in model.operation_names}
        for name in names - matched if service == "kms" else names:
            operation = name if name in model.operation_names else by_snake.get(name)
            if operation:
                found.add(f"{service}:{operation}")
                matched.add(name)
    return found


def test_every_call_in_the_code_is_granted():
    assert called() - granted() == set()


def test_the_policy_grants_nothing_the_code_does_not_need():
    assert granted() - called() - INDIRECT == set()


def test_the_code_calls_what_the_guide_needs():
    """Guards the scanner itself: if it found nothing, the tests above would pass for the wrong reason."""
    assert {
        "rds:CreateDBCluster",
        "rds:FailoverDBCluster",
        "cloudwatch:PutMetricAlarm",
        "ec2:DescribeSubnets",
    } <= called()
