"""Which parameter groups clusters and instances use: existence, family match, defaults and pending-reboot.

Each function wraps moto's backend method of the same name (`original`) and leaves the rest of the call to it.
"""

from moto.rds.models import DBCluster

from tests.simulator.catalog import CLUSTER, INSTANCE
from tests.simulator.fidelity.parameters_groups import (
    AURORA_MYSQL,
    check_family_matches,
    engine_family,
    ensure_default,
    find_cluster_group_for_cluster,
    groups_of,
    instance_group_name,
)
from tests.simulator.fidelity.parameters_status import mark_cluster_members_pending, mark_instance_pending


def _instance_engine_version(backend, db_kwargs):
    cluster = backend.clusters.get(db_kwargs.get("db_cluster_identifier") or "")
    return cluster.engine_version if cluster is not None else db_kwargs.get("engine_version")


def _check_instance_group(backend, name, engine, engine_version):
    ensure_default(backend, name, INSTANCE)
    group = groups_of(backend, INSTANCE).get(name)
    # A missing group is left to moto, which already answers DBParameterGroupNotFound for it.
    if group is not None:
        check_family_matches(group, engine, engine_version, INSTANCE)


def create_db_instance(original):
    def wrapper(backend, db_kwargs):
        name = db_kwargs.get("db_parameter_group_name")
        if name:
            _check_instance_group(backend, name, db_kwargs.get("engine"), _instance_engine_version(backend, db_kwargs))
        return original(backend, db_kwargs)

    return wrapper


def modify_db_instance(original):
    """RDS associates a new DB parameter group only at the next reboot, even with ApplyImmediately."""

    def wrapper(backend, db_instance_identifier, db_kwargs):
        instance = backend.databases.get(db_instance_identifier)
        new_name = db_kwargs.get("db_parameter_group_name")
        old_name = instance_group_name(instance) if instance is not None else None
        if new_name and instance is not None:
            _check_instance_group(backend, new_name, instance.engine, instance.engine_version)
        result = original(backend, db_instance_identifier, db_kwargs)
        if new_name and old_name is not None and new_name.lower() != old_name.lower():
            mark_instance_pending(instance)
        return result

    return wrapper


def _check_cluster_group(backend, name, engine, engine_version):
    group = find_cluster_group_for_cluster(backend, name)
    check_family_matches(group, engine, engine_version, CLUSTER)


def _default_version(engine):
    try:
        return DBCluster.default_engine_version(engine)
    except KeyError:
        return None


def create_db_cluster(original):
    def wrapper(backend, kwargs):
        name = kwargs.get("db_cluster_parameter_group_name")
        engine = kwargs.get("engine")
        if name:
            version = kwargs.get("engine_version") or _default_version(engine)
            _check_cluster_group(backend, name, engine, version)
        cluster = original(backend, kwargs)
        if not name and engine == AURORA_MYSQL:
            # Stock moto names "default.aurora8.0"; RDS uses the default group of the version's family.
            family = engine_family(engine, cluster.engine_version)
            if family:
                cluster.parameter_group = f"default.{family}"
                ensure_default(backend, cluster.parameter_group, CLUSTER)
        return cluster

    return wrapper


def modify_db_cluster(original):
    """A new cluster parameter group reaches each member only when that member reboots."""

    def wrapper(backend, kwargs):
        cluster = backend.clusters.get(kwargs.get("db_cluster_identifier") or "")
        new_name = kwargs.get("db_cluster_parameter_group_name")
        old_name = cluster.parameter_group if cluster is not None else None
        if new_name and cluster is not None:
            version = kwargs.get("engine_version") or cluster.engine_version
            _check_cluster_group(backend, new_name, cluster.engine, version)
        result = original(backend, kwargs)
        if new_name and cluster is not None and new_name.lower() != (old_name or "").lower():
            mark_cluster_members_pending(cluster)
        return result

    return wrapper


def default_db_parameter_group_details(original):
    """Stock moto derives "aurora-mysql8.0.mysql_aurora.3.07" from the version; RDS uses the family."""

    def wrapper(instance):
        family = engine_family(instance.engine, instance.engine_version)
        if family:
            return family, f"default.{family}"
        return original(instance)

    return wrapper
