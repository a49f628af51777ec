"""Parameter groups as RDS keeps them: catalogue-backed describes, RDS-like validation, pending-reboot.

  lookup       groups by name, default groups, families, the merged parameter list, who uses a group
  groups       Create/Describe/Copy/Delete*ParameterGroup refusals (family, name, not found, in use)
  parameters   DescribeEngineDefault*Parameters, DescribeDB(Cluster)Parameters (+ Source, paging)
  changes      Modify/Reset*ParameterGroup: validated, all-or-nothing, pending-reboot marking
  validation   how a parameter value or ApplyMethod is refused
  association  the groups of clusters and instances: helpers clusters.py and instances.py call
  status       ParameterApplyStatus / DBClusterParameterGroupStatus, and what a restart applies

What other fidelity files call is re-exported here.
"""

from tests.simulator.fidelity.parameter_groups.association import (
    check_cluster_group,
    check_instance_group,
    check_new_cluster,
    check_new_instance,
    cluster_group_switched,
    instance_group_switched,
    use_default_cluster_group,
)
from tests.simulator.fidelity.parameter_groups.lookup import instance_group_name
from tests.simulator.fidelity.parameter_groups.status import apply_pending_reboot

__all__ = [
    "apply_pending_reboot",
    "check_cluster_group",
    "check_instance_group",
    "check_new_cluster",
    "check_new_instance",
    "cluster_group_switched",
    "instance_group_switched",
    "instance_group_name",
    "use_default_cluster_group",
]
