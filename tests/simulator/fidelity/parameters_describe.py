"""Describe* parameter calls answered from the catalogue, filtered and paginated the way RDS does it."""

from moto.core.responses import ActionResult
from moto.rds.exceptions import InvalidParameterValue

from tests.simulator.catalog import CLUSTER, INSTANCE, engine_default_parameters
from tests.simulator.fidelity.paging import paginate
from tests.simulator.fidelity.parameters_groups import check_family_known, find_group, merged_parameters


def filter_rows(rows, filters, source=None):
    """`Source` keeps one kind of value; the `parameter-name` filter keeps the named parameters."""
    if source is not None:
        rows = [row for row in rows if row.get("Source") == source]
    for entry in filters or []:
        if entry.get("Name") != "parameter-name":
            raise InvalidParameterValue(f"Unrecognized filter name: {entry.get('Name')}")
        names = set(entry.get("Values") or [])
        rows = [row for row in rows if row["ParameterName"] in names]
    return rows


def request_params(response):
    params = response.params
    return params.original_dict() if hasattr(params, "original_dict") else dict(params)


def _engine_defaults(response, scope):
    params = request_params(response)
    family = params.get("DBParameterGroupFamily")
    check_family_known(family)
    rows = filter_rows(engine_default_parameters(family, scope), params.get("Filters"))
    page, marker = paginate(rows, params.get("Marker"), params.get("MaxRecords"), "ParameterName")
    engine_defaults = {"DBParameterGroupFamily": family, "Parameters": page}
    if marker:
        engine_defaults["Marker"] = marker
    return ActionResult({"EngineDefaults": engine_defaults})


def _group_parameters(response, name_field, scope):
    params = request_params(response)
    group = find_group(response.backend, params.get(name_field), scope)
    rows = filter_rows(merged_parameters(group, scope), params.get("Filters"), params.get("Source"))
    page, marker = paginate(rows, params.get("Marker"), params.get("MaxRecords"), "ParameterName")
    result = {"Parameters": page}
    if marker:
        result["Marker"] = marker
    return ActionResult(result)


def describe_engine_default_parameters(response):
    return _engine_defaults(response, INSTANCE)


def describe_engine_default_cluster_parameters(response):
    return _engine_defaults(response, CLUSTER)


def describe_db_parameters(response):
    return _group_parameters(response, "DBParameterGroupName", INSTANCE)


def describe_db_cluster_parameters(response):
    return _group_parameters(response, "DBClusterParameterGroupName", CLUSTER)
