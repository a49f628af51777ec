"""Create/Describe/Copy/Delete*ParameterGroup: the refusals RDS makes and stock moto does not.

Each patch wraps moto's backend method of the same name (`original`), so moto still does the storing. Names and
families are checked as lookup.py says; an existing name stays moto's DBParameterGroupAlreadyExists (service model,
CreateDBParameterGroup errors: DBParameterGroupAlreadyExistsFault).
"""

from moto.rds.exceptions import DBParameterGroupNotFoundError, RDSClientError
from moto.rds.models import RDSBackend

from tests.simulator.catalog import CLUSTER, INSTANCE
from tests.simulator.fidelity.parameter_groups.lookup import (
    check_family_known,
    check_group_name,
    clusters_using,
    ensure_default,
    find_group,
    instances_using,
    is_default_name,
)
from tests.simulator.support.patching import Patches

PATCHES = Patches(__name__)


def _group_state_fault(message):
    """Service model, DeleteDBParameterGroup / DeleteDBClusterParameterGroup errors: InvalidDBParameterGroupStateFault
    (code InvalidDBParameterGroupState)."""
    return RDSClientError("InvalidDBParameterGroupState", message)


@PATCHES.wrap(RDSBackend, "create_db_parameter_group")
def create_db_parameter_group(original, backend, db_parameter_group_kwargs):
    check_group_name(db_parameter_group_kwargs.get("db_parameter_group_name"), INSTANCE)
    family = db_parameter_group_kwargs.get("db_parameter_group_family")
    if family:
        check_family_known(family)
    return original(backend, db_parameter_group_kwargs)


@PATCHES.wrap(RDSBackend, "create_db_cluster_parameter_group")
def create_db_cluster_parameter_group(
    original, backend, db_cluster_parameter_group_name, db_parameter_group_family, *args, **kwargs
):
    check_group_name(db_cluster_parameter_group_name, CLUSTER)
    if db_parameter_group_family:
        check_family_known(db_parameter_group_family)
    return original(backend, db_cluster_parameter_group_name, db_parameter_group_family, *args, **kwargs)


@PATCHES.wrap(RDSBackend, "describe_db_parameter_groups")
def describe_db_parameter_groups(original, backend, db_parameter_group_kwargs):
    # Stock moto answers an empty list for a missing name; RDS answers DBParameterGroupNotFound (service model,
    # DescribeDBParameterGroups errors).
    name = db_parameter_group_kwargs.get("db_parameter_group_name")
    if not name:
        return original(backend, db_parameter_group_kwargs)
    return [find_group(backend, name, INSTANCE)]


@PATCHES.wrap(RDSBackend, "describe_db_cluster_parameter_groups")
def describe_db_cluster_parameter_groups(original, backend, group_name=None, *args, **kwargs):
    """A default group can be described before anything uses it (lookup.ensure_default)."""
    ensure_default(backend, group_name, CLUSTER)
    return original(backend, group_name, *args, **kwargs)


@PATCHES.wrap(RDSBackend, "copy_db_parameter_group")
def copy_db_parameter_group(original, backend, source_db_parameter_group_identifier, *args, **kwargs):
    """A default group can be the source of a copy: "aws rds copy-db-parameter-group
    --source-db-parameter-group-identifier default.postgres9.6" (https://github.com/aws/aws-cli/issues/2886)."""
    ensure_default(backend, source_db_parameter_group_identifier.split(":")[-1], INSTANCE)
    return original(backend, source_db_parameter_group_identifier, *args, **kwargs)


@PATCHES.wrap(RDSBackend, "copy_db_cluster_parameter_group")
def copy_db_cluster_parameter_group(original, backend, source_db_cluster_parameter_group_identifier, *args, **kwargs):
    ensure_default(backend, source_db_cluster_parameter_group_identifier.split(":")[-1], CLUSTER)
    return original(backend, source_db_cluster_parameter_group_identifier, *args, **kwargs)


@PATCHES.wrap(RDSBackend, "delete_db_parameter_group")
def delete_db_parameter_group(original, backend, db_parameter_group_name):
    """Service model, DeleteDBParameterGroupMessage.DBParameterGroupName: "You can't delete a default DB parameter
    group. Can't be associated with any DB instances". Worded as RDS answers: "Default DBParameterGroup cannot be
    deleted: default.aurora-mysql5.7" (https://github.com/awsdocs/amazon-rds-user-guide/issues/14) and "One or more
    database instances are still members of this parameter group app-main, so the group cannot be deleted"
    (https://github.com/terraform-aws-modules/terraform-aws-rds-aurora/issues/466)."""
    if db_parameter_group_name not in backend.db_parameter_groups:
        raise DBParameterGroupNotFoundError(db_parameter_group_name)
    if is_default_name(db_parameter_group_name):
        raise _group_state_fault(f"Default DBParameterGroup cannot be deleted: {db_parameter_group_name}")
    if instances_using(backend, db_parameter_group_name):
        raise _group_state_fault(
            f"One or more database instances are still members of this parameter group "
            f"{db_parameter_group_name}, so the group cannot be deleted"
        )
    return original(backend, db_parameter_group_name)


@PATCHES.wrap(RDSBackend, "delete_db_cluster_parameter_group")
def delete_db_cluster_parameter_group(original, backend, db_cluster_parameter_group_name):
    """Service model, DeleteDBClusterParameterGroup: "can't be associated with any DB clusters"; the wording mirrors
    the instance scope's (no AWS source found for the cluster scope's words)."""
    find_group(backend, db_cluster_parameter_group_name, CLUSTER)
    if is_default_name(db_cluster_parameter_group_name):
        raise _group_state_fault(
            f"Default DBClusterParameterGroup cannot be deleted: {db_cluster_parameter_group_name}"
        )
    if clusters_using(backend, db_cluster_parameter_group_name):
        raise _group_state_fault(
            f"One or more clusters are still members of this parameter group "
            f"{db_cluster_parameter_group_name}, so the group cannot be deleted"
        )
    return original(backend, db_cluster_parameter_group_name)
