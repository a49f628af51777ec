"""DB subnet group fidelity."""

from __future__ import annotations

from tests.simulator.tests import builders


def test_one_availability_zone_is_not_enough(rds, ec2):
    one_zone = builders.subnets(ec2, zones=("us-east-1a", "us-east-1a"))
    message = builders.fails(
        "DBSubnetGroupDoesNotCoverEnoughAZs",
        rds.create_db_subnet_group,
        DBSubnetGroupName="narrow",
        DBSubnetGroupDescription="one zone",
        SubnetIds=one_zone,
    )
    assert "Current AZ coverage: us-east-1a" in message
    assert rds.describe_db_subnet_groups()["DBSubnetGroups"] == []


def test_duplicate_create_is_refused_and_the_original_kept(rds, ec2):
    builders.subnet_group(rds, ec2)
    other = builders.subnets(ec2, zones=("us-east-1c", "us-east-1d"), cidr_prefix="10.1")
    builders.fails(
        "DBSubnetGroupAlreadyExists",
        rds.create_db_subnet_group,
        DBSubnetGroupName=builders.SUBNET_GROUP,
        DBSubnetGroupDescription="replacement",
        SubnetIds=other,
    )
    kept = rds.describe_db_subnet_groups(DBSubnetGroupName=builders.SUBNET_GROUP)["DBSubnetGroups"][0]
    assert kept["DBSubnetGroupDescription"] == "aurora"


def test_unknown_subnet_is_invalid_subnet(rds, ec2):
    known = builders.subnets(ec2)
    builders.fails(
        "InvalidSubnet",
        rds.create_db_subnet_group,
        DBSubnetGroupName="typo",
        DBSubnetGroupDescription="typo",
        SubnetIds=[known[0], "subnet-0000000000000000"],
    )


def test_modify_keeps_the_group_and_changes_it(rds, ec2):
    builders.subnet_group(rds, ec2)
    wider = builders.subnets(ec2, zones=("us-east-1a", "us-east-1b", "us-east-1c"), cidr_prefix="10.2")
    rds.modify_db_subnet_group(
        DBSubnetGroupName=builders.SUBNET_GROUP, DBSubnetGroupDescription="wider", SubnetIds=wider
    )
    group = rds.describe_db_subnet_groups(DBSubnetGroupName=builders.SUBNET_GROUP)["DBSubnetGroups"][0]
    assert group["DBSubnetGroupDescription"] == "wider"
    assert sorted(subnet["SubnetIdentifier"] for subnet in group["Subnets"]) == sorted(wider)


def test_modify_of_a_missing_group_is_not_found(rds, ec2):
    builders.fails(
        "DBSubnetGroupNotFoundFault",
        rds.modify_db_subnet_group,
        DBSubnetGroupName="missing",
        SubnetIds=builders.subnets(ec2),
    )


def test_a_group_in_use_cannot_be_deleted(rds, ec2):
    builders.subnet_group(rds, ec2)
    builders.cluster(rds, DBSubnetGroupName=builders.SUBNET_GROUP)
    message = builders.fails(
        "InvalidDBSubnetGroupStateFault", rds.delete_db_subnet_group, DBSubnetGroupName=builders.SUBNET_GROUP
    )
    assert builders.CLUSTER in message
    assert rds.describe_db_subnet_groups(DBSubnetGroupName=builders.SUBNET_GROUP)["DBSubnetGroups"]


def test_a_group_can_be_deleted_once_the_cluster_is_gone(rds, ec2):
    builders.subnet_group(rds, ec2)
    builders.cluster(rds, DBSubnetGroupName=builders.SUBNET_GROUP)
    rds.delete_db_cluster(DBClusterIdentifier=builders.CLUSTER, SkipFinalSnapshot=True)
    rds.delete_db_subnet_group(DBSubnetGroupName=builders.SUBNET_GROUP)
    builders.fails("DBSubnetGroupNotFoundFault", rds.describe_db_subnet_groups, DBSubnetGroupName=builders.SUBNET_GROUP)


def test_deleting_a_missing_group_is_not_found(rds):
    builders.fails("DBSubnetGroupNotFoundFault", rds.delete_db_subnet_group, DBSubnetGroupName="missing")
