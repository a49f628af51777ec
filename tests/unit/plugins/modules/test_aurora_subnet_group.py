"""aurora_subnet_group against the simulator: the guide's step 1, AZ checks, changes, and deleting a used group."""

import pytest

from ansible_collections.aurora.mysql.plugins.modules import aurora_subnet_group
from tests.unit.builders import mutations, only_reads

NAME, DESCRIPTION = "myapp-aurora-subnets", "Subnets for Aurora MySQL cluster"
CLUSTER = "myapp-aurora-cluster"


def make_subnets(sim, zones):
    """One subnet per zone letter in a fresh VPC; the guide's subnet-abc123 etc. cannot exist in a simulator."""
    ec2 = sim.boto3("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    ids = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.42.{index}.0/24", AvailabilityZone=f"us-east-1{zone}")["Subnet"][
            "SubnetId"
        ]
        for index, zone in enumerate(zones)
    ]
    sim.client.reset_counts()
    return ids


@pytest.fixture
def subnet_group(sim, run_module):
    def _run(args, check_mode=False, diff=False):
        return run_module(aurora_subnet_group, args, check_mode, diff, sim.env)

    return _run


def guide(subnet_ids, **extra):
    return dict(dict(name=NAME, description=DESCRIPTION, subnet_ids=subnet_ids), **extra)


def test_the_guide_group_is_created_then_left_alone_whatever_the_order(sim, subnet_group):
    subnets = make_subnets(sim, "abc")
    vpc = sim.boto3("ec2").describe_subnets(SubnetIds=subnets[:1])["Subnets"][0]["VpcId"]
    sim.client.reset_counts()
    result = subnet_group(guide(subnets))
    assert result["changed"] is True
    group = result["subnet_group"]
    assert group == dict(
        name=NAME,
        description=DESCRIPTION,
        vpc_id=vpc,
        subnet_ids=sorted(subnets),
        availability_zones=["us-east-1a", "us-east-1b", "us-east-1c"],
        arn=group["arn"],
        status="Complete",
        tags={},
    )
    assert group["arn"].endswith(f":subgrp:{NAME}")
    assert mutations(sim) == {"CreateDBSubnetGroup": 1}

    sim.client.reset_counts()
    rerun = subnet_group(guide(list(reversed(subnets))))
    assert rerun["changed"] is False
    assert rerun["subnet_group"] == group
    assert only_reads(sim)
    # The group already knows its subnets' zones: a rerun asks EC2 nothing.
    assert "DescribeSubnets" not in sim.client.counts()


def test_check_and_diff_mode_predict_the_real_run_and_change_nothing(sim, subnet_group):
    subnets = make_subnets(sim, "abc")
    predicted = subnet_group(guide(subnets, tags={"env": "prod"}), check_mode=True, diff=True)
    assert predicted["changed"] is True
    assert mutations(sim) == {}
    assert predicted["diff"]["before"] == {}
    real = subnet_group(guide(subnets, tags={"env": "prod"}), diff=True)
    assert dict(predicted["subnet_group"], arn=None, status=None) == dict(real["subnet_group"], arn=None, status=None)
    assert real["diff"]["after"] == real["subnet_group"]


def test_one_subnet_fails_before_any_call(sim, subnet_group):
    subnets = make_subnets(sim, "a")
    result = subnet_group(guide(subnets))
    assert result["failed"] is True and result["option"] == "subnet_ids"
    assert "at least 2 Availability Zones" in result["msg"]
    assert sim.client.counts() == {}


def test_subnets_in_one_zone_fail_before_any_change(sim, subnet_group):
    subnets = make_subnets(sim, "aa")
    result = subnet_group(guide(subnets))
    assert result["failed"] is True and result["option"] == "subnet_ids"
    assert "cover 1 Availability Zone (us-east-1a); Aurora needs at least 2" in result["msg"]
    assert mutations(sim) == {}


def test_an_unknown_subnet_fails_before_any_change(sim, subnet_group):
    subnets = make_subnets(sim, "ab")
    result = subnet_group(guide([*subnets, "subnet-0123456789abcdef0"]))
    assert result["failed"] is True and result["option"] == "subnet_ids"
    assert result["msg"].endswith(
        "no such subnet: subnet-0123456789abcdef0 (looked in region us-east-1, account 123456789012)"
    )
    assert mutations(sim) == {}


def test_description_and_subnets_change_in_one_call(sim, subnet_group):
    subnets = make_subnets(sim, "abc")
    subnet_group(guide(subnets))
    sim.client.reset_counts()
    result = subnet_group(guide(subnets[:2], description="Two subnets now"))
    assert result["changed"] is True
    assert result["subnet_group"]["subnet_ids"] == sorted(subnets[:2])
    assert result["subnet_group"]["availability_zones"] == ["us-east-1a", "us-east-1b"]
    assert result["subnet_group"]["description"] == "Two subnets now"
    assert mutations(sim) == {"ModifyDBSubnetGroup": 1}
    stored = sim.boto3("rds").describe_db_subnet_groups(DBSubnetGroupName=NAME)["DBSubnetGroups"][0]
    assert stored["DBSubnetGroupDescription"] == "Two subnets now"
    assert sorted(subnet["SubnetIdentifier"] for subnet in stored["Subnets"]) == sorted(subnets[:2])


def test_omitted_options_are_left_alone(sim, subnet_group):
    subnets = make_subnets(sim, "abc")
    subnet_group(guide(subnets, tags={"env": "prod"}))
    sim.client.reset_counts()
    result = subnet_group(dict(name=NAME))
    assert result["changed"] is False
    assert result["subnet_group"]["subnet_ids"] == sorted(subnets)
    assert result["subnet_group"]["tags"] == {"env": "prod"}
    assert mutations(sim) == {}


def test_creating_needs_a_description_and_subnets(sim, subnet_group):
    subnets = make_subnets(sim, "ab")
    result = subnet_group(dict(name=NAME, subnet_ids=subnets))
    assert result["failed"] is True and result["option"] == "description"
    assert mutations(sim) == {}


def test_tags_are_set_and_purged(sim, subnet_group):
    subnets = make_subnets(sim, "ab")
    created = subnet_group(guide(subnets, tags={"team": "db", "env": "prod"}))
    arn = created["subnet_group"]["arn"]
    sim.client.reset_counts()
    result = subnet_group(guide(subnets, tags={"env": "test"}))
    assert result["changed"] is True and result["subnet_group"]["tags"] == {"env": "test"}
    assert mutations(sim) == {"RemoveTagsFromResource": 1, "AddTagsToResource": 1}
    tags = sim.boto3("rds").list_tags_for_resource(ResourceName=arn)["TagList"]
    assert {tag["Key"]: tag["Value"] for tag in tags} == {"env": "test"}


def test_a_group_in_use_is_not_deleted_and_its_user_is_named(sim, subnet_group):
    subnets = make_subnets(sim, "ab")
    subnet_group(guide(subnets))
    rds = sim.boto3("rds")
    rds.create_db_cluster(
        DBClusterIdentifier=CLUSTER,
        Engine="aurora-mysql",
        EngineVersion="8.0.mysql_aurora.3.07.1",
        MasterUsername="admin",
        MasterUserPassword="correct-horse-battery",
        DBSubnetGroupName=NAME,
    )
    sim.client.reset_counts()
    for check_mode in (True, False):
        result = subnet_group(dict(name=NAME, state="absent"), check_mode=check_mode)
        assert result["failed"] is True and result["option"] == "state"
        assert f"subnet group '{NAME}' is in use by cluster {CLUSTER}" in result["msg"]
    assert mutations(sim) == {}
    rds.describe_db_subnet_groups(DBSubnetGroupName=NAME)


def test_check_mode_takes_what_assume_deleted_names_as_gone_and_nothing_else(sim, subnet_group):
    """Users of any engine keep the group in use; a real run ignores assume_deleted and reads them as they are."""
    subnets = make_subnets(sim, "ab")
    subnet_group(guide(subnets))
    rds = sim.boto3("rds")
    password = "correct-horse-battery"
    rds.create_db_cluster(
        DBClusterIdentifier=CLUSTER,
        Engine="aurora-mysql",
        MasterUsername="admin",
        MasterUserPassword=password,
        DBSubnetGroupName=NAME,
    )
    rds.create_db_cluster(
        DBClusterIdentifier="other-postgres",
        Engine="aurora-postgresql",
        MasterUsername="master",
        MasterUserPassword=password,
        DBSubnetGroupName=NAME,
    )
    rds.create_db_instance(
        DBInstanceIdentifier="other-mysql",
        Engine="mysql",
        DBInstanceClass="db.t3.micro",
        AllocatedStorage=20,
        MasterUsername="admin",
        MasterUserPassword=password,
        DBSubnetGroupName=NAME,
    )
    sim.client.reset_counts()
    ours = dict(name=NAME, state="absent", assume_deleted=[CLUSTER])
    refused = subnet_group(ours, check_mode=True)
    assert refused["failed"] is True
    assert refused["msg"] == (
        f"state: subnet group '{NAME}' is in use by cluster other-postgres, instance other-mysql; delete them or move "
        "them to another group first"
    )
    every = dict(ours, assume_deleted=[CLUSTER, "other-postgres", "other-mysql"])
    predicted = subnet_group(every, check_mode=True, diff=True)
    assert predicted["changed"] is True and predicted["diff"]["after"] == {}
    real = subnet_group(every)
    assert real["failed"] is True and f"in use by cluster {CLUSTER}, cluster other-postgres" in real["msg"]
    assert mutations(sim) == {}


def test_assume_deleted_is_refused_with_state_present(sim, subnet_group):
    result = subnet_group(dict(name=NAME, assume_deleted=[CLUSTER]))
    assert result["failed"] is True and result["option"] == "assume_deleted"
    assert sim.client.counts() == {}


def test_absent_deletes_then_changes_nothing(sim, subnet_group):
    subnets = make_subnets(sim, "ab")
    subnet_group(guide(subnets))
    sim.client.reset_counts()
    result = subnet_group(dict(name=NAME, state="absent"), diff=True)
    assert result["changed"] is True and "subnet_group" not in result
    assert result["diff"]["after"] == {} and result["diff"]["before"]["name"] == NAME
    assert mutations(sim) == {"DeleteDBSubnetGroup": 1}
    sim.client.reset_counts()
    assert subnet_group(dict(name=NAME, state="absent"))["changed"] is False
    assert only_reads(sim)


def test_a_create_whose_response_was_lost_still_converges_as_changed(sim, subnet_group):
    """botocore retries the create, which then meets the group it made; the module must not fail."""
    subnets = make_subnets(sim, "abc")
    sim.client.set_faults(drop_rate=1, drop_mode="after", actions=["CreateDBSubnetGroup"], count=1)
    result = subnet_group(guide(subnets))
    assert result.get("failed") is not True, result
    assert result["changed"] is True
    assert result["subnet_group"]["subnet_ids"] == sorted(subnets)
    assert sim.client.counts()["CreateDBSubnetGroup"] == 2
