# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parameter groups (cluster or instance scope): desired state, validation against the catalogue, the pure plan.

The catalogue is the family's engine defaults as AWS describes them ({name: Parameter dict}); nothing here
calls AWS. A plan is a dict holding only what must change, so `bool(plan)` is the module's `changed`.
"""

from __future__ import annotations

import difflib

from ansible_collections.aurora.mysql.plugins.module_utils import param_values, validate
from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

SCOPES = ("cluster", "instance")
APPLY_METHODS = ("auto", "immediate", "pending-reboot")
DEFAULT_FAMILY = "aurora-mysql8.0"
# ModifyDBParameterGroup and ResetDBParameterGroup take at most 20 parameters per call.
MAX_BATCH = 20
PENDING_REBOOT = "pending-reboot"
IMMEDIATE = "immediate"


def desired_from_params(params):
    """The requested state from module params; raises ValidationError before any AWS call."""
    parameters = params.get("parameters")
    if parameters is not None:
        bad = [str(key) for key in parameters if not isinstance(key, str) or not key.strip()]
        if bad:
            raise ValidationError("parameters", f"parameter names must be non-empty strings, got {', '.join(bad)}")
    description = params.get("description")
    if description is not None and not description.strip():
        raise ValidationError("description", "must not be blank")
    return dict(
        name=validate.identifier("name", params["name"], max_length=255).lower(),
        scope=validate.one_of("scope", params["scope"], SCOPES),
        family=(params.get("family") or DEFAULT_FAMILY).strip().lower(),
        description=description,
        parameters=dict(parameters) if parameters is not None else None,
        apply_method=validate.one_of("apply_method", params.get("apply_method") or "auto", APPLY_METHODS),
        purge_parameters=bool(params.get("purge_parameters")),
        tags=validate.tags("tags", params.get("tags")),
        purge_tags=params.get("purge_tags", True),
        state=params.get("state") or "present",
    )


def normalise(raw, scope, tags):
    """One snake_case shape for both DescribeDBParameterGroups and DescribeDBClusterParameterGroups entries."""
    prefix = "DBClusterParameterGroup" if scope == "cluster" else "DBParameterGroup"
    return dict(
        name=raw.get(f"{prefix}Name"),
        scope=scope,
        family=raw.get("DBParameterGroupFamily"),
        description=raw.get("Description"),
        arn=raw.get(f"{prefix}Arn"),
        tags=dict(tags or {}),
    )


def user_parameters(raw_parameters):
    """{name: {value, apply_type}} for the parameters a user has set (Source user)."""
    return {
        item["ParameterName"]: dict(value=item.get("ParameterValue"), apply_type=item.get("ApplyType"))
        for item in raw_parameters
        if item.get("Source") == "user"
    }


def catalogue_of(raw_defaults):
    return {item["ParameterName"]: item for item in raw_defaults}


# What a parameter row must carry to validate a value; DescribeDB(Cluster)Parameters rows carry the same as the
# engine defaults (with AllowedValues when the parameter has a fixed set).
_SPEC_KEYS = ("DataType", "ApplyType", "IsModifiable")


def group_catalogue(current):
    """{name: Parameter} of the group's user-set rows that carry full metadata; {} for a missing group."""
    rows = (current or {}).get("specs", {})
    return {name: row for name, row in rows.items() if all(key in row for key in _SPEC_KEYS)}


def needs_engine_defaults(current, desired):
    """True when the group's own rows cannot answer the request, so the family's engine defaults must be read.

    They answer a rerun: every listed name is set already and its row carries the metadata validation uses.
    They cannot answer a missing group, a name not set yet (it may be unknown, and needs suggestions) or a
    purge that resets a value (its new value is the engine default).
    """
    if desired["parameters"] is None:
        return False
    if current is None:
        return True
    known = group_catalogue(current)
    if any(name not in known for name in desired["parameters"]):
        return True
    resets = [name for name in current["parameters"] if name not in desired["parameters"]]
    return bool(desired["purge_parameters"] and resets)


def check_fixed(current, desired):
    """Refuse changes RDS cannot make to an existing group, and a create that lacks what it needs."""
    if current is None:
        if desired["description"] is None:
            raise ValidationError("description", f"is required to create parameter group '{desired['name']}'")
        return
    if (current["family"] or "").lower() != desired["family"]:
        raise ValidationError(
            "family",
            f"parameter group '{current['name']}' has family {current['family']}, not {desired['family']};"
            " a group's family cannot change: use a new group name, or delete this group first",
        )
    if desired["description"] is not None and desired["description"] != current["description"]:
        raise ValidationError(
            "description",
            f"parameter group '{current['name']}' is described as '{current['description']}'; RDS cannot change"
            " the description of an existing group: omit description, or use a new group name",
        )


def _unknown(name, catalogue):
    close = difflib.get_close_matches(name, list(catalogue), n=3, cutoff=0.6)
    folded = [known for known in catalogue if known.lower() == name.lower()]
    suggestions = folded or close
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    return f"{name}: not a parameter of this family{hint}"


def _apply_method_for(name, apply_type, requested):
    if requested == "auto":
        return PENDING_REBOOT if apply_type == "static" else IMMEDIATE
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
        default = spec.get("ParameterValue")
        try:
            method = _apply_method_for(name, item["apply_type"] or spec.get("ApplyType"), apply_method)
        except ValueError as err:
            problems.append(str(err))
            continue
        resets[name] = dict(before=item["value"], after=default, apply_method=method)
    if problems:
        raise ValidationError("purge_parameters", "; ".join(problems))
    return resets


def plan(current, desired, catalogue):
    """What to do, as a dict that is empty when nothing differs.

    current: None or {group (normalised), parameters (user_parameters), specs}; catalogue: {} when parameters are
    unmanaged, the engine defaults or group_catalogue(current) otherwise.
    Keys: delete, create, modify and reset ({name: {before, after, apply_method}}), tags (to_set, to_remove).
    """
    if desired["state"] == "absent":
        return {"delete": True} if current else {}
    check_fixed(current and current["group"], desired)
    result = {}
    if current is None:
        result["create"] = dict(name=desired["name"], family=desired["family"], description=desired["description"])
    current_user = current["parameters"] if current else {}
    if desired["parameters"] is not None:
        resolved = resolve(desired["parameters"], catalogue, desired["apply_method"])
        modify = _changes(current_user, catalogue, resolved)
        reset = (
            _resets(current_user, catalogue, resolved, desired["apply_method"]) if desired["purge_parameters"] else {}
        )
        if modify:
            result["modify"] = modify
        if reset:
            result["reset"] = reset
    current_tags = current["group"]["tags"] if current else {}
    to_set, to_remove = tag_utils.plan(current_tags, desired["tags"], desired["purge_tags"])
    if to_set or to_remove:
        result["tags"] = (to_set, to_remove)
    return result


def changed_parameters(plan_):
    """{name: {before, after, apply_method}} for every parameter the plan sets or resets."""
    merged = dict(plan_.get("modify", {}))
    merged.update(plan_.get("reset", {}))
    return {name: dict(merged[name]) for name in sorted(merged)}


def reboot_required(plan_):
    """True when a change only takes effect after a reboot: every static change, and any sent as pending-reboot."""
    return any(change["apply_method"] == PENDING_REBOOT for change in changed_parameters(plan_).values())


def batches(items, size=MAX_BATCH):
    items = list(items)
    return [items[start : start + size] for start in range(0, len(items), size)]


def modify_requests(plan_):
    return [
        dict(ParameterName=name, ParameterValue=change["after"], ApplyMethod=change["apply_method"])
        for name, change in sorted(plan_.get("modify", {}).items())
    ]


def reset_requests(plan_):
    return [
        dict(ParameterName=name, ApplyMethod=change["apply_method"])
        for name, change in sorted(plan_.get("reset", {}).items())
    ]


def group_after(current_group, desired, plan_):
    """The group as it is once the plan is applied; arn is unknown until a create returns it."""
    if desired["state"] == "absent":
        return None
    if current_group is None:
        group = dict(
            name=desired["name"],
            scope=desired["scope"],
            family=desired["family"],
            description=desired["description"],
            arn=None,
            tags={},
        )
    else:
        group = dict(current_group)
    to_set, to_remove = plan_.get("tags", ({}, []))
    group["tags"] = tag_utils.after(group["tags"], to_set, to_remove)
    return group


def values_before(current):
    return {name: item["value"] for name, item in sorted((current["parameters"] if current else {}).items())}


def values_after(current, plan_):
    """The user-set values once the plan is applied."""
    values = values_before(current)
    for name in plan_.get("reset", {}):
        values.pop(name, None)
    for name, change in plan_.get("modify", {}).items():
        values[name] = change["after"]
    return {name: values[name] for name in sorted(values)}


def pending_reboot(users, plan_):
    """Instance identifiers that need a reboot: those already pending-reboot, and every user of the group
    when this run queued a change that waits for one (RDS may still show `applying` right after the call)."""
    queued = reboot_required(plan_)
    return sorted(
        {user["instance"] for user in users if user["instance"] and (queued or user["status"] == PENDING_REBOOT)}
    )


def in_use_error(name, users):
    owners = sorted({user["owner"] for user in users})
    return ValidationError(
        "state",
        f"parameter group '{name}' is in use by {', '.join(owners)}; move them to another group before deleting it",
    )
