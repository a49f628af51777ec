"""Engine-default parameter catalogues, one JSON file per family and scope (`<family>_<scope>.json`).

A family without a file (mysql8.0, postgres16, ...) has no catalogue: the fidelity layer then keeps moto's
permissive behaviour for it instead of inventing parameters.
"""

import copy
import json
from functools import cache
from pathlib import Path

CLUSTER = "cluster"
INSTANCE = "instance"
SCOPES = (CLUSTER, INSTANCE)

_HERE = Path(__file__).resolve().parent


@cache
def _load(family, scope):
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}, not {scope!r}")
    path = _HERE / f"{family}_{scope}.json"
    if not path.is_file():
        return None
    rows = json.loads(path.read_text())
    return {row["ParameterName"]: row for row in sorted(rows, key=lambda row: row["ParameterName"])}


def has_catalogue(family, scope):
    return _load(family, scope) is not None


def engine_default_parameters(family, scope):
    """The family's engine defaults for one scope, sorted by name, as fresh dicts (callers may change them)."""
    index = _load(family, scope) or {}
    return [copy.deepcopy(row) for row in index.values()]


def parameter_definition(family, scope, name):
    """One parameter's catalogue entry (a fresh dict), or None when the family has no such parameter."""
    row = (_load(family, scope) or {}).get(name)
    return copy.deepcopy(row) if row is not None else None


@cache
def _families():
    return frozenset(json.loads((_HERE / "parameter_group_families.json").read_text()))


def known_families():
    """Every DBParameterGroupFamily RDS accepts, catalogued or not."""
    return _families()
