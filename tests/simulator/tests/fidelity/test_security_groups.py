"""Security groups named on a cluster must exist, in the VPC of its DB subnet group."""

from __future__ import annotations

from tests.simulator.tests import builders


def test_a_group_of_the_subnet_groups_vpc_is_taken(rds, ec2):
    builders.subnet_group(rds, ec2)
    vpc = rds.describe_db_subnet_groups(DBSubnetGroupName=builders.SUBNET_GROUP)["DBSubnetGroups"][0]["VpcId"]
    group = builders.security_group(ec2, vpc)
    created = builders.cluster(rds, DBSubnetGroupName=builders.SUBNET_GROUP, VpcSecurityGroupIds=[group])
    assert [shown["VpcSecurityGroupId"] for shown in created["VpcSecurityGroups"]] == [group]


def test_a_group_of_another_vpc_is_refused_before_anything_is_created(rds, ec2):
    builders.subnet_group(rds, ec2)
    vpc = rds.describe_db_subnet_groups(DBSubnetGroupName=builders.SUBNET_GROUP)["DBSubnetGroups"][0]["VpcId"]
    default_vpc = builders.default_vpc(ec2)
    group = builders.security_group(ec2, default_vpc)
    message = builders.fails(
        "InvalidParameterCombination",
        builders.cluster,
        rds,
        DBSubnetGroupName=builders.SUBNET_GROUP,
        VpcSecurityGroupIds=[group],
    )
    assert message == (
        "The DB instance and EC2 security group are in different VPCs. "
        f"The DB instance is in {vpc} and the EC2 security group is in {default_vpc}"
    )
    assert rds.describe_db_clusters()["DBClusters"] == []


def test_without_a_subnet_group_the_default_vpc_decides(rds, ec2):
    other_vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    stranger = builders.security_group(ec2, other_vpc, name="stranger")
    builders.fails("InvalidParameterCombination", builders.cluster, rds, VpcSecurityGroupIds=[stranger])
    local = builders.security_group(ec2)
    assert builders.cluster(rds, VpcSecurityGroupIds=[local])["DBSubnetGroup"] == "default"


def test_a_group_that_does_not_exist_is_refused(rds):
    message = builders.fails(
        "InvalidParameterValue", builders.cluster, rds, VpcSecurityGroupIds=["sg-0123456789abcdef0"]
    )
    assert message == "Invalid security group , groupId= sg-0123456789abcdef0, groupName=."


def test_modify_checks_them_too_and_keeps_the_old_ones(rds, ec2):
    group = builders.security_group(ec2)
    builders.cluster(rds, VpcSecurityGroupIds=[group])
    other_vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    stranger = builders.security_group(ec2, other_vpc, name="stranger")
    for refused, code in ((stranger, "InvalidParameterCombination"), ("sg-0123456789abcdef0", "InvalidParameterValue")):
        builders.fails(code, rds.modify_db_cluster, DBClusterIdentifier=builders.CLUSTER, VpcSecurityGroupIds=[refused])
    shown = builders.describe_cluster(rds)["VpcSecurityGroups"]
    assert [entry["VpcSecurityGroupId"] for entry in shown] == [group]
