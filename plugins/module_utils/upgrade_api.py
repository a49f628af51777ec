# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reads behind aurora_plan's upgrade classification (upgrade.py decides): the deployment of the upgrade's name,
RDS's answer to the upgrade (ValidUpgradeTarget and the target's family), the source's binary logging, and the new
family's parameter names for the translation of the groups. Read-only; only what the classification needs."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import (
    blue_green_api,
    engine_version,
    engine_version_api,
    param_group_api,
    param_translation,
    upgrade,
)
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

ENGINE = "aurora-mysql"
_SCOPES = (("cluster", "cluster_parameters"), ("instance", "instance_parameters"))


def family_of(version):
    """aurora-mysql5.7 / aurora-mysql8.0: Aurora MySQL's families are named after the MySQL major version (Aurora User
    Guide, USER_WorkingWithParamGroups.md; RDS's own answer, DBParameterGroupFamily, is used where it was read)."""
    major = engine_version.major_of(version)
    return f"aurora-mysql{major[0]}.{major[1]}" if len(major) == 2 else None


def plan(client, raw, options, name_of):
    """(facts, [(option, reason)]): the upgrade of cluster `raw` (a DBCluster, None when missing) as `options` (the
    upgrade suboptions) ask, and every refusal at once; name_of(option) names an option in the caller's words."""
    wanted, running = options["engine_version"], (raw or {}).get("EngineVersion")
    errors = []
    deployment = blue_green_api.read(client, options["deployment_name"])
    try:
        facts = upgrade.classify(running, wanted, deployment, options["method"], options["allow_major_version_upgrade"])
    except ValidationError as err:
        return None, [(err.option, _reason(err))]
    facts.update(
        {
            "cluster": (raw or {}).get("DBClusterIdentifier"),
            "from": running,
            "to": wanted,
            "method": options["method"],
            "deployment_name": options["deployment_name"],
            "deployment": deployment,
            "family": family_of(wanted),
            "source_family": family_of(running) if running else None,
            "source_cluster_parameter_group": (raw or {}).get("DBClusterParameterGroup"),
            "binlog_change": False,
            "writer_reboot": False,
            "verify_tasks": options["verify_tasks"],
            "switchover_timeout": options["switchover_timeout"],
        }
    )
    creating = facts["kind"] != upgrade.NONE and deployment is None
    if creating:
        try:
            target = engine_version_api.upgrade(client, "engine_version", ENGINE, running, wanted)
        except ValidationError as err:
            return None, [(err.option, _reason(err))]
        facts["major"], facts["family"] = target["major"], target["family"] or facts["family"]
    if facts["kind"] == upgrade.BLUE_GREEN and creating:
        errors += _binary_logging(client, raw, options, facts, name_of)
    # Only the groups of a new family about to be made are read for removed parameters; otherwise the values go
    # through as they are (renamed when the wanted family is version 3's, so the role's steps after an upgrade use
    # the new names).
    renames = param_translation.renames_for("aurora-mysql5.7", facts["family"])
    facts["parameters"], facts["renamed"], facts["removed"] = {}, {}, []
    for scope, option in _SCOPES:
        values = options[option]
        known = None
        if values and creating and facts["major"]:
            known = set(param_group_api.read_catalogue(client, scope, facts["family"]))
        extra = param_translation.BINLOG if scope == "cluster" and facts["kind"] == upgrade.BLUE_GREEN else None
        result = param_translation.translate(values, known, renames, extra)
        facts["parameters"][scope] = result["values"]
        facts["renamed"].update(result["renamed"])
        facts["removed"] += result["removed"]
        if result["removed"] and not options["allow_removed_parameters"]:
            errors.append(
                (
                    option,
                    f"{', '.join(result['removed'])}: not {scope} parameters of {facts['family']} (removed in the new "
                    f"version); remove them, or set {name_of('allow_removed_parameters')}: true to leave them out",
                )
            )
    facts["steps"] = upgrade.steps(facts)
    return facts, errors


def _reason(err):
    prefix = f"{err.option}: "
    return err.message[len(prefix) :] if err.option and err.message.startswith(prefix) else err.message


def _binary_logging(client, raw, options, facts, name_of):
    """Aurora User Guide, blue-green-deployments-creating.md: the source needs a custom cluster parameter group with
    binlog_format on, and the writer in sync with it. Off and not allowed: refused here, before any change."""
    group = facts["source_cluster_parameter_group"] or ""
    if group.startswith("default."):
        return [
            (
                "engine_version",
                f"cluster {facts['cluster']} uses the default cluster parameter group {group}, where binary logging "
                "cannot be turned on; a blue/green upgrade needs a custom one",
            )
        ]
    value = param_group_api.parameter_value(client, "cluster", group, "binlog_format")
    facts["binlog_change"] = (value or "OFF").upper() == "OFF"
    writer = next((member for member in raw.get("DBClusterMembers") or [] if member.get("IsClusterWriter")), {})
    facts["writer_reboot"] = writer.get("DBClusterParameterGroupStatus", "in-sync") != "in-sync"
    if facts["binlog_change"] and not options["enable_binlog"]:
        return [
            (
                "enable_binlog",
                f"binary logging is off in {group} (binlog_format {value or 'OFF'}), and a blue/green upgrade "
                f"replicates through it: set {name_of('enable_binlog')}: true to set binlog_format ROW there (static: "
                "the members are then rebooted one at a time), or set it yourself",
            )
        ]
    return []
