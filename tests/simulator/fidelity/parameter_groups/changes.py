"""Modify/Reset*ParameterGroup validated against the catalogue, all-or-nothing, with pending-reboot bookkeeping.

Service model, ModifyDBParameterGroupMessage.Parameters / ModifyDBClusterParameterGroupMessage.Parameters: "When the
application method is immediate, changes to dynamic parameters are applied immediately to the DB instances [DB
clusters] associated with the parameter group. When the application method is pending-reboot, changes to dynamic and
static parameters are applied after a reboot without failover"; the refusals are validation.py's.
"""

from moto.core.responses import ActionResult
from moto.rds.exceptions import InvalidParameterCombination, InvalidParameterValue
from moto.rds.responses import RDSResponse

from tests.simulator.catalog import CLUSTER, INSTANCE, has_catalogue, parameter_definition
from tests.simulator.fidelity.parameter_groups.lookup import find_group, group_family, is_default_name
from tests.simulator.fidelity.parameter_groups.parameters import request_params
from tests.simulator.fidelity.parameter_groups.status import (
    mark_cluster_group_users_pending,
    mark_group_users_pending,
)
from tests.simulator.fidelity.parameter_groups.validation import check_modify, check_request_size, check_reset
from tests.simulator.support.patching import Patches

PATCHES = Patches(__name__)

_NAME_FIELD = {INSTANCE: "DBParameterGroupName", CLUSTER: "DBClusterParameterGroupName"}


def _definitions(group, scope, requests):
    family = group_family(group)
    catalogued = has_catalogue(family, scope)
    return catalogued, [parameter_definition(family, scope, request.get("ParameterName")) for request in requests]


def _refuse_default(group):
    """Aurora User Guide, USER_WorkingWithDBInstanceParamGroups.md: "you can't change the parameter values in a default
    DB parameter group"; RDS answers InvalidParameterValue "Cannot modify a default parameter group."
    (https://github.com/ankane/pghero/issues/66)."""
    if is_default_name(group.name):
        raise InvalidParameterValue("Cannot modify a default parameter group.")


def _mark_pending(backend, group, scope):
    if scope == CLUSTER:
        mark_cluster_group_users_pending(backend, group.name)
    else:
        mark_group_users_pending(backend, group.name)


def modify_group(backend, name, requests, scope):
    """Every change is checked before any is stored: one bad parameter leaves the group as it was.

    "AWS ... rejects the whole call with InvalidParameterCombination" for one static parameter sent immediate
    (https://github.com/dbtuneai/dbtune-agent/pull/197); that every refusal leaves the whole request unapplied: no
    AWS source found.
    """
    group = find_group(backend, name, scope)
    _refuse_default(group)
    check_request_size(requests)
    catalogued, definitions = _definitions(group, scope, requests)
    for request, definition in zip(requests, definitions, strict=True):
        check_modify(request, definition, catalogued)
    group.parameters.update(
        {
            request["ParameterName"]: {
                "ParameterName": request["ParameterName"],
                "ParameterValue": str(request["ParameterValue"]),
                "ApplyMethod": request["ApplyMethod"],
            }
            for request in requests
        }
    )
    # Static parameters can only be sent as pending-reboot, so this also covers every static change. That an
    # immediate dynamic change leaves the users in-sync, and a pending-reboot one marks them pending-reboot: the
    # module docstring's source.
    if any(request["ApplyMethod"] == "pending-reboot" for request in requests):
        _mark_pending(backend, group, scope)
    return group


def reset_group(backend, name, requests, reset_all, scope):
    """Named parameters go back to their engine default; ResetAllParameters drops every user value.

    Service model, ResetDBParameterGroup: "To reset specific parameters, provide a list of the following:
    ParameterName and ApplyMethod. To reset the entire DB parameter group, specify the DBParameterGroup name and
    ResetAllParameters". Refusing both or neither: no AWS source found (wording ours).
    """
    group = find_group(backend, name, scope)
    _refuse_default(group)
    if reset_all and requests:
        raise InvalidParameterCombination("Specify either ResetAllParameters or Parameters, not both.")
    if not reset_all and not requests:
        raise InvalidParameterCombination("Specify ResetAllParameters or at least one parameter to reset.")
    if reset_all:
        names = list(group.parameters)
        pending = any(_needs_reboot(group, scope, group.parameters[name]) for name in names)
    else:
        check_request_size(requests)
        catalogued, definitions = _definitions(group, scope, requests)
        for request, definition in zip(requests, definitions, strict=True):
            check_reset(request, definition, catalogued)
        names = [request["ParameterName"] for request in requests if request["ParameterName"] in group.parameters]
        pending = any(
            request["ApplyMethod"] == "pending-reboot" and request["ParameterName"] in names for request in requests
        )
    for name_to_reset in names:
        group.parameters.pop(name_to_reset, None)
    if pending:
        _mark_pending(backend, group, scope)
    return group


def _needs_reboot(group, scope, stored):
    """ResetAllParameters applies dynamic values at once and static ones at the next reboot.

    Service model, ResetDBParameterGroup: "When resetting the entire group, dynamic parameters are updated immediately
    and static parameters are set to pending-reboot to take effect on the next DB instance restart".
    """
    definition = parameter_definition(group_family(group), scope, stored["ParameterName"])
    if definition is not None:
        return definition.get("ApplyType") == "static"
    return stored.get("ApplyMethod") == "pending-reboot"


def _name_result(scope, group):
    return ActionResult({_NAME_FIELD[scope]: group.name})


def _modify(response, scope):
    params = request_params(response)
    group = modify_group(response.backend, params.get(_NAME_FIELD[scope]), params.get("Parameters") or [], scope)
    return _name_result(scope, group)


def _reset(response, scope):
    params = request_params(response)
    group = reset_group(
        response.backend,
        params.get(_NAME_FIELD[scope]),
        params.get("Parameters") or [],
        bool(params.get("ResetAllParameters")),
        scope,
    )
    return _name_result(scope, group)


def modify_db_parameter_group(response):
    return _modify(response, INSTANCE)


def modify_db_cluster_parameter_group(response):
    return _modify(response, CLUSTER)


def reset_db_parameter_group(response):
    return _reset(response, INSTANCE)


def reset_db_cluster_parameter_group(response):
    return _reset(response, CLUSTER)


PATCHES.replace(RDSResponse, "modify_db_parameter_group", modify_db_parameter_group)
PATCHES.replace(RDSResponse, "modify_db_cluster_parameter_group", modify_db_cluster_parameter_group)
PATCHES.replace(RDSResponse, "reset_db_parameter_group", reset_db_parameter_group)
PATCHES.replace(RDSResponse, "reset_db_cluster_parameter_group", reset_db_cluster_parameter_group)
