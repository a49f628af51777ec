# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure blue/green plan: every state a task asks for against every status AWS can show, the refusals of what RDS
would refuse, and what a run leaves (check mode's answer, diff mode's before/after).

Resumable by design: the plan starts from where AWS is, so a task interrupted anywhere is finished by its rerun. A
deployment still PROVISIONING is waited for, never created again (one per name: the service model's
BlueGreenDeploymentName "Can't be the same as an existing blue/green deployment name"); a switchover in progress is
waited for, never started again.
"""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import engine_version, tags
from ansible_collections.aurora.mysql.plugins.module_utils.blue_green import (
    AVAILABLE,
    DELETING,
    INVALID_CONFIGURATION,
    PROVISIONING,
    SWITCHOVER_COMPLETED,
    SWITCHOVER_FAILED,
    SWITCHOVER_IN_PROGRESS,
    failure_message,
)
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.plan import Plan, TagPlan

# Before the switchover the green cluster is the deployment's target and holds what the task asked of it.
_BEFORE_SWITCHOVER = (PROVISIONING, AVAILABLE, INVALID_CONFIGURATION, SWITCHOVER_FAILED)
# The task's target options, the green view's key for each, and the CreateBlueGreenDeployment argument.
_TARGETS = (
    ("target_engine_version", "engine_version", "TargetEngineVersion"),
    ("target_db_cluster_parameter_group_name", "db_cluster_parameter_group_name", "TargetDBClusterParameterGroupName"),
    ("target_db_parameter_group_name", "instance_groups", "TargetDBParameterGroupName"),
)
_START_AGAIN = "fix what the events name, then delete it (state: absent, delete_target: true) and create it again"
_NOT_SWITCHED = {
    # Service model, BlueGreenDeployment.Status: "Resources in the green environment are invalid, so switchover isn't
    # possible"; the newer Aurora User Guide, blue-green-deployments-switching.md: a manually promoted green cluster
    # breaks replication and leaves the deployment so.
    INVALID_CONFIGURATION: f"the green environment is invalid, so it cannot be switched over; {_START_AGAIN}",
    SWITCHOVER_FAILED: f"its switchover failed (RDS rolled it back) and this module does not retry it; {_START_AGAIN}",
}
# Aurora User Guide, blue-green-deployments-overview.md: "Aurora MySQL versions 2.08 and 2.09 aren't supported as
# upgrade source or target versions."
_UNSUPPORTED_VERSIONS = ((2, 8), (2, 9))


def needs_source(current, desired):
    """The source cluster is read only to create a deployment (without one, the plan refuses the create)."""
    return current is None and desired.state == "present" and desired.source_cluster is not None


def needs_green(current, desired):
    """The green cluster is read to compare it with the task's targets before a switchover, and to see its deletion
    protection before deleting it."""
    if current is None or not current["target_cluster"] or current["status"] not in _BEFORE_SWITCHOVER:
        return False
    if desired.state == "absent":
        return desired.delete_target
    return any(getattr(desired, option) is not None for option, _key, _request in _TARGETS)


def plan(current, desired, *, source=None, green=None):
    """current: blue_green.normalise() of the deployment named desired.name, or None; source: the facts of the source
    cluster (blue_green_api.read_source) when needs_source(); green: the green cluster's (read_green) when
    needs_green().

    details: failure (a message: the deployment failed, report it with its events), warnings, wait_first (a wait the
    action needs first), delete_target, target_cluster.
    """
    if desired.state == "absent":
        return _delete_plan(current, desired, green)
    if current is None:
        if desired.state == "switched_over":
            raise ValidationError(
                "name",
                f"there is no blue/green deployment named {desired.name} to switch over; create it first (state: "
                "present)",
            )
        return _create_plan(desired, source)
    if current["status"] == DELETING:
        raise ValidationError(
            "name",
            f"blue/green deployment {desired.name} ({current['identifier']}) is being deleted; rerun when it is gone",
        )
    _check_same_deployment(current, desired, green)
    tag_plan = TagPlan.between(current["tags"], desired.tags, desired.purge_tags)
    if desired.state == "switched_over":
        return _switchover_plan(current, desired, tag_plan)
    return _present_plan(current, desired, tag_plan)


def _create_plan(desired, source):
    if desired.source_cluster is None:
        raise ValidationError("source_cluster", f"is required to create blue/green deployment {desired.name}")
    check_source(source, desired)
    changes = {"source_cluster": desired.source_cluster}
    request = {"BlueGreenDeploymentName": desired.name, "Source": source["cluster"]["arn"]}
    for option, _key, key in _TARGETS:
        value = getattr(desired, option)
        if value is not None:
            changes[option] = value
            request[key] = value
    if desired.tags:
        request["Tags"] = tags.to_list(desired.tags)
    return Plan.create(
        request,
        changes,
        desired.tags,
        wait="blue_green_available" if desired.wait else None,
    )


def check_source(source, desired):
    """What RDS refuses in a source, read from the facts: sources.md item 16 (Aurora User Guide,
    blue-green-deployments-creating.md and -overview.md; the newer guide's considerations page), each refused naming
    the option to fix. The version and parameter group checks need RDS's answers: blue_green_api.check()."""
    cluster, name = source["cluster"], desired.source_cluster
    if cluster is None:
        raise ValidationError("source_cluster", f"there is no DB cluster {name} in this region")
    if desired.source_region and desired.source_region != source["region"]:
        raise ValidationError(
            "source_cluster",
            f"the ARN names region {desired.source_region}; a blue/green deployment is made in its source's region "
            f"({source['region']} here)",
        )
    if cluster["engine"] != "aurora-mysql":
        raise ValidationError(
            "source_cluster", f"cluster {name} runs {cluster['engine']}; this module deploys Aurora MySQL clusters"
        )
    busy = [f"cluster {name} is {cluster['status']}"] if cluster["status"] != "available" else []
    busy += [f"{m['instance_identifier']} is {m['status']}" for m in source["members"] if m["status"] != "available"]
    if busy:
        raise ValidationError(
            "source_cluster",
            f"{'; '.join(busy)}: a blue/green deployment needs the cluster and its instances available",
        )
    if cluster["manage_master_user_password"]:
        raise ValidationError(
            "source_cluster",
            f"cluster {name} keeps its master password in Secrets Manager, which blue/green deployments do not "
            "support; turn manage_master_user_password off (aurora.mysql.aurora_cluster) first",
        )
    _check_versions(cluster["engine_version"], desired)
    _check_binary_logging(source, name)
    _check_writer_in_sync(source, name)
    holding = source["deployments"]
    if holding:
        taken = ", ".join(f"{view['name']} ({view['identifier']}, {view['status']})" for view in holding)
        raise ValidationError(
            "source_cluster", f"cluster {name} is already part of blue/green deployment {taken}; delete that first"
        )


def _check_versions(have, desired):
    if engine_version.version_key(have)[2:4] in _UNSUPPORTED_VERSIONS:
        raise ValidationError(
            "source_cluster",
            f"cluster {desired.source_cluster} runs {have}; blue/green deployments do not support "
            "Aurora MySQL 2.08 and 2.09: upgrade it in place to a later 2.x first (aurora.mysql.aurora_cluster)",
        )
    want = desired.target_engine_version
    if want is None:
        return
    if engine_version.version_key(want)[2:4] in _UNSUPPORTED_VERSIONS:
        raise ValidationError("target_engine_version", f"blue/green deployments do not support {want} (2.08, 2.09)")
    source = f"source cluster {desired.source_cluster}"
    if engine_version.is_older_major(have, want):
        raise ValidationError("target_engine_version", engine_version.older_major_message(have, want, source))
    if engine_version.is_ahead(have, want):
        raise ValidationError(
            "target_engine_version", f"'{want}' is older than '{have}', which {source} runs; RDS never downgrades"
        )


def _check_binary_logging(source, name):
    """Aurora User Guide, blue-green-deployments-creating.md: "the DB cluster must be associated with a custom DB
    cluster parameter group with binary logging (binlog_format) turned on ... any binlog format works, we recommend
    ROW". binlog_format is static: it applies when the writer restarts."""
    group = source["cluster"]["db_cluster_parameter_group_name"]
    value = source["binlog_format"]
    if group.startswith("default.") or (value or "OFF").upper() == "OFF":
        where = (
            "a default group, which cannot be changed"
            if group.startswith("default.")
            else f"binlog_format {value or 'OFF'}"
        )
        raise ValidationError(
            "source_cluster",
            f"binary logging is off in cluster {name}'s cluster parameter group {group} ({where}); blue/green "
            "deployments replicate through it: set binlog_format (ROW) in a custom cluster parameter group "
            "(aurora.mysql.aurora_param_group), use it, and reboot the writer (aurora.mysql.aurora_rolling_reboot)",
        )


def _check_writer_in_sync(source, name):
    """Aurora User Guide, blue-green-deployments-creating.md: "Blue/green deployments require that the writer instance
    be in sync with the DB cluster parameter group, otherwise creation fails" (pending-reboot after binlog_format)."""
    writer = next((member for member in source["members"] if member["is_writer"]), None)
    if writer is None:
        raise ValidationError("source_cluster", f"cluster {name} has no writer instance to replicate from")
    status = writer["cluster_parameter_apply_status"]
    if status != "in-sync":
        raise ValidationError(
            "source_cluster",
            f"writer {writer['instance_identifier']} of cluster {name} is {status} with its cluster parameter group; "
            "blue/green deployments need it in-sync: reboot it first (aurora.mysql.aurora_rolling_reboot)",
        )


def _check_same_deployment(current, desired, green):
    """RDS cannot change a deployment's source or targets: a task that asks for others is refused, never ignored.

    The source is compared by name: before the switchover the deployment's Source; after it the original name is the
    new production's, its Target (AWS CLI examples, describe after switchover). The targets are compared with the green
    cluster, before the switchover only: after it the green cluster is production, which may change its own way (an
    automatic minor upgrade, new parameter groups).
    """
    wanted = desired.source_cluster
    names = {current["source_cluster"]}
    if current["status"] in (SWITCHOVER_IN_PROGRESS, SWITCHOVER_COMPLETED):
        names.add(current["target_cluster"])
    if wanted is not None and wanted not in names:
        raise ValidationError(
            "source_cluster",
            f"blue/green deployment {desired.name} ({current['identifier']}) is of cluster "
            f"{current['source_cluster']}, not {wanted}; RDS cannot change it: give the new deployment another name",
        )
    for option, key, _request in _TARGETS if green else ():
        want, have = getattr(desired, option), green[key]
        if want is None or _target_matches(key, want, have):
            continue
        raise ValidationError(
            option,
            f"blue/green deployment {desired.name} ({current['identifier']}) exists with {_shown(key, have)}, not "
            f"'{want}'; RDS cannot change a deployment's targets: delete it (state: absent, delete_target: true) and "
            "create it again, or give the new one another name",
        )


def _target_matches(key, want, have):
    if key == "instance_groups":
        return set(have) <= {want}
    if key == "engine_version":
        # A green cluster AWS moved to a higher minor version meanwhile still is the deployment that was asked for.
        return want == have or engine_version.is_ahead(have, want)
    return want == have


def _shown(key, have):
    if key == "instance_groups":
        return f"instance parameter groups {', '.join(have) or '(none)'}"
    return f"{key.replace('_', ' ')} '{have}'"


def _present_plan(current, desired, tag_plan):
    status = current["status"]
    details = {}
    if status == INVALID_CONFIGURATION:
        details["failure"] = failure_message(current, _NOT_SWITCHED[status])
    if status == SWITCHOVER_FAILED:
        details["warnings"] = [
            failure_message(current, "its switchover failed earlier (RDS rolled it back; nothing was renamed)")
        ]
    wait = None
    if desired.wait and status == PROVISIONING:
        wait = "blue_green_available"
    elif desired.wait and status == SWITCHOVER_IN_PROGRESS:
        wait = "blue_green_switched_over"
    return Plan(tags=tag_plan, wait=wait, details=details)


def _switchover_plan(current, desired, tag_plan):
    status = current["status"]
    if status == SWITCHOVER_COMPLETED:
        return Plan(tags=tag_plan)
    if status == SWITCHOVER_IN_PROGRESS:
        return Plan(tags=tag_plan, wait="blue_green_switched_over" if desired.wait else None)
    if status in (INVALID_CONFIGURATION, SWITCHOVER_FAILED):
        # RDS switches over only an AVAILABLE deployment; a failed switchover is reported, never retried on its own.
        return Plan(details={"failure": failure_message(current, _NOT_SWITCHED[status])})
    return Plan(
        action="switchover",
        changes={"status": SWITCHOVER_COMPLETED},
        tags=tag_plan,
        wait="blue_green_switched_over" if desired.wait else None,
        request={
            "BlueGreenDeploymentIdentifier": current["identifier"],
            "SwitchoverTimeout": desired.switchover_timeout,
        },
        # RDS switches over only an AVAILABLE deployment: one still provisioning is waited for first.
        details={"wait_first": "blue_green_available"} if status == PROVISIONING else {},
    )


def _delete_plan(current, desired, green):
    deleted = "blue_green_deleted" if desired.wait else None
    if current is None:
        return Plan()
    status, name = current["status"], f"{desired.name} ({current['identifier']})"
    if status == DELETING:
        return Plan(wait=deleted)
    if status == SWITCHOVER_IN_PROGRESS:
        raise ValidationError(
            "state", f"blue/green deployment {name} is switching over; delete it once the switchover has ended"
        )
    if desired.delete_target:
        _check_delete_target(current, name, green)
    request = {"BlueGreenDeploymentIdentifier": current["identifier"]}
    if desired.delete_target:
        request["DeleteTarget"] = True
    return Plan(
        action="delete",
        wait=deleted,
        request=request,
        details={"delete_target": desired.delete_target, "target_cluster": current["target_cluster"]},
    )


def _check_delete_target(current, name, green):
    """Service model, DeleteBlueGreenDeploymentRequest.DeleteTarget: "You can't specify this option if the blue/green
    deployment status is SWITCHOVER_COMPLETED"; Aurora User Guide, blue-green-deployments-deleting.md: the green
    cluster "must have deletion protection turned off"."""
    if current["status"] == SWITCHOVER_COMPLETED:
        raise ValidationError(
            "delete_target",
            f"blue/green deployment {name} has switched over: its target {current['target_cluster']} is production "
            "now, and RDS refuses to delete it with the deployment. Delete the deployment without it "
            "(delete_target: false); the old cluster is "
            f"{current['source_cluster']}",
        )
    if green and green["deletion_protection"]:
        raise ValidationError(
            "delete_target",
            f"the green cluster {current['target_cluster']} of blue/green deployment {name} has deletion protection "
            "on, and RDS deletes it only without: turn it off first (aurora.mysql.aurora_cluster, deletion_protection: "
            "false)",
        )


def predict(current, deployment_plan, desired, source=None):
    """The deployment as the plan leaves it: check mode's answer, built from the same plan a real run applies.

    What RDS decides itself stays unknown (None): the new deployment's identifier and green names, and the -oldN name
    a switchover gives the old cluster (Aurora User Guide, blue-green-deployments-switching.md: "appending -oldn ...
    where n is a number").
    """
    if desired.state == "absent":
        if current is None or deployment_plan.wait:
            return {}
        return dict(current, status=DELETING) if deployment_plan.action == "delete" else current
    if current is None:
        return {
            "identifier": None,
            "name": desired.name,
            "status": AVAILABLE if deployment_plan.wait else PROVISIONING,
            "status_details": None,
            "source": source["cluster"]["arn"],
            "target": None,
            "source_cluster": desired.source_cluster,
            "target_cluster": None,
            "tasks": [],
            "switchover_details": [],
            "create_time": None,
            "delete_time": None,
            "tags": deployment_plan.tags.after({}),
        }
    after = dict(current, tags=deployment_plan.tags.after(current["tags"]))
    settled = {"blue_green_available": AVAILABLE, "blue_green_switched_over": SWITCHOVER_COMPLETED}
    if deployment_plan.action == "switchover":
        after["status"] = SWITCHOVER_IN_PROGRESS
    if deployment_plan.wait in settled:
        after["status"] = settled[deployment_plan.wait]
    if after["status"] == SWITCHOVER_COMPLETED and current["status"] != SWITCHOVER_COMPLETED:
        # Green takes the original names and endpoints; the old cluster's -oldN name is RDS's to choose.
        after.update(
            target=current["source"], target_cluster=current["source_cluster"], source=None, source_cluster=None
        )
    return after


def diff(current, deployment_plan, desired, source=None):
    return {"before": current or {}, "after": predict(current, deployment_plan, desired, source) or {}}
