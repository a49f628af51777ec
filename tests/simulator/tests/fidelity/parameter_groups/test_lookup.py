"""A parameter group that does not exist is DBParameterGroupNotFound for every call that names it."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.simulator.tests import builders


@pytest.mark.parametrize(
    "call",
    [
        lambda rds: rds.describe_db_parameters(DBParameterGroupName="missing"),
        lambda rds: rds.describe_db_parameter_groups(DBParameterGroupName="missing"),
        lambda rds: rds.modify_db_parameter_group(
            DBParameterGroupName="missing", Parameters=builders.GUIDE_INSTANCE_PARAMETERS
        ),
        lambda rds: rds.reset_db_parameter_group(DBParameterGroupName="missing", ResetAllParameters=True),
        lambda rds: rds.delete_db_parameter_group(DBParameterGroupName="missing"),
        lambda rds: rds.describe_db_cluster_parameters(DBClusterParameterGroupName="missing"),
        lambda rds: rds.describe_db_cluster_parameter_groups(DBClusterParameterGroupName="missing"),
        lambda rds: rds.modify_db_cluster_parameter_group(
            DBClusterParameterGroupName="missing", Parameters=builders.GUIDE_CLUSTER_PARAMETERS
        ),
        lambda rds: rds.reset_db_cluster_parameter_group(
            DBClusterParameterGroupName="missing", ResetAllParameters=True
        ),
        lambda rds: rds.delete_db_cluster_parameter_group(DBClusterParameterGroupName="missing"),
    ],
    ids=[
        "describe-params",
        "describe-groups",
        "modify",
        "reset",
        "delete",
        "describe-cluster-params",
        "describe-cluster-groups",
        "modify-cluster",
        "reset-cluster",
        "delete-cluster",
    ],
)
def test_a_missing_group_is_not_found(rds, call):
    with pytest.raises(ClientError) as excinfo:
        call(rds)
    assert builders.code_and_status(excinfo) == ("DBParameterGroupNotFound", 404)
