"""The subnet group model and plan, without a network."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import subnet_group
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from tests.unit.builders import GUIDE_SUBNETS, group_user, raw_subnet_group
from tests.unit.builders import subnet_group_desired as desired
from tests.unit.builders import subnet_group_view as current


def test_normalise_sorts_subnets_and_zones():
    raw = raw_subnet_group(["subnet-ghi789", "subnet-abc123", "subnet-def456"])
    assert subnet_group.normalise(raw, {"env": "prod"}) == dict(
        name="myapp-aurora-subnets",
        description="Subnets for Aurora MySQL cluster",
        vpc_id="vpc-1",
        subnet_ids=GUIDE_SUBNETS,
        availability_zones=["us-east-1a", "us-east-1b", "us-east-1c"],
        arn="arn:aws:rds:us-east-1:123456789012:subgrp:myapp-aurora-subnets",
        status="Complete",
        tags={"env": "prod"},
    )


def test_desired_lower_cases_the_name_and_dedupes_subnets():
    wanted = desired(name="MyApp_Aurora.Subnets 1", subnet_ids=["subnet-b", "subnet-a", "subnet-b"])
    assert wanted.name == "myapp_aurora.subnets 1"
    assert wanted.subnet_ids == ["subnet-a", "subnet-b"]


@pytest.mark.parametrize(
    ("overrides", "option", "words"),
    [
        ({"name": "default"}, "name", "reserved"),
        ({"name": "bad/name"}, "name", "letters, digits"),
        ({"description": " "}, "description", "blank"),
        ({"subnet_ids": ["subnet-a", "subnet-a"]}, "subnet_ids", "at least 2 Availability Zones; 1 subnet"),
        ({"subnet_ids": []}, "subnet_ids", "at least 2 Availability Zones; 0 subnet"),
        ({"tags": {"aws:owner": "me"}}, "tags", "reserved"),
    ],
)
def test_desired_refuses_bad_options(overrides, option, words):
    with pytest.raises(ValidationError, match=words) as err:
        desired(**overrides)
    assert err.value.option == option


def test_a_single_subnet_is_fine_when_deleting():
    assert desired(subnet_ids=["subnet-a"], state="absent").state == "absent"


def _described(zones, vpcs=None):
    return [
        dict(SubnetId=subnet, AvailabilityZone=zone, VpcId=(vpcs or {}).get(subnet, "vpc-1"))
        for subnet, zone in zones.items()
    ]


def test_subnet_facts_need_two_zones_one_vpc_and_every_subnet():
    facts = subnet_group.subnet_facts(
        GUIDE_SUBNETS, _described(dict(zip(GUIDE_SUBNETS, ["us-east-1b", "us-east-1a", "us-east-1b"], strict=True)))
    )
    assert facts == dict(vpc_id="vpc-1", availability_zones=["us-east-1a", "us-east-1b"])
    with pytest.raises(ValidationError, match=r"cover 1 Availability Zone \(us-east-1a\); Aurora needs at least 2"):
        subnet_group.subnet_facts(GUIDE_SUBNETS, _described(dict.fromkeys(GUIDE_SUBNETS, "us-east-1a")))
    with pytest.raises(ValidationError, match=r"several VPCs \(vpc-1, vpc-2\)"):
        subnet_group.subnet_facts(
            GUIDE_SUBNETS,
            _described(
                dict(zip(GUIDE_SUBNETS, ["us-east-1a", "us-east-1b", "us-east-1c"], strict=True)),
                {"subnet-ghi789": "vpc-2"},
            ),
        )
    with pytest.raises(ValidationError, match="no such subnet: subnet-ghi789"):
        subnet_group.subnet_facts(GUIDE_SUBNETS, _described({"subnet-abc123": "a", "subnet-def456": "b"}))


def test_subnet_facts_are_needed_only_for_new_subnets():
    live = current()
    assert subnet_group.needs_subnet_facts(None, desired())
    assert not subnet_group.needs_subnet_facts(live, desired(subnet_ids=list(reversed(GUIDE_SUBNETS))))
    assert subnet_group.needs_subnet_facts(live, desired(subnet_ids=GUIDE_SUBNETS[:2]))
    assert not subnet_group.needs_subnet_facts(live, desired(subnet_ids=None))
    assert not subnet_group.needs_subnet_facts(None, desired(state="absent"))


def test_create_then_nothing_to_do_whatever_the_subnet_order():
    wanted = desired(tags={"env": "prod"})
    plan = subnet_group.plan(None, wanted)
    assert plan.action == "create"
    assert plan.changes == dict(description="Subnets for Aurora MySQL cluster", subnet_ids=GUIDE_SUBNETS)
    assert plan.tags.to_set == {"env": "prod"}
    assert plan.request == dict(
        DBSubnetGroupName="myapp-aurora-subnets",
        DBSubnetGroupDescription="Subnets for Aurora MySQL cluster",
        SubnetIds=GUIDE_SUBNETS,
        Tags=[{"Key": "env", "Value": "prod"}],
    )
    live = current(tags={"env": "prod"})
    assert not subnet_group.plan(live, desired(subnet_ids=list(reversed(GUIDE_SUBNETS)), tags={"env": "prod"}))


@pytest.mark.parametrize("missing", ["description", "subnet_ids"])
def test_create_needs_description_and_subnets(missing):
    with pytest.raises(ValidationError, match="is required to create") as err:
        subnet_group.plan(None, desired(**{missing: None}))
    assert err.value.option == missing


def test_modify_only_what_differs():
    live = current()
    assert not subnet_group.plan(live, desired(description=None, subnet_ids=None))
    described = subnet_group.plan(live, desired(description="New words"))
    assert (described.action, described.changes) == ("modify", {"description": "New words"})
    # ModifyDBSubnetGroup always takes the whole subnet list.
    assert described.request == dict(
        DBSubnetGroupName="myapp-aurora-subnets", DBSubnetGroupDescription="New words", SubnetIds=GUIDE_SUBNETS
    )
    moved = subnet_group.plan(live, desired(subnet_ids=GUIDE_SUBNETS[:2]))
    assert moved.changes == {"subnet_ids": GUIDE_SUBNETS[:2]}
    tagged = subnet_group.plan(live, desired(tags={"env": "prod"}))
    assert tagged.action == "" and tagged.changed and tagged.request == {}


def test_after_predicts_the_group_from_the_plan_and_facts():
    facts = dict(vpc_id="vpc-1", availability_zones=["us-east-1a", "us-east-1b"])
    wanted = desired(subnet_ids=GUIDE_SUBNETS[:2], tags={"env": "prod"})
    created = subnet_group.predict(None, wanted, subnet_group.plan(None, wanted), facts)
    assert created == dict(
        name="myapp-aurora-subnets",
        description="Subnets for Aurora MySQL cluster",
        vpc_id="vpc-1",
        subnet_ids=GUIDE_SUBNETS[:2],
        availability_zones=["us-east-1a", "us-east-1b"],
        arn=None,
        status=None,
        tags={"env": "prod"},
    )
    live = current(tags={"old": "x"})
    modified = subnet_group.predict(live, wanted, subnet_group.plan(live, wanted), facts)
    assert modified == dict(
        live, subnet_ids=GUIDE_SUBNETS[:2], availability_zones=facts["availability_zones"], tags={"env": "prod"}
    )
    gone = desired(state="absent")
    assert subnet_group.predict(live, gone, subnet_group.plan(live, gone, []), None) is None


def test_absent_deletes_only_what_exists():
    deleted = subnet_group.plan(current(), desired(state="absent"), [])
    assert deleted.action == "delete" and deleted.request == {"DBSubnetGroupName": "myapp-aurora-subnets"}
    assert not subnet_group.plan(None, desired(state="absent"))


USERS = [
    group_user("cluster", "myapp-aurora-cluster"),
    group_user("cluster", "other-postgres"),
    group_user("instance", "other-mysql"),
]


def test_a_group_in_use_is_not_deleted_and_the_error_names_every_user():
    with pytest.raises(ValidationError) as err:
        subnet_group.plan(current(), desired(state="absent"), USERS)
    assert err.value.option == "state"
    assert err.value.message == (
        "state: subnet group 'myapp-aurora-subnets' is in use by cluster myapp-aurora-cluster, cluster "
        "other-postgres, instance other-mysql; delete them or move them to another group first"
    )


def test_users_an_earlier_task_deletes_do_not_keep_the_group_in_use_but_others_do():
    gone = ("myapp-aurora-cluster",)
    with pytest.raises(ValidationError) as err:
        subnet_group.plan(current(), desired(state="absent"), USERS, assume_deleted=gone)
    assert "in use by cluster other-postgres, instance other-mysql;" in err.value.message
    assert subnet_group.plan(current(), desired(state="absent"), USERS[:1], assume_deleted=gone).action == "delete"
