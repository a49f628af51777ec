"""cluster_api.check: the checks before the first change, what they cost and what a locked-down account gets."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import cluster_api, cluster_plan
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from tests.unit.builders import (
    GUIDE_KMS_KEY,
    RecordingClients,
    cluster_desired,
    cluster_view,
    denied,
    subnet_group_view,
)

VERSION_FOUND = {"DBEngineVersions": [{"EngineVersion": "8.0.mysql_aurora.3.07.1"}]}
GROUP = {"GroupId": "sg-0123456789abcdef0", "VpcId": "vpc-1"}
ENABLED = {"KeyMetadata": {"Arn": GUIDE_KMS_KEY, "KeyState": "Enabled"}}


def create_plan(**overrides):
    desired = cluster_desired(**overrides)
    return cluster_plan.plan(None, desired), desired


def test_a_plan_with_nothing_to_create_or_change_costs_no_call():
    desired = cluster_desired()
    plan = cluster_plan.plan(cluster_view(), desired)
    assert not plan
    clients = RecordingClients()
    assert cluster_api.check(clients, plan, desired) == []
    assert clients.calls() == []


def test_a_create_checks_the_version_the_key_and_the_groups_once_each():
    plan, desired = create_plan()
    clients = RecordingClients(
        rds={"describe_db_engine_versions": VERSION_FOUND},
        kms={"describe_key": ENABLED},
        ec2={"describe_security_groups": {"SecurityGroups": [GROUP]}},
    )
    # The caller read the subnet group already: its VPC is not asked for again.
    assert cluster_api.check(clients, plan, desired, subnet_group=subnet_group_view()) == []
    assert clients.calls() == [
        ("rds", "describe_db_engine_versions"),
        ("ec2", "describe_security_groups"),
        ("kms", "describe_key"),
    ]


def test_without_a_subnet_group_the_check_reads_it_for_its_vpc():
    plan, desired = create_plan()
    clients = RecordingClients(
        rds={
            "describe_db_engine_versions": VERSION_FOUND,
            "describe_db_subnet_groups": {
                "DBSubnetGroups": [dict(DBSubnetGroupName="myapp-aurora-subnets", VpcId="vpc-2")]
            },
        },
        kms={"describe_key": ENABLED},
        ec2={"describe_security_groups": {"SecurityGroups": [GROUP]}},
    )
    with pytest.raises(ValidationError) as err:
        cluster_api.check(clients, plan, desired)
    assert err.value.option == "vpc_security_group_ids"
    assert "sg-0123456789abcdef0 is in vpc-1, but DB subnet group myapp-aurora-subnets is in vpc-2" in err.value.message


def test_a_locked_down_account_gets_warnings_instead_of_failures():
    plan, desired = create_plan()
    clients = RecordingClients(
        rds={"describe_db_engine_versions": VERSION_FOUND},
        kms={"describe_key": denied("AccessDeniedException", "DescribeKey")},
        ec2={"describe_security_groups": denied("UnauthorizedOperation", "DescribeSecurityGroups")},
    )
    assert cluster_api.check(clients, plan, desired, subnet_group=subnet_group_view()) == [
        "skipped the check of kms_key_id: kms:DescribeKey was denied; allow kms:DescribeKey to have it checked "
        "before any change",
        "skipped the check of vpc_security_group_ids: ec2:DescribeSecurityGroups was denied; allow "
        "ec2:DescribeSecurityGroups to have it checked before any change",
    ]


def test_a_key_of_another_region_is_refused_without_a_call():
    plan, desired = create_plan(kms_key_id="arn:aws:kms:eu-west-1:123456789012:key/abc")
    clients = RecordingClients(rds={"describe_db_engine_versions": VERSION_FOUND})
    with pytest.raises(ValidationError, match="is a key of region eu-west-1, and KMS keys work only in their own"):
        cluster_api.check(clients, plan, desired)
    assert ("kms", "describe_key") not in clients.calls()
