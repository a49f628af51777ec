# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure parameter group plan: values resolved against the catalogue, what to set and reset, and the group,
its values and the instances waiting for a reboot as the plan leaves them.

Plan.changes is {parameter: {before, after, apply_method}} for every parameter set or reset, and
details["reset"] names the ones reset to the engine default.
"""

from __future__ import annotations

import difflib

from ansible_collections.aurora.mysql.plugins.module_utils import fields, param_translation, param_values, rds
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.param_group import FIELDS, check_fixed, name_key
from ansible_collections.aurora.mysql.plugins.module_utils.plan import Plan, TagPlan

# ModifyDBParameterGroup and ResetDBParameterGroup take at most 20 parameters per call.
MAX_BATCH = 20
IMMEDIATE = "immediate"


def _unknown(name, catalogue):
    renamed = param_translation.RENAMED_V2_TO_V3.get(name)
    if renamed in catalogue:
        # A version 2 name kept in the variables after an upgrade to version 3: say the new name, not a near miss.
        return f"{name}: not a parameter of this family; Aurora MySQL version 3 names it {renamed}"
    close = difflib.get_close_matches(name, list(catalogue), n=3, cutoff=0.6)
    folded = [known for known in catalogue if known.lower() == name.lower()]
    suggestions = folded or close
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    return f"{name}: not a parameter of this family{hint}"


def _apply_method_for(name, apply_type, requested):
    if requested == "auto":
        return rds.PENDING_REBOOT if apply_type == "static" else IMMEDIATE
    if requested == IMMEDIATE and apply_type == "static":
        raise ValueError(f"{name}: is static, so apply_method immediate cannot apply it; use auto or pending-reboot")
    return requested


def resolve(parameters, catalogue, apply_method):
    """{name: {value, apply_method}} with values in RDS's spelling; every problem reported in one error."""
    resolved, problems = {}, []
    for name, value in sorted((parameters or {}).items()):
        spec = catalogue.get(name)
        if spec is None:
            problems.append(_unknown(name, catalogue))
            continue
        if spec.get("IsModifiable") is False:
            problems.append(f"{name}: is not modifiable in this family")
            continue
        try:
            wire = param_values.to_wire(spec, value)
            method = _apply_method_for(name, spec.get("ApplyType"), apply_method)
        except ValueError as err:
            problems.append(str(err) if str(err).startswith(f"{name}:") else f"{name}: {err}")
            continue
        resolved[name] = dict(value=wire, apply_method=method)
    if problems:
        raise ValidationError("parameters", "; ".join(problems))
    return resolved


def _changes(current_user, catalogue, resolved):
    """Listed parameters are pinned as user values, like the guide's CLI calls: one that only inherits an equal
    engine default is still set, so a later change of the family's default cannot move it."""
    changes = {}
    for name, request in resolved.items():
        if name in current_user and param_values.same(catalogue[name], current_user[name]["value"], request["value"]):
            continue
        before = current_user[name]["value"] if name in current_user else catalogue[name].get("ParameterValue")
        changes[name] = dict(before=before, after=request["value"], apply_method=request["apply_method"])
    return changes


def _resets(current_user, catalogue, resolved, apply_method):
    resets, problems = {}, []
    for name, item in sorted(current_user.items()):
        if name in resolved:
            continue
        spec = catalogue.get(name, {})
        try:
            method = _apply_method_for(name, item["apply_type"] or spec.get("ApplyType"), apply_method)
        except ValueError as err:
            problems.append(str(err))
            continue
        resets[name] = dict(before=item["value"], after=spec.get("ParameterValue"), apply_method=method)
    if problems:
        raise ValidationError("purge_parameters", "; ".join(problems))
    return resets


def plan(current, desired, catalogue, *, assume_deleted=()):
    """current: None or {group (normalised), parameters (user_parameters), specs, users (rds users)};
    catalogue: {} when parameters are unmanaged, the engine defaults or group_catalogue(current) otherwise.

    assume_deleted: clusters and instances an earlier task deletes, which do not keep the group in use.
    """
    named = {name_key(desired.scope): desired.name}
    if desired.state == "absent":
        if current is None:
            return Plan()
        in_use = rds.still_in_use(current["users"], assume_deleted)
        if in_use:
            raise ValidationError(
                "state",
                f"parameter group '{desired.name}' is in use by {rds.users_named(in_use)}; move them to another "
                "group before deleting it",
            )
        return Plan(action="delete", request=named)
    check_fixed(current and current["group"], desired)
    current_user = current["parameters"] if current else {}
    changes, resets = {}, {}
    if desired.parameters is not None:
        resolved = resolve(desired.parameters, catalogue, desired.apply_method)
        changes = _changes(current_user, catalogue, resolved)
        if desired.purge_parameters:
            resets = _resets(current_user, catalogue, resolved, desired.apply_method)
    changes.update(resets)
    changes = {name: changes[name] for name in sorted(changes)}
    details = {"reset": sorted(resets)}
    if current is None:
        fixed = {"family": desired.family, "description": desired.description}
        request = fields.create_request(FIELDS, named, fixed, desired.tags)
        return Plan.create(request, changes, desired.tags, details=details)
    tag_plan = TagPlan.between(current["group"]["tags"], desired.tags, desired.purge_tags)
    return Plan(action="modify" if changes else "", changes=changes, tags=tag_plan, details=details)


def reboot_required(group_plan):
    """True when a change only takes effect after a reboot: every static change, and any sent as pending-reboot."""
    return any(change["apply_method"] == rds.PENDING_REBOOT for change in group_plan.changes.values())


def batches(items, size=MAX_BATCH):
    items = list(items)
    return [items[start : start + size] for start in range(0, len(items), size)]


def modify_rows(group_plan):
    reset = group_plan.details.get("reset", [])
    return [
        dict(ParameterName=name, ParameterValue=change["after"], ApplyMethod=change["apply_method"])
        for name, change in group_plan.changes.items()
        if name not in reset
    ]


def reset_rows(group_plan):
    return [
        dict(ParameterName=name, ApplyMethod=group_plan.changes[name]["apply_method"])
        for name in group_plan.details.get("reset", [])
    ]


def predict(current, desired, group_plan):
    """The group as it is once the plan is applied; arn is unknown until a create returns it."""
    if desired.state == "absent":
        return None
    if current is None:
        group = dict(name=desired.name, scope=desired.scope, family=desired.family, description=desired.description)
        group.update(arn=None, tags={})
    else:
        group = dict(current["group"])
    group["tags"] = group_plan.tags.after(group["tags"])
    return group


def values_before(current):
    return {name: item["value"] for name, item in sorted((current["parameters"] if current else {}).items())}


def values_after(current, group_plan):
    """The user-set values once the plan is applied."""
    values = values_before(current)
    reset = group_plan.details.get("reset", [])
    for name, change in group_plan.changes.items():
        if name in reset:
            values.pop(name, None)
        else:
            values[name] = change["after"]
    return {name: values[name] for name in sorted(values)}


def pending_reboot(current, group_plan):
    """Identifiers of the instances that need a reboot: those already pending-reboot, and every instance reached
    by the group when this run queued a change that waits for one (RDS may still show `applying` right after)."""
    users = current["users"] if current else []
    key = "instances" if reboot_required(group_plan) else "pending_reboot"
    return sorted({instance for user in users for instance in user[key]})


def diff(current, group, group_plan):
    """before/after of the group and its user-set values; `group` is predict()'s, with the ARN a create returned."""
    before = dict(current["group"], parameters=values_before(current)) if current else {}
    return dict(before=before, after=dict(group, parameters=values_after(current, group_plan)) if group else {})
