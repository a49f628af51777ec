"""DescribeEngineDefault(Cluster)Parameters and DescribeDB(Cluster)Parameters answered from the catalogue.

Stock moto answers engine defaults with a stub list and a group's parameters with the user values only; RDS lists
every parameter of the family, user values overlaid, filtered by Source and paginated (service model,
DescribeDBParameters / DescribeEngineDefaultParameters and their MaxRecords/Marker; the rows themselves come from
the catalogue, whose sources are the catalogue's own).
"""

from moto.core.responses import ActionResult
from moto.rds.exceptions import InvalidParameterValue
from moto.rds.responses import RDSResponse

from tests.simulator.catalog import CLUSTER, INSTANCE, engine_default_parameters
from tests.simulator.fidelity.parameter_groups.lookup import check_family_known, find_group, merged_parameters
from tests.simulator.support.paging import paginate
from tests.simulator.support.patching import Patches

PATCHES = Patches(__name__)


def filter_rows(rows, filters, source=None):
    """`Source` keeps one kind of value; the `parameter-name` filter keeps the named parameters.

    Service model, DescribeDBParametersMessage.Source and .Filters ("The only supported filter is parameter-name");
    refusing another filter name: no AWS source found.
    """
    if source is not None:
        rows = [row for row in rows if row.get("Source") == source]
    for entry in filters or []:
        if entry.get("Name") != "parameter-name":
            raise InvalidParameterValue(f"Unrecognized filter name: {entry.get('Name')}")
        names = set(entry.get("Values") or [])
        rows = [row for row in rows if row["ParameterName"] in names]
    return rows


def request_params(response):
    """The request as plain dicts under the API's own names (moto parses RDS requests into an XFormedDict)."""
    return response.params.original_dict()


def _engine_defaults(response, scope):
    """An unknown family is refused like CreateDBParameterGroup refuses it (lookup.check_family_known; for the
    describe call itself: no AWS source found)."""
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


PATCHES.replace(RDSResponse, "describe_engine_default_parameters", describe_engine_default_parameters)
PATCHES.replace(RDSResponse, "describe_engine_default_cluster_parameters", describe_engine_default_cluster_parameters)
PATCHES.replace(RDSResponse, "describe_db_parameters", describe_db_parameters)
PATCHES.replace(RDSResponse, "describe_db_cluster_parameters", describe_db_cluster_parameters)
