# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The whole topology of a cluster at once, for aurora_plan: every step's arguments checked by that step's own
module rules, and what the plans of all steps add up to (members, endpoints, pending reboots, queued changes, what
the run needs next). Pure: topology_api.py reads and plans each step with the resource's own plan functions.

A step is one task of a build: the subnet group, the two parameter groups, the cluster, one per instance and one
per alarm, named "subnet_group", "cluster_parameter_group", "instance_parameter_group", "cluster",
"instance <identifier>" and "alarm <name>", in the order a build runs them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ansible_collections.aurora.mysql.plugins.module_utils import (
    alarm,
    cluster,
    cluster_info,
    instance,
    param_group,
    rds,
    rolling,
    spec_check,
    subnet_group,
    upgrade,
)
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

SUBNET_GROUP = "subnet_group"
CLUSTER_PARAMETER_GROUP = "cluster_parameter_group"
INSTANCE_PARAMETER_GROUP = "instance_parameter_group"
CLUSTER = "cluster"
# The module's argument spec comes from each resource's model, so a step is checked exactly as its module checks it.
_KINDS = {
    "subnet_group": (subnet_group.ARGUMENT_SPEC, {}, lambda params, _now: subnet_group.desired_from_params(params)),
    "parameter_group": (param_group.ARGUMENT_SPEC, {}, lambda params, _now: param_group.desired_from_params(params)),
    "cluster": (cluster.ARGUMENT_SPEC, {}, cluster.desired_from_params),
    "instance": (
        instance.ARGUMENT_SPEC,
        {"required_if": instance.REQUIRED_IF},
        lambda params, _now: instance.desired_from_params(params),
    ),
    "alarm": (
        alarm.ARGUMENT_SPEC,
        {"mutually_exclusive": alarm.MUTUALLY_EXCLUSIVE},
        lambda params, _now: alarm.desired_from_params(params),
    ),
}
# Steps whose resource a build only creates or updates; their teardown is the modules' own (state absent).
_PRESENT_ONLY = ("subnet_group", "parameter_group", "cluster", "instance")

ARGUMENT_SPEC = dict(
    subnet_group=dict(type="dict"),
    cluster_parameter_group=dict(type="dict"),
    instance_parameter_group=dict(type="dict"),
    cluster=dict(type="dict", required=True),
    instances=dict(type="list", elements="dict", default=[]),
    purge_instances=dict(type="bool", default=False),
    alarms=dict(type="list", elements="dict", default=[]),
    variables=dict(type="dict", default={}),
    # The steps' secret options (no_log in their modules), apart, so that Ansible masks them in every output and log.
    secrets=dict(type="dict", default={}, no_log=True),
    wait_for_members=dict(type="bool", default=False),
    wait_timeout=dict(type="int", default=60),
    # Issue 17: classify the cluster's engine upgrade too (upgrade.py); the caller's variables map names it "upgrade".
    upgrade=dict(type="dict", options=upgrade.ARGUMENT_SPEC),
)
UPGRADE = "upgrade"


def instance_step(identifier):
    return f"instance {identifier}"


def alarm_step(name):
    return f"alarm {name}"


@dataclass(frozen=True)
class Step:
    name: str
    kind: str  # subnet_group, parameter_group, cluster, instance, alarm
    desired: object  # the resource's Desired


def variable_for(step, option, variables):
    """The role variable behind `option` of `step` in the option -> variable map, or None."""
    mapping = variables.get(step) or {}
    if option in mapping:
        return mapping[option]
    top, _dot, rest = option.partition(".")
    return f"{mapping[top]}.{rest}" if rest and top in mapping else None


def named(step, option, reason, variables):
    """One refusal in the words of whoever wrote the value: the role variable when the map names one."""
    variable = variable_for(step, option, variables) if option else None
    if variable:
        return f"{variable}: {reason}"
    return f"{step}: {option}: {reason}" if option else f"{step}: {reason}"


def reason_of(err):
    """A ValidationError's message without its leading "<option>: "."""
    prefix = f"{err.option}: "
    return err.message[len(prefix) :] if err.option and err.message.startswith(prefix) else err.message


def _desired(build, params, spec, now, found):
    """The Desired of the params, or None; each refusal is added to `found` as (option, reason).

    desired_from_params stops at its first refusal. The refused option is then set back to its default and the
    rest checked again, so that every mistake of a step shows at once; a refusal of something without a default
    (the identifier) ends it.
    """
    params = dict(params)
    for _attempt in range(len(spec)):
        try:
            return build(params, now)
        except ValidationError as err:
            found.append((err.option, reason_of(err)))
            option = (err.option or "").split(".")[0].split("[")[0]
            default = (spec.get(option) or {}).get("default")
            if option not in spec or spec[option].get("required") or params.get(option) == default:
                return None
            params[option] = default
    return None


def validated(name, kind, args, variables, now):
    """(Step or None, [messages]): one step's arguments through its module's argument spec and model."""
    spec, rules, build = _KINDS[kind]
    params, found = spec_check.args_problems(args, spec, **rules)
    step = None
    if not found:
        desired = _desired(build, params, spec, now, found)
        if desired is not None and kind in _PRESENT_ONLY and desired.state != "present":
            found.append(("state", "aurora_plan plans a build, so it must be present"))
        elif desired is not None and not found:
            # A step some of whose options were refused is not planned: its plan would only repeat the refusal.
            step = Step(name, kind, desired)
    return step, [named(name, option, reason, variables) for option, reason in found]


def steps_of(params, now):
    """(steps in build order, [messages]): every step's arguments checked, every mistake reported once."""
    variables = params["variables"] or {}
    wanted = [
        (SUBNET_GROUP, "subnet_group", params["subnet_group"]),
        (CLUSTER_PARAMETER_GROUP, "parameter_group", params["cluster_parameter_group"]),
        (INSTANCE_PARAMETER_GROUP, "parameter_group", params["instance_parameter_group"]),
        (CLUSTER, "cluster", params["cluster"]),
    ]
    wanted += [(instance_step(args.get("identifier")), "instance", args) for args in params["instances"]]
    wanted += [(alarm_step(args.get("name")), "alarm", args) for args in params["alarms"]]
    secrets = params["secrets"] or {}
    steps, messages, seen = [], [], set()
    for name, kind, args in wanted:
        if args is None:
            continue
        if name in seen:
            messages.append(f"{name}: listed twice")
            continue
        seen.add(name)
        exposed = sorted(option for option in args if (_KINDS[kind][0].get(option) or {}).get("no_log"))
        if exposed:
            messages.append(f"{name}: {', '.join(exposed)}: pass secret options in secrets, never in the step")
            continue
        step, found = validated(name, kind, dict(args, **(secrets.get(name) or {})), variables, now)
        messages += [message for message in found if message not in messages]
        if step is not None:
            steps.append(step)
    return steps, messages


def step_result(resource, work):
    """What aurora_plan returns for one step: Plan.summary() and whether it changes anything."""
    return dict(work.summary(), changed=work.changed, resource=resource)


def diff_entry(name, diff):
    return dict(diff, before_header=f"{name} (now)", after_header=f"{name} (planned)")


def cluster_as_planned(raw, cluster_plan, desired):
    """The DBCluster the instances join: as it is, with this run's version, or as it will be when only planned."""
    version = cluster_plan.changes.get("engine_version") if cluster_plan else None
    if raw is not None:
        return dict(raw, EngineVersion=version) if version else raw
    return {
        "DBClusterIdentifier": desired.identifier,
        "Engine": desired.options["engine"],
        "EngineVersion": desired.options["engine_version"],
        "DBClusterMembers": [],
    }


def view_of_cluster(raw, instances):
    """{endpoints, writer, members, status} of the cluster as read (the one member view); empty when missing."""
    if raw is None:
        endpoints = {"writer": None, "reader": None, "port": None, "instances": {}}
        return {"endpoints": endpoints, "writer": None, "members": [], "status": None}
    own = [
        raw_instance
        for raw_instance in instances
        if raw_instance.get("DBClusterIdentifier") == raw["DBClusterIdentifier"]
    ]
    info = cluster_info.normalise(raw, own)
    return {key: info[key] for key in ("endpoints", "writer", "members", "status")}


def pending_reboot(members, predicted, group_plans, cluster_group):
    """[{instance, reasons}] of the members that wait for a reboot now, or will once this run's changes are made.

    members: the member views as read; predicted: {identifier: instance view once its step ran} for listed
    instances; group_plans: {scope: (group name, Plan)}; cluster_group: the cluster parameter group the cluster
    uses after the run. A new instance starts with its groups' values, so it never waits.
    """
    found = []
    for member in members:
        identifier = member["instance_identifier"]
        view = dict(member)
        after = predicted.get(identifier)
        if after is not None:
            view["parameter_apply_status"] = after.get("parameter_apply_status")
            view["db_parameter_group_name"] = after.get("db_parameter_group_name")
        instance_group = group_plans.get("instance")
        if instance_group and view["db_parameter_group_name"] == instance_group[0] and _static(instance_group[1]):
            view["parameter_apply_status"] = rds.PENDING_REBOOT
        cluster_params = group_plans.get("cluster")
        if cluster_params and cluster_params[0] == cluster_group and _static(cluster_params[1]):
            view["cluster_parameter_apply_status"] = rds.PENDING_REBOOT
        reasons = rolling.needs(dict(view, pending_modified_values={}), False)["reasons"]
        if reasons:
            found.append({"instance": identifier, "reasons": reasons})
    return found


def _static(group_plan):
    return any(change["apply_method"] == rds.PENDING_REBOOT for change in group_plan.changes.values())


# Queued values that are not waiting for a window: a new password shows as pending while RDS sets it.
def _queued_values(pending):
    return {
        key: value for key, value in (pending or {}).items() if "password" not in key and value not in (None, [], {})
    }


def queued(resource, pending, window, apply_now):
    """[{resource, change, value, until, apply_now}] of the changes RDS holds for the maintenance window."""
    return [
        {"resource": resource, "change": key, "value": value, "until": window, "apply_now": apply_now}
        for key, value in sorted(_queued_values(pending).items())
    ]


def silent_alarm_warnings(steps, variables):
    """One warning per variable (or one for the steps no variable names) for alarms without alarm_actions."""
    by_variable = {}
    for step in steps:
        by_variable.setdefault(variable_for(step, "alarm_actions", variables), []).append(step.split(" ", 1)[1])
    return [
        f"{variable + ' is empty' if variable else 'no alarm_actions'}: alarm(s) {', '.join(names)} notify no one "
        "when they fire"
        for variable, names in by_variable.items()
    ]


CLUSTER_APPLY_NOW = "aws rds modify-db-cluster --db-cluster-identifier {identifier} --apply-immediately"
INSTANCE_APPLY_NOW = "a rolling apply (aurora.mysql.aurora_rolling_reboot) applies it now, one member at a time"


def summary_lines(steps, changed_steps, needs, pending):
    """A few lines a person reads before the run: what each changing step does, and what follows."""
    lines = []
    for name in changed_steps:
        result = steps[name]
        what = [result["action"] or "tags"]
        if result["action"] == "modify" and result["changes"]:
            what = [f"modify {', '.join(sorted(result['changes']))}"]
        tags = result["tags"]
        if result["action"] != "create" and (tags["set"] or tags["remove"]):
            what.append("tags " + ", ".join([f"+{key}" for key in tags["set"]] + [f"-{key}" for key in tags["remove"]]))
        lines.append(f"{name}: {'; '.join(dict.fromkeys(what))}")
    unchanged = len(steps) - len(changed_steps)
    if not changed_steps:
        lines.append(f"nothing to change ({unchanged} steps checked)")
    elif unchanged:
        lines.append(f"{unchanged} other steps unchanged")
    if needs["writer_placement"]:
        lines.append(f"then make {needs['writer_placement']} the writer, if AWS makes another instance the writer")
    if pending:
        lines.append("waiting for a reboot after this run: " + ", ".join(entry["instance"] for entry in pending))
    return lines
