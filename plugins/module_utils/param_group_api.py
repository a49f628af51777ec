# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RDS calls behind aurora_param_group; the decisions live in param_group.py and param_group_plan.py."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import param_group, param_group_plan, rds
from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

# The cluster and instance APIs differ only in names; one table keeps the code below scope-blind. The names are
# written out, so that tests/unit/test_iam_policy.py finds every operation the code calls.
_APIS = {
    "instance": dict(
        describe_groups="describe_db_parameter_groups",
        describe_parameters="describe_db_parameters",
        engine_defaults="describe_engine_default_parameters",
        create="create_db_parameter_group",
        modify="modify_db_parameter_group",
        reset="reset_db_parameter_group",
        delete="delete_db_parameter_group",
    ),
    "cluster": dict(
        describe_groups="describe_db_cluster_parameter_groups",
        describe_parameters="describe_db_cluster_parameters",
        engine_defaults="describe_engine_default_cluster_parameters",
        create="create_db_cluster_parameter_group",
        modify="modify_db_cluster_parameter_group",
        reset="reset_db_cluster_parameter_group",
        delete="delete_db_cluster_parameter_group",
    ),
}


def _describe(client, scope, name):
    """The raw group, or None when it does not exist."""
    named = {param_group.name_key(scope): name}
    groups = (client.call_or_none(_APIS[scope]["describe_groups"], **named) or {}).get(
        f"{param_group.group_key(scope)}s", []
    )
    return groups[0] if groups else None


def read(client, scope, name, with_tags=True, with_users=True):
    """None, or {group, parameters, specs, users}: the normalised group with its tags, the user-set parameters,
    their rows as RDS lists them (metadata included, see param_group.group_catalogue) and who uses the group.

    aurora_plan reads many groups at once: it asks for the tags only when the task manages them, and knows the
    users of the groups from the cluster it reads anyway (users then []).
    """
    api = _APIS[scope]
    named = {param_group.name_key(scope): name}
    described = _describe(client, scope, name)
    if described is None:
        return None
    group = param_group.normalise(described, scope, None)
    if with_tags:
        group["tags"] = tag_utils.to_dict(
            client.call("list_tags_for_resource", ResourceName=group["arn"]).get("TagList", [])
        )
    rows = client.paginate(api["describe_parameters"], "Parameters", Source="user", **named)
    return dict(
        group=group,
        parameters=param_group.user_parameters(rows),
        specs=param_group.catalogue_of(rows),
        users=rds.parameter_group_users(client, scope, name) if with_users else [],
    )


def check_family(client, option, scope, name, family):
    """Refuse, naming `option`, a group that does not exist or is not of `family` (RDS attaches a group only to an
    engine version of its family: Aurora User Guide, parameter-groups-overview.md)."""
    raw = _describe(client, scope, name)
    if raw is None:
        raise ValidationError(option, f"there is no DB {scope} parameter group '{name}'")
    have = raw.get("DBParameterGroupFamily")
    if have != family:
        raise ValidationError(
            option, f"DB {scope} parameter group '{name}' is of family {have}; the engine version needs {family}"
        )


def parameter_value(client, scope, name, parameter):
    """One parameter's value in a group, whatever set it (user, engine default); None when it has no value.
    DescribeDB(Cluster)Parameters' only filter is parameter-name (service model), so this is one short call."""
    rows = client.paginate(
        _APIS[scope]["describe_parameters"],
        "Parameters",
        Filters=[{"Name": "parameter-name", "Values": [parameter]}],
        **{param_group.name_key(scope): name},
    )
    return next((row.get("ParameterValue") for row in rows if row.get("ParameterName") == parameter), None)


def catalogue_for(client, current, desired):
    """The parameter metadata the plan validates against: the group's own rows when they answer every name
    (no further call), else the family's engine defaults, several pages on AWS.

    A group of another family is refused first, so that family's defaults are never read for nothing.
    """
    if desired.state == "absent" or desired.parameters is None:
        return {}
    param_group.check_fixed(current and current["group"], desired)
    if not param_group.needs_engine_defaults(current, desired):
        return param_group.group_catalogue(current)
    return read_catalogue(client, desired.scope, desired.family)


def read_catalogue(client, scope, family):
    """{name: Parameter} of the family's engine defaults, all pages; read from AWS, never bundled."""
    defaults = client.paginate(_APIS[scope]["engine_defaults"], "EngineDefaults", DBParameterGroupFamily=family) or {}
    catalogue = param_group.catalogue_of(defaults.get("Parameters", []))
    if not catalogue:
        raise ValidationError("family", f"AWS lists no {scope} engine-default parameters for family '{family}'")
    return catalogue


def apply(client, desired, group_plan, arn):
    """Carry out a plan on the group (ARN `arn` when it exists); returns the ARN, None after a delete."""
    api = _APIS[desired.scope]
    named = {param_group.name_key(desired.scope): desired.name}
    if group_plan.action == "delete":
        client.call(api["delete"], **group_plan.request)
        return None
    if group_plan.action == "create":
        key = param_group.group_key(desired.scope)
        arn = client.call(api["create"], **group_plan.request).get(key, {}).get(f"{key}Arn")
    for batch in param_group_plan.batches(param_group_plan.modify_rows(group_plan)):
        client.call(api["modify"], Parameters=batch, **named)
    for batch in param_group_plan.batches(param_group_plan.reset_rows(group_plan)):
        client.call(api["reset"], ResetAllParameters=False, Parameters=batch, **named)
    if group_plan.tags and group_plan.action != "create":
        tag_utils.apply_rds(client, arn, group_plan.tags)
    return arn
