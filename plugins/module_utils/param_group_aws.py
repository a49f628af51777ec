# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RDS calls behind aurora_param_group, for both scopes; the decisions live in param_group.py."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import param_group
from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

# The cluster and instance APIs differ only in names; one table keeps the code below scope-blind.
_API = {
    "instance": dict(
        name_key="DBParameterGroupName",
        created=("DBParameterGroup", "DBParameterGroupArn"),
        describe_groups=("describe_db_parameter_groups", "DBParameterGroups"),
        describe_parameters="describe_db_parameters",
        engine_defaults="describe_engine_default_parameters",
        create="create_db_parameter_group",
        modify="modify_db_parameter_group",
        reset="reset_db_parameter_group",
        delete="delete_db_parameter_group",
    ),
    "cluster": dict(
        name_key="DBClusterParameterGroupName",
        created=("DBClusterParameterGroup", "DBClusterParameterGroupArn"),
        describe_groups=("describe_db_cluster_parameter_groups", "DBClusterParameterGroups"),
        describe_parameters="describe_db_cluster_parameters",
        engine_defaults="describe_engine_default_cluster_parameters",
        create="create_db_cluster_parameter_group",
        modify="modify_db_cluster_parameter_group",
        reset="reset_db_cluster_parameter_group",
        delete="delete_db_cluster_parameter_group",
    ),
}


def read(client, scope, name):
    """None, or {group, parameters, specs}: the normalised group with its tags, the user-set parameters, and
    their rows as RDS lists them (metadata included, see param_group.group_catalogue)."""
    api = _API[scope]
    method, key = api["describe_groups"]
    response = client.call_or_none(method, **{api["name_key"]: name}) or {}
    groups = response.get(key, [])
    if not groups:
        return None
    group = param_group.normalise(groups[0], scope, None)
    group["tags"] = tag_utils.to_dict(
        client.call("list_tags_for_resource", ResourceName=group["arn"]).get("TagList", [])
    )
    raw = client.paginate(api["describe_parameters"], "Parameters", Source="user", **{api["name_key"]: name})
    return dict(group=group, parameters=param_group.user_parameters(raw), specs=param_group.catalogue_of(raw))


def catalogue_for(client, current, desired):
    """The parameter metadata the plan validates against: the group's own rows when they answer every name
    (no further call), else the family's engine defaults, several pages on AWS."""
    if desired["parameters"] is None:
        return {}
    if not param_group.needs_engine_defaults(current, desired):
        return param_group.group_catalogue(current)
    return read_catalogue(client, desired["scope"], desired["family"])


def read_catalogue(client, scope, family):
    """{name: Parameter} of the family's engine defaults, all pages; read from AWS, never bundled."""
    defaults = client.paginate(_API[scope]["engine_defaults"], "EngineDefaults", DBParameterGroupFamily=family) or {}
    catalogue = param_group.catalogue_of(defaults.get("Parameters", []))
    if not catalogue:
        raise ValidationError("family", f"AWS lists no {scope} engine-default parameters for family '{family}'")
    return catalogue


def users(client, scope, name):
    """[{owner, instance, status}]: who uses the group and each instance's parameter apply status."""
    if scope == "instance":
        return [
            dict(owner=f"instance {db['DBInstanceIdentifier']}", instance=db["DBInstanceIdentifier"], status=status)
            for db in client.paginate("describe_db_instances", "DBInstances")
            for group_name, status in _instance_groups(db)
            if group_name == name
        ]
    found = []
    for cluster in client.paginate("describe_db_clusters", "DBClusters"):
        if (cluster.get("DBClusterParameterGroup") or "").lower() != name:
            continue
        owner = f"cluster {cluster['DBClusterIdentifier']}"
        members = cluster.get("DBClusterMembers") or [{}]
        found.extend(
            dict(
                owner=owner,
                instance=member.get("DBInstanceIdentifier"),
                status=member.get("DBClusterParameterGroupStatus"),
            )
            for member in members
        )
    return found


def _instance_groups(db):
    return [
        ((group.get("DBParameterGroupName") or "").lower(), group.get("ParameterApplyStatus"))
        for group in db.get("DBParameterGroups", [])
    ]


def apply(client, scope, name, arn, plan):
    """Carry out a plan from param_group.plan() on group `name` (ARN `arn` when it exists); returns the ARN."""
    api = _API[scope]
    named = {api["name_key"]: name}
    if plan.get("delete"):
        client.call(api["delete"], **named)
        return None
    if "create" in plan:
        arn = _create(client, api, named, plan)
    for batch in param_group.batches(param_group.modify_requests(plan)):
        client.call(api["modify"], Parameters=batch, **named)
    for batch in param_group.batches(param_group.reset_requests(plan)):
        client.call(api["reset"], ResetAllParameters=False, Parameters=batch, **named)
    if "tags" in plan and "create" not in plan:
        to_set, to_remove = plan["tags"]
        tag_utils.apply_rds(client, arn, to_set, to_remove)
    return arn


def _create(client, api, named, plan):
    kwargs = dict(named, DBParameterGroupFamily=plan["create"]["family"], Description=plan["create"]["description"])
    tags = tag_utils.to_list(plan.get("tags", ({}, []))[0])
    if tags:
        kwargs["Tags"] = tags
    created_key, arn_key = api["created"]
    return client.call(api["create"], **kwargs).get(created_key, {}).get(arn_key)
