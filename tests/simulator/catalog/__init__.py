"""Data the simulator answers from where moto has none: engine-default parameters and aurora-mysql versions."""

from tests.simulator.catalog.engine_versions import (
    aurora_mysql_family,
    aurora_mysql_versions,
    default_aurora_mysql_version,
)
from tests.simulator.catalog.parameters import (
    CLUSTER,
    INSTANCE,
    engine_default_parameters,
    has_catalogue,
    known_families,
    parameter_definition,
)

__all__ = [
    "CLUSTER",
    "INSTANCE",
    "aurora_mysql_family",
    "aurora_mysql_versions",
    "default_aurora_mysql_version",
    "engine_default_parameters",
    "has_catalogue",
    "known_families",
    "parameter_definition",
]
