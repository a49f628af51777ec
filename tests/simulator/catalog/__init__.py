"""Data the simulator answers from where moto has none: engine-default parameters, aurora-mysql versions and their
upgrade targets, instance-class orderability, and the version 2 -> 3 parameter changes. Each loader module says where
its data comes from; scripts/build_aurora_mysql_catalog.py regenerates the generated files."""

from tests.simulator.catalog.engine_versions import (
    aurora_mysql_family,
    aurora_mysql_version_sources,
    aurora_mysql_versions,
    default_aurora_mysql_version,
)
from tests.simulator.catalog.instance_classes import (
    instance_class_support,
    is_orderable,
    orderable_instance_classes,
)
from tests.simulator.catalog.parameters import (
    CLUSTER,
    INSTANCE,
    catalogue_rows,
    engine_default_parameters,
    has_catalogue,
    known_families,
    parameter_definition,
    parameter_sources,
)
from tests.simulator.catalog.upgrades import (
    upgrade_target_versions,
    v2_to_v3_parameter_changes,
    v3_name_for,
    valid_upgrade_targets,
)

__all__ = [
    "CLUSTER",
    "INSTANCE",
    "aurora_mysql_family",
    "aurora_mysql_version_sources",
    "aurora_mysql_versions",
    "catalogue_rows",
    "default_aurora_mysql_version",
    "engine_default_parameters",
    "has_catalogue",
    "instance_class_support",
    "is_orderable",
    "known_families",
    "orderable_instance_classes",
    "parameter_definition",
    "parameter_sources",
    "upgrade_target_versions",
    "v2_to_v3_parameter_changes",
    "v3_name_for",
    "valid_upgrade_targets",
]
