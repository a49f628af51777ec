# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An engine upgrade of a cluster, classified from what AWS shows (issue 17, /work/plan/upgrade_flow.md 2.): the
running version, the wanted one, and the blue/green deployment of the upgrade's name. Pure; upgrade_api.py reads.

A deployment that exists is resumed whatever the versions say, so a rerun never starts a second one; without one, a
cluster already on (or ahead of) the wanted version has nothing to upgrade. That is the guard against a
blue/green deployment of the new production cluster after a finished upgrade.
"""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import engine_version
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

NONE = "none"
IN_PLACE = "in_place"
BLUE_GREEN = "blue_green"
METHODS = ("auto", IN_PLACE, BLUE_GREEN)

# Where a blue/green upgrade stands, by the deployment's Status (service model BlueGreenDeployment.Status):
# create (binlog, groups, deployment), switchover (verify, switch over), cleanup (protect the old cluster, delete the
# deployment). PROVISIONING is waited for by aurora_blue_green present; the rest cannot be resumed by a rerun.
PHASES = {
    None: "create",
    "PROVISIONING": "create",
    "AVAILABLE": "switchover",
    "SWITCHOVER_IN_PROGRESS": "switchover",
    "SWITCHOVER_COMPLETED": "cleanup",
}
_STUCK = {
    "INVALID_CONFIGURATION": "RDS could not build the green environment",
    "SWITCHOVER_FAILED": "its switchover failed and RDS rolled it back (nothing was renamed)",
    "DELETING": "it is being deleted",
}

ARGUMENT_SPEC = dict(
    engine_version=dict(type="str", required=True),
    method=dict(type="str", choices=list(METHODS), default="auto"),
    deployment_name=dict(type="str", required=True),
    allow_major_version_upgrade=dict(type="bool", default=False),
    enable_binlog=dict(type="bool", default=False),
    allow_removed_parameters=dict(type="bool", default=False),
    cluster_parameters=dict(type="dict"),
    instance_parameters=dict(type="dict"),
    verify_tasks=dict(type="list", elements="str", default=[]),
    switchover_timeout=dict(type="int", default=300),
)


def classify(running, wanted, deployment, method, allow_major):
    """{kind, major, phase}: what upgrading a cluster that runs `running` to `wanted` takes.

    running None: no cluster yet (the build creates it at `wanted`); deployment: the normalised deployment of the
    upgrade's name, or None. Refusals raise ValidationError naming the upgrade option to change.
    """
    if deployment is not None:
        status = deployment["status"]
        if status in _STUCK:
            raise ValidationError(
                "deployment_name",
                f"blue/green deployment {deployment['name']} is {status}: {_STUCK[status]}. Look at its events "
                "(aws rds describe-events --source-type blue-green-deployment), fix the cause, delete it with its "
                "green cluster (aurora.mysql.aurora_blue_green state: absent, delete_target: true) and rerun",
            )
        major = running is not None and engine_version.is_major_upgrade(running, wanted)
        return {"kind": BLUE_GREEN, "major": major, "phase": PHASES[status]}
    if running is None or running == wanted or engine_version.is_ahead(running, wanted):
        return {"kind": NONE, "major": False, "phase": None}
    if engine_version.is_older_major(running, wanted):
        raise ValidationError("engine_version", engine_version.older_major_message(running, wanted))
    if engine_version.version_key(wanted) < engine_version.version_key(running):
        raise ValidationError("engine_version", f"'{wanted}' is older than '{running}'; RDS never downgrades")
    major = engine_version.is_major_upgrade(running, wanted)
    kind = BLUE_GREEN if method == BLUE_GREEN or (method == "auto" and major) else IN_PLACE
    if kind == IN_PLACE and major and not allow_major:
        raise ValidationError(
            "allow_major_version_upgrade",
            f"'{running}' to '{wanted}' is a major version upgrade in place: allow it, or upgrade by blue/green "
            "(method auto or blue_green)",
        )
    return {"kind": kind, "major": major, "phase": "create" if kind == BLUE_GREEN else None}


def steps(facts):
    """The whole path as a person reads it before the run (check mode prints it): one line per step still to do."""
    kind, phase = facts["kind"], facts["phase"]
    if kind == NONE:
        return []
    if kind == IN_PLACE:
        major = " (major: allow_major_version_upgrade, the new family's groups)" if facts["major"] else ""
        return [f"upgrade {facts['cluster']} in place {facts['from']} -> {facts['to']}{major}, then the usual steps"]
    lines = []
    if phase == "create":
        if facts.get("binlog_change"):
            lines.append(
                f"set binlog_format ROW in {facts['source_cluster_parameter_group']} and reboot the members one at "
                "a time (rolling apply)"
            )
        elif facts.get("writer_reboot"):
            lines.append("reboot the members one at a time so the writer is in-sync (rolling apply)")
        translated = [f"renamed {old}->{new}" for old, new in sorted(facts.get("renamed", {}).items())]
        translated += [f"left out {name}" for name in facts.get("removed", [])]
        note = f" (translated: {', '.join(translated)})" if translated else ""
        lines.append(f"create or update the {facts['family']} parameter groups{note}")
        lines.append(f"create blue/green deployment {facts['deployment_name']} ({facts['from']} -> {facts['to']})")
    if phase in ("create", "switchover"):
        hooks = facts.get("verify_tasks") or []
        if hooks:
            lines.append(f"verify the green cluster ({', '.join(hooks)})")
        lines.append(f"switch over (timeout {facts['switchover_timeout']} s)")
    lines.append("protect the old (-old1) cluster with deletion protection")
    lines.append(f"delete deployment {facts['deployment_name']} (keep the old cluster)")
    return lines
