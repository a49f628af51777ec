"""The Enhanced Monitoring role RDS is given: it must exist in IAM and trust monitoring.rds.amazonaws.com.

Stock moto 5.2.5 only checks that MonitoringRoleArn and MonitoringInterval come together (support/validation.py
keeps that check); it never looks the role up. RDS refuses a role it cannot use, on CreateDBInstance and
ModifyDBInstance alike, with InvalidParameterValue "IAM role ARN value is invalid or does not include the required
permissions for: ENHANCED_MONITORING" (CreateDBInstance of an Aurora cluster instance:
https://github.com/claranet/terraform-aws-aurora/pull/23; ModifyDBInstance: https://github.com/hashicorp/terraform/issues/5455).
Whether RDS words a missing role differently from an untrusting one: no AWS source found, so both get that text.

What the role needs (Aurora User Guide, USER_Monitoring.OS.Enabling.md, Prerequisites): "The trusted entity for your
role is the AWS service monitoring.rds.amazonaws.com" (the same page's confused-deputy example names
rds.amazonaws.com; this follows the Prerequisites text and refuses that), and the AmazonRDSEnhancedMonitoringRole
policy, which is not checked here (the claranet case above was a role whose policy was not yet attached: the
collection should not rely on the simulator to catch that).
instances.py calls ``check`` before anything changes.
"""

from __future__ import annotations

import json
import urllib.parse

from moto.iam.models import iam_backends
from moto.rds.exceptions import InvalidParameterValue

MONITORING_SERVICE = "monitoring.rds.amazonaws.com"


def refusal() -> InvalidParameterValue:
    return InvalidParameterValue(
        "IAM role ARN value is invalid or does not include the required permissions for: ENHANCED_MONITORING"
    )


def find_role(role_arn: str):
    """The IAM role an ARN names, or None: arn:<partition>:iam::<account>:role/<path/><name>."""
    parts = role_arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "iam" or not parts[5].startswith("role/"):
        return None
    partition, account = parts[1], parts[4]
    if account not in iam_backends or partition not in iam_backends[account]:
        return None
    iam = iam_backends[account][partition]
    return next((role for role in iam.get_roles() if role.arn == role_arn), None)


def _listed(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def trusts_monitoring(document: str | None) -> bool:
    """Whether an assume-role policy lets monitoring.rds.amazonaws.com assume the role (an Allow of sts:AssumeRole,
    or a wildcard, to that service principal)."""
    if not document:
        return False
    try:
        policy = json.loads(urllib.parse.unquote(document) if document.lstrip().startswith("%") else document)
    except ValueError:
        return False
    for statement in _listed(policy.get("Statement")):
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        actions = _listed(statement.get("Action"))
        if not any(action in ("sts:AssumeRole", "sts:*", "*") for action in actions):
            continue
        principal = statement.get("Principal")
        services = _listed(principal.get("Service")) if isinstance(principal, dict) else []
        if MONITORING_SERVICE in services:
            return True
    return False


def check(role_arn: str | None) -> None:
    """Refuse a role that does not exist or does not trust monitoring.rds.amazonaws.com (see the module docstring)."""
    if not role_arn:
        return
    role = find_role(role_arn)
    if role is None or not trusts_monitoring(role.assume_role_policy_document):
        raise refusal()
