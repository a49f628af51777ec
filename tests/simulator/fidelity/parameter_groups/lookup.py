"""Parameter group lookups the way RDS resolves them: default groups, families, merged parameter lists.

Moto keeps user-set values in `group.parameters` (name -> dict); this module reads that storage and never replaces it,
so moto's own copy/CloudFormation code keeps working.
"""

import re

from moto.rds.exceptions import (
    DBClusterParameterGroupNotFoundError,
    DBParameterGroupNotFoundError,
    InvalidParameterCombination,
    InvalidParameterValue,
    RDSClientError,
)
from moto.rds.models import DBClusterParameterGroup, DBParameterGroup

from tests.simulator.catalog import CLUSTER, aurora_mysql_family, engine_default_parameters, known_families

# Default groups are named default.<family>: "Default DBParameterGroup cannot be deleted: default.aurora-mysql5.7"
# (https://github.com/awsdocs/amazon-rds-user-guide/issues/14); Aurora User Guide, tut-restore-cluster.md shows
# default.aurora-mysql8.0 on a cluster and its instance.
DEFAULT_PREFIX = "default."
AURORA_MYSQL = "aurora-mysql"
# Service model, CreateDBParameterGroupMessage.DBParameterGroupName: "Must be 1 to 255 letters, numbers, or hyphens.
# First character must be a letter. Can't end with a hyphen or contain two consecutive hyphens".
_GROUP_NAME = re.compile(r"^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,254}(?<!-)$")


def groups_of(backend, scope):
    return backend.db_cluster_parameter_groups if scope == CLUSTER else backend.db_parameter_groups


def group_family(group):
    if isinstance(group, DBClusterParameterGroup):
        return group.db_parameter_group_family
    return group.family


def is_default_name(name):
    return name.lower().startswith(DEFAULT_PREFIX)


def check_family_known(family):
    """InvalidParameterValue, as RDS answers an unknown family ("ParameterGroupFamily postgres10.7 is not a valid
    parameter group family", https://github.com/terraform-aws-modules/terraform-aws-rds/issues/173; our wording
    differs)."""
    if family not in known_families():
        raise InvalidParameterValue(f"Invalid DB parameter group family: {family}")


def check_group_name(name, scope):
    """_GROUP_NAME; the refusal as RDS words it: https://github.com/aws/aws-cli/issues/2886."""
    if not _GROUP_NAME.match(name or ""):
        field = "DBClusterParameterGroupName" if scope == CLUSTER else "DBParameterGroupName"
        raise InvalidParameterValue(
            f"The parameter {field} is not a valid identifier. Identifiers must begin with a letter; "
            "must contain only ASCII letters, digits, and hyphens; "
            "and must not end with a hyphen or contain two consecutive hyphens."
        )


def ensure_default(backend, name, scope):
    """RDS has a default group for every family without anyone creating it; moto only has the ones it made.

    Aurora User Guide, parameter-groups-overview.md: "If you create a DB instance without specifying a DB parameter
    group, the DB instance uses a default DB parameter group. Likewise ... a default DB cluster parameter group."
    That one exists for every family before anything uses it: no AWS source found.
    """
    groups = groups_of(backend, scope)
    if not name or name in groups or not is_default_name(name):
        return
    family = name[len(DEFAULT_PREFIX) :].lower()
    if family not in known_families():
        return
    if scope == CLUSTER:
        groups[name] = DBClusterParameterGroup(
            backend=backend,
            db_cluster_parameter_group_name=name,
            description=f"Default cluster parameter group for {family}",
            db_parameter_group_family=family,
        )
    else:
        groups[name] = DBParameterGroup(
            backend=backend,
            db_parameter_group_name=name,
            description=f"Default parameter group for {family}",
            db_parameter_group_family=family,
        )


def find_group(backend, name, scope):
    """The named group, or the NotFound fault RDS answers (code DBParameterGroupNotFound for both scopes).

    Service model: DBParameterGroupNotFoundFault (code DBParameterGroupNotFound, HTTP 404) in the errors of the
    Describe/Modify/Reset/Delete calls of both scopes.
    """
    ensure_default(backend, name, scope)
    group = groups_of(backend, scope).get(name) if name else None
    if group is None:
        if scope == CLUSTER:
            raise DBClusterParameterGroupNotFoundError(name)
        raise DBParameterGroupNotFoundError(name)
    return group


def find_cluster_group_for_cluster(backend, name):
    """CreateDBCluster/ModifyDBCluster name a missing group with their own fault code.

    Service model, CreateDBCluster/ModifyDBCluster errors: DBClusterParameterGroupNotFoundFault (code
    DBClusterParameterGroupNotFound, HTTP 404), as in https://github.com/aws-quickstart/quickstart-r3-corda/issues/25
    (the message's wording: no AWS source found).
    """
    ensure_default(backend, name, CLUSTER)
    group = backend.db_cluster_parameter_groups.get(name)
    if group is None:
        raise RDSClientError("DBClusterParameterGroupNotFound", f"DBClusterParameterGroup not found: {name}")
    return group


def engine_family(engine, engine_version):
    """The family an engine version's groups must have, or None where the simulator does not know it.

    The catalogue's DBParameterGroupFamily of the version (DescribeDBEngineVersions); for a version it lacks,
    aurora-mysql<major> (no AWS source found for that fallback).
    """
    if engine != AURORA_MYSQL or not engine_version:
        return None
    family = aurora_mysql_family(engine_version)
    if family is None and ".mysql_aurora." in engine_version:
        family = f"{AURORA_MYSQL}{engine_version.split('.mysql_aurora.')[0]}"
    return family


def check_family_matches(group, engine, engine_version, scope):
    """RDS refuses to attach a group of another family (an 8.0 cluster cannot use a mysql8.0 group).

    Service model, ModifyDBInstanceMessage.DBParameterGroupName: "Must be in the same DB parameter group family as
    the DB instance"; RDS's refusal: InvalidParameterCombination "The Parameter Group default.aurora-postgresql9.6
    with DBParameterGroupFamily aurora-postgresql9.6 cannot be used for this instance. Please use a Parameter Group
    with DBParameterGroupFamily aurora-postgresql10" (https://github.com/aws-quickstart/quickstart-r3-corda/issues/25).
    The cluster-scope wording "DB Cluster Parameter Group": no AWS source found.
    """
    expected = engine_family(engine, engine_version)
    actual = group_family(group)
    if expected is None or actual == expected:
        return
    kind = "DB Cluster Parameter Group" if scope == CLUSTER else "Parameter Group"
    raise InvalidParameterCombination(
        f"The {kind} {group.name} with DBParameterGroupFamily {actual} cannot be used for this instance. "
        f"Please use a {kind} with DBParameterGroupFamily {expected}"
    )


def merged_parameters(group, scope):
    """The group's full list as DescribeDB*Parameters shows it: engine defaults, overlaid by user values.

    Service model, DescribeDBParameters: "Returns the detailed parameter list for a particular DB parameter group";
    DescribeDBParametersMessage.Source "Valid Values: user | system | engine-default". Sorted by name: no AWS source
    found.
    """
    merged = {row["ParameterName"]: row for row in engine_default_parameters(group_family(group), scope)}
    for name, stored in group.parameters.items():
        row = merged.get(name, {"ParameterName": name})
        row["ParameterValue"] = stored.get("ParameterValue")
        row["Source"] = "user"
        if stored.get("ApplyMethod"):
            row["ApplyMethod"] = stored["ApplyMethod"]
        merged[name] = row
    return [merged[name] for name in sorted(merged)]


def instance_group_name(instance):
    """The DB parameter group an instance uses, the default one when it named none (Aurora User Guide,
    parameter-groups-overview.md; tut-restore-cluster.md shows default.aurora-mysql8.0)."""
    if instance.db_parameter_group_name:
        return instance.db_parameter_group_name
    return instance.default_db_parameter_group_details()[1]


def instances_using(backend, group_name):
    return [
        instance
        for instance in list(backend.databases.values())
        if instance_group_name(instance).lower() == group_name.lower()
    ]


def clusters_using(backend, group_name):
    return [
        cluster
        for cluster in list(backend.clusters.values())
        if (cluster.parameter_group or "").lower() == group_name.lower()
    ]
