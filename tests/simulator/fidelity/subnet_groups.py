"""DB subnet groups the way RDS treats them.

Stock moto: overwrites a group on a duplicate create, accepts one AZ, answers an EC2 error for an unknown
subnet, deletes the group on ModifyDBSubnetGroup (it pops it and never puts it back), answers HTTP 500 when
the group to modify is missing, and deletes groups that clusters still use. RDS refuses each of those (service
model, CreateDBSubnetGroup / ModifyDBSubnetGroup: "DB subnet groups must contain at least one subnet in at least two
AZs in the Amazon Web Services Region"; DeleteDBSubnetGroup: "must not be associated with any DB instances"); each
refusal names its source below.
"""

from __future__ import annotations

from moto.core.responses import ActionResult
from moto.ec2.models import ec2_backends
from moto.rds.exceptions import DBSubnetGroupNotFoundError, InvalidSubnet, RDSClientError
from moto.rds.models import DBInstanceClustered, RDSBackend
from moto.rds.responses import RDSResponse

from tests.simulator.support.patching import Patches

PATCHES = Patches(__name__)

DEFAULT_GROUP = "default"
MIN_AZS = 2  # Service model, CreateDBSubnetGroup (above)


def resolve_subnets(account_id: str, region: str, subnet_ids: list[str]) -> list:
    """Every subnet must exist, all in one VPC.

    Unknown subnets, as RDS words it: "Some input subnets in :[subnet-04cb..., subnet-084f...] are invalid.", but
    with code InvalidParameterValue (https://github.com/brianz/serverless-design-patterns/issues/16), where this
    answers InvalidSubnet. Several VPCs: InvalidSubnet, "multiple subnets were requested that are not all in a
    common VPC" (service model, InvalidSubnet).
    """
    ec2 = ec2_backends[account_id][region]
    known = {subnet.id: subnet for subnet in ec2.describe_subnets()}
    missing = [subnet_id for subnet_id in subnet_ids if subnet_id not in known]
    if missing:
        raise RDSClientError("InvalidSubnet", f"Some input subnets in :[{', '.join(missing)}] are invalid.")
    subnets = [known[subnet_id] for subnet_id in subnet_ids]
    if len({subnet.vpc_id for subnet in subnets}) > 1:
        raise InvalidSubnet(subnet_ids[0])
    return subnets


def check_coverage(subnets: list) -> None:
    """DBSubnetGroupDoesNotCoverEnoughAZs, worded as in https://github.com/terraform-aws-modules/terraform-aws-vpc/issues/821."""
    zones = sorted({subnet.availability_zone for subnet in subnets})
    if len(zones) < MIN_AZS:
        raise RDSClientError(
            "DBSubnetGroupDoesNotCoverEnoughAZs",
            "The DB subnet group doesn't meet Availability Zone (AZ) coverage requirement. "
            f"Current AZ coverage: {', '.join(zones)}. Add subnets to cover at least {MIN_AZS} AZs.",
        )


def ensure_exists(backend: RDSBackend, name: str) -> None:
    """Service model: DBSubnetGroupNotFoundFault (HTTP 404) in the errors of ModifyDBSubnetGroup, DeleteDBSubnetGroup
    and CreateDBCluster."""
    if name not in backend.subnet_groups:
        raise DBSubnetGroupNotFoundError(name)


def ensure_default(backend: RDSBackend) -> None:
    """A cluster created without DBSubnetGroupName lands in "default", built from the default VPC's subnets.

    Aurora User Guide, CHAP_SettingUp_Aurora.md: "If this is the first DB cluster you have created in the AWS
    Region, Amazon RDS will create the default DB subnet group"; "a default subnet group spanning all of the VPC's
    subnets".
    """
    if DEFAULT_GROUP in backend.subnet_groups:
        return
    ec2 = ec2_backends[backend.account_id][backend.region_name]
    vpc = ec2.default_vpc
    subnets = [subnet for subnet in ec2.describe_subnets() if vpc is not None and subnet.vpc_id == vpc.id]
    if subnets:
        backend.create_subnet_group(DEFAULT_GROUP, DEFAULT_GROUP, subnets, [])


def users(backend: RDSBackend, name: str) -> list[str]:
    """Who still uses the group, worded the way RDS names them in its refusal: InvalidDBSubnetGroupStateFault "Cannot
    delete the subnet group 'x' because at least one database cluster: y is still using it."
    (https://github.com/anomalyco/ion/issues/1187; "database instance: z" for a plain instance,
    https://github.com/anomalyco/sst/issues/4026)."""
    wanted = name.lower()
    found = [
        f"database cluster: {cluster.db_cluster_identifier}"
        for cluster in backend.clusters.values()
        if (cluster.db_subnet_group_name or "").lower() == wanted
    ]
    for instance in backend.databases.values():
        group = getattr(instance, "db_subnet_group", None)
        if not isinstance(instance, DBInstanceClustered) and group is not None and group.name == wanted:
            found.append(f"database instance: {instance.db_instance_identifier}")
    return found


@PATCHES.wrap(RDSResponse, "create_db_subnet_group")
def create_db_subnet_group(original, self):
    """Service model, CreateDBSubnetGroup errors: DBSubnetGroupAlreadyExistsFault (code DBSubnetGroupAlreadyExists;
    wording: no AWS source found)."""
    name = self.params.get("DBSubnetGroupName")
    if name in self.backend.subnet_groups:
        raise RDSClientError("DBSubnetGroupAlreadyExists", f"The DB subnet group '{name}' already exists.")
    subnets = resolve_subnets(self.current_account, self.region, self.params.get("SubnetIds", []))
    check_coverage(subnets)
    return original(self)


def modify_db_subnet_group(self):
    """moto pops the group and never puts it back; this one changes it in place."""
    name = self.params.get("DBSubnetGroupName")
    ensure_exists(self.backend, name)
    subnets = resolve_subnets(self.current_account, self.region, self.params.get("SubnetIds", []))
    check_coverage(subnets)
    group = self.backend.subnet_groups[name]
    group.subnets = subnets
    group.vpc_id = subnets[0].vpc_id
    description = self.params.get("DBSubnetGroupDescription")
    if description is not None:
        group.description = description
    return ActionResult({"DBSubnetGroup": group})


PATCHES.replace(RDSResponse, "modify_db_subnet_group", modify_db_subnet_group)


@PATCHES.wrap(RDSBackend, "delete_subnet_group")
def delete_subnet_group(original, self, subnet_name):
    ensure_exists(self, subnet_name)
    in_use = users(self, subnet_name)
    if in_use:
        raise RDSClientError(
            "InvalidDBSubnetGroupStateFault",
            f"Cannot delete the subnet group '{subnet_name}' because at least one {in_use[0]} is still using it.",
        )
    return original(self, subnet_name)
