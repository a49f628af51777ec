"""VPC security groups named on a cluster (or a stand-alone instance) must exist, in the VPC of its DB subnet group.

Stock moto 5.2.5 stores VpcSecurityGroupIds as given, never looking them up or comparing VPCs. RDS refuses:
- a group in another VPC: InvalidParameterCombination "The DB instance and EC2 security group are in different VPCs.
  The DB instance is in vpc-0a0fbbcca3060b009 and the EC2 security group is in vpc-03e317d71474c989d" (CreateDBInstance,
  https://github.com/terraform-aws-modules/terraform-aws-rds/issues/451; the same sentence from an Aurora cluster
  built by terraform-aws-modules/rds-aurora, https://github.com/terraform-aws-modules/terraform-aws-rds-aurora/issues/310,
  which does not say whether CreateDBCluster or CreateDBInstance answered it). Service model,
  ModifyDBClusterMessage.VpcSecurityGroupIds: "the security groups must belong to the VPC of the DB subnet group";
- a group that does not exist: InvalidParameterValue "Invalid security group , groupId= sg-one, sg-two,,
  groupName=." (ModifyDBInstance given a malformed list, https://github.com/aws/aws-cli/issues/574); that a
  well-formed but unknown sg-... gets this text on CreateDBCluster/ModifyDBCluster: no AWS source found.
clusters.py (Create/ModifyDBCluster) and instances.py (CreateDBInstance without a cluster) call ``check``; an Aurora
member cannot name groups at all (instances.py, CLUSTER_LEVEL).
"""

from __future__ import annotations

from moto.ec2.models import ec2_backends
from moto.rds.exceptions import InvalidParameterCombination, InvalidParameterValue
from moto.rds.models import RDSBackend

from tests.simulator.fidelity import subnet_groups


def subnet_group_vpc(backend: RDSBackend, group_name: str | None) -> str | None:
    """The VPC of a DB subnet group; "default" (or none named) is the default VPC's, even before RDS builds it
    (subnet_groups.ensure_default)."""
    group = backend.subnet_groups.get(group_name or subnet_groups.DEFAULT_GROUP)
    if group is not None:
        return group.vpc_id
    if (group_name or subnet_groups.DEFAULT_GROUP) == subnet_groups.DEFAULT_GROUP:
        vpc = ec2_backends[backend.account_id][backend.region_name].default_vpc
        return vpc.id if vpc is not None else None
    return None


def check(backend: RDSBackend, group_ids: list[str] | None, vpc_id: str | None) -> None:
    """Refuse a group that does not exist, or that lives in another VPC than ``vpc_id`` (see the module docstring)."""
    ec2 = ec2_backends[backend.account_id][backend.region_name]
    for group_id in group_ids or []:
        group = ec2.get_security_group_from_id(group_id)
        if group is None:
            raise InvalidParameterValue(f"Invalid security group , groupId= {group_id}, groupName=.")
        if vpc_id is not None and group.vpc_id != vpc_id:
            raise InvalidParameterCombination(
                "The DB instance and EC2 security group are in different VPCs. "
                f"The DB instance is in {vpc_id} and the EC2 security group is in {group.vpc_id}"
            )
