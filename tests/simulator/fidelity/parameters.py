"""Parameter-group fidelity for moto's RDS: catalogue-backed describes, RDS-like validation, pending-reboot.

`install()` patches moto's classes in-process and is safe to call more than once. The pieces:
  parameters_describe     DescribeEngineDefault*Parameters, DescribeDB(Cluster)Parameters (+ Source, paging)
  parameters_changes      Modify/Reset*ParameterGroup: validated, all-or-nothing, pending-reboot marking
  parameters_lifecycle    Create/Describe/Copy/Delete*ParameterGroup refusals (family, name, not found, in use)
  parameters_association  groups of instances and clusters: family match, defaults, pending-reboot on switch
  parameters_status       ParameterApplyStatus / DBClusterParameterGroupStatus and apply_pending_reboot()
"""

from moto.rds.models import DBInstance, RDSBackend
from moto.rds.responses import RDSResponse

from tests.simulator.fidelity import (
    parameters_association,
    parameters_changes,
    parameters_describe,
    parameters_lifecycle,
    parameters_status,
)
from tests.simulator.fidelity.parameters_status import apply_pending_reboot

# Response handlers replace (or add, where moto has none) the RDSResponse method named after the action.
_RESPONSE_HANDLERS = {
    "describe_engine_default_parameters": parameters_describe.describe_engine_default_parameters,
    "describe_engine_default_cluster_parameters": parameters_describe.describe_engine_default_cluster_parameters,
    "describe_db_parameters": parameters_describe.describe_db_parameters,
    "describe_db_cluster_parameters": parameters_describe.describe_db_cluster_parameters,
    "modify_db_parameter_group": parameters_changes.modify_db_parameter_group,
    "modify_db_cluster_parameter_group": parameters_changes.modify_db_cluster_parameter_group,
    "reset_db_parameter_group": parameters_changes.reset_db_parameter_group,
    "reset_db_cluster_parameter_group": parameters_changes.reset_db_cluster_parameter_group,
}

# Backend wrappers take moto's method and return one that checks first and then calls it.
_BACKEND_WRAPPERS = {
    "create_db_parameter_group": parameters_lifecycle.create_db_parameter_group,
    "create_db_cluster_parameter_group": parameters_lifecycle.create_db_cluster_parameter_group,
    "describe_db_parameter_groups": parameters_lifecycle.describe_db_parameter_groups,
    "describe_db_cluster_parameter_groups": parameters_lifecycle.describe_db_cluster_parameter_groups,
    "copy_db_parameter_group": parameters_lifecycle.copy_db_parameter_group,
    "copy_db_cluster_parameter_group": parameters_lifecycle.copy_db_cluster_parameter_group,
    "delete_db_parameter_group": parameters_lifecycle.delete_db_parameter_group,
    "delete_db_cluster_parameter_group": parameters_lifecycle.delete_db_cluster_parameter_group,
    "create_db_instance": parameters_association.create_db_instance,
    "modify_db_instance": parameters_association.modify_db_instance,
    "create_db_cluster": parameters_association.create_db_cluster,
    "modify_db_cluster": parameters_association.modify_db_cluster,
}

_MARK = "_sim_parameters_wrapped"


def _wrap(cls, name, factory):
    original = getattr(cls, name)
    if getattr(original, _MARK, False):
        return
    wrapped = factory(original)
    setattr(wrapped, _MARK, True)
    setattr(cls, name, wrapped)


def install():
    for name, handler in _RESPONSE_HANDLERS.items():
        setattr(RDSResponse, name, handler)
    for name, factory in _BACKEND_WRAPPERS.items():
        _wrap(RDSBackend, name, factory)
    _wrap(DBInstance, "default_db_parameter_group_details", parameters_association.default_db_parameter_group_details)
    parameters_status.install()


__all__ = ["apply_pending_reboot", "install"]
