# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A blue/green deployment of an Aurora MySQL cluster: what a task asks (Desired), the snake_case view, and the
report of a deployment that failed. Pure; blue_green_plan.py plans, blue_green_api.py calls AWS.

No botocore waiter exists for blue/green deployments (waiters.py holds them as data). The API, its statuses and its
errors: docs/plan sources.md item 15 (botocore's service model, the AWS CLI examples); what RDS requires of an Aurora
MySQL source: item 16 (Aurora User Guide, blue-green-deployments-*.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ansible_collections.aurora.mysql.plugins.module_utils import engine_version, rds, tags, validate
from ansible_collections.aurora.mysql.plugins.module_utils.blue_green_guardrails import (
    DEFAULT_MAX_LAG_SECONDS,
    MAX_LAG_SECONDS,
)
from ansible_collections.aurora.mysql.plugins.module_utils.errors import AuroraError, ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.fields import lowered
from ansible_collections.aurora.mysql.plugins.module_utils.module import TAGS_ARGUMENT_SPEC, WAIT_ARGUMENT_SPEC

# Service model, BlueGreenDeployment.Status.
PROVISIONING = "PROVISIONING"
AVAILABLE = "AVAILABLE"
SWITCHOVER_IN_PROGRESS = "SWITCHOVER_IN_PROGRESS"
SWITCHOVER_COMPLETED = "SWITCHOVER_COMPLETED"
SWITCHOVER_FAILED = "SWITCHOVER_FAILED"
INVALID_CONFIGURATION = "INVALID_CONFIGURATION"
DELETING = "DELETING"
# What this module's tasks ask for, in the order of an upgrade.
STATES = ("present", "switched_over", "absent")
# Service model, CreateBlueGreenDeploymentRequest.BlueGreenDeploymentName: 1 to 60 characters of this pattern.
_NAME = re.compile(r"^[a-zA-Z](?:-?[a-zA-Z0-9]+)*$")
MAX_NAME = 60
# Aurora User Guide, blue-green-deployments-switching.md: "between 30 seconds and 3,600 seconds (one hour) ... The
# default timeout period is 300 seconds" (service model, SwitchoverTimeout: minimum 30).
SWITCHOVER_TIMEOUT = (30, 3600)
# arn:<partition>:rds:<region>:<account>:<kind>:<name>
_ARN = re.compile(r"^arn:([A-Za-z][0-9A-Za-z-]*):rds:([0-9a-z-]*):([0-9]*):([a-z-]+):(.+)$")

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    source_cluster=dict(type="str"),
    target_engine_version=dict(type="str"),
    target_db_cluster_parameter_group_name=dict(type="str"),
    target_db_parameter_group_name=dict(type="str"),
    state=dict(type="str", choices=list(STATES), default="present"),
    switchover_timeout=dict(type="int", default=300),
    delete_target=dict(type="bool", default=False),
    # The role's aurora_mysql_max_replica_lag_seconds is handed to this option under this name.
    max_replica_lag_seconds=dict(type="int", default=DEFAULT_MAX_LAG_SECONDS),
    **TAGS_ARGUMENT_SPEC,
    **WAIT_ARGUMENT_SPEC,
)


@dataclass(frozen=True)
class Desired:
    """What the task asks; None leaves a target setting to RDS (the source's version and groups)."""

    name: str
    state: str
    source_cluster: str | None = None  # the identifier, also when the task named the cluster's ARN
    source_region: str | None = None  # the region of an ARN the task named
    target_engine_version: str | None = None
    target_db_cluster_parameter_group_name: str | None = None
    target_db_parameter_group_name: str | None = None
    switchover_timeout: int = 300
    delete_target: bool = False
    max_replica_lag_seconds: int | None = DEFAULT_MAX_LAG_SECONDS  # None: the lag guardrail is off
    tags: dict | None = None
    purge_tags: bool = True
    wait: bool = True


def desired_from_params(params):
    """Validate and normalise the module's params before any AWS call."""
    name = params["name"]
    if not isinstance(name, str) or len(name) > MAX_NAME or not _NAME.match(name):
        raise ValidationError(
            "name",
            f"'{name}' must be 1 to {MAX_NAME} letters, digits and single hyphens, starting with a letter and not "
            "ending with a hyphen",
        )
    state = params.get("state") or "present"
    if params.get("delete_target") and state != "absent":
        raise ValidationError("delete_target", "applies only with state: absent")
    source, region = _source(params.get("source_cluster"))
    return Desired(
        name=name,
        state=state,
        source_cluster=source,
        source_region=region,
        target_engine_version=engine_version.full_version("target_engine_version", params.get("target_engine_version")),
        target_db_cluster_parameter_group_name=lowered(None, params.get("target_db_cluster_parameter_group_name")),
        target_db_parameter_group_name=lowered(None, params.get("target_db_parameter_group_name")),
        switchover_timeout=validate.int_range(
            "switchover_timeout", params.get("switchover_timeout", 300), *SWITCHOVER_TIMEOUT
        ),
        delete_target=bool(params.get("delete_target")),
        # 0 and null both turn the lag guardrail off.
        max_replica_lag_seconds=validate.int_range(
            "max_replica_lag_seconds", params.get("max_replica_lag_seconds"), 0, MAX_LAG_SECONDS
        )
        or None,
        tags=validate.tags("tags", params.get("tags")),
        purge_tags=params.get("purge_tags", True),
        wait=params.get("wait", True),
    )


def _source(value):
    """(identifier, region of an ARN or None): a blue/green source is named by ARN in the API, by identifier here."""
    if value is None:
        return None, None
    match = _ARN.match(value)
    if match is None:
        return validate.identifier("source_cluster", value).lower(), None
    _partition, region, _account, kind, name = match.groups()
    if kind != "cluster":
        raise ValidationError(
            "source_cluster", f"'{value}' is not an Aurora DB cluster ARN; this module deploys Aurora MySQL clusters"
        )
    return validate.identifier("source_cluster", name).lower(), region


def resource_name(arn):
    """The last part of an RDS ARN (a cluster's or an instance's identifier); None for no ARN."""
    return arn.rsplit(":", 1)[-1] if arn else None


def deployment_arn(view):
    """The deployment's own ARN, for tagging: arn:<partition>:rds:<region>:<account>:deployment:<identifier>, in the
    account and region of its source (RDS names deployments so in their events' SourceArn; the service model's
    BlueGreenDeployment carries no ARN)."""
    prefix = view["source"].rsplit(":", 2)[0]
    return f"{prefix}:deployment:{view['identifier']}"


def normalise(raw):
    """Snake_case, stable keys; `raw` is a DescribeBlueGreenDeployments entry (or a create/switchover/delete answer),
    or None. Source and Target are ARNs that follow RDS's renames: after a switchover Source names the old cluster
    (<name>-old1) and Target the new production cluster, under the original name (AWS CLI examples)."""
    if raw is None:
        return None
    return {
        "identifier": raw["BlueGreenDeploymentIdentifier"],
        "name": raw.get("BlueGreenDeploymentName"),
        "status": raw.get("Status"),
        "status_details": raw.get("StatusDetails"),
        "source": raw.get("Source"),
        "target": raw.get("Target"),
        "source_cluster": resource_name(raw.get("Source")),
        "target_cluster": resource_name(raw.get("Target")),
        "tasks": [{"name": task.get("Name"), "status": task.get("Status")} for task in raw.get("Tasks") or []],
        "switchover_details": [
            {
                "source_member": detail.get("SourceMember"),
                "target_member": detail.get("TargetMember"),
                "status": detail.get("Status"),
            }
            for detail in raw.get("SwitchoverDetails") or []
        ],
        "create_time": rds.iso(raw.get("CreateTime")),
        "delete_time": rds.iso(raw.get("DeleteTime")),
        "tags": tags.to_dict(raw.get("TagList")),
    }


def failure_message(view, what):
    """Where the deployment is (its status and details, its tasks and members that are not where they should be) and
    `what` that means."""
    details = f" ({view['status_details']})" if view.get("status_details") else ""
    parts = [f"blue/green deployment {view['name']} ({view['identifier']}) is {view['status']}{details}: {what}"]
    tasks = [f"{task['name']} {task['status']}" for task in view["tasks"] if task["status"] != "COMPLETED"]
    if tasks:
        parts.append(f"tasks not completed: {', '.join(tasks)}")
    members = sorted({detail["status"] for detail in view["switchover_details"]} - {view["status"]})
    if members:
        parts.append(f"switchover details {', '.join(members)}")
    return "; ".join(parts)


class DeploymentFailed(AuroraError):
    """A deployment in a state it cannot leave by waiting (INVALID_CONFIGURATION, a failed switchover): reported with
    the deployment (tasks, switchover details, status details) and its events, never as a timeout."""

    def __init__(self, message, deployment, events):
        super().__init__(f"{message}. The deployment's RDS events are in the result's events.")
        self.deployment = deployment
        self.events = events

    def to_result(self):
        return {"blue_green_deployment": self.deployment, "events": self.events}
