# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RDS calls behind aurora_blue_green: read the deployment and the clusters it concerns, the checks before a
create, create / switch over / delete, the waits, and the deployment's events. The plan decided everything."""

from __future__ import annotations

import datetime
import math
import time

from ansible_collections.aurora.mysql.plugins.module_utils import (
    aws,
    blue_green,
    blue_green_guardrails,
    cluster,
    engine_version_api,
    metrics_api,
    param_group_api,
    rds,
    tags,
)
from ansible_collections.aurora.mysql.plugins.module_utils.errors import (
    AuroraError,
    AwsError,
    ValidationError,
    WaitTimeoutError,
)

EVENT_SOURCE = "blue-green-deployment"
# DescribeEvents answers "for the past 14 days" (service model): a failure report asks for all of them.
EVENTS_KEPT_MINUTES = 14 * 24 * 60
# What a wait that ends on a state the deployment cannot leave says happened.
_FAILED = {
    "blue_green_available": "it did not become AVAILABLE",
    "blue_green_switched_over": "the switchover failed (RDS rolls a failed switchover back; nothing was renamed)",
}


def _describe(client, **kwargs):
    return client.paginate("describe_blue_green_deployments", "BlueGreenDeployments", **kwargs)


def read(client, name):
    """The deployment named `name`, normalised, or None: RDS keeps one deployment per name (service model,
    BlueGreenDeploymentName "Can't be the same as an existing blue/green deployment name"), found by its name filter."""
    found = _describe(client, Filters=[{"Name": "blue-green-deployment-name", "Values": [name]}])
    return blue_green.normalise(found[0]) if found else None


def _read_by_identifier(client, identifier):
    found = client.call("describe_blue_green_deployments", BlueGreenDeploymentIdentifier=identifier)
    return blue_green.normalise((found.get("BlueGreenDeployments") or [None])[0])


def read_source(client, desired):
    """The facts blue_green_plan.check_source() judges a source by: the cluster and its member views, its cluster
    parameter group's binlog_format, the deployments it is already part of, and the region of the client."""
    raw = rds.describe_cluster(client, desired.source_cluster)
    if raw is None:
        return {"cluster": None, "region": client.region}
    group = raw.get("DBClusterParameterGroup") or ""
    custom = not group.startswith("default.")
    arn = raw.get("DBClusterArn")
    return {
        "cluster": cluster.normalise(raw),
        "members": rds.members(raw, rds.cluster_instances(client, desired.source_cluster)),
        "binlog_format": param_group_api.parameter_value(client, "cluster", group, "binlog_format") if custom else None,
        "deployments": [
            blue_green.normalise(found)
            for found in _describe(client)
            if arn in (found.get("Source"), found.get("Target"))
        ],
        "region": client.region,
    }


def read_green(client, current, desired):
    """The green cluster as the targets compare with it: its version, groups and deletion protection; None if gone."""
    raw = rds.describe_cluster(client, current["target_cluster"])
    if raw is None:
        return None
    view = cluster.normalise(raw)
    members = []
    if desired.target_db_parameter_group_name is not None:
        members = rds.members(raw, rds.cluster_instances(client, current["target_cluster"]))
    return {
        "engine_version": view["engine_version"],
        "db_cluster_parameter_group_name": view["db_cluster_parameter_group_name"],
        "deletion_protection": view["deletion_protection"],
        "instance_groups": sorted({member["db_parameter_group_name"] for member in members} - {None}),
    }


def check(client, deployment_plan, desired, source):
    """Before a create, what needs RDS's answers: the target version among the source version's ValidUpgradeTarget
    (or equal), and the target parameter groups existing and of the target version's family. Check mode included.

    For a new major version: a cluster parameter group of the new family is required (the source's is custom, since
    binary logging needs a custom one), and an instance one where the instances use custom groups. RDS refuses such an
    upgrade in place without them (Aurora User Guide, AuroraMySQL.Updates.MajorVersionUpgrade.md;
    terraform-aws-rds#435); for blue/green no AWS source was found, and RDS cannot run a new major version on the old
    family's groups, so the deployment is refused the same way rather than left to fail.
    """
    if deployment_plan.action != "create":
        return
    engine, have = source["cluster"]["engine"], source["cluster"]["engine_version"]
    want = desired.target_engine_version
    family, major = None, False
    if want is not None and want != have:
        target = engine_version_api.upgrade(client, "target_engine_version", engine, have, want)
        family, major = target["family"], target["major"]
    named = [
        (option, scope, getattr(desired, option))
        for option, scope in (
            ("target_db_cluster_parameter_group_name", "cluster"),
            ("target_db_parameter_group_name", "instance"),
        )
        if getattr(desired, option) is not None
    ]
    if named and family is None:
        family = (engine_version_api.describe(client, engine, have, include_all=True) or {}).get(
            "DBParameterGroupFamily"
        )
    for option, scope, name in named:
        param_group_api.check_family(client, option, scope, name, family)
    if major:
        _check_major_groups(desired, source, want, family)


def _check_major_groups(desired, source, want, family):
    if desired.target_db_cluster_parameter_group_name is None:
        raise ValidationError(
            "target_db_cluster_parameter_group_name",
            f"'{want}' is a new major version: name a DB cluster parameter group of family {family} for it (the "
            f"source's {source['cluster']['db_cluster_parameter_group_name']} is of the old family); keep "
            "binlog_format on in it, so that the next upgrade can use blue/green too",
        )
    if desired.target_db_parameter_group_name is None:
        custom = [
            f"{member['instance_identifier']} ({member['db_parameter_group_name']})"
            for member in source["members"]
            if member["db_parameter_group_name"] and not member["db_parameter_group_name"].startswith("default.")
        ]
        if custom:
            raise ValidationError(
                "target_db_parameter_group_name",
                f"'{want}' is a new major version and instances use custom DB parameter groups ({', '.join(custom)}): "
                f"name a DB parameter group of family {family} for the green instances",
            )


def _utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def guardrails(clients, current, desired, now=_utc_now):
    """The switchover guardrails' readings (blue_green_guardrails) and the warnings of what could not be read. Reads
    only: both clusters with their instances, and the green writer's replica lag unless max_replica_lag_seconds is
    off. A denied cloudwatch:GetMetricStatistics skips the lag guardrail with a warning (aws.unless_denied)."""
    warnings = []
    blue_id, green_id = current["source_cluster"], current["target_cluster"]
    pending = []
    for role, identifier in (("blue", blue_id), ("green", green_id)):
        raw = rds.describe_cluster(clients.rds, identifier) if identifier else None
        members = rds.members(raw, rds.cluster_instances(clients.rds, identifier)) if raw else []
        pending += blue_green_guardrails.pending_changes(role, raw, members, identifier)
    limit = desired.max_replica_lag_seconds
    lag = None
    if limit and green_id:
        read = aws.unless_denied(
            warnings,
            "the replica lag guardrail",
            "cloudwatch:GetMetricStatistics",
            lambda: replica_lag_seconds(clients.cloudwatch, green_id, now()),
        )
        lag = None if read is aws.SKIPPED else read
        if read is None:
            warnings.append(blue_green_guardrails.no_datapoints_warning(green_id, limit))
    readings = {
        "blue_cluster": blue_id,
        "green_cluster": green_id,
        "max_replica_lag_seconds": limit,
        "replica_lag_seconds": lag,
        "pending_changes": pending,
    }
    return dict(readings, failed=blue_green_guardrails.judge(readings)), warnings


def replica_lag_seconds(cloudwatch, green_cluster, now):
    """The green writer's current AuroraBinlogReplicaLag in seconds, or None without datapoints (the metric and its
    dimensions: blue_green_guardrails)."""
    found = metrics_api.datapoints(
        cloudwatch,
        blue_green_guardrails.LAG_METRIC,
        {"DBClusterIdentifier": green_cluster, "Role": blue_green_guardrails.WRITER_ROLE},
        now,
        blue_green_guardrails.LAG_WINDOW_SECONDS,
        blue_green_guardrails.LAG_PERIOD_SECONDS,
    )
    return blue_green_guardrails.latest_lag(found)


def apply(client, deployment_plan, current, timeout, guard=None):
    """Carry out the plan; returns the deployment's identifier (a create's from RDS's answer).

    A switchover first waits for a deployment still provisioning (a read), then calls guard() (the guardrails, which
    raise on a refusal), and only then changes anything: a refused switchover leaves even the tags untouched."""
    if deployment_plan.action == "create":
        answer = client.call("create_blue_green_deployment", **deployment_plan.request)["BlueGreenDeployment"]
        return answer["BlueGreenDeploymentIdentifier"]
    identifier = current["identifier"]
    if deployment_plan.details.get("wait_first"):
        _wait(client, deployment_plan.details["wait_first"], identifier, timeout)
    if deployment_plan.action == "switchover" and guard is not None:
        guard()
    if deployment_plan.tags:
        tags.apply_rds(client, blue_green.deployment_arn(current), deployment_plan.tags)
    if deployment_plan.action == "switchover":
        client.call("switchover_blue_green_deployment", **deployment_plan.request)
    elif deployment_plan.action == "delete":
        client.call("delete_blue_green_deployment", **deployment_plan.request)
    return identifier


def wait(client, deployment_plan, identifier, timeout):
    """The plan's wait; after deleting the green environment with the deployment, also until its cluster is gone."""
    if deployment_plan.wait is None:
        return
    deadline = time.monotonic() + timeout
    _wait(client, deployment_plan.wait, identifier, timeout)
    target = deployment_plan.details.get("target_cluster")
    if deployment_plan.details.get("delete_target") and target:
        remaining = max(1, math.ceil(deadline - time.monotonic()))
        client.wait("cluster_deleted", remaining, DBClusterIdentifier=target)


def _wait(client, name, identifier, timeout):
    """A wait that ends on a state the deployment cannot leave is reported as the deployment's failure, with its tasks,
    switchover details, status details and events; a timeout stays a timeout, an AWS error an AWS error."""
    try:
        client.wait(name, timeout, BlueGreenDeploymentIdentifier=identifier)
    except (WaitTimeoutError, AwsError):
        raise
    except AuroraError:
        view = _read_by_identifier(client, identifier)
        raise blue_green.DeploymentFailed(
            blue_green.failure_message(view, _FAILED[name]), view, all_events(client, identifier)
        ) from None


def fail(client, current, message):
    """Report a deployment the plan found failed (INVALID_CONFIGURATION, a failed switchover), with its events."""
    raise blue_green.DeploymentFailed(message, current, all_events(client, current["identifier"]))


def events_since(client, identifier, start_time):
    return rds.events_view(rds.read_events(client, identifier, start_time=start_time, source_type=EVENT_SOURCE))


def all_events(client, identifier):
    return rds.events_view(rds.read_events(client, identifier, minutes=EVENTS_KEPT_MINUTES, source_type=EVENT_SOURCE))
