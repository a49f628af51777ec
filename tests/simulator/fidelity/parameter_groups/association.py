"""Which parameter groups clusters and instances use: existence, family match, defaults and pending-reboot.

CreateDBCluster, ModifyDBCluster, CreateDBInstance and ModifyDBInstance belong to clusters.py and instances.py;
they call these helpers, in this order: ``check_*`` before anything changes, the rest once moto has done its part.
"""

from moto.rds.models import DBInstance

from tests.simulator.catalog import CLUSTER, INSTANCE, default_aurora_mysql_version
from tests.simulator.fidelity.parameter_groups.lookup import (
    AURORA_MYSQL,
    check_family_matches,
    engine_family,
    ensure_default,
    find_cluster_group_for_cluster,
    groups_of,
)
from tests.simulator.fidelity.parameter_groups.status import mark_cluster_members_pending, mark_instance_pending
from tests.simulator.support.patching import Patches

PATCHES = Patches(__name__)


def check_instance_group(backend, name, engine, engine_version):
    """The DB parameter group a create or modify names: a default one springs into being, a family must match."""
    if not name:
        return
    ensure_default(backend, name, INSTANCE)
    group = groups_of(backend, INSTANCE).get(name)
    # A missing group is left to moto, which already answers DBParameterGroupNotFound for it.
    if group is not None:
        check_family_matches(group, engine, engine_version, INSTANCE)


def check_new_instance(backend, db_kwargs):
    """CreateDBInstance: a member's group must suit its cluster's engine version."""
    cluster = backend.clusters.get(db_kwargs.get("db_cluster_identifier") or "")
    version = cluster.engine_version if cluster is not None else db_kwargs.get("engine_version")
    check_instance_group(backend, db_kwargs.get("db_parameter_group_name"), db_kwargs.get("engine"), version)


def instance_group_switched(instance, old_name, new_name):
    """RDS associates a new DB parameter group only at the next reboot, even with ApplyImmediately.

    Service model, ModifyDBInstanceMessage.DBParameterGroupName: "The parameter group name itself is changed
    immediately, but the actual parameter changes are not applied until you reboot the instance without failover";
    Aurora User Guide, Aurora.Modifying.md (DB parameter group).
    """
    if new_name and new_name.lower() != old_name.lower():
        mark_instance_pending(instance)


def check_cluster_group(backend, name, engine, engine_version):
    """The DB cluster parameter group a create or modify names must exist (defaults do) and match the family.

    Service model, CreateDBClusterMessage.DBClusterParameterGroupName: "If supplied, must match the name of an existing
    DB cluster parameter group"; the family: lookup.check_family_matches.
    """
    if not name:
        return
    group = find_cluster_group_for_cluster(backend, name)
    check_family_matches(group, engine, engine_version, CLUSTER)


def check_new_cluster(backend, kwargs):
    """CreateDBCluster without EngineVersion gets RDS's default version; the group must suit that one (clusters.py,
    default_engine_version)."""
    engine = kwargs.get("engine")
    version = kwargs.get("engine_version") or (default_aurora_mysql_version() if engine == AURORA_MYSQL else None)
    check_cluster_group(backend, kwargs.get("db_cluster_parameter_group_name"), engine, version)


def use_default_cluster_group(backend, cluster, named):
    """Stock moto names "default.aurora8.0"; RDS uses the default group of the version's family.

    Service model, CreateDBClusterMessage.DBClusterParameterGroupName: "If you don't specify a value, then the default
    DB cluster parameter group for the specified DB engine and version is used"; Aurora User Guide,
    tut-restore-cluster.md shows "DBClusterParameterGroup": "default.aurora-mysql8.0".
    """
    if named or cluster.engine != AURORA_MYSQL:
        return
    family = engine_family(cluster.engine, cluster.engine_version)
    if family:
        cluster.parameter_group = f"default.{family}"
        ensure_default(backend, cluster.parameter_group, CLUSTER)


def cluster_group_switched(cluster, old_name, new_name):
    """A new cluster parameter group reaches each member only when that member reboots.

    Aurora User Guide, USER_WorkingWithDBClusterParamGroups.md: "After you change the DB cluster parameter group
    associated with a DB cluster, reboot the primary DB instance in the cluster to apply the changes"; per member:
    status.py.
    """
    if new_name and new_name.lower() != (old_name or "").lower():
        mark_cluster_members_pending(cluster)


@PATCHES.wrap(DBInstance, "default_db_parameter_group_details")
def default_db_parameter_group_details(original, instance):
    """Stock moto derives "aurora-mysql8.0.mysql_aurora.3.07" from the version; RDS uses the family (Aurora User Guide,
    tut-restore-cluster.md: an instance made without one shows "DBParameterGroupName": "default.aurora-mysql8.0")."""
    family = engine_family(instance.engine, instance.engine_version)
    if family:
        return family, f"default.{family}"
    return original(instance)
