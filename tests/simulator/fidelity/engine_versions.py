"""DescribeDBEngineVersions answered from the aurora-mysql catalogue (moto 5.2.5 raises NotImplementedError).

What RDS does and this reproduces (sources: the service model's DescribeDBEngineVersionsMessage and DBEngineVersion):
- EngineVersion matches a full version (8.0.mysql_aurora.3.07.1) or a major version (8.0); a version RDS does not
  offer is not an error, just an empty DBEngineVersions list (both: no AWS source found; the service model only says
  "A specific database engine version to return details for").
- DefaultOnly keeps the default version ("Specifies whether to return only the default version of the specified
  engine or the engine and major version combination"); IncludeAll adds versions whose Status is not
  ``available`` ("Specifies whether to also list the engine versions that aren't available").
- Filters: engine, engine-version, db-parameter-group-family, status, engine-mode ("Supported filters: ...");
  any other name is refused (no AWS source found for the refusal).
- DBParameterGroupFamily "If supplied, must match an existing DB parameter group family" (the refusal's code and
  wording: no AWS source found).
- MaxRecords is 20 to 100 (default 100) and a Marker continues where the previous page ended (support/paging.py).
ValidUpgradeTarget is the catalogue's (catalog/upgrades.py: the higher versions of the same major, and from version
2 every catalogued version 3, each naming its source), and it is exactly what ModifyDBCluster accepts
(support/validation.upgrade reads the same list). Each entry has the fields of the real one the Aurora User Guide
shows (AuroraMySQL.Updates.MajorVersionUpgrade.md, from 2.10.2: Engine, EngineVersion, Description, AutoUpgrade,
IsMajorVersionUpgrade, SupportedEngineModes ["provisioned"], SupportsParallelQuery true, SupportsGlobalDatabases true,
SupportsBabelfish false); that every target carries the values of that one example: no AWS source found (the
collection reads EngineVersion, IsMajorVersionUpgrade and AutoUpgrade only). The catalogue only knows aurora-mysql,
so other engines answer an empty list, and it marks one default version, so DefaultOnly for another major version
(5.7) answers an empty list too, where RDS would answer that major version's default.
"""

from __future__ import annotations

import copy

from moto.core.responses import ActionResult
from moto.rds.exceptions import InvalidParameterValue
from moto.rds.responses import RDSResponse

from tests.simulator.catalog import aurora_mysql_versions, known_families, valid_upgrade_targets
from tests.simulator.support import validation
from tests.simulator.support.paging import paginate
from tests.simulator.support.patching import Patches

PATCHES = Patches(__name__)

ENGINE_MODES = ("provisioned",)
# Keys of the catalogue rows that are the simulator's bookkeeping, not part of RDS's DBEngineVersion shape.
PRIVATE_KEYS = ("IsDefault",)


def describe_db_engine_versions(response: RDSResponse) -> ActionResult:
    params = response.params
    catalogue = aurora_mysql_versions()
    page, marker = paginate(select(catalogue, params), params.get("Marker"), params.get("MaxRecords"), "EngineVersion")
    result: dict = {"DBEngineVersions": [entry(row, catalogue) for row in page]}
    if marker:
        result["Marker"] = marker
    return ActionResult(result)


def select(rows: list[dict], params: dict) -> list[dict]:
    """The catalogue rows a request asks for, sorted by engine, then version (the order RDS lists them in: no AWS
    source found)."""
    family = params.get("DBParameterGroupFamily")
    if family is not None and family not in known_families():
        raise InvalidParameterValue(f"Invalid DB parameter group family: {family}")
    wanted = [
        row
        for row in rows
        if _matches(row["Engine"], params.get("Engine"))
        and _version_matches(row, params.get("EngineVersion"))
        and _matches(row["DBParameterGroupFamily"], family)
        and (params.get("IncludeAll") or row["Status"] == "available")
    ]
    wanted = _filtered(wanted, params.get("Filters") or [])
    if params.get("DefaultOnly"):
        wanted = [row for row in wanted if row.get("IsDefault")]
    return sorted(wanted, key=lambda row: (row["Engine"], validation.version_key(row["EngineVersion"])))


def _matches(value: str, wanted: str | None) -> bool:
    return wanted is None or value == wanted


def _version_matches(row: dict, wanted: str | None) -> bool:
    return wanted is None or wanted in (row["EngineVersion"], row["MajorEngineVersion"])


def _filtered(rows: list[dict], filters: list[dict]) -> list[dict]:
    readers = {
        "engine": lambda row: [row["Engine"]],
        "engine-version": lambda row: [row["EngineVersion"], row["MajorEngineVersion"]],
        "db-parameter-group-family": lambda row: [row["DBParameterGroupFamily"]],
        "status": lambda row: [row["Status"]],
        "engine-mode": lambda row: list(ENGINE_MODES),
    }
    for entry_filter in filters:
        name = entry_filter.get("Name")
        if name not in readers:
            raise InvalidParameterValue(f"Unrecognized filter name: {name}")
        values = set(entry_filter.get("Values") or [])
        rows = [row for row in rows if values.intersection(readers[name](row))]
    return rows


def entry(row: dict, rows_of_engine: list[dict]) -> dict:
    """One DBEngineVersions member in botocore's shape (service model, DBEngineVersion). ExportableLogTypes: the
    Aurora MySQL log types (support/validation.py); SupportsReadReplica and SupportedEngineModes ["provisioned"]:
    no AWS source found for the values."""
    shaped = {key: value for key, value in row.items() if key not in PRIVATE_KEYS}
    shaped.update(
        ValidUpgradeTarget=upgrade_targets(row, rows_of_engine),
        ExportableLogTypes=list(validation.AURORA_MYSQL_LOG_TYPES),
        SupportsLogExportsToCloudwatchLogs=True,
        SupportsReadReplica=True,
        SupportedEngineModes=list(ENGINE_MODES),
    )
    return shaped


# The fields of the real UpgradeTarget the guide shows beyond the catalogue's own (see the module docstring).
TARGET_FEATURES = {
    "SupportedEngineModes": list(ENGINE_MODES),
    "SupportsParallelQuery": True,
    "SupportsGlobalDatabases": True,
    "SupportsBabelfish": False,
}


def upgrade_targets(row: dict, rows_of_engine: list[dict]) -> list[dict]:
    """The catalogue's targets of one version that RDS offers now (Status available), lowest first."""
    offered = {target["EngineVersion"] for target in rows_of_engine if target["Status"] == "available"}
    return [
        dict(target, **copy.deepcopy(TARGET_FEATURES))
        for target in valid_upgrade_targets(row["EngineVersion"])
        if target["EngineVersion"] in offered
    ]


PATCHES.replace(RDSResponse, "describe_db_engine_versions", describe_db_engine_versions)
