"""The aurora-mysql engine versions the simulator accepts, shaped like DescribeDBEngineVersions entries.

Where the data comes from: aurora_mysql_versions.json is kept by hand (one row per version the simulator offers). Each
row names, in `<Field>_source`, the Aurora MySQL release notes entry that gives its release and the MySQL version it
is compatible with, whether the release notes now mark it deprecated (such versions stay available here: the
catalogue is one point in time that tests pin), and that IsDefault is the simulator's own choice. Add a version by
adding a row with its sources, then rerun scripts/build_aurora_mysql_catalog.py so its upgrade targets follow.
"""

import copy
import json
from functools import cache
from pathlib import Path

ENGINE = "aurora-mysql"

_HERE = Path(__file__).resolve().parent


@cache
def _rows():
    rows = json.loads((_HERE / "aurora_mysql_versions.json").read_text())
    return tuple(_as_engine_version(row) for row in rows)


def _as_engine_version(row):
    aurora_version = row["EngineVersion"].split(".mysql_aurora.")[1]
    return {
        "Engine": ENGINE,
        "EngineVersion": row["EngineVersion"],
        "MajorEngineVersion": row["EngineVersion"].split(".mysql_aurora.")[0],
        "DBParameterGroupFamily": row["DBParameterGroupFamily"],
        "DBEngineDescription": "Aurora MySQL",
        "DBEngineVersionDescription": f"Aurora MySQL {aurora_version} (compatible with MySQL {row['MySQLVersion']})",
        "Status": row.get("Status", "available"),
        "IsDefault": bool(row.get("IsDefault")),
    }


def aurora_mysql_versions():
    """Every accepted aurora-mysql version, oldest first, as fresh dicts."""
    return [copy.deepcopy(row) for row in _rows()]


def aurora_mysql_family(engine_version):
    """The parameter group family of an aurora-mysql version, or None when the version is unknown."""
    for row in _rows():
        if row["EngineVersion"] == engine_version:
            return row["DBParameterGroupFamily"]
    return None


def aurora_mysql_version_sources(engine_version):
    """{field: source} for one catalogued version, or None when the version is unknown."""
    for row in json.loads((_HERE / "aurora_mysql_versions.json").read_text()):
        if row["EngineVersion"] == engine_version:
            return {key[: -len("_source")]: value for key, value in row.items() if key.endswith("_source")}
    return None


def default_aurora_mysql_version():
    """The version RDS picks when CreateDBCluster names no EngineVersion."""
    return next(row["EngineVersion"] for row in _rows() if row["IsDefault"])
